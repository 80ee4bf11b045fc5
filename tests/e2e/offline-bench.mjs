// The offline single file (issue 13): opening dist/考核计分器.html from disk in headless Chromium,
// five times in fresh profiles, each timed from navigation to the ranking's 金禾镇 row on screen.
// Not a test: it prints the times and their median (goal: 1.5 s).
//   node tests/e2e/offline-bench.mjs      (after `bash scripts/bundle` or `trunk build --release`)
import { fileURLToPath, pathToFileURL } from 'node:url';
import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { launch } from './harness.mjs';

const FILE = fileURLToPath(new URL('../../dist/考核计分器.html', import.meta.url));
const browser = await launch();
const times = [];
for (let i = 0; i < 5; i++) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const t0 = Date.now();
  await page.goto(pathToFileURL(FILE).href);
  await page.locator('table.ranking tbody tr', { hasText: '金禾镇' }).waitFor({ timeout: 30000 });
  times.push(Date.now() - t0);
  await context.close();
}
await browser.close();
const sorted = [...times].sort((a, b) => a - b);
console.log(`考核计分器.html: ${statSync(FILE).size} bytes (${gzipSync(readFileSync(FILE), { level: 9 }).length} gzipped); ` +
  `opened to the ranking in ${times.join(', ')} ms; median ${sorted[2]} ms`);
