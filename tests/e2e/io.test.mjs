// Data in and out as the county office uses it (issue 5): export the results workbook and check
// its figures, import a filled template through the preview dialog, refuse bad files with a
// message and no change, CSV and JSON, undo, and the printed page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { serve, launch, rowText, openApp } from './harness.mjs';

let server, browser, dir;
before(async () => {
  server = await serve();
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'kaohe-io-'));
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const fresh = () => openApp(browser, server.url);

/** Clicks a button that downloads a file; returns its suggested name and local path. */
async function download(p, button) {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: button, exact: true }).click()]);
  const path = join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), path };
}

async function workbook(path) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Picks a file in the import dialog and waits for its preview (or its refusal). */
async function importFile(p, path) {
  await p.locator('#import-file').setInputFiles(path);
  const dialog = p.getByRole('dialog');
  await dialog.waitFor();
  await dialog.locator('p.summary, p.problems-head').first().waitFor({ timeout: 20000 });
  return dialog;
}

const total = async (p, unit) => (await rowText(p, unit)).match(/ (\d+\.\d\d)( [+-]\d+\.\d\d)? (一|二|三)等奖/)[1];

test('导出 Excel: the workbook holds 结果, 明细 and 输入 with the figures on screen, what-if edits included', async () => {
  const p = await fresh();
  // A what-if first: 金禾镇 E5 actual 10040 → 25000: 6 × 25000 / 25000 = 6 against 2.41: 82.92.
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.getByRole('button', { name: '← 返回排名' }).click();
  assert.equal(await total(p, '金禾镇'), '82.92');
  const { name, path } = await download(p, '导出 Excel');
  assert.match(name, /-考核结果\.xlsx$/);
  const wb = await workbook(path);
  assert.deepEqual(wb.worksheets.map((w) => w.name), ['结果', '明细', '输入']);
  const res = wb.getWorksheet('结果');
  assert.equal(res.getRow(1).getCell(16).value, '总分');
  const jinhe = res.getRows(2, 12).find((r) => r.getCell(2).value === 'U08');
  // Rank 6 now: 82.92 passes 青石镇 81.59 and 城南街道 81.32; 汇川镇 84.14 stays ahead.
  assert.equal(jinhe.getCell(1).value, 6);
  assert.equal(jinhe.getCell(16).value, 82.92);
  assert.equal(jinhe.getCell(16).numFmt, '0.00');
  assert.equal(jinhe.getCell(17).value, '二等奖');
  // 城东街道 first with 90.19 and four 突出单位.
  assert.equal(res.getRow(2).getCell(3).value, '城东街道');
  assert.equal(res.getRow(2).getCell(16).value, 90.19);
  const det = wb.getWorksheet('明细');
  assert.equal(det.rowCount, 1 + 12 * 23);
  const e5 = det.getRows(2, 276).find((r) => r.getCell(1).value === 'U08' && r.getCell(4).value === 'E5');
  assert.equal(e5.getCell(7).value, 6);
  assert.match(e5.getCell(9).value, /25000/);
  const inp = wb.getWorksheet('输入');
  assert.equal(inp.getRow(1).getCell(11).value, 'E5 固定资产投资·实际完成（万元）');
  assert.equal(inp.getRow(9).getCell(11).value, 25000);
  await p.close();
});

test('round trip: export, reset, import the file back — the same scores; one undo step', async () => {
  const p = await fresh();
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.getByRole('checkbox', { name: '一票否决' }).check();
  await p.getByRole('button', { name: '← 返回排名' }).click();
  const before = await p.locator('table.ranking tbody').innerText();
  const { path } = await download(p, '导出 Excel');
  await p.getByRole('button', { name: '全部恢复' }).click();
  assert.equal(await total(p, '金禾镇'), '79.33');
  const dialog = await importFile(p, path);
  // The 输入 sheet is read by default; one field and one veto of one unit change.
  assert.equal(await dialog.getByRole('combobox').inputValue(), '输入');
  assert.match(await dialog.innerText(), /文件中有 12 个单位、36 列指标数据。/);
  assert.match(await dialog.innerText(), /将修改 1 个单位的 1 项数据，1 个单位的一票否决/);
  // Nothing changes before 应用.
  assert.equal(await total(p, '金禾镇'), '79.33');
  await dialog.getByRole('button', { name: '应用导入' }).click();
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await p.locator('table.ranking tbody').innerText(), before);
  await p.keyboard.press('Control+z');
  assert.equal(await total(p, '金禾镇'), '79.33');
  await p.keyboard.press('Control+y');
  assert.equal(await p.locator('table.ranking tbody').innerText(), before);
  await p.close();
});

test('a filled template with mistakes: every problem at its row and column, nothing applied', async () => {
  const p = await fresh();
  const { path } = await download(p, '下载空白模板');
  const wb = await workbook(path);
  const ws = wb.getWorksheet('输入');
  assert.equal(ws.rowCount, 13);
  ws.getRow(9).getCell(11).value = 25000; // 金禾镇 E5 actual: fine
  ws.getRow(3).getCell(11).value = '约两万'; // 城西街道: text in a number column
  ws.getRow(14).values = ['U04', '先锋镇']; // a repeated unit
  ws.getRow(15).values = ['U99', '无名镇']; // an unknown unit
  ws.getRow(1).getCell(41).value = 'E99 新指标·数值'; // an unknown indicator
  const bad = join(dir, '有错.xlsx');
  await wb.xlsx.writeFile(bad);
  const dialog = await importFile(p, bad);
  const text = await dialog.innerText();
  assert.match(text, /发现 4 个问题/);
  assert.match(text, /第 1 行 AO 列：列“E99 新指标·数值”不是本方案的指标/);
  assert.match(text, /第 3 行 K 列：城西街道 固定资产投资·实际完成：“约两万”不是数字/);
  assert.match(text, /第 14 行 A 列：单位“先锋镇”重复：第 5 行已有/);
  assert.match(text, /第 15 行 A 列：未知单位编号“U99”/);
  assert.equal(await dialog.getByRole('button', { name: '应用导入' }).isDisabled(), true);
  // Switched to English (the switch is under the dialog: clicked as a keyboard user would reach
  // it), every problem is said again in English, placed as before.
  await p.getByRole('button', { name: 'English' }).dispatchEvent('click');
  await dialog.getByText('row 3, column K: 城西街道 固定资产投资·实际完成: “约两万” is not a number').waitFor();
  const english = await dialog.innerText();
  assert.match(english, /4 problems: fix them in the file/);
  assert.match(english, /row 14, column A: unit “先锋镇” repeats row 5/);
  assert.match(english, /row 15, column A: unknown unit id “U99”/);
  assert.doesNotMatch(english, /第 \d+ 行/);
  await p.getByRole('button', { name: '中文' }).dispatchEvent('click');
  await dialog.getByText('第 14 行 A 列：单位“先锋镇”重复：第 5 行已有').waitFor();
  // Escape cancels; the scores are untouched.
  await p.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await total(p, '金禾镇'), '79.33');
  await p.close();
});

test('bad files: wrong type, corrupt workbook, empty sheet, 100,000 rows — a Chinese message, no change', async () => {
  const p = await fresh();
  const files = {
    'photo.png': Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'),
    '坏.xlsx': (await readFile(await download(p, '导出 Excel').then((d) => d.path))).subarray(0, 3000),
    '大表.csv': Buffer.from('\ufeff单位编号,E1 一般公共预算收入·实际完成（万元）\r\n' + Array.from({ length: 100000 }, (_, i) => `U${i},${i}\r\n`).join('')),
  };
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet('Sheet1');
  await empty.xlsx.writeFile(join(dir, '空表.xlsx'));
  const expect = {
    'photo.png': '“photo.png”不是可导入的文件：请选择 Excel 工作簿（.xlsx/.xls）、CSV 文件（.csv）或考核文档（.kaohe.json）',
    '坏.xlsx': '文件已损坏或不是有效的 Excel 工作簿，无法读取',
    '大表.csv': '超过上限（最多 10000 行数据）',
    '空表.xlsx': '表格是空的：没有标题行，也没有数据',
  };
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  for (const [name, message] of Object.entries(expect)) {
    const dialog = await importFile(p, join(dir, name));
    assert.ok((await dialog.innerText()).includes(message), `${name}: ${await dialog.innerText()}`);
    assert.equal(await dialog.getByRole('button', { name: '应用导入' }).isDisabled(), true);
    await dialog.getByRole('button', { name: '取消' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  assert.equal(await total(p, '金禾镇'), '79.33');
  await p.close();
});

test('CSV: exported with a BOM for Excel; a GBK file as Chinese Excel saves it imports', async () => {
  const p = await fresh();
  const { name, path } = await download(p, '导出 CSV');
  assert.match(name, /-考核结果\.csv$/);
  const bytes = await readFile(path);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const csv = bytes.toString('utf8');
  assert.ok(csv.includes('\r\n8,U08,金禾镇,第三考核单元（农业特色镇）,1,41.24,'), csv.slice(0, 400));
  // 单位名称,E5 固定资产投资·实际完成（万元）\r\n金禾镇,"25,000"\r\n in GBK.
  const gbk = Buffer.from('b5a5cebbc3fbb3c62c453520b9ccb6a8d7cab2facdb6d7caa1a4cab5bccacdeab3c9a3a8cdf2d4aaa3a90d0abdf0baccd5f22c2232352c303030220d0a', 'hex');
  await writeFile(join(dir, 'gbk.csv'), gbk);
  const dialog = await importFile(p, join(dir, 'gbk.csv'));
  assert.match(await dialog.innerText(), /将修改 1 个单位的 1 项数据/);
  assert.match(await dialog.innerText(), /文件中没有 11 个单位/);
  await dialog.getByRole('button', { name: '应用导入' }).click();
  assert.equal(await total(p, '金禾镇'), '82.92');
  await p.close();
});

test('a .kaohe.json document: exported, imported as the new baseline after a preview; a broken one is refused', async () => {
  const p = await fresh();
  // A document is read by the page itself: the spreadsheet component is never fetched for it.
  const fetched = [];
  p.on('request', (r) => fetched.push(r.url()));
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.getByRole('button', { name: '← 返回排名' }).click();
  const { name, path } = await download(p, '导出文档（JSON）');
  assert.match(name, /\.kaohe\.json$/);
  const doc = JSON.parse(await readFile(path, 'utf8'));
  assert.equal(doc.inputs.U08.E5.actual, 25000);
  await p.getByRole('button', { name: '全部恢复' }).click();
  let dialog = await importFile(p, path);
  assert.match(await dialog.innerText(), /12 个单位，23 项指标/);
  await dialog.getByRole('button', { name: '应用导入' }).click();
  // The document is the new baseline: 82.92, with no what-if edit against it.
  assert.equal(await total(p, '金禾镇'), '82.92');
  assert.equal(await p.getByRole('button', { name: '全部恢复' }).isDisabled(), true);
  doc.scheme.indicators[0].full = -5;
  await writeFile(join(dir, 'bad.kaohe.json'), JSON.stringify(doc));
  dialog = await importFile(p, join(dir, 'bad.kaohe.json'));
  assert.match(await dialog.innerText(), /文档有 \d+ 个错误，无法计分，不能导入/);
  assert.match(await dialog.innerText(), /scheme\.indicators\[0\]\.full/);
  await dialog.getByRole('button', { name: '取消' }).click();
  assert.equal(await total(p, '金禾镇'), '82.92');
  assert.deepEqual(fetched.filter((u) => u.includes('kaohe-worker')), []);
  await p.close();
});

test('打印: the printed page is the ranking with scheme, year, date and the what-if changes, no controls', async () => {
  const p = await fresh();
  await p.evaluate(() => { window.print = () => { window.__printed = true; }; });
  await p.getByRole('button', { name: '数据录入' }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.getByRole('button', { name: '打印', exact: true }).click();
  await p.waitForFunction(() => window.__printed === true);
  // Back on the ranking for printing.
  await p.locator('table.ranking').waitFor();
  await p.emulateMedia({ media: 'print' });
  const head = p.locator('.print-head');
  assert.equal(await head.isVisible(), true);
  const text = await head.innerText();
  assert.match(text, /示例县2023年度.*综合考核排名/);
  assert.match(text, /考核年度：2023　打印日期：\d{4}年\d{1,2}月\d{1,2}日/);
  assert.match(text, /相对原始数据有 1 处修改/);
  assert.match(text, /金禾镇 · 固定资产投资 · 实际完成：10040 → 25000/);
  for (const hidden of ['.iobar', 'nav.tabs', 'header']) assert.equal(await p.locator(hidden).first().isVisible(), false, hidden);
  await p.close();
});

test('an export that cannot be made says why under the data bar, in the language shown, and changes nothing', async () => {
  const p = await fresh();
  // The spreadsheet component cannot load (an intranet proxy that blocks it, say).
  await p.route('**/kaohe-worker*', (route) => route.abort());
  await p.getByRole('button', { name: '导出 Excel', exact: true }).click();
  const alert = p.locator('#export-host [role=alert]');
  await alert.waitFor({ timeout: 20000 });
  assert.equal((await alert.innerText()).split('\n')[0].trim(), '导出失败：表格组件加载或运行失败，请刷新页面后重试');
  // Said again in English after the switch, until 知道了.
  await p.getByRole('button', { name: 'English' }).click();
  await alert.getByText('Export failed: the spreadsheet component failed to load or run; reload the page and try again').waitFor();
  await alert.getByRole('button', { name: 'OK' }).click();
  await alert.waitFor({ state: 'detached' });
  assert.equal(await p.locator('#export-host').innerHTML(), '');
  await p.close();
});

test('an import when the module cannot load says so, and nothing changes', async () => {
  // Blocked from the start: the module is otherwise fetched once the first view has painted.
  const p = await openApp(browser, server.url, { before: (page) => page.route('**/kaohe-editor*', (route) => route.abort()) });
  await writeFile(join(dir, 'blocked.csv'), '单位编号,E5 固定资产投资·实际完成（万元）\r\nU08,25000\r\n');
  await p.locator('#import-file').setInputFiles(join(dir, 'blocked.csv'));
  await p.getByRole('alert').filter({ hasText: '功能组件（方案编辑、导入导出）加载失败，请刷新页面后重试。' }).waitFor();
  assert.equal(await p.getByRole('dialog').count(), 0);
  assert.equal(await total(p, '金禾镇'), '79.33');
  await p.close();
});
