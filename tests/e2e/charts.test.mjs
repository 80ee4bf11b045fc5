// 图表 (issue 11) in the built app: the ranking's stacked bars, the what-if's baseline markers and
// slope chart, the unit view's waterfall and comparison, the heat map opening a unit, print, the
// SVG download, keyboard tips and English.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, rowText, openApp } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const NAMES = ['城东街道', '城西街道', '城南街道', '先锋镇', '富源镇', '青石镇', '汇川镇', '金禾镇', '常乐镇', '柳河镇', '白沙镇', '龙泉镇'];
const click = (p, name) => p.getByRole('button', { name, exact: true }).click();

test('得分构成: one bar per unit in the ranking order, labelled, ending at its total; the group filter applies', async () => {
  const p = await openApp(browser, server.url);
  const chart = p.locator('.chart-rank svg');
  await chart.waitFor();
  assert.equal(await chart.getAttribute('role'), 'img');
  assert.equal(await p.locator('.chart-rank g.bar').count(), 12);
  const text = await chart.textContent();
  for (const n of NAMES) assert.ok(text.includes(n), n);
  // Rank order, totals at the bars' ends (expected results: 90.19 … 64.89).
  const labels = await p.locator('.chart-rank g.bar > text[text-anchor=end]').allTextContents();
  assert.deepEqual(labels.slice(0, 3), ['1 城东街道', '2 先锋镇', '3 城西街道']);
  assert.ok(text.includes('90.19') && text.includes('64.89'));
  // The award boundaries: 一等奖 | 二等奖 | 三等奖, two dashed lines between the tiers.
  assert.equal(await p.locator('.chart-rank line.tier').count(), 2);
  // The 考核单元 filter: the chart shows that group's 5 units only.
  await p.getByLabel('按考核单元筛选').selectOption({ label: '第三考核单元（农业特色镇）' });
  await p.waitForFunction(() => document.querySelectorAll('.chart-rank g.bar').length === 5);
  // Sorted by name, the bars follow the table.
  await p.getByLabel('按考核单元筛选').selectOption('');
  await click(p, '总分');
  await p.waitForFunction(() => document.querySelectorAll('.chart-rank g.bar').length === 12);
  await p.close();
});

test('a what-if: baseline markers on the bars that moved, and the slope chart of ranks', async () => {
  const p = await openApp(browser, server.url);
  await p.locator('.chart-rank svg').waitFor();
  assert.equal(await p.locator('.chart-slope').count(), 0, 'no slope chart without a what-if');
  await p.getByRole('button', { name: '金禾镇', exact: true }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await click(p, '综合排名');
  // 79.33 → 82.92 passes 青石镇 (81.59) and 城南街道 (81.32): 8th → 6th.
  assert.match(await rowText(p, '金禾镇'), /^6 ▲2 金禾镇 .* 82\.92 \+3\.59/);
  await p.locator('.chart-slope svg').waitFor();
  assert.equal(await p.locator('.chart-rank line.baseline').count(), 1, 'only 金禾镇 moved its total');
  assert.equal(await p.locator('.chart-slope g.slope').count(), 12);
  // 金禾镇 up (8 → 6); 青石镇 and 城南街道 down one each: three coloured lines.
  assert.equal(await p.locator('.chart-slope g.slope.moved').count(), 3);
  const up = await p.locator('.chart-slope g.slope.moved', { hasText: '金禾镇' }).getAttribute('aria-label');
  assert.equal(up, '金禾镇：第 8 名 → 第 6 名');
  await p.close();
});

test('得分变化: the own step of 金禾镇; the pool steps of 柳河镇 外贸进出口额 → 40000; tips on focus', async () => {
  const p = await openApp(browser, server.url);
  await p.getByRole('button', { name: '金禾镇', exact: true }).click();
  await p.locator('.chart-wf .chart-none, .chart-wf svg').first().waitFor();
  assert.match(await p.locator('.chart-wf').innerText(), /与测算前相同/);
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.locator('.chart-wf g.step').waitFor();
  const steps = p.locator('.chart-wf g.step');
  assert.equal(await steps.count(), 1);
  assert.equal(await steps.first().getAttribute('aria-label'), '金禾镇 · 固定资产投资：+3.59，2.41 → 6.00（本单位数据变化）');
  const wf = await p.locator('.chart-wf svg').textContent();
  assert.ok(wf.includes('79.33') && wf.includes('82.92'));
  // Keyboard: focus the step, its tip shows.
  await steps.first().focus();
  assert.match(await p.locator('.chart-tip').innerText(), /固定资产投资：\+3\.59/);
  // 数据表 opens the numbers behind it.
  await p.locator('.chart-wf').getByRole('button', { name: '数据表' }).click();
  assert.match(await p.locator('.chart-wf table.chart-table').innerText(), /固定资产投资\s+本单位数据变化\s+2\.41\s+6\.00\s+\+3\.59/);
  // 本单位与比较: the five base categories, as rates.
  assert.equal(await p.locator('.chart-cmp svg g[tabindex]').count(), 15);
  await p.keyboard.press('Control+z');

  // 柳河镇's export value raises the efficacy pool's maximum: 先锋镇 gets a pool step 3.00 → 2.76.
  await p.getByLabel('选择单位').selectOption({ label: '柳河镇' });
  await p.getByLabel('柳河镇 外贸进出口额 数值').fill('40000');
  await p.locator('.chart-wf g.step').first().waitFor();
  assert.equal(await p.locator('.chart-wf g.step').first().getAttribute('aria-label'), '柳河镇 · 外贸进出口额：+1.15，1.85 → 3.00（本单位数据变化）');
  await p.getByLabel('选择单位').selectOption({ label: '先锋镇' });
  await p.waitForFunction(() => document.querySelector('.chart-wf g.step')?.getAttribute('aria-label')?.startsWith('先锋镇'));
  assert.equal(await p.locator('.chart-wf g.step').first().getAttribute('aria-label'), '先锋镇 · 外贸进出口额：−0.24，3.00 → 2.76（其他单位变化的影响）');
  await p.close();
});

test('指标热力图: opened, a cell opens that unit at that indicator', async () => {
  const p = await openApp(browser, server.url);
  await p.locator('.chart-heat').waitFor();
  await p.getByRole('button', { name: '展开热力图' }).click();
  await p.locator('table.heat').waitFor();
  assert.equal(await p.locator('table.heat tbody tr[aria-rowindex]').count(), 12);
  assert.equal(await p.locator('table.heat tbody tr[aria-rowindex]').first().locator('td').count(), 23);
  // 金禾镇 (8th) × 固定资产投资 (E5, the 5th indicator): 2.41 / 6 = 40.2%.
  const cell = p.locator('table.heat td[data-u="7"][data-i="4"]');
  assert.match(await cell.getAttribute('data-tip'), /^金禾镇 · 固定资产投资：2\.41 \/ 6\.00，得分率 40\.2%/);
  await cell.click();
  await p.locator('#unit-title', { hasText: '金禾镇' }).waitFor();
  await p.waitForFunction(() => document.activeElement?.closest('tr')?.id === 'ind-4');
  assert.equal(await p.evaluate(() => document.activeElement.getAttribute('aria-label')), '金禾镇 固定资产投资 实际完成');
  await p.close();
});

test('print: 得分构成 above the ranking table, the buttons and the heat map left out', async () => {
  const p = await openApp(browser, server.url);
  await p.locator('.chart-rank svg').waitFor();
  await p.emulateMedia({ media: 'print' });
  assert.ok(await p.locator('.chart-rank svg').isVisible());
  assert.ok(!(await p.locator('.chart-rank .chart-save').isVisible()));
  assert.ok(!(await p.locator('.chart-heat').isVisible()));
  const chartBottom = (await p.locator('.chart-rank svg').boundingBox()).y;
  const tableTop = (await p.locator('table.ranking').boundingBox()).y;
  assert.ok(chartBottom < tableTop, 'the chart comes before the table');
  await p.close();
});

test('下载 SVG: a standalone, well-formed SVG with the unit names and the fonts named', async () => {
  const p = await openApp(browser, server.url);
  await p.locator('.chart-rank svg').waitFor();
  const [dl] = await Promise.all([p.waitForEvent('download'), p.locator('.chart-rank').getByRole('button', { name: '下载 SVG' }).click()]);
  assert.match(dl.suggestedFilename(), /^得分构成-.*\.svg$/);
  const text = await readFile(await dl.path(), 'utf8');
  assert.match(text, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(text, /font-family="'PingFang SC','Microsoft YaHei'/);
  const parsed = await p.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    return { error: doc.querySelector('parsererror')?.textContent ?? null, root: doc.documentElement.nodeName, text: doc.documentElement.textContent };
  }, text);
  assert.equal(parsed.error, null);
  assert.equal(parsed.root, 'svg');
  for (const n of NAMES) assert.ok(parsed.text.includes(n), n);
  await p.close();
});

test('English: the charts speak it, and Chinese again', async () => {
  const p = await openApp(browser, server.url);
  await p.locator('.chart-rank svg').waitFor();
  await click(p, 'English');
  await p.locator('.chart-rank h3', { hasText: 'Score composition' }).waitFor();
  assert.ok((await p.locator('.chart-rank svg').textContent()).includes('Bonus'));
  await click(p, '中文');
  await p.locator('.chart-rank h3', { hasText: '得分构成' }).waitFor();
  await p.close();
});

test('a 500-unit ranking draws only the bars in view, and every bar when printed', async () => {
  const p = await openApp(browser, server.url, { path: '?synthetic=500x20' });
  await p.locator('.chart-rank svg').waitFor();
  const drawn = await p.locator('.chart-rank g.bar').count();
  assert.ok(drawn > 10 && drawn < 80, `${drawn} bars drawn`);
  await p.emulateMedia({ media: 'print' });
  await p.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await p.waitForFunction(() => document.querySelectorAll('.chart-rank g.bar').length === 500);
  await p.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await p.waitForFunction(() => document.querySelectorAll('.chart-rank g.bar').length < 80);
  await p.close();
});

test('a document over 30,000 cells draws its charts when asked (显示图表)', async () => {
  const p = await openApp(browser, server.url, { path: '?synthetic=600x60' });
  const ask = p.getByRole('button', { name: '显示图表' });
  await ask.waitFor();
  await p.waitForTimeout(1500);
  assert.equal(await p.locator('.charts').count(), 0, 'nothing drawn before it is asked for');
  // Nor is the document handed to the chart module before then (at 2,000 × 100 writing it out and
  // reading it again held the page for a second and a half): the module holds no baseline.
  const baseSent = () => p.evaluate(async () => {
    const name = document.querySelector('meta[name=kaohe-editor]')?.content ?? './kaohe-editor.js';
    const m = await import(new URL(name, document.baseURI).href);
    await m.default();
    return m.hasChartBase(1);
  });
  assert.equal(await baseSent(), false, 'no baseline sent before 显示图表');
  await ask.click();
  await p.locator('.chart-rank svg').waitFor({ timeout: 60000 });
  assert.equal(await baseSent(), true, 'the baseline sent once asked');
  assert.equal(await p.getByRole('button', { name: '显示图表' }).count(), 0);
  const drawn = await p.locator('.chart-rank g.bar').count();
  assert.ok(drawn > 10 && drawn < 80, `${drawn} bars drawn of 600`);
  await p.close();
});
