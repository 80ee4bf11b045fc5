import { serve, launch } from './harness.mjs';
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const size = process.argv[2] ?? '2000x100';
const server = await serve();
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const t0 = Date.now();
  await page.goto(`${server.url}?synthetic=${size}`);
  await page.locator('table.ranking').waitFor({ timeout: 120000 });
  console.log('first render', Date.now() - t0, 'ms');
  const mem = await page.evaluate(() => performance.memory && performance.memory.usedJSHeapSize);
  console.log('heap', mem);
  const t1 = Date.now();
  await page.getByRole('button', { name: '单位详情' }).click();
  await page.locator('.indicators input').first().waitFor({ timeout: 120000 });
  console.log('open unit view', Date.now() - t1, 'ms');
  const times = await page.evaluate(async () => {
    const input = document.querySelector('.indicators input');
    const summary = document.querySelector('.summary');
    const out = [];
    for (let k = 0; k < 7; k++) {
      const before = summary.textContent; const t0 = performance.now();
      input.value = String(60 + k); input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      let f = 0; while (summary.textContent === before && f < 600) { await new Promise((r) => requestAnimationFrame(r)); f++; }
      out.push(performance.now() - t0);
    }
    return out;
  });
  console.log('unit keystroke', times.map((x) => x.toFixed(0)).join(' '), 'median', median(times).toFixed(0));
} finally { await browser.close(); await server.close(); }
