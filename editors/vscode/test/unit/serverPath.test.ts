import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  bundledPath,
  candidateNames,
  findOnPath,
  matrixArgs,
  resolveServer,
  ResolveEnv,
  SERVER_ARGS,
} from '../../src/serverPath';

/** A fake file system: the set of executable files. */
function env(executables: string[], over: Partial<ResolveEnv> = {}): ResolveEnv {
  const set = new Set(executables);
  return {
    configuredPath: '',
    envPath: '/usr/local/bin:/usr/bin',
    platform: 'linux',
    extensionPath: '/ext',
    homeDir: '/home/me',
    isExecutable: (f) => set.has(f),
    ...over,
  };
}

describe('resolveServer', () => {
  it('uses the setting first, even when aisrm is on PATH', () => {
    const r = resolveServer(env(['/opt/aisrm/bin/aisrm', '/usr/bin/aisrm'], { configuredPath: '/opt/aisrm/bin/aisrm' }));
    assert.deepEqual(r.ok && [r.command, r.source], ['/opt/aisrm/bin/aisrm', 'setting']);
  });

  it('expands ~ in the setting', () => {
    const r = resolveServer(env(['/home/me/.cargo/bin/aisrm'], { configuredPath: '~/.cargo/bin/aisrm' }));
    assert.equal(r.ok && r.command, '/home/me/.cargo/bin/aisrm');
  });

  it('trims whitespace around the setting', () => {
    const r = resolveServer(env(['/x/aisrm'], { configuredPath: '  /x/aisrm \n' }));
    assert.equal(r.ok && r.command, '/x/aisrm');
  });

  it('reports a setting that is not executable instead of falling back', () => {
    const r = resolveServer(env(['/usr/bin/aisrm'], { configuredPath: '/nope/aisrm' }));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'setting-invalid');
    assert.match(!r.ok ? r.message : '', /aisrm\.server\.path.*\/nope\/aisrm.*not an executable/);
  });

  it('rejects a relative path in the setting', () => {
    const r = resolveServer(env(['/usr/bin/aisrm'], { configuredPath: 'bin/aisrm' }));
    assert.equal(!r.ok && r.reason, 'setting-invalid');
    assert.match(!r.ok ? r.message : '', /relative path/);
  });

  it('looks a bare command name in the setting up on PATH', () => {
    const r = resolveServer(env(['/usr/bin/aisrm-nightly'], { configuredPath: 'aisrm-nightly' }));
    assert.deepEqual(r.ok && [r.command, r.source], ['/usr/bin/aisrm-nightly', 'setting']);
    const missing = resolveServer(env([], { configuredPath: 'aisrm-nightly' }));
    assert.equal(!missing.ok && missing.reason, 'setting-invalid');
  });

  it('falls back to PATH, first match wins', () => {
    const r = resolveServer(env(['/usr/bin/aisrm', '/usr/local/bin/aisrm']));
    assert.deepEqual(r.ok && [r.command, r.source], ['/usr/local/bin/aisrm', 'path']);
  });

  it('ignores empty and relative PATH entries', () => {
    const r = resolveServer(env(['bin/aisrm', '/usr/bin/aisrm'], { envPath: ':bin::/usr/bin' }));
    assert.equal(r.ok && r.command, '/usr/bin/aisrm');
  });

  it('falls back to the bundled binary', () => {
    const r = resolveServer(env(['/ext/server/aisrm']));
    assert.deepEqual(r.ok && [r.command, r.source], ['/ext/server/aisrm', 'bundled']);
  });

  it('explains the fix when nothing is found', () => {
    const r = resolveServer(env([], { envPath: undefined }));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'not-found');
    const message = !r.ok ? r.message : '';
    assert.match(message, /PATH/);
    assert.match(message, /aisrm\.server\.path/);
    assert.match(message, /cargo install/);
    assert.deepEqual(r.tried, ['/ext/server/aisrm']);
  });

  it('lists every place it looked', () => {
    const r = resolveServer(env([]));
    assert.deepEqual(r.tried, ['/usr/local/bin/aisrm', '/usr/bin/aisrm', '/ext/server/aisrm']);
  });

  it('handles Windows: PATHEXT, ; separator, .exe bundled', () => {
    const w = env(['C:\\tools\\aisrm.exe'], {
      platform: 'win32',
      envPath: 'C:\\Windows;"C:\\tools"',
      pathExt: '.COM;.EXE;.BAT',
      extensionPath: 'C:\\ext',
    });
    const r = resolveServer(w);
    assert.deepEqual(r.ok && [r.command, r.source], ['C:\\tools\\aisrm.exe', 'path']);
    assert.equal(bundledPath('C:\\ext', 'win32'), 'C:\\ext\\server\\aisrm.exe');
    const b = resolveServer({ ...w, isExecutable: (f) => f === 'C:\\ext\\server\\aisrm.exe' });
    assert.equal(b.ok && b.source, 'bundled');
  });
});

describe('helpers', () => {
  it('candidateNames', () => {
    assert.deepEqual(candidateNames('aisrm', 'linux'), ['aisrm']);
    assert.deepEqual(candidateNames('aisrm', 'win32', '.COM;.EXE'), ['aisrm.exe', 'aisrm.com']);
    assert.deepEqual(candidateNames('aisrm.exe', 'win32', '.COM;.EXE'), ['aisrm.exe']);
  });

  it('findOnPath returns undefined when absent', () => {
    assert.equal(findOnPath('aisrm', { envPath: '/a:/b', platform: 'linux', isExecutable: () => false }), undefined);
  });

  it('server args do not repeat --stdio (the client adds it)', () => {
    assert.deepEqual(SERVER_ARGS, ['lsp']);
  });

  it('matrixArgs', () => {
    assert.deepEqual(matrixArgs(undefined), ['matrix', '--format', 'markdown']);
    assert.deepEqual(matrixArgs(''), ['matrix', '--format', 'markdown']);
    assert.deepEqual(matrixArgs('microsoft-ai'), ['matrix', '--format', 'markdown', '--framework', 'microsoft-ai']);
  });
});
