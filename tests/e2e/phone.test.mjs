// 手机上打开 (issue 15): a shared link opened on a phone reads well and can be what-iffed with a thumb.
// Chromium's phone emulation (touch on) at 390 × 844 and 360 × 740.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const SIZES = [{ width: 390, height: 844 }, { width: 360, height: 740 }];
// The demo with one edit (金禾镇 no accidents: S1 4 − (0 + 2 × 0.5) = 3 instead of 2, +1.00 → 80.33),
// opened on 金禾镇's unit view.
const LINK = '#k1-p.demo-2023.U08.S1.accidents=0&view=unit.U08';

async function phone(viewport, hash = LINK, init) {
  const ctx = await browser.newContext({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  if (init) await ctx.addInitScript(init);
  const page = await ctx.newPage();
  await page.goto(server.url + hash);
  await page.locator('main section').first().waitFor();
  return { page, close: () => ctx.close() };
}

const noSideScroll = (p) => p.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);

for (const size of SIZES) {
  test(`${size.width} × ${size.height}: the link opens the unit view; ranking, tap, type, 更多`, async () => {
    const { page: p, close } = await phone(size);
    // The unit view of 金禾镇 with the edit: 80.33, pinned at the top.
    await p.locator('.summary', { hasText: '80.33' }).waitFor();
    let [sw, iw] = await noSideScroll(p);
    assert.ok(sw <= iw, `unit view: page ${sw} px wide on a ${iw} px screen`);
    // Back to the ranking: one compact row per unit, names on one line, no sideways page scroll.
    await p.getByRole('button', { name: '← 返回排名' }).tap();
    await p.locator('table.ranking').waitFor();
    // (The charts above the table come a moment later: wait for them before tapping rows.)
    await p.locator('.chart-rank svg').waitFor();
    [sw, iw] = await noSideScroll(p);
    assert.ok(sw <= iw, `ranking: page ${sw} px wide on a ${iw} px screen`);
    const tall = await p.locator('table.ranking tbody button.link').evaluateAll((els) => els
      .map((e) => ({ name: e.textContent, h: e.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(e).lineHeight) }))
      .filter((x) => !(x.h <= 1.5 * x.lh)));
    assert.deepEqual(tall, [], 'every unit name on one line');
    // The rank, the total with its change and the award are on screen in each row.
    const row = await p.locator('table.ranking tbody tr', { hasText: '金禾镇' }).boundingBox();
    assert.ok(row.height < 90, `row height ${row.height}`);
    // 突出单位 names on tap, not hover: tapping 城东街道's first ★ shows its name.
    const star = p.locator('table.ranking tbody tr', { hasText: '城东街道' }).locator('.badge.rec').first();
    await star.scrollIntoViewIfNeeded();
    await star.tap();
    const shownName = await star.evaluate((e) => getComputedStyle(e, '::after').content);
    assert.match(shownName, /突出单位/);
    // Tap 柳河镇's row (not its name): its unit view.
    const liuhe = p.locator('table.ranking tbody tr', { hasText: '柳河镇' }).locator('td.total');
    // (Scrolled to the middle of the screen: the star's name shows at its bottom.)
    await liuhe.evaluate((e) => e.scrollIntoView({ block: 'center' }));
    await liuhe.tap();
    await p.locator('#unit-title', { hasText: '柳河镇' }).waitFor();
    // Scroll to the last card, type with the keyboard: the pinned total follows.
    const cell = p.getByLabel('柳河镇 通报批评扣分 市级通报批评（次）');
    await cell.scrollIntoViewIfNeeded();
    await cell.tap();
    await cell.selectText();
    await p.keyboard.type('2');
    // X2 city 0 → 2: 2 × 0.5 = 1 point deducted: 77.57 → 76.57.
    const pinned = p.locator('.summary');
    await pinned.filter({ hasText: '76.57' }).waitFor();
    const box = await pinned.boundingBox();
    assert.ok(box.y >= -1 && box.y < 120, `the pinned total is at the top (y = ${box.y})`);
    // Inputs: numeric keypad with a decimal point, 16 px text (no zoom on focus), 40 px tall targets.
    assert.equal(await cell.getAttribute('inputmode'), 'decimal');
    const st = await cell.evaluate((e) => [parseFloat(getComputedStyle(e).fontSize), e.getBoundingClientRect().height]);
    assert.ok(st[0] >= 16 && st[1] >= 40, `input font ${st[0]} px, height ${st[1]} px`);
    // The header's 更多 menu reaches 复制链接 and English.
    await p.getByRole('button', { name: '更多' }).tap();
    await assert.doesNotReject(p.getByRole('button', { name: '复制链接' }).tap());
    await p.getByRole('button', { name: '更多' }).tap();
    await p.getByRole('button', { name: 'English' }).tap();
    await p.getByRole('heading', { name: 'Goal seek' }).waitFor();
    // Undo as an icon still has its name.
    const undo = p.getByRole('button', { name: 'Undo' });
    const ub = await undo.boundingBox();
    assert.ok(ub.width >= 40 && ub.height >= 40, `undo ${ub.width} × ${ub.height}`);
    await close();
  });
}

test('the input grid and the scheme editor scroll inside themselves and say 建议在电脑上编辑 once', async () => {
  const { page: p, close } = await phone(SIZES[0], '#k1-p.demo-2023.&view=grid');
  await p.locator('.grid-wrap').waitFor();
  assert.equal(await p.getByText('建议在电脑上编辑').count(), 1);
  const [sw, iw] = await noSideScroll(p);
  assert.ok(sw <= iw, `grid: page ${sw} px wide on a ${iw} px screen`);
  await p.getByRole('button', { name: '考核方案' }).tap();
  await p.locator('#scheme-editor-host input').first().waitFor();
  assert.equal(await p.getByText('建议在电脑上编辑').count(), 1);
  const [sw2, iw2] = await noSideScroll(p);
  assert.ok(sw2 <= iw2, `scheme editor: page ${sw2} px wide on a ${iw2} px screen`);
  await close();
});

test('a link whose fragment a messenger percent-encoded once more opens the same scenario', async () => {
  const { page: p, close } = await phone(SIZES[0], '#k1-p.demo-2023.U08.S1.accidents%3D0%26view%3Dunit.U08');
  await p.locator('.summary', { hasText: '80.33' }).waitFor();
  assert.match(await p.locator('#unit-title').innerText(), /金禾镇/);
  assert.equal(await p.locator('.link-error').count(), 0);
  await close();
});

test('without localStorage it says so once and keeps working; without clipboard the link is shown to copy', async () => {
  const { page: p, close } = await phone(SIZES[0], LINK, () => {
    Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    document.execCommand = () => false;
  });
  await p.locator('.summary', { hasText: '80.33' }).waitFor();
  assert.equal(await p.getByText('本浏览器无法保存数据').count(), 1);
  await p.getByLabel('金禾镇 安全生产 市级安全生产通报（次）').fill('0');
  // S1 notices 2 → 0: 4 − 0 = 4, +1.00 more → 81.33.
  await p.locator('.summary', { hasText: '81.33' }).waitFor();
  await p.getByRole('button', { name: '更多' }).tap();
  await p.getByRole('button', { name: '复制链接' }).tap();
  const shown = p.getByLabel('本页链接');
  await shown.waitFor();
  assert.match(await shown.inputValue(), /#k1-p\.demo-2023\..*notices=0/);
  await close();
});
