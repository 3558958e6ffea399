// Which documents go to the aisrm language server. Pure (no `vscode`
// import) so that the unit tests can check it against package.json.
//
// formats.md: inventory files are YAML named `*.aisrm.yaml`, `*.aisrm.yml`,
// `ai-inventory.yaml`, `ai-inventory.yml`, or any YAML file whose top-level
// mapping has the key `aisrm`; design documents are Markdown with ```aisrm
// blocks. The server decides by content (it ignores YAML without a
// top-level `aisrm` key and Markdown without ```aisrm blocks), so every YAML
// and Markdown file on disk is sent to it; the name patterns are listed too
// so that inventories get the server even when another extension gives
// `.yaml` files a different language id.

import { DISCOVERY_GLOBS } from './discoveryFiles';

/** Globs of inventory files by name (formats.md). */
export const INVENTORY_GLOBS = [
  '**/*.aisrm.yaml',
  '**/*.aisrm.yml',
  '**/ai-inventory.yaml',
  '**/ai-inventory.yml',
] as const;

export const LANGUAGES = ['yaml', 'markdown'] as const;

export interface SelectorEntry {
  scheme: string;
  language?: string;
  pattern?: string;
}

/** The documents aisrm analyses itself: inventories and design documents. */
export function aisrmSelector(): SelectorEntry[] {
  return [
    { scheme: 'file', pattern: '**/*.aisrm.{yaml,yml}' },
    { scheme: 'file', pattern: '**/ai-inventory.{yaml,yml}' },
    { scheme: 'file', language: 'yaml' },
    { scheme: 'file', language: 'markdown' },
  ];
}

/** Document selector of the language client. Only `file` documents: the
 * server reads the workspace from disk. Besides aisrm's own files, the
 * files discovery reads, by name whatever their language id
 * (discoveryFiles.ts, generated from the server's readers and signal data):
 * there the server only reports drift (when the project has an
 * inventory), see {@link isDiscoveryOnly}. */
export function documentSelector(): SelectorEntry[] {
  return [
    ...aisrmSelector(),
    ...DISCOVERY_GLOBS.map((pattern) => ({ scheme: 'file', pattern })),
  ];
}

/** True when a document is sent only for discovery (not YAML or Markdown,
 * not an inventory by name): completion, symbols, code lenses, navigation
 * and rename are not asked for there. */
export function isDiscoveryOnly(languageId: string, fileName: string): boolean {
  return languageId !== 'yaml' && languageId !== 'markdown' && !isInventoryFileName(fileName);
}

/** Activation events the extension must declare (package.json). */
export function activationEvents(): string[] {
  return [
    ...LANGUAGES.map((l) => `onLanguage:${l}`),
    ...INVENTORY_GLOBS.map((g) => `workspaceContains:${g}`),
  ];
}

/** True when a file name (no directory) is an inventory by name. */
export function isInventoryFileName(fileName: string): boolean {
  const base = fileName.replace(/^.*[\\/]/, '');
  return /\.aisrm\.ya?ml$/i.test(base) || /^ai-inventory\.ya?ml$/i.test(base);
}

/** True when YAML text has `aisrm` as a key of its top-level mapping (a
 * line `aisrm:` at column 0, outside block scalars is close enough for an
 * editor-side guess; the server decides for real). */
export function hasTopLevelAisrmKey(text: string): boolean {
  return /^(?:aisrm|"aisrm"|'aisrm')[ \t]*:(?:[ \t]|$)/m.test(text);
}

/** True when Markdown text contains a ```aisrm (or ~~~aisrm) fenced block. */
export function hasAisrmFence(text: string): boolean {
  return /^[ ]{0,3}(?:`{3,}|~{3,})[ \t]*aisrm(?:[ \t][^\n]*)?$/im.test(text);
}

/** Whether a document would be an aisrm document: used for commands that
 * only make sense in one (the server still decides for diagnostics). */
export function isAisrmDocument(languageId: string, fileName: string, text: string): boolean {
  if (languageId === 'markdown') {
    return hasAisrmFence(text);
  }
  if (isInventoryFileName(fileName)) {
    return true;
  }
  return languageId === 'yaml' && hasTopLevelAisrmKey(text);
}
