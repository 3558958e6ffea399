import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { CLIENT_SETTINGS, explicitSettings, Inspected, SERVER_SETTINGS } from '../../src/settings';

// out/test/*.test.js -> the extension folder
const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('settings', () => {
  it('contributes every setting the server reads, and the client-only ones', () => {
    // server/lsp/src/config.rs checks its list against the same package.json.
    const contributed = Object.keys(pkg.contributes.configuration.properties).sort();
    const expected = [...SERVER_SETTINGS, ...CLIENT_SETTINGS].map((k) => `aisrm.${k}`).sort();
    assert.deepEqual(contributed, expected);
  });

  it('sends only what the user set, so aisrm.toml applies to the rest', () => {
    const scopes: Record<string, Inspected> = {
      framework: {},
      ownership: { globalValue: 'inherit', workspaceValue: 'explicit' },
      'diagnostics.maxPerFile': { globalValue: 0 },
      'diagnostics.severity': { workspaceFolderValue: { 'status-gap': 'hint' }, globalValue: { 'status-gap': 'off' } },
    };
    assert.deepEqual(
      explicitSettings((key) => scopes[key]),
      {
        ownership: 'explicit',
        diagnostics: { severity: { 'status-gap': 'hint' }, maxPerFile: 0 },
      },
    );
    assert.deepEqual(explicitSettings(() => undefined), {});
  });
});
