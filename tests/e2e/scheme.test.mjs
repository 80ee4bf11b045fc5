// The scheme editor as a county assessment office uses it (issue 6): a scheme built entirely in
// the forms — two groups, five units, seven indicators of seven methods, award quotas and one
// 突出单位 rule — data entered in the grid, scores checked against hand arithmetic, the exported
// document scored by the `kaohe` CLI, and an invalid parameter shown while the results stay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, launch, rowText, openApp } from './harness.mjs';

const KAOHE = process.env.KAOHE_BIN ?? fileURLToPath(new URL('../../target/debug/kaohe', import.meta.url));

let server, browser, dir;
before(async () => {
  server = await serve();
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'kaohe-scheme-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Types into a form field and commits it (forms apply a field when it loses focus). */
async function set(p, label, value) {
  const field = p.getByLabel(label, { exact: true });
  await field.fill(String(value));
  await field.press('Tab');
}
const choose = (p, label, value) => p.getByLabel(label, { exact: true }).selectOption(value);
const click = (p, name) => p.getByRole('button', { name, exact: true }).click();

/** Adds an indicator (it opens in the form), with its full score, method and name. */
async function indicator(p, { full, method, metric, name }) {
  const before = await p.locator('.indicator-form h3').textContent().catch(() => '');
  await click(p, '添加指标');
  await p.locator('.indicator-form h3').filter({ hasNotText: before || '\u0000' }).waitFor();
  const title = await p.locator('.indicator-form h3').textContent();
  const current = title.replace(/^\S+ /, '').replace(/收起$/, '');
  await set(p, `指标 ${current} 分值`, full);
  await choose(p, `指标 ${current} 计分方法`, method);
  if (metric) await choose(p, `指标 ${current} 数据类型`, metric);
  await set(p, `指标 ${current} 名称`, name);
}

test('a scheme built entirely in the forms scores as by hand, and the CLI agrees', async () => {
  const p = await openApp(browser, server.url, { height: 1000 });
  await click(p, '考核方案');
  await click(p, '新建空白方案');
  await set(p, '方案名称', '测试县2024年度考核');

  // Two groups, five units: 甲镇 and 乙镇 in the first, 丙镇, 丁镇 and 戊镇 in the second.
  await click(p, '添加考核单元');
  for (let i = 0; i < 4; i++) await click(p, '添加单位');
  const names = ['甲镇', '乙镇', '丙镇', '丁镇', '戊镇'];
  for (const [i, n] of names.entries()) await set(p, `单位 U${i + 1} 名称`, n);
  await choose(p, '单位 U2 考核单元', { label: '第一考核单元' });

  // Seven indicators of seven methods, 100 points in all.
  await click(p, '指标一');
  await set(p, '指标 指标一 分值', 20);
  await set(p, '指标 指标一 名称', '党建工作'); // direct_scaled, scale 100
  await indicator(p, { full: 20, method: 'completion_linear', name: '财政收入' });
  await indicator(p, { full: 20, method: 'rank_points', metric: 'value', name: '工业增速' });
  await set(p, '指标 工业增速 每降一名减分', 2);
  await indicator(p, { full: 10, method: 'interval', metric: 'value', name: '整改率' });
  // Bands as they start from a full score of 10: ≥ 90 → 10, ≥ 60 → 6.
  assert.equal(await p.getByLabel('指标 整改率 第 1 档界值', { exact: true }).inputValue(), '90');
  assert.equal(await p.getByLabel('指标 整改率 第 2 档得分', { exact: true }).inputValue(), '6');
  await indicator(p, { full: 10, method: 'per_count', name: '新增企业' });
  await set(p, '指标 新增企业 每个得分', 2);
  // The method line explains with the parameters entered: 3 × 2 = 6.
  assert.match(await p.locator('.method-line').innerText(), /每个 2 分，最多 10 分。例：3 个 → 3 × 2 = 6\.00/);
  await indicator(p, { full: 10, method: 'deduction', name: '安全生产' });
  await set(p, '指标 安全生产 f1 显示名称', '事故（起）');
  await set(p, '指标 安全生产 f1 每次分值', 2);
  await indicator(p, { full: 10, method: 'binary', name: '重点任务' });
  assert.equal(await p.locator('.scheme-editor [role=alert]').count(), 0);

  // Quotas: 一等奖 1, 二等奖 2, 三等奖 the rest; one 突出单位 rule on 党建工作, the first only.
  await set(p, '奖项 二等奖 名额', 2);
  await click(p, '添加突出单位评选');
  await set(p, '突出单位 突出单位 名称', '党建突出单位');
  await set(p, '突出单位 党建突出单位 前几名', 1);

  // Data in the grid.
  await click(p, '数据录入');
  const data = {
    //        党建 实际 目标 增速 整改 企业 事故 任务
    甲镇: [90, 120, 100, 15, 95, 3, 0, 1],
    乙镇: [80, 90, 100, 12, 70, 6, 1, 1],
    丙镇: [70, 50, 100, 15, 50, 1, 2, 0],
    丁镇: [85, 100, 100, 10, 90, 0, 6, 1],
    戊镇: [60, 80, 100, 8, 60, 2, 0, 0],
  };
  const fields = ['党建工作 得分', '财政收入 实际完成', '财政收入 目标任务', '工业增速 数值', '整改率 数值', '新增企业 个数', '安全生产 事故（起）', '重点任务 是否完成'];
  for (const [unit, values] of Object.entries(data)) {
    for (const [k, v] of values.entries()) await p.getByLabel(`${unit} ${fields[k]}`, { exact: true }).fill(String(v));
  }

  // By hand (党建 20 × v/100; 财政 20 × min(rate, 1); 增速 20 − 2 × (rank − 1), 15 and 15 share
  // 1st; 整改 ≥90 → 10, ≥60 → 6, else 0; 企业 min(2 × n, 10); 安全 max(10 − 2 × n, 0); 任务 10 or 0):
  //   甲镇 18 + 20 + 20 + 10 +  6 + 10 + 10 = 94
  //   乙镇 16 + 18 + 16 +  6 + 10 +  8 + 10 = 84
  //   丙镇 14 + 10 + 20 +  0 +  2 +  6 +  0 = 52
  //   丁镇 17 + 20 + 14 + 10 +  0 +  0 + 10 = 71
  //   戊镇 12 + 16 + 12 +  6 +  4 + 10 +  0 = 60
  // Ranks 甲 1, 乙 2, 丁 3, 戊 4, 丙 5; 一等奖 甲, 二等奖 乙 丁, 三等奖 戊 丙; groups: 甲 乙 | 丁 戊 丙.
  await click(p, '综合排名');
  const expected = { 甲镇: ['1', '1', '94.00', '一等奖'], 乙镇: ['2', '2', '84.00', '二等奖'], 丁镇: ['3', '1', '71.00', '二等奖'], 戊镇: ['4', '2', '60.00', '三等奖'], 丙镇: ['5', '3', '52.00', '三等奖'] };
  for (const [unit, [rank, groupRank, total, award]] of Object.entries(expected)) {
    const row = await rowText(p, unit);
    assert.match(row, new RegExp(`^${rank}\\b.*${unit} \\S+ ${groupRank}\\b.* ${total.replace('.', '\\.')}\\b.*${award}`), row);
  }
  // 党建突出单位: 甲镇 only, the best 党建工作 score (18) — new against the blank scheme it began from.
  assert.equal(await p.locator('table.ranking tbody tr', { hasText: '甲镇' }).locator('[aria-label="党建突出单位（新获得）"]').count(), 1);
  assert.equal(await p.locator('table.ranking .badge.rec').count(), 1);

  // The built scheme exports as a document that the CLI scores identically.
  const [dl] = await Promise.all([p.waitForEvent('download'), click(p, '导出文档（JSON）')]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  assert.equal(dl.suggestedFilename(), '测试县2024年度考核.kaohe.json');
  const doc = JSON.parse(await readFile(path, 'utf8'));
  assert.deepEqual(doc.scheme.groups.map((g) => g.name), ['第一考核单元', '第二考核单元']);
  assert.deepEqual(doc.scheme.indicators.map((i) => i.method.kind), ['direct_scaled', 'completion_linear', 'rank_points', 'interval', 'per_count', 'deduction', 'binary']);
  assert.ok(existsSync(KAOHE), `the kaohe binary is built first (cargo build): ${KAOHE}`);
  const results = JSON.parse(execFileSync(KAOHE, ['score', path, '--format', 'json']).toString());
  const byName = Object.fromEntries(results.units.map((u) => [u.name, u]));
  assert.deepEqual(names.map((n) => byName[n].total), [94, 84, 52, 71, 60]);
  assert.deepEqual(names.map((n) => byName[n].award), ['一等奖', '二等奖', '三等奖', '二等奖', '三等奖']);
  assert.deepEqual(byName['甲镇'].recognitions, ['R1']);
  await p.close();
});

test('an invalid parameter shows its message at the field while the results stay on the last valid state', async () => {
  const p = await openApp(browser, server.url, { height: 1000 });
  const before = await p.locator('table.ranking tbody').innerText();
  await click(p, '考核方案');
  await click(p, '限额以上零售额增速');
  // E7's bands run 10 → 0 (high to low); a first bound below the second breaks the order.
  await set(p, '指标 限额以上零售额增速 第 1 档界值', -100);
  await p.locator('.bands .note.error', { hasText: '分档下限须从高到低排列' }).waitFor();
  assert.match(await p.locator('.scheme-editor > [role=alert]').innerText(), /方案有 1 处错误.*排名和得分保持最后一次有效的计分/s);
  // The ranking: the last valid scores, under a banner.
  await click(p, '综合排名');
  assert.match(await p.locator('.stale').innerText(), /考核方案有 1 处错误，以下为最后一次有效的计分结果/);
  assert.equal(await p.locator('table.ranking tbody').innerText(), before);
  // Undo brings the valid scheme back; the banner goes.
  await p.keyboard.press('Control+z');
  assert.equal(await p.locator('.stale').count(), 0);
  await p.close();
});

test('removing a category others depend on asks first; undo restores it with its data', async () => {
  const p = await openApp(browser, server.url, { height: 1000 });
  await click(p, '考核方案');
  await click(p, '类别 重点专项工作 删除');
  const dialog = p.getByRole('alertdialog');
  assert.match(await dialog.innerText(), /其中的 5 项指标（“区域新动能”、.*及各单位这些指标的数据将一并删除/);
  assert.match(await dialog.innerText(), /以其为依据的突出单位评选/);
  await dialog.getByRole('button', { name: '删除' }).click();
  await click(p, '综合排名');
  // 金禾镇 without 重点专项工作 (23.35): 79.33 − 23.35 = 55.98.
  assert.match(await rowText(p, '金禾镇'), / 55\.98 [−-]23\.35 /);
  await click(p, '撤销');
  assert.match(await rowText(p, '金禾镇'), / 79\.33 二等奖/);
  await p.close();
});

test('the first page load needs neither the editor module nor the spreadsheet worker: the charts bring the editor once the ranking is drawn, the worker comes on first use', async () => {
  const fetched = [];
  let release;
  const held = new Promise((ok) => { release = ok; });
  const p = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  p.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  // The editor module (charts, scheme editor, goal seek) is held back: the ranking must not wait for it.
  await p.route(/kaohe-editor-[0-9a-f]{16}/, async (route) => { await held; await route.continue(); });
  await p.goto(server.url);
  await p.locator('table.ranking').waitFor();
  assert.match(await rowText(p, '金禾镇'), /^8 金禾镇 .* 79\.33 二等奖/);
  assert.equal(await p.locator('.charts').count(), 0);
  release();
  await p.locator('.charts-ranking .chart-rank svg').waitFor();
  // (Named with a content hash: scripts/hash-modules.mjs.)
  assert.ok(fetched.some((f) => /^\/kaohe-editor-[0-9a-f]{16}_bg\.wasm$/.test(f)), fetched.join(' '));
  assert.deepEqual(fetched.filter((f) => /kaohe-worker/.test(f)), []);
  await click(p, '考核方案');
  await p.locator('.scheme-editor').waitFor();
  assert.deepEqual(fetched.filter((f) => /kaohe-worker/.test(f)), []);
  await Promise.all([p.waitForEvent('download'), click(p, '导出 CSV')]);
  assert.ok(fetched.some((f) => /^\/kaohe-worker-[0-9a-f]{16}_bg\.wasm$/.test(f)), fetched.join(' '));
  await p.close();
});

/** 考核方案 of a 500 × 50 document, and its 一等奖 名额 field (in the page, drawn or not). */
async function schemeAt500() {
  const p = await openApp(browser, server.url, { path: '?synthetic=500x50' });
  await click(p, '考核方案');
  const field = p.getByLabel('奖项 一等奖 名额', { exact: true });
  await field.waitFor({ state: 'attached' });
  return { p, field, drawn: () => field.evaluate((e) => e.checkVisibility({ contentVisibilityAuto: true })) };
}

/** The ranking's rows of ranks 2 and 3 (the top rows are drawn: the window starts at rank 1), once
 * the third reads `third` or after 5 s (an edit reaches the ranking through the app's scoring). */
async function secondAndThird(p, third) {
  await click(p, '综合排名');
  const rows = p.locator('table.ranking tbody tr');
  await rows.nth(2).filter({ hasText: third }).waitFor({ timeout: 5000 }).catch(() => {});
  const text = async (k) => (await rows.nth(k).innerText()).replace(/\s+/g, ' ').trim();
  const out = [await text(1), await text(2)];
  await click(p, '考核方案');
  return out;
}

test('at 500 units the form draws only the sections in view, prints them all, and keeps its length as they come into view', async () => {
  const { p, field, drawn } = await schemeAt500();
  // The awards come after 100 units' rows (about 3,400 px): not drawn until scrolled to.
  assert.equal(await drawn(), false);
  const length = () => p.evaluate(() => document.documentElement.scrollHeight);
  const before = await length();
  // Scrolled through to the end, every section drawn once: the page is as long as estimated
  // (within 10 %), so the scroll bar did not jump.
  await p.evaluate(async () => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    for (let y = 0; y < document.documentElement.scrollHeight; y += 600) { window.scrollTo(0, y); await frame(); await frame(); }
  });
  const after = await length();
  assert.ok(Math.abs(after - before) < 0.1 * after, `${before} px before, ${after} px drawn`);
  assert.ok(after > 6000, `${after} px`);
  // A field there is edited as before and scores: the county-wide quota of 一等奖 (the demo's 3)
  // goes to 2 places, so the third-ranked unit drops to 二等奖 and the second keeps 一等奖.
  assert.equal(await field.inputValue(), '3');
  let [second, third] = await secondAndThird(p, '一等奖');
  assert.match(second, /^2 .* 一等奖$/);
  assert.match(third, /^3 .* 一等奖$/);
  await set(p, '奖项 一等奖 名额', 2);
  [second, third] = await secondAndThird(p, '原：一等奖');
  assert.match(second, /^2 .* 一等奖$/);
  assert.match(third, /^3 .* 二等奖 （原：一等奖）$/);
  await p.close();
  // Printed, every section is drawn.
  const q = await schemeAt500();
  assert.equal(await q.drawn(), false);
  await q.p.emulateMedia({ media: 'print' });
  assert.equal(await q.drawn(), true);
  await q.p.close();
});
