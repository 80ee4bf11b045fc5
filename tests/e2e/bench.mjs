// Speed in the browser (issue 3, item 8): from a keystroke in a cell to the updated figures on screen,
// on the demo and on a generated 500 × 50 document. Not a test: it prints medians.
//   node tests/e2e/bench.mjs        (after `trunk build --release`)
import { serve, launch } from './harness.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

async function measure(browser, url, label, runs = 21) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('table.ranking').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: '单位详情' }).click();
  await page.locator('.indicators input').first().waitFor();
  const results = await page.evaluate(async (runs) => {
    // 区域新动能 得分 (direct_scaled): every new value moves the unit's total.
    const input = [...document.querySelectorAll('.indicators input')].find((e) => e.getAttribute('aria-label').includes('区域新动能'));
    const summary = document.querySelector('.summary');
    const out = [];
    for (let k = 0; k < runs; k++) {
      const before = summary.textContent;
      const t0 = performance.now();
      input.value = String(60 + k);
      input.dispatchEvent(new InputEvent('input', { bubbles: true }));
      // The user sees the update in the first frame whose DOM shows the new total.
      let frames = 0;
      while (summary.textContent === before && frames < 240) {
        await new Promise((r) => requestAnimationFrame(() => r()));
        frames++;
      }
      const tSeen = performance.now();
      out.push({ seen: tSeen - t0, frames, changed: summary.textContent !== before });
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  }, runs);
  await page.close();
  const changed = results.filter((r) => r.changed).length;
  console.log(`${label}: keystroke → updated total on screen, median ${median(results.map((r) => r.seen)).toFixed(1)} ms ` +
    `(${median(results.map((r) => r.frames))} frame(s); ${changed}/${runs} updates seen)`);
}

const server = await serve();
const browser = await launch();
try {
  await measure(browser, server.url, 'demo (12 × 23)');
  await measure(browser, `${server.url}?synthetic=500x50`, 'synthetic 500 × 50');
} finally {
  await browser.close();
  await server.close();
}
