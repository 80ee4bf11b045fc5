// Scale in the browser (issue 14): for the demo and generated documents up to 2,000 × 100, the
// first render, opening each view, a keystroke to the updated figure on screen in each view, and
// the tab's memory; exporting the document to Excel, and importing and applying it back with one
// change per unit. Not a test: it prints medians (the goals are in the issue and the README).
//   node tests/e2e/scale-bench.mjs [SIZES…]      (after `trunk build --release`; sizes like 2000x100)
import { serve, launch } from './harness.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['demo', '500x50', '2000x100'];

/** In the page: times `act()` to the first frame where `done()` holds (or the second frame when
 * no `done` is given), in ms. */
const TIMER = `window.__until = async (act, done) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  act();
  if (done) { let n = 0; while (!done() && n++ < 3000) await frame(); } else { await frame(); await frame(); }
  return performance.now() - t0;
};`;

async function bench(browser, url, label) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(`${TIMER}; window.addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });`);
  const t0 = Date.now();
  await page.goto(url);
  await page.locator('table.ranking tbody tr').first().waitFor({ timeout: 120000 });
  const first = Date.now() - t0;
  const out = [`${label}: first render ${first} ms`];
  // Opening each view from the ranking: click its tab → two frames later (the view is on screen);
  // the ranking from the unit view. 考核方案 loads its module the first time: timed twice.
  const click = (n) => page.evaluate((n) => window.__until(() => document.querySelector(`nav.tabs button:nth-child(${n})`).click()), n);
  const open = {};
  for (const [name, n] of [['unit', 2], ['grid', 3], ['scheme1', 4], ['scheme', 4]]) {
    await click(1);
    open[name] = await click(n);
    if (name === 'scheme1') await page.locator('#scheme-editor-host input').first().waitFor({ timeout: 120000 });
  }
  await click(2);
  open.ranking = await click(1);
  out.push(`open view (click → 2nd frame): ranking ${open.ranking.toFixed(0)} ms, unit ${open.unit.toFixed(0)} ms, ` +
    `grid ${open.grid.toFixed(0)} ms, scheme ${open.scheme.toFixed(0)} ms (first time ${open.scheme1.toFixed(0)} ms: loads its module)`);
  // 单位详情: a keystroke in 区域新动能 → the unit's new total on screen.
  await page.evaluate(() => document.querySelector('nav.tabs button:nth-child(2)').click());
  await page.locator('.indicators input').first().waitFor();
  const unitKeys = await page.evaluate(async () => {
    const input = [...document.querySelectorAll('.indicators input')].find((e) => e.getAttribute('aria-label').includes('区域新动能'));
    const summary = document.querySelector('.summary');
    const out = [];
    for (let k = 0; k < 11; k++) {
      const before = summary.textContent;
      out.push(await window.__until(() => { input.value = String(60 + k); input.dispatchEvent(new InputEvent('input', { bubbles: true })); },
        () => summary.textContent !== before));
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  });
  // 数据录入: a keystroke in the last unit's first input (scrolled to the bottom) → the second frame.
  await page.evaluate(() => document.querySelector('nav.tabs button:nth-child(3)').click());
  await page.locator('table.grid input').first().waitFor();
  const gridKeys = await page.evaluate(async () => {
    const wrap = document.getElementById('grid-wrap') ?? document.querySelector('.grid-wrap');
    wrap.scrollTop = wrap.scrollHeight;
    await new Promise((r) => setTimeout(r, 200));
    const rows = document.querySelectorAll('table.grid tbody tr[aria-rowindex]');
    const input = rows[rows.length - 1].querySelector('input');
    const out = [];
    for (let k = 0; k < 11; k++) {
      out.push(await window.__until(() => { input.value = String(70 + k); input.dispatchEvent(new InputEvent('input', { bubbles: true })); }));
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  });
  // 考核方案: a change of 一等奖 名额 (every award re-assigned) → the second frame.
  await page.evaluate(() => document.querySelector('nav.tabs button:nth-child(4)').click());
  await page.locator('#scheme-editor-host input[aria-label="奖项 一等奖 名额"]').waitFor({ timeout: 120000 });
  const schemeKeys = await page.evaluate(async () => {
    const input = document.querySelector('#scheme-editor-host input[aria-label="奖项 一等奖 名额"]');
    const out = [];
    for (let k = 0; k < 7; k++) {
      out.push(await window.__until(() => { input.value = String(3 + (k % 2)); input.dispatchEvent(new Event('change', { bubbles: true })); }));
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  });
  out.push(`keystroke medians: 单位详情 → new total on screen ${median(unitKeys).toFixed(1)} ms; 数据录入 → 2nd frame ${median(gridKeys).toFixed(1)} ms; ` +
    `考核方案 change → 2nd frame ${median(schemeKeys).toFixed(1)} ms`);
  const mem = await page.evaluate(() => ({ js: performance.memory?.usedJSHeapSize ?? 0, wasm: window.__wasm?.memory?.buffer?.byteLength ?? 0 }));
  out.push(`memory: JS heap ${(mem.js / 1e6).toFixed(1)} MB + wasm linear memory ${(mem.wasm / 1e6).toFixed(1)} MB = ${((mem.js + mem.wasm) / 1e6).toFixed(1)} MB`);
  await page.close();
  console.log(out.join('\n  '));
}

/** 导出 Excel of the whole document, then importing that workbook with one value changed per unit
 * and applying it: each timed from the click to the file saved / the preview shown / the dialog
 * closed with the ranking redrawn. */
async function io(browser, url, label) {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const ExcelJS = (await import('exceljs')).default;
  const dir = await mkdtemp(join(tmpdir(), 'kaohe-scale-'));
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  await page.goto(url);
  await page.locator('table.ranking tbody tr').first().waitFor({ timeout: 120000 });
  let t0 = Date.now();
  const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 120000 }), page.getByRole('button', { name: '导出 Excel', exact: true }).click()]);
  const path = join(dir, dl.suggestedFilename());
  await dl.saveAs(path);
  const exported = Date.now() - t0;
  // Every unit's first input (column E, after id, name, group and veto) +1 in the 输入 sheet:
  // one change per unit to preview and apply.
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheet = wb.getWorksheet('输入');
  let changed = 0;
  sheet.eachRow((row, r) => {
    const c = row.getCell(5);
    if (r > 1 && typeof c.value === 'number') { c.value += 1; changed++; }
  });
  const edited = join(dir, 'edited.xlsx');
  await wb.xlsx.writeFile(edited);
  t0 = Date.now();
  await page.locator('#import-file').setInputFiles(edited);
  const dialog = page.getByRole('dialog');
  await dialog.locator('p.summary, p.problems-head').first().waitFor({ timeout: 120000 });
  const previewed = Date.now() - t0;
  const summary = (await dialog.locator('p.summary, p.problems-head').first().innerText()).trim();
  if (await dialog.getByRole('button', { name: '应用导入' }).isDisabled()) {
    throw new Error(`the import is refused: ${(await dialog.innerText()).slice(0, 600)}`);
  }
  t0 = Date.now();
  await dialog.getByRole('button', { name: '应用导入' }).click();
  await dialog.waitFor({ state: 'detached', timeout: 120000 });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const applied = Date.now() - t0;
  await page.close();
  console.log(`${label}: 导出 Excel → file saved ${exported} ms (${(await import('node:fs')).statSync(path).size} bytes); ` +
    `import of ${changed} changed cells → preview ${previewed} ms ("${summary}"); 应用导入 → ranking redrawn ${applied} ms; total ${previewed + applied} ms`);
}

const server = await serve();
const browser = await launch();
try {
  for (const size of sizes) {
    const url = size === 'demo' ? server.url : `${server.url}?synthetic=${size}`;
    const label = size === 'demo' ? 'demo (12 × 23)' : `synthetic ${size.replace('x', ' × ')}`;
    await bench(browser, url, label);
    await io(browser, url, label);
  }
} finally {
  await browser.close();
  await server.close();
}
