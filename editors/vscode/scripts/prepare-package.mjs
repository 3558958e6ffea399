// Copies what the .vsix ships besides the bundle:
//  - schemas/aisrm-inventory.schema.json from the repository's schemas/
//    (required: package.json's yamlValidation points at it);
//  - optionally the server binary, when AISRM_BUNDLE_SERVER names one:
//    it is copied to server/aisrm and used when neither the
//    `aisrm.server.path` setting nor PATH provides one.
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = resolve(root, '..', '..');
const schemaSource = process.env.AISRM_SCHEMA ?? join(repo, 'schemas', 'aisrm-inventory.schema.json');

if (!existsSync(schemaSource)) {
  console.error(`prepare-package: ${schemaSource} does not exist; the extension's yamlValidation needs it.`);
  process.exit(1);
}
mkdirSync(join(root, 'schemas'), { recursive: true });
copyFileSync(schemaSource, join(root, 'schemas', 'aisrm-inventory.schema.json'));
console.log(`prepare-package: copied ${schemaSource}`);

const serverDir = join(root, 'server');
rmSync(serverDir, { recursive: true, force: true });
const bundled = process.env.AISRM_BUNDLE_SERVER;
if (bundled) {
  if (!existsSync(bundled)) {
    console.error(`prepare-package: AISRM_BUNDLE_SERVER=${bundled} does not exist.`);
    process.exit(1);
  }
  mkdirSync(serverDir, { recursive: true });
  const target = join(serverDir, process.platform === 'win32' ? 'aisrm.exe' : 'aisrm');
  copyFileSync(bundled, target);
  chmodSync(target, 0o755);
  console.log(`prepare-package: bundled the server from ${bundled}`);
} else {
  console.log('prepare-package: no server bundled (set AISRM_BUNDLE_SERVER to include one)');
}
