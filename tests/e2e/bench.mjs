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

/** Opens a view (its tab) and times an input in one field to the second frame after it: the time the
 * page is busy before it can paint again. `selector` finds the field, `event` is what the view hears. */
async function secondFrame(browser, url, { tab, selector, event, values }, runs = 11) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('table.ranking').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: tab }).click();
  await page.locator(selector).first().waitFor({ timeout: 120000 });
  const times = await page.evaluate(async ({ selector, event, values, runs }) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const input = document.querySelector(selector);
    const out = [];
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      input.value = values[k % values.length];
      input.dispatchEvent(event === 'input' ? new InputEvent('input', { bubbles: true }) : new Event(event, { bubbles: true }));
      await frame();
      await frame();
      out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    return out;
  }, { selector, event, values, runs });
  await page.close();
  return median(times);
}

/** 数据录入: a keystroke in a grid cell (the grid shows no totals: to the second frame). */
async function measureGrid(browser, url, label) {
  const ms = await secondFrame(browser, url, { tab: '数据录入', selector: 'table.grid input[aria-label*="区域新动能"]', event: 'input',
    values: ['60', '61', '62', '63'] });
  console.log(`${label}: keystroke in 数据录入 → second frame, median ${ms.toFixed(1)} ms`);
}

/** 考核方案: a change in a scheme field (一等奖 名额 3 ↔ 4: every award re-assigned), scored by the app. */
async function measureEditor(browser, url, label) {
  const ms = await secondFrame(browser, url, { tab: '考核方案', selector: '#scheme-editor-host input[aria-label="奖项 一等奖 名额"]',
    event: 'change', values: ['4', '3'] });
  console.log(`${label}: a change in 考核方案 → second frame, median ${ms.toFixed(1)} ms`);
}

/** 目标测算 (issue 10): from pressing 测算 to the answer on screen, and a keystroke while it runs. */
async function measureSeek(browser, url, label, runs = 5) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.locator('table.ranking').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: '单位详情' }).click();
  // The panel loads with its module on first use (timed separately below).
  const t0 = Date.now();
  await page.getByRole('button', { name: '打开目标测算' }).click();
  await page.locator('.seek select').waitFor();
  const loaded = Date.now() - t0;
  const results = await page.evaluate(async (runs) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const input = [...document.querySelectorAll('.indicators input')].find((e) => e.getAttribute('aria-label').includes('区域新动能'));
    const summary = () => document.querySelector('.summary').textContent;
    let v = 50;
    const type = () => { input.value = String(v++); input.dispatchEvent(new InputEvent('input', { bubbles: true })); };
    const until = async (f) => { const t0 = performance.now(); while (!f() && performance.now() - t0 < 60000) await frame(); };
    const out = [];
    for (let k = 0; k < runs; k++) {
      // A fresh scenario (the last answer is out of date), then 测算 → the answer on screen.
      type();
      await until(() => !document.querySelector('.seek-answer'));
      let t0 = performance.now();
      document.querySelector('.seek button.primary').click();
      await until(() => document.querySelector('.seek-answer'));
      const seek = performance.now() - t0;
      // Again, with a keystroke 20 ms into the run: its total on screen while the seek goes on.
      type();
      await until(() => !document.querySelector('.seek-answer'));
      document.querySelector('.seek button.primary').click();
      await new Promise((r) => setTimeout(r, 20));
      const running = !!document.querySelector('.seek progress');
      const before = summary();
      t0 = performance.now();
      type();
      await until(() => summary() !== before);
      const key = performance.now() - t0;
      await until(() => !document.querySelector('.seek progress'));
      out.push({ seek, key, running });
    }
    return out;
  }, runs);
  await page.close();
  const during = results.filter((r) => r.running).length;
  console.log(`${label}: 打开目标测算 → panel ready (module loaded from loopback) ${loaded} ms; 目标测算 press → answer on screen, median ${median(results.map((r) => r.seek)).toFixed(0)} ms; ` +
    `a keystroke during a run → its total on screen, median ${median(results.map((r) => r.key)).toFixed(0)} ms ` +
    `(${during}/${runs} keystrokes landed while the seek was still running)`);
}

const server = await serve();
const browser = await launch();
try {
  await measure(browser, server.url, 'demo (12 × 23)');
  await measure(browser, `${server.url}?synthetic=500x50`, 'synthetic 500 × 50');
  await measureGrid(browser, server.url, 'demo (12 × 23)');
  await measureGrid(browser, `${server.url}?synthetic=500x50`, 'synthetic 500 × 50');
  await measureEditor(browser, server.url, 'demo (12 × 23)');
  await measureEditor(browser, `${server.url}?synthetic=500x50`, 'synthetic 500 × 50');
  await measureSeek(browser, server.url, 'demo (12 × 23)');
  await measureSeek(browser, `${server.url}?synthetic=500x50`, 'synthetic 500 × 50');
} finally {
  await browser.close();
  await server.close();
}
