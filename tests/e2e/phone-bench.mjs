// A phone on a mobile network (issue 15, item 3): the demo's first screen, from navigation to the
// ranking drawn, in a 390 × 844 touch viewport with Chromium's CPU throttled 4× and the network
// emulated at 4 Mbit/s down, 100 ms round trip, against dist/ served with gzip. Not a test: it
// prints the median of 5 fresh loads and the bytes transferred.
//   node tests/e2e/phone-bench.mjs        (after `trunk build --release`)
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { launch } from './harness.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
  const file = join(DIST, path.endsWith('/') ? join(path, 'index.html') : path);
  try {
    const body = await readFile(file);
    const zipped = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store',
      ...(zipped ? { 'content-encoding': 'gzip' } : {}) });
    res.end(zipped ? gzipSync(body, { level: 9 }) : body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await launch();
const times = [];
let bytes = 0;
for (let k = 0; k < 5; k++) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 100, downloadThroughput: 4e6 / 8, uploadThroughput: 1e6 / 8 });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let transferred = 0;
  cdp.on('Network.loadingFinished', (e) => { transferred += e.encodedDataLength; });
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator('table.ranking tbody tr').first().waitFor({ timeout: 60000 });
  times.push(Date.now() - t0);
  bytes = transferred;
  await ctx.close();
}
console.log(`phone (390 × 844, CPU 4× slower, 4 Mbit/s, 100 ms RTT, gzip): demo first screen median ${median(times)} ms ` +
  `(runs ${times.join(', ')} ms); ${bytes} bytes transferred`);
await browser.close();
server.close();
