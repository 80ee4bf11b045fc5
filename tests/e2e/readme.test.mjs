// Every `cargo run … kaohe …` line of the README runs as written from the checkout root (issue 10:
// `cargo run --release --bin kaohe -- score` once failed there and nothing caught it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
// Lines of ```sh blocks that run the CLI, without their trailing comments.
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
const lines = blocks.flatMap((b) => b.split('\n')).filter((l) => /cargo run .*--bin kaohe/.test(l))
  .map((l) => l.replace(/\s+#.*$/, '').trim());

test('the README shows the command-line examples', () => {
  assert.ok(lines.length >= 6, `found ${lines.length}`);
  assert.ok(lines.some((l) => l.includes(' seek ')));
});

for (const line of lines) {
  test(`README: ${line}`, () => {
    const out = execSync(line, { cwd: ROOT, shell: '/bin/bash', encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 900_000 });
    assert.ok(out.trim().length > 0, 'prints something');
    if (line.includes('--format json')) JSON.parse(out);
    if (line.includes('seek') && !line.includes('json')) assert.match(out, /53471\.88/);
    if (/ score( |$)/.test(line) && !line.includes('--help')) assert.match(out, /金禾镇/);
  });
}
