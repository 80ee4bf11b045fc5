// Safe redeploys (issue 12, item 6): the scheme editor's and the spreadsheet worker's files carry a
// content hash in their names, which the page names for the app, so a browser never pairs a new
// app with an old editor or worker from its cache. Checked on the built dist/ and on the hook
// itself, run as two builds would run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, readdir, mkdtemp, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const HOOK = fileURLToPath(new URL('../../scripts/hash-modules.mjs', import.meta.url));

test('the built page names hashed editor and worker files that exist, and nothing unhashed is left', async () => {
  const page = await readFile(join(DIST, 'index.html'), 'utf8');
  const editor = page.match(/<meta name=kaohe-editor content=\.\/(kaohe-editor-[0-9a-f]{16}\.js)>/)[1];
  const worker = page.match(/<meta name=kaohe-worker content=\.\/(kaohe-worker-[0-9a-f]{16}_loader\.js)>/)[1];
  assert.ok(existsSync(join(DIST, editor)) && existsSync(join(DIST, worker)));
  const glue = await readFile(join(DIST, editor), 'utf8');
  for (const named of glue.match(/kaohe-editor-[0-9a-f]{16}_bg\.wasm|snippets\/kaohe-editor-[0-9a-f]+\/inline0-[0-9a-f]{16}\.js/g)) {
    assert.ok(existsSync(join(DIST, named)), named);
  }
  const loader = await readFile(join(DIST, worker), 'utf8');
  for (const named of loader.match(/kaohe-worker-[0-9a-f]{16}(?:_bg\.wasm|\.js)/g)) assert.ok(existsSync(join(DIST, named)), named);
  const files = await readdir(DIST);
  for (const old of ['kaohe-editor.js', 'kaohe-editor_bg.wasm', 'kaohe-worker.js', 'kaohe-worker_bg.wasm', 'kaohe-worker_loader.js']) {
    assert.ok(!files.includes(old), old);
  }
});

/** A staging directory as Trunk leaves it before the hook, with these module contents. */
async function staging(editorWasm, workerWasm) {
  const dir = await mkdtemp(join(tmpdir(), 'kaohe-stage-'));
  await mkdir(join(dir, 'snippets', 'kaohe-editor-0123abcd'), { recursive: true });
  await writeFile(join(dir, 'snippets', 'kaohe-editor-0123abcd', 'inline0.js'), 'export function f() {}');
  await writeFile(join(dir, 'kaohe-editor.js'), "import './snippets/kaohe-editor-0123abcd/inline0.js'; new URL('kaohe-editor_bg.wasm', import.meta.url);");
  await writeFile(join(dir, 'kaohe-editor_bg.wasm'), editorWasm);
  await writeFile(join(dir, 'kaohe-worker.js'), 'let wasm_bindgen;');
  await writeFile(join(dir, 'kaohe-worker_bg.wasm'), workerWasm);
  await writeFile(join(dir, 'kaohe-worker_loader.js'), 'importScripts("./kaohe-worker.js"),wasm_bindgen("./kaohe-worker_bg.wasm");');
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  return dir;
}

async function build(editorWasm, workerWasm) {
  const dir = await staging(editorWasm, workerWasm);
  execFileSync(process.execPath, [HOOK, dir]);
  const page = await readFile(join(dir, 'index.html'), 'utf8');
  return {
    editor: page.match(/kaohe-editor content=\.\/(kaohe-editor-[0-9a-f]{16})\.js/)[1],
    worker: page.match(/kaohe-worker content=\.\/(kaohe-worker-[0-9a-f]{16})_loader\.js/)[1],
    dir,
  };
}

test('two builds: the same modules keep their names; a changed editor gets a new name, the worker keeps its own', async () => {
  const a = await build('editor v1', 'worker v1');
  const b = await build('editor v1', 'worker v1');
  assert.deepEqual([a.editor, a.worker], [b.editor, b.worker]);
  const c = await build('editor v2', 'worker v1');
  assert.notEqual(c.editor, a.editor);
  assert.equal(c.worker, a.worker);
  const d = await build('editor v2', 'worker v2');
  assert.notEqual(d.worker, c.worker);
  // The renamed glue names the renamed wasm and snippet; the loader its renamed files.
  const glue = await readFile(join(c.dir, `${c.editor}.js`), 'utf8');
  assert.ok(glue.includes(`${c.editor}_bg.wasm`) && /inline0-[0-9a-f]{16}\.js/.test(glue), glue);
  const loader = await readFile(join(d.dir, `${d.worker}_loader.js`), 'utf8');
  assert.equal(loader, `importScripts("./${d.worker}.js"),wasm_bindgen("./${d.worker}_bg.wasm");`);
});
