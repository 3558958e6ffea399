// Bundles the extension (src/extension.ts -> dist/extension.js) with
// esbuild; `--tests` also bundles the unit tests (test/unit/*.test.ts ->
// out/test/*.test.js) for `node --test`.
import { build } from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tests = process.argv.includes('--tests');

if (tests) {
  const dir = join(root, 'test', 'unit');
  const entryPoints = readdirSync(dir)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(dir, f));
  rmSync(join(root, 'out', 'test'), { recursive: true, force: true });
  await build({
    entryPoints,
    outdir: join(root, 'out', 'test'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // Supplied by test/unit/support/fakeVscode.ts at run time.
    external: ['vscode', 'vscode-languageclient/node'],
    logLevel: 'warning',
  });
} else {
  await build({
    entryPoints: [join(root, 'src', 'extension.ts')],
    outfile: join(root, 'dist', 'extension.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    sourcemap: false,
    legalComments: 'external',
    logLevel: 'warning',
  });
}
