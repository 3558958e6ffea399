// The `aisrm.*` settings the language server reads, and what the extension
// sends it. The server's precedence is: defaults, then the project's
// aisrm.toml, then each setting the user made in the editor. VS Code
// answers workspace/configuration with every contributed default filled
// in, which would hide aisrm.toml; so the extension sends only the values
// set in user, workspace or folder settings.

/** The server's settings, relative to `aisrm.` (server/lsp/src/config.rs). */
export const SERVER_SETTINGS = [
  'framework',
  'ownership',
  'refs.prefixes',
  'diagnostics.severity',
  'diagnostics.maxPerFile',
  'inlayHints.enable',
  'codeLens.enable',
] as const;

/** Settings only the extension reads (never sent to the server). */
export const CLIENT_SETTINGS = ['server.path', 'trace.server'] as const;

/** What `WorkspaceConfiguration.inspect` reports of one setting. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/** The settings the user set, nested as the server reads them
 * (`{diagnostics: {maxPerFile: 0}}`); the most specific scope wins. */
export function explicitSettings(inspect: (key: string) => Inspected | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTINGS) {
    const found = inspect(key);
    const value = found?.workspaceFolderValue ?? found?.workspaceValue ?? found?.globalValue;
    if (value !== undefined) {
      setPath(out, key.split('.'), value);
    }
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let at = target;
  for (const part of path.slice(0, -1)) {
    const next = (at[part] ??= {}) as Record<string, unknown>;
    at = next;
  }
  at[path[path.length - 1]] = value;
}
