// Screenshots of the 目标测算 panel (for looking at it, not a test): node tests/e2e/shot-seek.mjs OUTDIR
import { serve, launch, openApp } from './harness.mjs';
const out = process.argv[2] ?? '/tmp';
const server = await serve();
const browser = await launch();
for (const lang of ['zh', 'en']) {
  const p = await openApp(browser, server.url, { height: 1400 });
  if (lang === 'en') await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('button', { name: '柳河镇' }).click();
  await p.locator('.seek select').selectOption('rank:1');
  await p.locator('.seek button.primary').click();
  await p.locator('.seek-answer').waitFor();
  for (const d of await p.locator('.seek details').all()) await d.evaluate((e) => { e.open = true; });
  await p.locator('.seek').screenshot({ path: `${out}/seek-${lang}.png` });
  await p.locator('.seek select').selectOption('award:二等奖');
  await p.locator('.seek button.primary').click();
  await p.locator('.seek-single').waitFor();
  await p.locator('.seek').screenshot({ path: `${out}/seek-award-${lang}.png` });
  await p.close();
}
await browser.close();
await server.close();
