// Serves the built app (dist/) on 127.0.0.1 and opens it in Debian's Chromium: the harness of the
// end-to-end tests. No network beyond this machine's loopback.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };

/** A static server for dist/ on a free loopback port. */
export async function serve() {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    // The app at /, the example host pages under /examples/.
    const file = path.startsWith('/examples/')
      ? join(EXAMPLES, path.slice('/examples/'.length))
      : join(DIST, path.endsWith('/') ? join(path, 'index.html') : path);
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Chromium as installed by apt, headless, with nothing that calls outside. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** A new page on the app (`path` under its address), once the ranking is drawn; `before(page)` runs
 * before it loads (to listen for requests). */
export async function openApp(browser, url, { height = 900, path = '', before } = {}) {
  const page = await browser.newPage({ viewport: { width: 1400, height }, acceptDownloads: true });
  await before?.(page);
  await page.goto(url + path);
  await page.locator('table.ranking').waitFor();
  return page;
}

/** The text of the ranking row of a unit, spaces folded. */
export async function rowText(page, unit) {
  return (await page.locator('table.ranking tbody tr', { hasText: unit }).innerText()).replace(/\s+/g, ' ').trim();
}
