// 图表 in the browser (issue 11): with the charts shown, a keystroke in the unit view to (a) the new
// total on screen and (b) the charts redrawn (得分变化 and 本单位与比较); the ranking's charts
// after a what-if; opening and scrolling the heat map. Not a test: it prints medians.
//   node tests/e2e/chart-bench.mjs [SIZES…]      (after `trunk build --release`; sizes like 500x50)
import { serve, launch } from './harness.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const sizes = process.argv.slice(2).length ? process.argv.slice(2) : ['demo', '500x50'];

const TIMER = `window.__until = async (act, done) => {
  const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  act();
  let n = 0; while (!done() && n++ < 3000) await frame();
  return performance.now() - t0;
};`;

async function bench(browser, url, label) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.addInitScript(`${TIMER}; window.addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });`);
  await page.goto(url);
  await page.locator('table.ranking tbody tr').first().waitFor({ timeout: 120000 });
  // Over 30,000 cells the charts come when asked: 显示图表 pressed at once.
  const ask = page.getByRole('button', { name: '显示图表' });
  const asked = await ask.count() > 0;
  const t0 = Date.now();
  if (asked) await ask.click();
  await page.locator('.chart-rank svg').waitFor({ timeout: 120000 });
  const firstChart = Date.now() - t0;
  await page.evaluate(() => document.querySelector('nav.tabs button:nth-child(2)').click());
  await page.locator('.chart-cmp svg').waitFor({ timeout: 120000 });
  const keys = await page.evaluate(async () => {
    const input = [...document.querySelectorAll('.indicators input')].find((e) => e.getAttribute('aria-label').includes('区域新动能'));
    const summary = document.querySelector('.summary');
    const charts = document.querySelector('.charts-unit');
    const total = [], drawn = [];
    for (let k = 0; k < 11; k++) {
      const before = summary.textContent, chartsBefore = charts.innerHTML;
      const t0 = performance.now();
      total.push(await window.__until(() => { input.value = String(60 + k); input.dispatchEvent(new InputEvent('input', { bubbles: true })); },
        () => summary.textContent !== before));
      await window.__until(() => {}, () => charts.innerHTML !== chartsBefore);
      drawn.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { total, drawn };
  });
  // The ranking's charts after the what-if (the view opened → the bars and slope chart drawn).
  const ranking = await page.evaluate(() => window.__until(() => document.querySelector('nav.tabs button:nth-child(1)').click(),
    () => document.querySelector('.chart-rank svg') !== null));
  // The heat map: opened (click → table drawn), then scrolled to its end (scroll → last row drawn).
  await page.locator('.chart-heat').waitFor();
  const heatOpen = await page.evaluate(() => window.__until(() => [...document.querySelectorAll('.chart-heat button')].find((b) => b.textContent.includes('展开')).click(),
    () => document.querySelector('table.heat') !== null));
  const heatScroll = await page.evaluate(() => {
    const box = document.querySelector('.heat-scroll');
    const rows = box.querySelectorAll('tr[aria-rowindex]').length;
    return window.__until(() => { box.scrollTop = box.scrollHeight; box.dispatchEvent(new Event('scroll')); },
      () => box.querySelector('tr[aria-rowindex]:last-of-type')?.getAttribute('aria-rowindex') === String(box.querySelector('table').getAttribute('aria-rowcount')))
      .then((ms) => ({ ms, rows }));
  });
  // The tab's wasm memory: the app's and the module's that draws the charts (it holds the scenario too).
  const memory = await page.evaluate(async () => {
    const m = await import(new URL(document.querySelector('meta[name=kaohe-editor]').content, document.baseURI).href);
    const editor = await m.default();
    const mb = (b) => b / 1048576;
    return { app: mb(window.__wasm.memory.buffer.byteLength), editor: mb(editor.memory.buffer.byteLength), heap: mb(performance.memory.usedJSHeapSize) };
  });
  console.log(`${label}: memory: JS heap ${memory.heap.toFixed(1)} MB + app wasm ${memory.app.toFixed(1)} MB + chart module wasm ${memory.editor.toFixed(1)} MB = ${(memory.heap + memory.app + memory.editor).toFixed(1)} MB`);
  console.log(`${label}: charts first drawn ${firstChart} ms after ${asked ? '显示图表' : 'the ranking'}; keystroke in 单位详情 → total on screen median ${median(keys.total).toFixed(1)} ms, ` +
    `→ charts redrawn median ${median(keys.drawn).toFixed(1)} ms; ranking view with charts ${ranking.toFixed(0)} ms; ` +
    `heat map open ${heatOpen.toFixed(0)} ms (${heatScroll.rows} rows drawn), scrolled to the end ${heatScroll.ms.toFixed(0)} ms`);
  await page.close();
}

const server = await serve();
const browser = await launch();
try {
  for (const size of sizes) {
    await bench(browser, size === 'demo' ? server.url : `${server.url}?synthetic=${size}`, size);
  }
} finally {
  await browser.close();
  await server.close();
}
