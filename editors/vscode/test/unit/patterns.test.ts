import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import {
  activationEvents,
  documentSelector,
  hasAisrmFence,
  hasTopLevelAisrmKey,
  INVENTORY_GLOBS,
  isAisrmDocument,
  isDiscoveryOnly,
  isInventoryFileName,
} from '../../src/patterns';

// out/test/*.test.js -> the extension folder
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

/** Glob -> RegExp with VS Code's semantics for what the selector uses:
 * `**/` (any folders), a trailing `/**` (anything below), `*` and `?`
 * (inside one name), `{a,b}`. */
function globSource(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (glob.startsWith('**/', i)) {
      re += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      re += '.*';
      i += 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      re += '(?:' + glob.slice(i + 1, end).split(',').map(globSource).join('|') + ')';
      i = end;
    } else {
      re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return re;
}

function globToRegExp(glob: string): RegExp {
  return new RegExp('^' + globSource(glob) + '$');
}

function selectorMatches(languageId: string, path: string): boolean {
  return documentSelector().some(
    (s) =>
      s.scheme === 'file' &&
      (s.language === undefined || s.language === languageId) &&
      (s.pattern === undefined || globToRegExp(s.pattern).test(path)),
  );
}

describe('package.json', () => {
  it('declares exactly the activation events of patterns.ts', () => {
    assert.deepEqual([...pkg.activationEvents].sort(), activationEvents().sort());
  });

  it('activates on every inventory name pattern of formats.md', () => {
    for (const g of ['**/*.aisrm.yaml', '**/*.aisrm.yml', '**/ai-inventory.yaml', '**/ai-inventory.yml']) {
      assert.ok(pkg.activationEvents.includes(`workspaceContains:${g}`), g);
    }
    assert.ok(pkg.activationEvents.includes('onLanguage:yaml'));
    assert.ok(pkg.activationEvents.includes('onLanguage:markdown'));
  });

  it('gives aisrm.server.path machine scope and restricts it in untrusted workspaces', () => {
    const props = pkg.contributes.configuration.properties;
    assert.equal(props['aisrm.server.path'].scope, 'machine');
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['aisrm.server.path']);
  });

  it('mirrors the server settings', () => {
    const props = pkg.contributes.configuration.properties;
    for (const key of [
      'aisrm.diagnostics.severity',
      'aisrm.framework',
      'aisrm.inlayHints.enable',
      'aisrm.codeLens.enable',
      'aisrm.trace.server',
    ]) {
      assert.ok(props[key], key);
    }
    assert.equal(props['aisrm.inlayHints.enable'].default, true);
    assert.equal(props['aisrm.codeLens.enable'].default, true);
    assert.deepEqual(props['aisrm.framework'].enum, ['aisrm', 'microsoft-ai']);
    assert.deepEqual(props['aisrm.diagnostics.severity'].additionalProperties.enum, [
      'error',
      'warning',
      'information',
      'hint',
      'off',
    ]);
  });

  it('contributes the commands, yamlValidation and the grammar injection', () => {
    const commands = pkg.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(commands, ['aisrm.restartServer', 'aisrm.showComponentMatrix', 'aisrm.showMatrix']);
    const [validation] = pkg.contributes.yamlValidation;
    assert.equal(validation.url, './schemas/aisrm-inventory.schema.json');
    assert.ok(validation.fileMatch.includes('*.aisrm.yaml'));
    assert.ok(validation.fileMatch.includes('ai-inventory.yaml'));
    const [grammar] = pkg.contributes.grammars;
    assert.deepEqual(grammar.injectTo, ['text.html.markdown']);
    assert.equal(Object.values(grammar.embeddedLanguages)[0], 'yaml');
    const tm = JSON.parse(readFileSync(join(__dirname, '..', '..', grammar.path.replace(/^\.\//, '')), 'utf8'));
    assert.equal(tm.scopeName, grammar.scopeName);
  });

  it('declares an engine that vscode-languageclient accepts and @types/vscode does not exceed', () => {
    const engine = pkg.engines.vscode.replace(/^\^/, '');
    const types = pkg.devDependencies['@types/vscode'].replace(/^[~^]/, '');
    assert.ok(types.localeCompare(engine, undefined, { numeric: true }) <= 0, `${types} <= ${engine}`);
  });
});

describe('document selection', () => {
  it('sends inventories by name, whatever their language id', () => {
    assert.ok(selectorMatches('plaintext', '/w/x/prod.aisrm.yaml'));
    assert.ok(selectorMatches('plaintext', '/w/x/prod.aisrm.yml'));
    assert.ok(selectorMatches('plaintext', '/w/ai-inventory.yaml'));
    assert.ok(selectorMatches('plaintext', '/w/ai-inventory.yml'));
    assert.ok(!selectorMatches('plaintext', '/w/notes.txt'));
  });

  it('sends YAML (the server decides by the top-level aisrm key) and Markdown', () => {
    assert.ok(selectorMatches('yaml', '/w/deploy/any.yaml'));
    assert.ok(selectorMatches('markdown', '/w/docs/design.md'));
    assert.ok(!selectorMatches('plaintext', '/w/README.txt'));
  });

  it('sends the files discovery reads (drift only there)', () => {
    for (const [language, path] of [
      ['json', '/w/web/package.json'],
      ['jsonc', '/w/.vscode/mcp.json'],
      ['plaintext', '/w/requirements-dev.txt'],
      ['toml', '/w/pyproject.toml'],
      ['plaintext', '/w/go.mod'],
      ['xml', '/w/pom.xml'],
      ['plaintext', '/w/infra/main.tf'],
      ['plaintext', '/w/infra/main.bicep'],
      ['dockerfile', '/w/Dockerfile'],
      ['properties', '/w/.env.example'],
      ['python', '/w/app/chat.py'],
      ['typescript', '/w/src/agent.ts'],
      ['csharp', '/w/Api/Program.cs'],
    ]) {
      assert.ok(selectorMatches(language, path), path);
      assert.ok(isDiscoveryOnly(language, path), path);
    }
    assert.ok(!isDiscoveryOnly('yaml', '/w/compose.yaml'));
    assert.ok(!isDiscoveryOnly('markdown', '/w/AGENTS.md'));
    assert.ok(!isDiscoveryOnly('plaintext', '/w/ai-inventory.yaml'));
  });

  it('sends every kind of file discovery reads (editors/discovery-samples.txt, generated from the server)', () => {
    const samples = readFileSync(join(__dirname, '..', '..', '..', 'discovery-samples.txt'), 'utf8')
      .split('\n')
      .filter((line) => line !== '' && !line.startsWith('#'));
    assert.ok(samples.length > 50, `${samples.length} samples`);
    const unsent = samples.filter((rel) => !selectorMatches('plaintext', `/w/${rel}`));
    assert.deepEqual(unsent, []);
  });

  it('does not send files discovery does not read', () => {
    for (const path of ['/w/notes.txt', '/w/src/main.rs', '/w/Makefile', '/w/lib/app.ex']) {
      assert.ok(!selectorMatches('plaintext', path), path);
    }
  });

  it('only file documents', () => {
    for (const s of documentSelector()) {
      assert.equal(s.scheme, 'file');
    }
  });

  it('every inventory glob is covered by the selector', () => {
    assert.equal(INVENTORY_GLOBS.length, 4);
    for (const g of INVENTORY_GLOBS) {
      const sample = g.replace('**/', '/w/').replace('*', 'prod');
      assert.ok(selectorMatches('plaintext', sample), sample);
    }
  });
});

describe('content detection', () => {
  it('inventory file names', () => {
    assert.ok(isInventoryFileName('prod.aisrm.yaml'));
    assert.ok(isInventoryFileName('/a/b/prod.aisrm.yml'));
    assert.ok(isInventoryFileName('C:\\a\\ai-inventory.yaml'));
    assert.ok(isInventoryFileName('ai-inventory.yml'));
    assert.ok(!isInventoryFileName('my-ai-inventory.yaml'));
    assert.ok(!isInventoryFileName('aisrm.yaml.bak'));
    assert.ok(!isInventoryFileName('docker-compose.yaml'));
  });

  it('top-level aisrm key', () => {
    assert.ok(hasTopLevelAisrmKey('aisrm: 1\ncomponents: {}\n'));
    assert.ok(hasTopLevelAisrmKey('# inventory\n\naisrm: 1\n'));
    assert.ok(hasTopLevelAisrmKey('"aisrm": 1'));
    assert.ok(!hasTopLevelAisrmKey('services:\n  aisrm: 1\n'));
    assert.ok(!hasTopLevelAisrmKey('aisrmx: 1\n'));
  });

  it('aisrm fences in Markdown', () => {
    assert.ok(hasAisrmFence('# T\n\n```aisrm\nx:\n  deployment: saas-ai\n```\n'));
    assert.ok(hasAisrmFence('~~~ aisrm\nx: {}\n~~~\n'));
    assert.ok(!hasAisrmFence('```yaml\naisrm: 1\n```\n'));
    assert.ok(!hasAisrmFence('Use ```aisrm blocks inline'));
  });

  it('isAisrmDocument', () => {
    assert.ok(isAisrmDocument('yaml', '/w/ai-inventory.yaml', ''));
    assert.ok(isAisrmDocument('yaml', '/w/other.yaml', 'aisrm: 1\n'));
    assert.ok(!isAisrmDocument('yaml', '/w/other.yaml', 'kind: Deployment\n'));
    assert.ok(isAisrmDocument('markdown', '/w/d.md', '```aisrm\na: {}\n```'));
    assert.ok(!isAisrmDocument('markdown', '/w/d.md', '# nothing'));
  });
});
