// The offline single file (issue 13): `考核计分器.html`, the whole calculator in one HTML file that
// opens by double-click (file://) and fetches nothing, not even from disk. Run as a Trunk post-build
// hook after minify-js.mjs (release builds only), on the staging directory; `bash scripts/bundle`
// builds and copies it to dist/.
//
// What the file holds, in this order:
//   - a comment above <html> saying what it holds (rewritten when saved with data);
//   - a Content-Security-Policy: scripts only by the hashes of its own two inline scripts, plus
//     'wasm-unsafe-eval'; no connections, no workers, no frames, no forms;
//   - the app's styles, and a line shown until the app starts (and, should it never start — a
//     damaged or truncated file — a message saying so, in Chinese, after a few seconds);
//   - the three wasm modules gzipped and base64-encoded in non-executed <script> data blocks (the
//     app's unpacked at once; the scheme editor's and the spreadsheet module's on first use),
//     each with its unpacked size, and the saved state (`kaohe-data`, a FORMAT §3 link state as
//     JSON text; empty in the plain file);
//   - the spreadsheet module's glue (a classic script: it defines `wasm_bindgen`);
//   - one module script: the app's and the editor's glue bundled by esbuild, with the loader
//     below. It stands in for what a file cannot do: the editor's import becomes
//     `kaoheBundle.editor()`, `Worker` becomes an object that answers the app's messages on the
//     page (the module's exported `handle`), and `kaoheBundle.template()` gives the file itself
//     back to 另存为离线文件.
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NAME = '考核计分器.html';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir || process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const esbuild = await import(fileURLToPath(new URL('../tools/node_modules/esbuild/lib/main.js', import.meta.url)));
const files = await readdir(dir, { recursive: true });
const one = (re) => {
  const found = files.filter((f) => re.test(f));
  if (found.length !== 1) throw new Error(`bundle: expected one file matching ${re}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const appJs = one(/^kaohe-app-[0-9a-f]+\.js$/);
const appWasm = one(/^kaohe-app-[0-9a-f]+_bg\.wasm$/);
const css = one(/^styles-[0-9a-f]+\.css$/);
// The app's snippet, whose editor import the plugin below rewrites.
one(/^snippets\/kaohe-app-[0-9a-f]+\/inline0\.js$/);

// The loader, bundled with both glues. Errors before the app runs show in #kaohe-boot.
const loader = `
import initApp, * as app from './${appJs}';
import initEditor, * as editor from './kaohe-editor.js';
const boot = document.getElementById('kaohe-boot');
const broken = (why) => {
  boot.className = 'broken';
  boot.textContent = '无法打开：此文件已损坏或不完整（' + why + '）。请向发送人重新索取，或重新下载考核计分器离线文件。';
};
// The data blocks, read before the app starts (it takes over <body>, removing them).
const blocks = {};
for (const id of ['kaohe-app-wasm', 'kaohe-editor-wasm', 'kaohe-sheet-wasm']) {
  const el = document.getElementById(id);
  if (el) blocks[id] = { text: el.textContent, size: Number(el.dataset.size) };
}
const unpack = async (id) => {
  const el = blocks[id];
  if (!el) throw new Error('缺少 ' + id);
  const bin = atob(el.text);
  const packed = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) packed[i] = bin.charCodeAt(i);
  const out = new Uint8Array(await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  if (out.length !== el.size) throw new Error(id + ' 长度不符');
  return out;
};
const page = '<!doctype html>\\n' + document.documentElement.outerHTML;
let editorReady, sheetReady;
const sheet = () => (sheetReady ??= unpack('kaohe-sheet-wasm').then((b) => wasm_bindgen({ module_or_path: b })));
globalThis.kaoheBundle = {
  editor: () => (editorReady ??= unpack('kaohe-editor-wasm').then((b) => initEditor({ module_or_path: b })).then(() => ({ ...editor, default: async () => {} }))),
  template: () => page,
};
// The spreadsheet "worker": the same messages, answered on the page, one at a time.
globalThis.Worker = class extends EventTarget {
  constructor() {
    super();
    sheet().then(() => this.answer({ type: 'ready' }), () => this.dispatchEvent(new Event('error')));
  }
  answer(data) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  postMessage(msg) {
    sheet().then(() => new Promise((r) => setTimeout(r, 0))).then(() => this.answer(wasm_bindgen.handle(msg)), () => this.dispatchEvent(new Event('error')));
  }
};
const data = document.getElementById('kaohe-data')?.textContent.trim();
try {
  // A saved state opens as a link would (not over the address bar's own, after a reload).
  if (data && !location.hash) history.replaceState(null, '', '#' + JSON.parse(data));
  const wasm = await initApp({ module_or_path: await unpack('kaohe-app-wasm') });
  window.wasmBindings = app;
  boot.remove();
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (e) {
  broken(e && e.message ? e.message : String(e));
}
`;

const patch = {
  name: 'kaohe-offline',
  setup(build) {
    // The editor's dynamic import (a file next to the app, served) becomes the editor inside.
    build.onLoad({ filter: /snippets[\\/]kaohe-app-[0-9a-f]+[\\/]inline0\.js$/ }, async (args) => {
      const code = await readFile(args.path, 'utf8');
      const out = code.replace(/import\(new URL\([^;]*?kaohe-editor\.js[^;]*?document\.baseURI\)\.href\)/, 'globalThis.kaoheBundle.editor()');
      if (out === code) throw new Error('bundle: the editor import was not found in ' + args.path);
      return { contents: out, loader: 'js' };
    });
  },
};
const built = await esbuild.build({
  stdin: { contents: loader, resolveDir: dir, sourcefile: 'offline-loader.js', loader: 'js' },
  bundle: true, format: 'esm', minify: true, write: false, charset: 'utf8', legalComments: 'none',
  target: ['chrome100', 'firefox100'], plugins: [patch], logLevel: 'error',
});
const moduleJs = built.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1');
const sheetJs = (await readFile(join(dir, 'kaohe-worker.js'), 'utf8')).replace(/<\/(script)/gi, '<\\/$1');

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
const block = async (id, file) => {
  const raw = await readFile(join(dir, file));
  const packed = gzipSync(raw, { level: 9 }).toString('base64');
  return `<script type="application/octet-stream" id="${id}" data-size="${raw.length}">${packed}</script>\n`;
};
const csp = [
  "default-src 'none'",
  `script-src ${sha(sheetJs)} ${sha(moduleJs)} 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
const styles = await readFile(join(dir, css), 'utf8');
const html = `<!doctype html>
<html lang="zh-CN"><head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="考核计分器离线文件：示例数据">
<title>考核计分器 Kaohe</title>
<style>${styles}
#kaohe-boot { margin: 40px auto; max-width: 640px; padding: 16px 20px; color: var(--muted); font-size: 15px; }
#kaohe-boot .late { display: block; margin-top: 8px; opacity: 0; animation: kaohe-late 0s 6s forwards; }
#kaohe-boot.broken { color: var(--accent); background: var(--bad); border: 1px solid #f3b4b4; }
@keyframes kaohe-late { to { opacity: 1; } }
</style>
</head>
<body>
<div id="kaohe-boot" role="status">正在打开考核计分器…<span class="late">如果一直停在这里，此文件可能已损坏或不完整（例如下载或传送未完成）：请向发送人重新索取。</span></div>
${await block('kaohe-app-wasm', appWasm)}${await block('kaohe-editor-wasm', 'kaohe-editor_bg.wasm')}${await block('kaohe-sheet-wasm', 'kaohe-worker_bg.wasm')}<script type="application/json" id="kaohe-data"></script>
<script>${sheetJs}</script>
<script type="module">${moduleJs}</script>
</body></html>
`;
await writeFile(join(dir, NAME), html);
console.log(`bundle: ${NAME} ${html.length} bytes`);
