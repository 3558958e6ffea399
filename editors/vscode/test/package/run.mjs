// Packaging as a publisher does: plain `vsce package` (no npm script) from a
// tree without build outputs must build the extension itself
// (`vscode:prepublish`) and ship the bundle, the schema and the grammar,
// nothing of the sources. Exit code 1 with what is wrong otherwise.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
for (const output of ['dist', 'schemas', 'server']) {
  rmSync(join(root, output), { recursive: true, force: true });
}
const out = join(mkdtempSync(join(tmpdir(), 'aisrm-vsix-')), 'aisrm.vsix');
const vsce = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
execFileSync(vsce, ['package', '--no-dependencies', '--out', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

const entries = zipEntries(readFileSync(out));
const problems = [];
for (const needed of [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/schemas/aisrm-inventory.schema.json',
  'extension/syntaxes/aisrm-markdown-injection.tmLanguage.json',
]) {
  if (!entries.includes(needed)) {
    problems.push(`missing ${needed}`);
  }
}
for (const name of entries) {
  if (/^extension\/(src|test|node_modules|scripts)\//.test(name) || name.endsWith('.ts')) {
    problems.push(`ships ${name}`);
  }
}
rmSync(dirname(out), { recursive: true, force: true });
if (problems.length > 0) {
  console.error(`vsce package: ${problems.join('; ')}\nentries: ${entries.join(', ')}`);
  process.exit(1);
}
console.log(`vsce package: ${entries.length} entries, bundle and schema included`);

/** The file names of a zip archive, from its central directory. */
function zipEntries(zip) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}
