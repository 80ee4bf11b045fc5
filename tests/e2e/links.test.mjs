// Share links (issue 4, items 1–3 and 6): the address bar always holds the state; a link opens the
// exact scenario and view in a fresh browser; a bad link says why and keeps the current state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, rowText } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const ranking = async (p) => (await p.locator('table.ranking tbody').innerText()).replace(/\s+/g, ' ');

test('edit, copy the address, open it in a fresh browser: same inputs, scores, ranks and view', async () => {
  const a = await browser.newContext();
  const p = await a.newPage();
  await p.goto(server.url);
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 安全生产 一般生产安全事故（起）').fill('0');
  await p.getByLabel('金禾镇 安全生产 市级安全生产通报（次）').fill('0');
  await p.getByLabel('金禾镇 固定资产投资 实际完成').fill('25,000');
  // The address bar holds the state right after the edit (fragment only, never the query).
  await p.waitForURL(/E5\.actual=25000/);
  const link = p.url();
  assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#k1-p\.demo-2023\.U08\.E5\.actual=25000~U08\.S1\.accidents=0~U08\.S1\.notices=0&view=unit\.U08$/);
  await p.getByRole('button', { name: '← 返回排名' }).click();
  const expected = await ranking(p);
  await p.getByRole('button', { name: '金禾镇' }).click();

  const b = await browser.newContext();
  const q = await b.newPage();
  await q.goto(link);
  await q.getByRole('heading', { name: '金禾镇' }).waitFor();
  assert.equal(await q.getByLabel('金禾镇 固定资产投资 实际完成').inputValue(), '25000');
  assert.match(await q.locator('.summary').innerText(), /总分 84\.92/);
  await q.getByRole('button', { name: '← 返回排名' }).click();
  assert.equal(await ranking(q), expected);
  await a.close();
  await b.close();
});

test('a damaged link pasted into an open tab shows a message and keeps the current state', async () => {
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(`${server.url}#k1-p.demo-2023.U08.S1.accidents=0&view=ranking`);
  await p.locator('table.ranking').waitFor();
  const before = await ranking(p);
  assert.match(await rowText(p, '金禾镇'), / 80\.33 \+1\.00 /);
  await p.evaluate(() => { location.hash = 'k1-p.demo-2023.U08.E5.act'; });
  await p.getByRole('alert').filter({ hasText: '链接已损坏或不完整' }).waitFor();
  assert.equal(await ranking(p), before);
  await c.close();
});

test('a link from a later version opens the demo with a message', async () => {
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(`${server.url}#k7-p.demo-2023.&view=ranking`);
  await p.getByRole('alert').filter({ hasText: '更新版本' }).waitFor();
  assert.match(await rowText(p, '金禾镇'), /^8 金禾镇 .* 79\.33 二等奖/);
  await c.close();
});

test('复制链接 copies the address and says so', async () => {
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(server.url);
  await p.locator('table.ranking').waitFor();
  await p.getByRole('button', { name: '复制链接' }).click();
  await p.getByRole('status').filter({ hasText: '已复制链接' }).waitFor();
  await p.waitForURL(/#k1-p\.demo-2023\.&view=ranking$/);
  await c.close();
});
