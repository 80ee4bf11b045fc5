// Trunk post-build hook (release builds; after minify-js.mjs and bundle.mjs): gives the scheme
// editor's and the spreadsheet worker's files a content hash in their names, as Trunk does for the
// app's own, so that after a redeployment a browser never pairs a new app with an old editor or
// worker from its cache (issue 12, item 6). The page names them for the app:
// `<meta name="kaohe-editor" content="./kaohe-editor-<hash>.js">` and `<meta name="kaohe-worker" …>`.
//   kaohe-editor.js, kaohe-editor_bg.wasm, snippets/kaohe-editor-*/inline0.js
//     → kaohe-editor-<h>.js, kaohe-editor-<h>_bg.wasm, snippets/kaohe-editor-*/inline0-<h>.js
//   kaohe-worker_loader.js, kaohe-worker.js, kaohe-worker_bg.wasm
//     → kaohe-worker-<h>_loader.js, kaohe-worker-<h>.js, kaohe-worker-<h>_bg.wasm
// <h> is the first 16 hex digits of the SHA-256 of the module's files together, so two builds
// give the same names exactly when they give the same files.
// Also usable on any directory: `node scripts/hash-modules.mjs DIR` (the tests do).
import { readFile, writeFile, readdir, rename, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir || (!process.argv[2] && process.env.TRUNK_PROFILE !== 'release')) process.exit(0);

const files = await readdir(dir, { recursive: true });
const digest = (...parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex').slice(0, 16);
};
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The editor: its glue names its wasm and its snippet; the hash covers all three.
const snippet = files.find((f) => /^snippets\/kaohe-editor-[0-9a-f]+\/inline0\.js$/.test(f));
let glue = await readFile(join(dir, 'kaohe-editor.js'), 'utf8');
const wasm = await readFile(join(dir, 'kaohe-editor_bg.wasm'));
const snippetCode = snippet ? await readFile(join(dir, snippet)) : Buffer.alloc(0);
const e = digest(glue, wasm, snippetCode);
glue = glue.replace(/kaohe-editor_bg\.wasm/g, `kaohe-editor-${e}_bg.wasm`);
if (snippet) {
  const hashed = snippet.replace(/inline0\.js$/, `inline0-${e}.js`);
  glue = glue.replace(new RegExp(escape(`./${snippet}`), 'g'), `./${hashed}`);
  await rename(join(dir, snippet), join(dir, hashed));
}
await writeFile(join(dir, `kaohe-editor-${e}.js`), glue);
await rename(join(dir, 'kaohe-editor_bg.wasm'), join(dir, `kaohe-editor-${e}_bg.wasm`));

// The worker: the loader names the glue and the wasm.
const wglue = await readFile(join(dir, 'kaohe-worker.js'));
const wwasm = await readFile(join(dir, 'kaohe-worker_bg.wasm'));
let loader = await readFile(join(dir, 'kaohe-worker_loader.js'), 'utf8');
const w = digest(wglue, wwasm, loader);
loader = loader.replace('./kaohe-worker.js', `./kaohe-worker-${w}.js`).replace('./kaohe-worker_bg.wasm', `./kaohe-worker-${w}_bg.wasm`);
if (!loader.includes(w)) throw new Error('hash-modules: the worker loader did not name its files as expected');
await writeFile(join(dir, `kaohe-worker-${w}_loader.js`), loader);
await rename(join(dir, 'kaohe-worker.js'), join(dir, `kaohe-worker-${w}.js`));
await rename(join(dir, 'kaohe-worker_bg.wasm'), join(dir, `kaohe-worker-${w}_bg.wasm`));

// The unhashed names are gone; the page names the hashed ones.
await unlink(join(dir, 'kaohe-editor.js'));
await unlink(join(dir, 'kaohe-worker_loader.js'));
const html = join(dir, 'index.html');
const page = (await readFile(html, 'utf8')).replace(/<meta name=kaohe-(editor|worker)[^>]*>/g, '');
const meta = `<meta name=kaohe-editor content=./kaohe-editor-${e}.js><meta name=kaohe-worker content=./kaohe-worker-${w}_loader.js>`;
if (!/<title>/.test(page)) throw new Error('hash-modules: no <title> in index.html');
await writeFile(html, page.replace(/<title>/, `${meta}<title>`));
console.log(`hash-modules: kaohe-editor-${e}, kaohe-worker-${w}`);
