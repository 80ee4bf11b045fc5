// Embedding (issue 4, items 5–6): the intranet example page embeds the app, sends set-inputs and
// shows the results it receives; messages from anything but the parent, or another origin, are ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const row = async (p, unit) => (await p.locator(`#results tr[data-unit="${unit}"]`).innerText()).replace(/\s+/g, ' ').trim();

test('the intranet example embeds the app, sends set-inputs and shows matching results', async () => {
  const p = await browser.newPage();
  await p.goto(`${server.url}examples/intranet.html`);
  await p.locator('#status', { hasText: '已收到计分结果（12 个单位）' }).waitFor();
  assert.equal(await row(p, 'U08'), '8 金禾镇 79.33 二等奖');
  // The embedded app is compact: no title bar.
  const frame = p.frameLocator('#kaohe');
  assert.equal(await frame.locator('header').count(), 0);
  // 金禾镇 meets its investment target: E5 6 × 1 = 6 (+3.59) → 82.92, 6th.
  await p.getByRole('button', { name: '发送到计算器' }).click();
  await p.locator('#results tr[data-unit="U08"]', { hasText: '82.92' }).waitFor();
  assert.equal(await row(p, 'U08'), '6 金禾镇 82.92 二等奖');
  // The same figures in the embedded app itself.
  assert.match((await frame.locator('table.ranking tbody tr', { hasText: '金禾镇' }).innerText()).replace(/\s+/g, ' '), /^6 ▲2 金禾镇 .* 82\.92 \+3\.59/);
  // A bad message gets an error reply.
  await p.fill('#unit', 'U99');
  await p.getByRole('button', { name: '发送到计算器' }).click();
  await p.locator('#status', { hasText: '计算器报告错误：unknown unit U99' }).waitFor();
  // The iframe was resized to the app's height.
  assert.notEqual(await p.locator('#kaohe').evaluate((f) => f.style.height), '600px');
  await p.close();
});

test('messages not from the parent, or from another origin, are ignored', async () => {
  const p = await browser.newPage();
  await p.goto(`${server.url}examples/intranet.html`);
  await p.locator('#status', { hasText: '已收到计分结果' }).waitFor();
  const app = p.frames().find((f) => f.url().includes('embed=1'));
  // From the app's own window (not its parent): ignored.
  await app.evaluate(() => window.postMessage({ type: 'kaohe:set-inputs', inputs: { U08: { E5: { actual: 25000 } } } }, '*'));
  await p.waitForTimeout(300);
  assert.equal(await row(p, 'U08'), '8 金禾镇 79.33 二等奖');
  await p.close();

  // The app told to hear only another origin ignores the real parent.
  const q = await browser.newPage();
  await q.goto(`${server.url}examples/intranet.html`);
  await q.locator('#status', { hasText: '已收到计分结果' }).waitFor();
  await q.evaluate(() => {
    const f = document.getElementById('kaohe');
    f.src = f.src.replace(/origin=[^&]*/, 'origin=' + encodeURIComponent('http://portal.example'));
  });
  await q.waitForTimeout(1500);
  const app2 = q.frames().find((f) => f.url().includes('portal.example'));
  assert.ok(app2, 'the app reloaded with the other origin');
  await q.evaluate(() => document.getElementById('kaohe').contentWindow.postMessage(
    { type: 'kaohe:set-inputs', inputs: { U08: { E5: { actual: 25000 } } } }, '*'));
  await q.waitForTimeout(300);
  const text = (await app2.locator('table.ranking tbody tr', { hasText: '金禾镇' }).innerText()).replace(/\s+/g, ' ');
  assert.match(text, / 79\.33 /);
  await q.close();
});
