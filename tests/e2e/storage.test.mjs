// Nothing lost (issue 4, item 4): the working state survives a reload, opening someone's link keeps
// one's own work as a named scenario, named scenarios can be saved, opened and deleted, and a browser
// that refuses storage gets a message, not a crash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, rowText } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function editJinhe(p) {
  await p.getByRole('button', { name: '金禾镇' }).click();
  await p.getByLabel('金禾镇 安全生产 一般生产安全事故（起）').fill('0');
  await p.waitForURL(/accidents=0/);
  await p.getByRole('button', { name: '← 返回排名' }).click();
}

test('a visit without a link restores the work saved in this browser', async () => {
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(server.url);
  await editJinhe(p);
  await p.goto(`${server.url}?again`); // a plain visit: no fragment
  await p.locator('table.ranking').waitFor();
  assert.match(await rowText(p, '金禾镇'), / 80\.33 \+1\.00 /);
  await c.close();
});

test("opening someone's link keeps one's own work as a named scenario", async () => {
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(server.url);
  await editJinhe(p);
  // A colleague's link: 城东街道 vetoed.
  await p.goto(`${server.url}?link#k1-p.demo-2023.U01._veto=1&view=ranking`);
  await p.locator('table.ranking').waitFor();
  assert.match(await rowText(p, '城东街道'), /一票否决/);
  assert.match(await rowText(p, '金禾镇'), / 79\.33 /);
  await p.getByText(/已保存的情景（1）/).click();
  await p.getByRole('button', { name: '打开 打开链接前的工作' }).click();
  assert.match(await rowText(p, '金禾镇'), / 80\.33 \+1\.00 /);
  assert.doesNotMatch(await rowText(p, '城东街道'), /一票否决/);
  await c.close();
});

test('named scenarios: save, switch, delete', async () => {
  const c = await browser.newContext();
  const p = await c.newPage();
  await p.goto(server.url);
  await editJinhe(p);
  await p.getByText(/已保存的情景/).click();
  await p.getByLabel('情景名称').fill('金禾无事故');
  await p.getByRole('button', { name: '保存当前情景' }).click();
  await p.getByRole('button', { name: '全部恢复' }).click();
  assert.match(await rowText(p, '金禾镇'), / 79\.33 /);
  await p.getByRole('button', { name: '打开 金禾无事故' }).click();
  assert.match(await rowText(p, '金禾镇'), / 80\.33 /);
  await p.getByRole('button', { name: '删除 金禾无事故' }).click();
  await p.getByText(/已保存的情景（0）/).waitFor();
  // Still gone after a reload.
  await p.reload();
  await p.getByText(/已保存的情景（0）/).waitFor();
  await c.close();
});

test('a browser that refuses storage gets a message, and the calculator still works', async () => {
  const c = await browser.newContext();
  await c.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
  });
  const p = await c.newPage();
  await p.goto(server.url);
  await p.getByRole('alert').filter({ hasText: '本浏览器无法保存数据' }).waitFor();
  await editJinhe(p);
  assert.match(await rowText(p, '金禾镇'), / 80\.33 \+1\.00 /);
  await c.close();
});
