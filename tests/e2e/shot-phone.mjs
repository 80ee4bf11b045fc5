// Screenshots of the phone layout (for looking at it, not a test): node tests/e2e/shot-phone.mjs OUTDIR
import { serve, launch } from './harness.mjs';
const out = process.argv[2] ?? '/tmp';
const server = await serve();
const browser = await launch();
for (const [w, h] of [[390, 844], [360, 740]]) {
  for (const lang of ['zh', 'en']) {
    const ctx = await browser.newContext({ viewport: { width: w, height: h }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    const p = await ctx.newPage();
    await p.goto(`${server.url}#k1-p.demo-2023.U08.S1.accidents=0&view=ranking`);
    await p.locator('table.ranking').waitFor();
    if (lang === 'en') { await p.getByRole('button', { name: '更多' }).tap(); await p.getByRole('button', { name: 'English' }).tap(); }
    await p.screenshot({ path: `${out}/phone-${w}-${lang}-ranking.png` });
    await p.locator('table.ranking tbody tr').nth(7).locator('td.c-total').tap();
    await p.locator('.indicators').waitFor();
    await p.screenshot({ path: `${out}/phone-${w}-${lang}-unit.png` });
    await p.mouse.wheel(0, 1400);
    await p.waitForTimeout(200);
    await p.screenshot({ path: `${out}/phone-${w}-${lang}-unit-scrolled.png` });
    await p.getByRole('button', { name: lang === 'en' ? 'More' : '更多' }).tap();
    await p.screenshot({ path: `${out}/phone-${w}-${lang}-menu.png` });
    await ctx.close();
  }
}
await browser.close(); await server.close();
