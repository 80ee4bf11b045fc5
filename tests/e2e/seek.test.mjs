// 目标测算 in the unit view (issue 10): pick a target, read the answers, 采用 one, undo it; the app and
// the CLI agree on the demo for every unit and award tier; a host page asks by message.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve, launch, rowText, openApp } from './harness.mjs';

const KAOHE = fileURLToPath(new URL('../../target/debug/kaohe', import.meta.url));
let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Opens the 目标测算 panel (it loads with its module on first use). */
async function openSeek(p, label = '打开目标测算') {
  const open = p.getByRole('button', { name: label });
  if (await open.isVisible()) await open.click();
  await p.locator('.seek select').waitFor();
}

/** The single-field answers the app shows for a unit and target: the 调整 column's texts. */
async function answers(p, unitName, target) {
  await openSeek(p);
  await p.getByLabel('选择单位').selectOption({ label: unitName });
  await p.getByLabel('测算目标').selectOption(target);
  await p.getByRole('button', { name: '测算', exact: true }).click();
  await p.locator('.seek-answer').waitFor();
  return (await p.locator('.seek-single tbody tr td:first-child').allInnerTexts()).map((t) => t.trim());
}

test('柳河镇 → 二等奖: the rows, 采用 one, the ranking shows 8th 二等奖, Ctrl+Z takes it back', async () => {
  const p = await openApp(browser, server.url);
  await p.getByRole('button', { name: '柳河镇' }).click();
  const rows = await answers(p, '柳河镇', 'award:二等奖');
  // Worked by hand in the issue: E7 2346 → 2530 (10 % growth, top band), E2 43680 → 53471.88
  // (10 × 1.1574 / 1.2 = 9.645 → 9.65, 79.34), E4 1 → 2, E3 4.6 → 12.6, X1 市级 1 → 10, 国家级 0 → 2, 省级 0 → 4.
  assert.deepEqual(rows, [
    '限额以上零售额增速 · 实际完成：2346 → 2530（+7.8%）',
    '规模以上工业总产值完成情况 · 实际完成：43680 → 53471.88（+22.4%）',
    '净增规上工业企业个数 · 个数：1 → 2（+100%）',
    '规模以上工业增加值增速 · 数值：4.6 → 12.6（+173.9%）',
    '创新争先加分 · 市级表彰（项）：1 → 10（+900%）',
    '创新争先加分 · 国家级表彰（项）：0 → 2',
    '创新争先加分 · 省级表彰（项）：0 → 4',
  ]);
  assert.match(await p.locator('.seek-single tbody tr', { hasText: '53471.88' }).innerText(), /79\.34\s+8\s+二等奖/);
  await p.getByRole('button', { name: '采用 规模以上工业总产值完成情况 · 实际完成：43680 → 53471.88（+22.4%）' }).click();
  assert.equal(await p.getByLabel('柳河镇 规模以上工业总产值完成情况 实际完成').inputValue(), '53471.88');
  assert.match(await p.locator('.summary').innerText(), /总分 79\.34\s+排名 8\s+奖项 二等奖/);
  // The answer was for the data before 采用.
  await p.getByText('数据已变化，上次的测算已过时').waitFor();
  await p.getByRole('button', { name: '← 返回排名' }).click();
  assert.match(await rowText(p, '柳河镇'), /^8 ▲1 柳河镇 .* 79\.34 \+1\.77 二等奖/);
  await p.keyboard.press('Control+z');
  assert.match(await rowText(p, '柳河镇'), /^9 柳河镇 .* 77\.57 三等奖/);
  await p.close();
});

test('the app and the CLI agree on the demo for every unit and every better award tier', async () => {
  const p = await openApp(browser, server.url);
  await p.getByRole('button', { name: '城东街道' }).click();
  const units = JSON.parse(execFileSync(KAOHE, ['score', '--format', 'json'], { encoding: 'utf8' })).units;
  const tiers = ['一等奖', '二等奖', '三等奖'];
  let compared = 0;
  for (const u of units) {
    for (const tier of tiers.slice(0, tiers.indexOf(u.award))) {
      const cli = JSON.parse(execFileSync(KAOHE, ['seek', '--unit', u.id, '--target', `award:${tier}`, '--format', 'json'], { encoding: 'utf8' }));
      const report = execFileSync(KAOHE, ['seek', '--unit', u.id, '--target', `award:${tier}`], { encoding: 'utf8' });
      const expected = report.split('\n').filter((l) => l.startsWith('  ') && l.includes('  →  ')).map((l) => l.trim().split('  →  ')[0]);
      assert.equal(expected.length, cli.single.length);
      const app = cli.single.length ? await answers(p, u.name, `award:${tier}`) : (await answers(p, u.name, `award:${tier}`), []);
      assert.deepEqual(app, expected, `${u.name} → ${tier}`);
      compared += 1;
    }
  }
  // 9 units hold 二等奖 or 三等奖: 5 二等奖 × 1 better tier + 4 三等奖 × 2 = 13 questions.
  assert.equal(compared, 13);
  await p.close();
});

test('English: the same panel in English', async () => {
  const p = await openApp(browser, server.url);
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('button', { name: '柳河镇' }).click();
  // Before the panel loads: what it is for, and nothing of its weight on the first page load.
  assert.match(await p.locator('section.seek').innerText(), /Goal seek[\s\S]*Open goal seek/);
  await openSeek(p, 'Open goal seek');
  await p.getByLabel('Target', { exact: true }).selectOption('award:二等奖');
  await p.getByRole('button', { name: 'Find' }).click();
  assert.match(await p.locator('.seek-single caption').innerText(), /One input alone reaches it/);
  assert.match(await p.locator('.seek-single').innerText(), /规模以上工业总产值完成情况 · actual: 43680 → 53471\.88 \(\+22\.4%\)/);
  await p.close();
});

test('a host page asks kaohe:seek and gets kaohe:seek-result', async () => {
  const p = await browser.newPage();
  await p.goto(`${server.url}examples/intranet.html`);
  await p.locator('#status', { hasText: '已收到计分结果' }).waitFor();
  const reply = await p.evaluate(() => new Promise((ok) => {
    window.addEventListener('message', (e) => { if (e.data?.type === 'kaohe:seek-result' || e.data?.type === 'kaohe:error') ok(e.data); });
    document.getElementById('kaohe').contentWindow.postMessage({ type: 'kaohe:seek', unit: 'U10', target: 'award:二等奖' }, '*');
  }));
  assert.equal(reply.type, 'kaohe:seek-result');
  assert.equal(reply.now.rank, 9);
  assert.ok(reply.single.some((x) => x.indicator === 'E2' && x.to === 53471.88));
  const err = await p.evaluate(() => new Promise((ok) => {
    window.addEventListener('message', (e) => { if (e.data?.type === 'kaohe:error') ok(e.data); });
    document.getElementById('kaohe').contentWindow.postMessage({ type: 'kaohe:seek', unit: 'U08', target: 'award:特等奖' }, '*');
  }));
  assert.match(err.message, /特等奖/);
  await p.close();
});
