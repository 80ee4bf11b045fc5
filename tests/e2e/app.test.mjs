// The calculator as a township leader uses it (issue 3, item 10).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, rowText, openApp } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function fresh() {
  page = await openApp(browser, server.url);
  return page;
}

test('the demo opens with 金禾镇 8th, 79.33, 二等奖', async () => {
  const p = await fresh();
  assert.match(await rowText(p, '金禾镇'), /^8 金禾镇 第三考核单元（农业特色镇） 1 41\.24 23\.35 8\.04 3\.80 4\.40 0\.50 2\.00 79\.33 二等奖/);
  await p.close();
});

test('no accidents and no notices move 金禾镇 to 7th, 0.01 ahead of 城南街道', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 安全生产 一般生产安全事故（起）').fill('0');
  await p.getByLabel('金禾镇 安全生产 市级安全生产通报（次）').fill('0');
  // S1: 4 − (1 × 1 + 2 × 0.5) = 2 → 4: +2.00; 79.33 + 2 = 81.33 > 城南街道 81.32.
  assert.match(await p.locator('.summary').innerText(), /总分 81\.33\s+排名 7\s+奖项 二等奖\s*\+2\.00 ▲1/);
  await p.getByRole('button', { name: '← 返回排名' }).click();
  assert.match(await rowText(p, '金禾镇'), /^7 ▲1 金禾镇 .* 81\.33 \+2\.00 二等奖/);
  assert.match(await rowText(p, '城南街道'), /^8 ▼1 城南街道 .* 81\.32 二等奖/);
  await p.close();
});

test('an invalid entry shows its message and changes no score; reset restores the baseline', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: '金禾镇' }).click();
  const cell = p.getByLabel('金禾镇 固定资产投资 实际完成');
  await cell.fill('1万');
  await assert.doesNotReject(p.getByRole('alert').filter({ hasText: '“1万”不是数字' }).waitFor());
  assert.equal(await cell.getAttribute('aria-invalid'), 'true');
  assert.match(await p.locator('.summary').innerText(), /总分 79\.33/);
  // A valid edit: 25,000 meets the target: E5 2.41 → 6.00, total 82.92.
  await cell.fill('25,000');
  assert.match(await p.locator('.summary').innerText(), /总分 82\.92/);
  await p.getByRole('button', { name: '全部恢复' }).click();
  assert.match(await p.locator('.summary').innerText(), /总分 79\.33/);
  assert.equal(await cell.inputValue(), '10040');
  await p.close();
});

test('the English switch changes the interface text', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('heading', { name: 'Ranking' }).waitFor();
  assert.match(await p.locator('table.ranking thead').innerText(), /Rank[\s\S]*Unit[\s\S]*Total[\s\S]*Award/);
  await p.getByRole('button', { name: '金禾镇' }).click();
  assert.match(await p.locator('td.explain').first().innerText(), /^completion = 4916 \/ 4900/);
  await p.getByRole('button', { name: '中文' }).click();
  await p.getByRole('heading', { name: '金禾镇' }).waitFor();
  await p.close();
});

test('the input grid: every input named "<unit> <indicator> <field>", moved through with the keyboard', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: '数据录入' }).click();
  // 12 units × 36 fields: E1 E2 E5 E6 E9 completion 5 × 2 = 10, E7 growth 2, E3 E4 E8 E10 4, K1–K5 and P1 6,
  // P2 1, S1 2, S2 S3 2, V1 4 (incl. 不了解), X1 3, X2 2 → 36.
  assert.equal(await p.locator('table.grid tbody input').count(), 12 * 36);
  const label = () => p.evaluate(() => document.activeElement.getAttribute('aria-label'));
  await p.getByLabel('金禾镇 固定资产投资 实际完成').click();
  await p.keyboard.press('ArrowDown');
  assert.equal(await label(), '常乐镇 固定资产投资 实际完成');
  await p.keyboard.press('Enter');
  assert.equal(await label(), '柳河镇 固定资产投资 实际完成');
  await p.keyboard.press('Shift+Enter');
  await p.keyboard.press('ArrowUp');
  await p.keyboard.press('ArrowRight');
  assert.equal(await label(), '金禾镇 固定资产投资 目标任务');
  // Typing replaces the selected content and re-scores: target 10040 → E5 6 × 1 = 6 (+3.59).
  await p.keyboard.type('10040');
  await p.getByRole('button', { name: '综合排名' }).click();
  assert.match(await rowText(p, '金禾镇'), / 82\.92 \+3\.59 /);
  await p.close();
});

test('突出单位 gained and lost are shown, with their names on focus', async () => {
  const p = await fresh();
  // R1 区域新动能: top 3 by K1 with ≥ 4.5: 城东 95, 先锋 93, 金禾 92. 城西街道 90 → 100 takes a place:
  // 城西 100, 城东 95, 先锋 93 → 金禾镇 loses R1, 城西街道 gains it.
  await p.getByRole('button', { name: '城西街道' }).click();
  await p.getByLabel('城西街道 区域新动能 得分').fill('100');
  await p.getByRole('button', { name: '← 返回排名' }).click();
  const lost = p.locator('tr', { hasText: '金禾镇' }).getByLabel('区域新动能 突出单位（失去）');
  const gained = p.locator('tr', { hasText: '城西街道' }).getByLabel('区域新动能 突出单位（新获得）');
  assert.equal(await lost.innerText(), '☆');
  assert.equal(await gained.innerText(), '★');
  await gained.focus();
  assert.equal(await gained.evaluate((e) => getComputedStyle(e, '::after').content), '"区域新动能 突出单位（新获得）"');
  await p.close();
});

test('relative methods: units moved without their own edits are pointed out; award and ★ columns sort', async () => {
  const p = await fresh();
  // 城东街道 E3 9.8 → 50: first place (rank_points) moves 金禾镇 and 先锋镇 down 0.30 each.
  await p.getByRole('button', { name: '城东街道' }).click();
  await p.getByLabel('城东街道 规模以上工业增加值增速 数值').fill('50');
  await p.getByRole('button', { name: '← 返回排名' }).click();
  assert.match(await p.getByRole('status').innerText(), /另有 \d+ 个单位未改数据/);
  assert.match(await rowText(p, '金禾镇'), / 79\.03 −0\.30 /);
  await p.getByRole('button', { name: '突出单位' }).click();
  // Most 突出单位 first: 金禾镇 has all five.
  assert.match(await p.locator('table.ranking tbody tr').first().innerText(), /金禾镇/);
  await p.close();
});

test('the app loads nothing from any other host', async () => {
  const foreign = [];
  const p = await openApp(browser, server.url, { before: (page) => page.on('request', (r) => { if (!r.url().startsWith(server.url)) foreign.push(r.url()); }) });
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByRole('button', { name: '数据录入' }).click();
  // The scheme editor module, loaded on first use, comes from the same host too.
  await p.getByRole('button', { name: '考核方案' }).click();
  await p.locator('.scheme-editor').waitFor();
  assert.deepEqual(foreign, []);
  await p.close();
});

test('what if a unit is vetoed: it keeps its rank, is marked, and its award passes on', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: '城东街道' }).click();
  await p.getByRole('checkbox', { name: '一票否决' }).check();
  await p.getByRole('button', { name: '← 返回排名' }).click();
  // 城东街道 stays 1st but wins nothing; eligible ranking 先锋镇, 城西街道, 富源镇 → 富源镇 gains 一等奖.
  assert.match(await rowText(p, "城东街道"), /^1 城东街道 ?一票否决 .* 90\.19 — （原：一等奖） ☆☆☆☆$/);
  assert.match(await rowText(p, '富源镇'), / 一等奖 （原：二等奖）/);
  await p.getByRole('button', { name: '全部恢复' }).click();
  assert.match(await rowText(p, '城东街道'), / 90\.19 一等奖 /);
  await p.close();
});

test('pasting a block copied from Excel fills the rectangle; a bad block changes nothing and names the cell', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: '数据录入' }).click();
  const paste = (label, text) => p.getByLabel(label).evaluate((el, text) => {
    el.focus();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
  // Two rows × two columns from 金禾镇 固定资产投资 实际完成: 金禾镇 actual/target, then 常乐镇's.
  await paste('金禾镇 固定资产投资 实际完成', '25,000\t25,000\r\n41661\t40000\r\n');
  assert.equal(await p.getByLabel('金禾镇 固定资产投资 实际完成').inputValue(), '25000');
  assert.equal(await p.getByLabel('常乐镇 固定资产投资 目标任务').inputValue(), '40000');
  // A block with text in it: refused whole, naming the cell; nothing changed.
  await paste('金禾镇 固定资产投资 实际完成', '1\t2\n三\t4\n');
  await p.getByRole('alert').filter({ hasText: '粘贴未执行：常乐镇 固定资产投资 实际完成：“三”不是数字' }).waitFor();
  // The message is kept as what went wrong, not as a sentence: English says it again in English.
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('alert').filter({ hasText: 'Paste refused: 常乐镇 固定资产投资 实际完成：“三” is not a number' }).waitFor();
  await p.getByRole('button', { name: '中文' }).click();
  await p.getByRole('alert').filter({ hasText: '粘贴未执行：常乐镇 固定资产投资 实际完成：“三”不是数字' }).waitFor();
  assert.equal(await p.getByLabel('金禾镇 固定资产投资 实际完成').inputValue(), '25000');
  await p.getByRole('button', { name: '综合排名' }).click();
  // E5 6 × 25000/25000 = 6 (+3.59): 82.92.
  assert.match(await rowText(p, '金禾镇'), / 82\.92 \+3\.59 /);
  // The paste was one step: one 撤销 takes the whole block back (the refused one was none).
  await p.getByRole('button', { name: '撤销' }).click();
  assert.match(await rowText(p, '金禾镇'), / 79\.33 二等奖/);
  await p.getByRole('button', { name: '数据录入' }).click();
  assert.equal(await p.getByLabel('金禾镇 固定资产投资 实际完成').inputValue(), '10040');
  assert.equal(await p.getByRole('button', { name: '撤销' }).isDisabled(), true);
  // Ctrl+Y brings it back.
  await p.keyboard.press('Control+y');
  assert.equal(await p.getByLabel('金禾镇 固定资产投资 实际完成').inputValue(), '25000');
  await p.close();
});
