// The offline single file (issue 13): dist/考核计分器.html opened from disk (file://) in Chromium,
// under the content security policy written into it, with every request recorded; saved with data
// and opened in a fresh profile; opened where localStorage is refused; damaged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import { serve, launch, rowText, openApp } from './harness.mjs';

const FILE = fileURLToPath(new URL('../../dist/考核计分器.html', import.meta.url));

let browser, dir;
before(async () => {
  browser = await launch();
  dir = await mkdtemp(join(tmpdir(), 'kaohe-offline-'));
});
after(async () => {
  await browser?.close();
});

/** Opens a file in a new context (a fresh profile: no storage, no cache); records every request,
 * every content-security-policy violation and every page error. */
async function open(path, { init } = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const seen = { requests: [], csp: [], errors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('pageerror', (e) => seen.errors.push(e.message));
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  if (init) await page.addInitScript(init);
  await page.goto(pathToFileURL(path).href);
  return { context, page, seen, url: pathToFileURL(path).href };
}

const ranking = (p) => p.locator('table.ranking').waitFor({ timeout: 20000 });
const total = async (p, unit) => (await rowText(p, unit)).match(/ (\d+\.\d\d)( [+-]\d+\.\d\d)? (一|二|三)等奖/)[1];

/** Only the file itself was requested (its navigation); nothing else, not even from disk. */
function nothingFetched(seen, url) {
  const others = seen.requests.filter((r) => r !== url && !r.startsWith('blob:'));
  assert.deepEqual(others, [], 'requests besides the file itself');
  assert.ok(seen.requests.filter((r) => r === url).length >= 1);
}

async function download(p, button) {
  const [dl] = await Promise.all([p.waitForEvent('download'), p.getByRole('button', { name: button, exact: true }).click()]);
  const path = join(dir, `${Date.now()}-${dl.suggestedFilename()}`);
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), path };
}

test('the single file holds a policy that allows its own scripts by hash only, and nothing else', async () => {
  const html = await readFile(FILE, 'utf8');
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)[1];
  const script = csp.split('; ').find((d) => d.startsWith('script-src '));
  // Two inline scripts (the spreadsheet glue, the loader module), by hash; wasm compilation.
  assert.match(script, /^script-src 'sha256-[A-Za-z0-9+/=]+' 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'$/);
  assert.ok(csp.includes("default-src 'none'"));
  assert.doesNotMatch(csp, /'unsafe-eval'|script-src[^;]*'unsafe-inline'|https?:/);
  // No script loaded by address; the executed ones are exactly the two hashed.
  assert.doesNotMatch(html, /<script[^>]*\ssrc=/);
  assert.equal((html.match(/<script>|<script type="module">/g) ?? []).length, 2);
  assert.ok(html.length < 3_000_000, `${html.length} bytes`);
});

test('opened from disk: the demo, a what-if with its explanation, export, import, undo, saved work, CSV and JSON, English, the scheme editor and print, with no request', async () => {
  const { context, page: p, seen, url } = await open(FILE);
  await ranking(p);
  // 金禾镇 8th, 二等奖, 79.33 (the demo's expected results).
  assert.match(await rowText(p, '金禾镇'), /^8 金禾镇 .* 79\.33 二等奖/);
  // A what-if: E5 actual 10040 → 25000: 6 × 25000 / 25000 = 6.00 against 2.41 → 79.33 + 3.59 = 82.92.
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.locator('.explain', { hasText: '25000' }).first().waitFor();
  await p.getByRole('button', { name: '← 返回排名' }).click();
  assert.equal(await total(p, '金禾镇'), '82.92');
  // 导出 Excel runs the spreadsheet module on the page (no worker in a file).
  const { path } = await download(p, '导出 Excel');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const row = wb.getWorksheet('结果').getRows(2, 12).find((r) => r.getCell(3).value === '金禾镇');
  assert.equal(row.getCell(16).value, 82.92);
  // Import that workbook with E5 back at 10040 (输入 row 9 is U08, column K its E5 actual).
  wb.getWorksheet('输入').getRow(9).getCell(11).value = 10040;
  const edited = join(dir, 'back.xlsx');
  await wb.xlsx.writeFile(edited);
  await p.locator('#import-file').setInputFiles(edited);
  const dialog = p.getByRole('dialog');
  await dialog.locator('p.summary').waitFor({ timeout: 20000 });
  assert.match(await dialog.innerText(), /将修改 1 个单位的 1 项数据/);
  await dialog.getByRole('button', { name: '应用' }).click();
  assert.equal(await total(p, '金禾镇'), '79.33');
  // Undo takes the import back; the work is kept in this browser across a reload of the file.
  await p.getByRole('button', { name: '撤销' }).click();
  assert.equal(await total(p, '金禾镇'), '82.92');
  await p.waitForTimeout(400);
  await p.reload();
  await ranking(p);
  assert.equal(await total(p, '金禾镇'), '82.92');
  // 导出 CSV and 导出文档（JSON）.
  const csv = await readFile((await download(p, '导出 CSV')).path, 'utf8');
  assert.match(csv, /金禾镇,[^\n]*,82\.92,二等奖/);
  const json = JSON.parse(await readFile((await download(p, '导出文档（JSON）')).path, 'utf8'));
  assert.equal(json.inputs.U08.E5.actual, 25000);
  // English and back.
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('heading', { name: 'Kaohe assessment calculator' }).waitFor();
  await p.getByRole('button', { name: '中文' }).click();
  // The scheme editor, from inside the file.
  await p.getByRole('button', { name: '考核方案', exact: true }).click();
  await p.locator('#scheme-editor-host input').first().waitFor({ timeout: 20000 });
  // Printed: the ranking without the tool bars.
  await p.getByRole('button', { name: '综合排名', exact: true }).click();
  await p.emulateMedia({ media: 'print' });
  assert.ok(await p.locator('table.ranking').isVisible());
  assert.ok(!(await p.locator('.iobar').isVisible()));
  await p.emulateMedia({ media: 'screen' });
  nothingFetched(seen, url);
  assert.deepEqual(await p.evaluate(() => window.__csp), []);
  assert.deepEqual(seen.errors, []);
  await context.close();
});

test('另存为离线文件: the saved file opens in a fresh profile on the same inputs, view and ranking, with its edits marked', async () => {
  const sender = await open(FILE);
  const p = sender.page;
  await ranking(p);
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25000');
  await p.locator('.explain', { hasText: '25000' }).first().waitFor();
  const { name, path } = await download(p, '另存为离线文件');
  assert.equal(name, '金禾镇-2023-考核测算.html');
  const saved = await readFile(path, 'utf8');
  // What it holds, above <html> and in its description.
  assert.match(saved, /^<!doctype html>\n<!-- 考核计分器离线文件：示例县.*（2023年），金禾镇，1 处修改，保存于 \d{4}-\d\d-\d\d -->\n<html/);
  assert.match(saved, /<title>金禾镇-2023-考核测算<\/title>/);
  // (The charts draw after the view: wait for the waterfall of the edit before reading the view.)
  await p.locator('.chart-wf g.step').first().waitFor();
  const senderView = await p.locator('main').innerText();
  await p.getByRole('button', { name: '综合排名', exact: true }).click();
  const senderRanking = await p.locator('table.ranking').innerText();
  await sender.context.close();

  const recipient = await open(path);
  const q = recipient.page;
  // The view it was saved on: 金禾镇's unit view, the edit in place.
  await q.locator('main').getByText('金禾镇').first().waitFor({ timeout: 20000 });
  assert.equal(await q.getByLabel('金禾镇 固定资产投资 实际完成').inputValue(), '25000');
  await q.locator('.chart-wf g.step').first().waitFor();
  assert.equal(await q.locator('main').innerText(), senderView);
  await q.getByRole('button', { name: '综合排名', exact: true }).click();
  assert.equal(await q.locator('table.ranking').innerText(), senderRanking);
  assert.match(await rowText(q, '金禾镇'), /82\.92 \+3\.59/);
  nothingFetched(recipient.seen, recipient.url);
  assert.deepEqual(await q.evaluate(() => window.__csp), []);
  await recipient.context.close();

  // Where localStorage is refused (a locked-down desktop), the saved file still shows its data.
  const locked = await open(path, {
    init: () => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } }),
  });
  await locked.page.getByRole('button', { name: '综合排名', exact: true }).click();
  await ranking(locked.page);
  assert.equal(await total(locked.page, '金禾镇'), '82.92');
  await locked.context.close();

  // Saved again from the saved file: the same state, this file as the template.
  const again = await open(path);
  await again.page.locator('main').getByText('金禾镇').first().waitFor({ timeout: 20000 });
  const second = await download(again.page, '另存为离线文件');
  const resaved = await readFile(second.path, 'utf8');
  const data = (t) => t.match(/id="kaohe-data">([^<]*)</)[1];
  assert.equal(data(resaved), data(saved));
  await again.context.close();
});

test('a damaged or truncated file says so in Chinese instead of a blank page', async () => {
  const html = await readFile(FILE, 'utf8');
  // Truncated in the middle of the app's module (a download cut short): the loader never runs.
  const cut = join(dir, 'cut.html');
  await writeFile(cut, html.slice(0, Math.floor(html.length / 3)));
  const a = await open(cut);
  const boot = a.page.locator('#kaohe-boot');
  await boot.getByText('此文件可能已损坏或不完整').waitFor({ timeout: 15000 });
  // Shown after a few seconds (a CSS animation: no script runs in a truncated file).
  await a.page.waitForFunction(() => getComputedStyle(document.querySelector('#kaohe-boot .late')).opacity === '1', null, { timeout: 15000 });
  await a.context.close();
  // Bytes changed inside the app's module (the gzip check fails): the loader says so at once.
  const at = html.indexOf('id="kaohe-app-wasm"') + 5000;
  const flipped = join(dir, 'flipped.html');
  await writeFile(flipped, html.slice(0, at) + (html[at] === 'A' ? 'B' : 'A') + html.slice(at + 1));
  const b = await open(flipped);
  await b.page.locator('#kaohe-boot.broken').getByText(/无法打开：此文件已损坏或不完整/).waitFor({ timeout: 15000 });
  await b.context.close();
});

test('另存为离线文件 in the served app: the file it downloads holds the what-if and opens from disk', async () => {
  const server = await serve();
  try {
    const p = await openApp(browser, server.url);
    // 柳河镇 E1 actual + 1 (a what-if), saved from its unit view.
    await p.getByRole('button', { name: '柳河镇' }).click();
    const cell = p.getByLabel('柳河镇 一般公共预算收入 实际完成');
    const before = await cell.inputValue();
    await cell.fill(String(Number(before) + 1));
    await p.locator('.explain', { hasText: String(Number(before) + 1) }).first().waitFor();
    const { name, path } = await download(p, '另存为离线文件');
    assert.equal(name, '柳河镇-2023-考核测算.html');
    await p.getByRole('button', { name: '综合排名', exact: true }).click();
    const served = await p.locator('table.ranking').innerText();
    await p.close();
    const opened = await open(path);
    await opened.page.getByRole('button', { name: '综合排名', exact: true }).click();
    await ranking(opened.page);
    assert.equal(await opened.page.locator('table.ranking').innerText(), served);
    nothingFetched(opened.seen, opened.url);
    await opened.context.close();
  } finally {
    await server.close();
  }
});
