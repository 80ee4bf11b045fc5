// A province's assessment (issue 14): a generated document of 2,000 units × 100 indicators
// (`?synthetic=2000x100`, the demo's 23 indicators cycled, names suffixed （1）…（5）). The views
// draw only what is in view; typing, pasting and undo work across the whole grid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch } from './harness.mjs';

let server, browser, page;
before(async () => {
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(`${server.url}?synthetic=2000x100`);
  await page.locator('table.ranking tbody tr[data-row]').first().waitFor({ timeout: 120000 });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const tab = (n) => page.locator(`nav.tabs button:nth-child(${n})`).click();
const cell = (label) => page.locator(`table.grid input[aria-label="${label}"]`);

/** The ranking row of a unit: the page is scrolled until the windowed table draws it. */
async function rankingRow(name) {
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let k = 0; k < 200; k++) {
    const row = page.locator('table.ranking tbody tr[data-row]').filter({ has: page.getByRole('button', { name, exact: true }) });
    if (await row.count()) return (await row.innerText()).replace(/\s+/g, ' ').trim();
    const end = await page.evaluate(() => {
      window.scrollBy(0, window.innerHeight * 0.8);
      return window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
    });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (end && k > 0) break;
  }
  throw new Error(`no ranking row for ${name}`);
}

/** Scrolls the grid sideways, a view at a time from the left, until the cell is drawn. */
async function reveal(label) {
  for (let x = 0; x < 200 * 112; x += 800) {
    await page.evaluate((x) => { document.getElementById('grid-wrap').scrollLeft = x; }, x);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (await cell(label).count()) return;
  }
  throw new Error(`no cell ${label}`);
}

/** (rank, total) from a ranking row's text: "1873 单位1999 第2考核单元 624 … 301.27 三等奖". */
function standing(text) {
  const rank = Number(text.split(' ')[0]);
  const total = Number(text.match(/ (\d+\.\d\d)(?: [+−]\d+\.\d\d)? (?:一等奖|二等奖|三等奖|—)/)[1]);
  return { rank, total };
}

test('the ranking draws a window of its 2,000 rows, and every row when printed', async () => {
  assert.equal(await page.locator('table.ranking').getAttribute('aria-rowcount'), '2001');
  // (The chart above the table takes the top of the screen: the table's top scrolled to the view's.)
  await page.locator('table.ranking').evaluate((e) => e.scrollIntoView());
  await page.waitForFunction(() => document.querySelectorAll('table.ranking tbody tr[data-row]').length > 20);
  const drawn = await page.locator('table.ranking tbody tr[data-row]').count();
  assert.ok(drawn > 20 && drawn < 120, `${drawn} rows drawn`);
  // The page still scrolls the whole table: 2,000 rows of 34 px.
  assert.ok(await page.evaluate(() => document.documentElement.scrollHeight) > 2_000 * 34);
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  await page.waitForFunction(() => document.querySelectorAll('table.ranking tbody tr[data-row]').length === 2000, null, { timeout: 60000 });
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.waitForFunction(() => document.querySelectorAll('table.ranking tbody tr[data-row]').length < 200, null, { timeout: 60000 });
});

test('the last unit typed into at the grid\'s far end moves in the ranking; a 3 × 3 paste at the corner and Ctrl+Z', async () => {
  const before = standing(await rankingRow('单位1999'));
  await tab(3);
  const grid = page.locator('table.grid');
  await grid.waitFor();
  // 2,000 units + 3 header rows; the unit column + 100 indicators' fields (157 columns).
  assert.equal(await grid.getAttribute('aria-rowcount'), '2003');
  const cols = Number(await grid.getAttribute('aria-colcount')) - 1;
  assert.equal(cols, 157);
  assert.ok(await page.locator('table.grid input').count() < 1500, 'only a window of the 314,000 inputs is drawn');
  // Scroll to the last unit and the last column.
  await page.evaluate(() => { const w = document.getElementById('grid-wrap'); w.scrollTop = w.scrollHeight; w.scrollLeft = w.scrollWidth; });
  const corner = cell('单位1999 通报批评扣分（4） 市级通报批评（次）');
  await corner.waitFor();
  assert.equal(await corner.evaluate((e) => e.closest('tr').getAttribute('aria-rowindex')), '2003');
  assert.equal(await corner.evaluate((e) => e.closest('td').getAttribute('aria-colindex')), String(cols + 1));

  // Tab at the end of a row goes to the next row's first column, far to the left (not drawn yet).
  await cell('单位1998 通报批评扣分（4） 市级通报批评（次）').focus();
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '单位1999 一般公共预算收入（1） 实际完成', null, { timeout: 10000 });

  // 基层党建工作（4）, direct_scaled (full 6, scale 100): score = v × 6 / 100, rounded to 2 places;
  // the category has no cap and every indicator is assessed, so the total moves by exactly
  // 6.00 − round(v0 × 0.06, 2) when 100 is typed.
  const party = cell('单位1999 基层党建工作（4） 得分');
  await reveal('单位1999 基层党建工作（4） 得分');
  const v0 = Number(await party.inputValue());
  const delta = Math.round((6 - Math.round(v0 * 6) / 100) * 100) / 100;
  assert.ok(delta > 0.5, `v0 = ${v0}`);
  await party.fill('100');

  // A 3 × 3 block pasted at the bottom-right corner: units 1997–1999 × the last three columns.
  await page.evaluate(() => { const w = document.getElementById('grid-wrap'); w.scrollTop = w.scrollHeight; w.scrollLeft = w.scrollWidth; });
  await corner.waitFor();
  // The last three fields of 单位1997's row (aria-rowindex 2001), then the same of 1998 and 1999.
  const names = await page.evaluate(() => [...document.querySelectorAll('table.grid tbody tr[aria-rowindex="2001"] input')]
    .slice(-3).map((e) => e.getAttribute('aria-label')));
  assert.equal(names.length, 3);
  const start = cell(names[0]);
  const old = await Promise.all(['单位1997', '单位1998', '单位1999'].flatMap((u) => names.map((n) => cell(n.replace('单位1997', u)).inputValue())));
  await start.evaluate((el) => {
    const data = new DataTransfer();
    data.setData('text/plain', '1\t2\t3\r\n4\t5\t6\r\n7\t8\t9\r\n');
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  const now = () => Promise.all(['单位1997', '单位1998', '单位1999'].flatMap((u) => names.map((n) => cell(n.replace('单位1997', u)).inputValue())));
  await page.waitForFunction(() => document.querySelector('table.grid tbody tr[aria-rowindex="2003"] td:last-of-type input')?.value === '9');
  assert.deepEqual(await now(), ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
  // Ctrl+Z takes the whole block back in one step.
  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('table.grid tbody tr[aria-rowindex="2003"] td:last-of-type input')?.value !== '9');
  assert.deepEqual(await now(), old);

  // The ranking: 单位1999's total rose by exactly the typed change, and it moved up.
  await tab(1);
  const after = standing(await rankingRow('单位1999'));
  assert.equal(after.total.toFixed(2), (before.total + delta).toFixed(2), `${JSON.stringify(before)} + ${delta}`);
  assert.ok(after.rank < before.rank, `rank ${before.rank} → ${after.rank}`);
  // Undo the typing too: back to where it was.
  await page.keyboard.press('Control+z');
  const back = standing(await rankingRow('单位1999'));
  assert.deepEqual(back, before);
});
