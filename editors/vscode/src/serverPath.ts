// Where the aisrm executable comes from. Pure: no `vscode` import, every
// side effect (file checks, environment) is passed in, so `node --test`
// covers it without an editor.
//
// Order:
//   1. the `aisrm.server.path` setting (machine scope: user settings only);
//      if it is set but unusable that is an error, never a silent fallback;
//   2. `aisrm` (or `aisrm.exe` / PATHEXT on Windows) on PATH;
//   3. the binary bundled inside the extension at `server/aisrm`.

import * as path from 'node:path';

export type ServerSource = 'setting' | 'path' | 'bundled';

export interface ResolveEnv {
  /** Value of `aisrm.server.path` (user/machine settings), maybe empty. */
  configuredPath?: string | null;
  /** process.env.PATH */
  envPath?: string;
  /** process.env.PATHEXT (Windows) */
  pathExt?: string;
  platform: string;
  /** Absolute path of the extension's install folder. */
  extensionPath: string;
  /** Home directory, for `~` in the setting. */
  homeDir?: string;
  /** True when `file` exists, is a regular file and may be executed. */
  isExecutable: (file: string) => boolean;
}

export type Resolution =
  | { ok: true; command: string; source: ServerSource; tried: string[] }
  | { ok: false; reason: 'setting-invalid' | 'not-found'; message: string; tried: string[] };

export const BINARY_NAME = 'aisrm';
export const SETTING = 'aisrm.server.path';
export const INSTALL_HINT =
  'Install it with `cargo install --path server/cli` from the aisrm repository (or download a release) ' +
  'so that `aisrm` is on your PATH, or set `aisrm.server.path` in your user settings to the executable.';

function pathModule(platform: string): typeof path.posix {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** File names to try for `name` in one directory of PATH. */
export function candidateNames(name: string, platform: string, pathExt?: string): string[] {
  if (platform !== 'win32') {
    return [name];
  }
  if (path.win32.extname(name) !== '') {
    return [name];
  }
  const exts = (pathExt && pathExt.length > 0 ? pathExt : '.COM;.EXE;.BAT;.CMD')
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e.length > 0);
  const lower = exts.map((e) => e.toLowerCase());
  // `.exe` first: that is what cargo builds.
  const ordered = ['.exe', ...lower.filter((e) => e !== '.exe')];
  return ordered.map((e) => name + e);
}

/** Looks `name` up on PATH; returns the first executable match. */
export function findOnPath(
  name: string,
  env: Pick<ResolveEnv, 'envPath' | 'pathExt' | 'platform' | 'isExecutable'>,
  tried: string[] = [],
): string | undefined {
  const p = pathModule(env.platform);
  const sep = env.platform === 'win32' ? ';' : ':';
  const dirs = (env.envPath ?? '').split(sep).filter((d) => d.length > 0);
  for (const raw of dirs) {
    const dir = raw.replace(/^"(.*)"$/, '$1');
    // A relative PATH entry would depend on the editor's cwd: skip it.
    if (!p.isAbsolute(dir)) {
      continue;
    }
    for (const file of candidateNames(name, env.platform, env.pathExt)) {
      const full = p.join(dir, file);
      tried.push(full);
      if (env.isExecutable(full)) {
        return full;
      }
    }
  }
  return undefined;
}

/** Path of the binary shipped inside the extension (`server/aisrm[.exe]`). */
export function bundledPath(extensionPath: string, platform: string): string {
  const p = pathModule(platform);
  return p.join(extensionPath, 'server', platform === 'win32' ? `${BINARY_NAME}.exe` : BINARY_NAME);
}

function expandHome(value: string, homeDir: string | undefined, platform: string): string {
  if (homeDir && (value === '~' || value.startsWith('~/') || (platform === 'win32' && value.startsWith('~\\')))) {
    return pathModule(platform).join(homeDir, value.slice(1));
  }
  return value;
}

export function resolveServer(env: ResolveEnv): Resolution {
  const tried: string[] = [];
  const p = pathModule(env.platform);
  const configured = (env.configuredPath ?? '').trim();

  if (configured.length > 0) {
    const value = expandHome(configured, env.homeDir, env.platform);
    if (p.isAbsolute(value)) {
      tried.push(value);
      if (env.isExecutable(value)) {
        return { ok: true, command: value, source: 'setting', tried };
      }
      return {
        ok: false,
        reason: 'setting-invalid',
        tried,
        message:
          `The aisrm language server was not started: \`${SETTING}\` is "${configured}", ` +
          'which is not an executable file. Fix the path in your user settings, or clear it to use `aisrm` from PATH.',
      };
    }
    const hasSeparator = value.includes('/') || (env.platform === 'win32' && value.includes('\\'));
    if (!hasSeparator) {
      // A bare command name: look it up on PATH.
      const found = findOnPath(value, env, tried);
      if (found) {
        return { ok: true, command: found, source: 'setting', tried };
      }
      return {
        ok: false,
        reason: 'setting-invalid',
        tried,
        message:
          `The aisrm language server was not started: \`${SETTING}\` is "${configured}", ` +
          'which was not found on PATH. Use an absolute path in your user settings, or clear the setting.',
      };
    }
    return {
      ok: false,
      reason: 'setting-invalid',
      tried,
      message:
        `The aisrm language server was not started: \`${SETTING}\` is the relative path "${configured}". ` +
        'Use an absolute path (relative paths would depend on the folder VS Code was started in).',
    };
  }

  const onPath = findOnPath(BINARY_NAME, env, tried);
  if (onPath) {
    return { ok: true, command: onPath, source: 'path', tried };
  }

  const bundled = bundledPath(env.extensionPath, env.platform);
  tried.push(bundled);
  if (env.isExecutable(bundled)) {
    return { ok: true, command: bundled, source: 'bundled', tried };
  }

  return {
    ok: false,
    reason: 'not-found',
    tried,
    message:
      'The aisrm language server was not started: no `aisrm` executable was found on PATH and none is bundled ' +
      'with this extension. ' + INSTALL_HINT,
  };
}

/** Arguments that start the language server. vscode-languageclient appends
 * `--stdio` itself for TransportKind.stdio; do not add it here. */
export const SERVER_ARGS = ['lsp'];

/** Arguments of `aisrm matrix` for the show-matrix command. */
export function matrixArgs(framework: string | undefined): string[] {
  const args = ['matrix', '--format', 'markdown'];
  const id = (framework ?? '').trim();
  if (id.length > 0) {
    args.push('--framework', id);
  }
  return args;
}
