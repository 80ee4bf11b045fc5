// Trunk post-build hook (Trunk.toml): minifies the JavaScript of a release build with esbuild —
// Trunk's own minifier fails on wasm-bindgen's glue and leaves it as written — and rewrites the
// subresource-integrity hash of every file index.html names, so the browser still checks them.
// The app's glue shrinks from about 9.0 KB to 7.0 KB gzipped (first-load budget: 350 KB). Also
// drops two custom sections no browser reads from the app's wasm (producers, target_features), and
// the preload of the editor module's snippet (Trunk preloads every crate's snippets; the editor's
// is imported with the editor, on first use).
import { readFile, writeFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir || process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const esbuild = await import(fileURLToPath(new URL('../tools/node_modules/esbuild/lib/main.js', import.meta.url)));
const html = join(dir, 'index.html');
let page = await readFile(html, 'utf8');
// The glue files and the snippets of inline JavaScript (snippets/<crate>/inline<N>.js), by path.
for (const name of await readdir(dir, { recursive: true })) {
  if (!name.endsWith('.js')) continue;
  const file = join(dir, name);
  const { code } = await esbuild.transform(await readFile(file, 'utf8'), { minify: true, legalComments: 'none', charset: 'utf8' });
  await writeFile(file, code);
  const hash = `sha384-${createHash('sha384').update(code).digest('base64')}`;
  page = page.replace(/<link[^>]*>/g, (tag) => (tag.includes(`/${name}`)
    ? tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${hash}$1`)
    : tag));
}
// The wasm modules without the `producers` and `target_features` custom sections.
const rehash = (name, bytes) => {
  const hash = `sha384-${createHash('sha384').update(bytes).digest('base64')}`;
  page = page.replace(/<link[^>]*>/g, (tag) => (tag.includes(`/${name}`)
    ? tag.replace(/integrity=("?)sha384-[A-Za-z0-9+/=]+\1/, `integrity=$1${hash}$1`)
    : tag));
};
for (const name of await readdir(dir)) {
  if (!name.endsWith('.wasm')) continue;
  const file = join(dir, name);
  const wasm = await readFile(file);
  const leb = (i) => { let v = 0, s = 0, b; do { b = wasm[i++]; v += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return [v, i]; };
  const keep = [wasm.subarray(0, 8)];
  for (let i = 8; i < wasm.length;) {
    const start = i;
    const [size, body] = leb(i + 1);
    i = body + size;
    if (wasm[start] === 0) {
      const [len, at] = leb(body);
      const custom = wasm.subarray(at, at + len).toString();
      if (custom === 'producers' || custom === 'target_features') continue;
    }
    keep.push(wasm.subarray(start, i));
  }
  const out = Buffer.concat(keep);
  if (out.length === wasm.length) continue;
  await writeFile(file, out);
  rehash(name, out);
}
page = page.replace(/<link[^>]*snippets\/kaohe-editor-[^>]*>/g, '');
await writeFile(html, page);
