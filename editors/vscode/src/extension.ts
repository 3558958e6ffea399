import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
  State,
  TransportKind,
} from 'vscode-languageclient/node';

import { documentSelector, isDiscoveryOnly } from './patterns';
import { matrixArgs, resolveServer, Resolution, SERVER_ARGS, SETTING } from './serverPath';
import { explicitSettings } from './settings';

const CLIENT_ID = 'aisrm';
const COMPONENT_SUMMARY = 'aisrm.componentSummary';
/** Client-side command of the server's reference-count code lenses:
 * arguments `[uri, position, locations]` (LSP types). */
const SHOW_REFERENCES = 'aisrm.showReferences';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;
let extensionContext: vscode.ExtensionContext | undefined;

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

function resolve(context: vscode.ExtensionContext): Resolution {
  // Machine scope: VS Code only reads this from user (or remote machine)
  // settings, never from a workspace's .vscode/settings.json.
  const configured = vscode.workspace.getConfiguration('aisrm').get<string>('server.path', '');
  return resolveServer({
    configuredPath: configured,
    envPath: process.env.PATH,
    pathExt: process.env.PATHEXT,
    platform: process.platform,
    extensionPath: context.extensionPath,
    homeDir: os.homedir(),
    isExecutable,
  });
}

function log(line: string): void {
  output?.info(line);
}

async function reportNotFound(resolution: Extract<Resolution, { ok: false }>): Promise<void> {
  log(resolution.message);
  if (resolution.tried.length > 0) {
    log(`Looked for: ${resolution.tried.join(', ')}`);
  }
  const openSettings = 'Open User Settings';
  const showLog = 'Show Log';
  const choice = await vscode.window.showErrorMessage(resolution.message, openSettings, showLog);
  if (choice === openSettings) {
    await vscode.commands.executeCommand('workbench.action.openSettings', SETTING);
  } else if (choice === showLog) {
    output?.show(true);
  }
}

/** The `aisrm` settings the user set (see settings.ts: defaults are left
 * out so that the project's aisrm.toml applies). */
function aisrmSettings(): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration('aisrm');
  return explicitSettings((key) => config.inspect(key));
}

async function showReferences(uri: unknown, position: unknown, locations: unknown): Promise<void> {
  const current = client;
  if (!current || typeof uri !== 'string' || !Array.isArray(locations)) {
    return;
  }
  const p2c = current.protocol2CodeConverter;
  await vscode.commands.executeCommand(
    'editor.action.showReferences',
    p2c.asUri(uri),
    p2c.asPosition(position as Parameters<typeof p2c.asPosition>[0]),
    locations.map((l) => p2c.asLocation(l)),
  );
}

/** Middleware that answers nothing for documents sent only for discovery
 * (see `isDiscoveryOnly`), and passes the rest on. */
function discoveryOnlySkips(): Middleware {
  const skip = (doc: vscode.TextDocument) => isDiscoveryOnly(doc.languageId, doc.fileName);
  return {
    provideCompletionItem: (doc, pos, ctx, token, next) => (skip(doc) ? undefined : next(doc, pos, ctx, token)),
    provideDocumentSymbols: (doc, token, next) => (skip(doc) ? undefined : next(doc, token)),
    provideCodeLenses: (doc, token, next) => (skip(doc) ? undefined : next(doc, token)),
    provideDefinition: (doc, pos, token, next) => (skip(doc) ? undefined : next(doc, pos, token)),
    provideReferences: (doc, pos, opts, token, next) => (skip(doc) ? undefined : next(doc, pos, opts, token)),
    prepareRename: (doc, pos, token, next) => (skip(doc) ? undefined : next(doc, pos, token)),
    provideRenameEdits: (doc, pos, name, token, next) => (skip(doc) ? undefined : next(doc, pos, name, token)),
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const resolution = resolve(context);
  if (!resolution.ok) {
    void reportNotFound(resolution);
    return;
  }
  log(`Starting the aisrm language server: ${resolution.command} ${SERVER_ARGS.join(' ')} (from ${resolution.source})`);

  const executable = { command: resolution.command, args: SERVER_ARGS, transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: executable, debug: executable };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(),
    outputChannel: output,
    // The server reads `{aisrm: {...}}` at initialize, then pulls
    // workspace/configuration (again on each `settingsChanged`). It asks
    // for file events itself (a dynamic didChangeWatchedFiles
    // registration), so the client watches nothing and there is no
    // `synchronize` (its `configurationSection` is deprecated).
    initializationOptions: { aisrm: aisrmSettings() },
    middleware: {
      workspace: {
        // Answers the `aisrm` section with the explicit settings only.
        configuration: async (params, token, next) => {
          const answered = await next(params, token);
          if (!Array.isArray(answered)) {
            return answered;
          }
          return params.items.map((item, i) => (item.section === 'aisrm' ? aisrmSettings() : answered[i]));
        },
      },
      // On the files discovery reads the server only reports drift
      // (diagnostics, hover, inlay hints, quick fixes): nothing else is
      // asked for there.
      ...discoveryOnlySkips(),
      // The server's code lenses run `aisrm.componentSummary`, which returns
      // Markdown: show it instead of dropping it.
      executeCommand: async (command, args, next) => {
        const result = await next(command, args);
        if (command === COMPONENT_SUMMARY) {
          const markdown = summaryText(result);
          if (markdown) {
            await showMarkdown('component-summary.md', markdown);
          } else {
            void vscode.window.showInformationMessage('aisrm: no component here.');
          }
        }
        return result;
      },
    },
  };

  const next = new LanguageClient(CLIENT_ID, 'aisrm', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`The language server failed to start: ${message}`);
    void vscode.window
      .showErrorMessage(
        `The aisrm language server (${resolution.command}) failed to start: ${message}. ` +
          `Check that it is aisrm and runs \`aisrm lsp\`, or fix \`${SETTING}\` in your user settings.`,
        'Show Log',
      )
      .then((choice) => {
        if (choice) {
          output?.show(true);
        }
      });
  }
}

async function stopClient(): Promise<void> {
  const current = client;
  client = undefined;
  if (current && current.state !== State.Stopped) {
    try {
      await current.stop(5000);
    } catch (err) {
      log(`Stopping the language server: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Tells the running server that `aisrm.*` changed: `settings: null`
 * makes it pull them with workspace/configuration. */
async function settingsChanged(): Promise<void> {
  const current = client;
  if (current?.state === State.Running) {
    await current.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }
}

async function restartServer(): Promise<void> {
  if (!extensionContext) {
    return;
  }
  await stopClient();
  await startClient(extensionContext);
}

/** Writes markdown to a file in the extension's storage and opens its
 * preview (a file, not an untitled document, so closing it asks nothing). */
async function showMarkdown(name: string, markdown: string): Promise<void> {
  const context = extensionContext;
  if (!context) {
    return;
  }
  const dir = context.globalStorageUri;
  await vscode.workspace.fs.createDirectory(dir);
  const uri = vscode.Uri.joinPath(dir, name);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(markdown, 'utf8'));
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

function runMatrix(command: string, args: string[]): Promise<string> {
  return new Promise((resolveRun, reject) => {
    execFile(command, args, { timeout: 30_000, maxBuffer: 32 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      } else {
        resolveRun(stdout);
      }
    });
  });
}

async function showMatrix(framework?: unknown): Promise<void> {
  if (!extensionContext) {
    return;
  }
  const resolution = resolve(extensionContext);
  if (!resolution.ok) {
    await reportNotFound(resolution);
    return;
  }
  const id =
    typeof framework === 'string' && framework.length > 0
      ? framework
      : vscode.workspace.getConfiguration('aisrm').get<string>('framework', 'aisrm');
  try {
    const markdown = await runMatrix(resolution.command, matrixArgs(id));
    await showMarkdown(`matrix-${id.replace(/[^A-Za-z0-9_-]/g, '_')}.md`, markdown);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(message);
    void vscode.window.showErrorMessage(`aisrm: could not show the matrix: ${message}`);
  }
}

function summaryText(result: unknown): string | undefined {
  if (typeof result === 'string') {
    return result;
  }
  if (result && typeof result === 'object') {
    for (const key of ['markdown', 'value', 'contents']) {
      const value = (result as Record<string, unknown>)[key];
      if (typeof value === 'string') {
        return value;
      }
    }
  }
  return undefined;
}

async function showComponentMatrix(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('aisrm: open an inventory or design document and put the cursor in a component.');
    return;
  }
  const current = client;
  if (!current || current.state !== State.Running) {
    void vscode.window.showWarningMessage('aisrm: the language server is not running (see the aisrm output channel).');
    return;
  }
  const commands = current.initializeResult?.capabilities.executeCommandProvider?.commands ?? [];
  if (!commands.includes(COMPONENT_SUMMARY)) {
    const showAll = 'Show Framework Matrix';
    const choice = await vscode.window.showInformationMessage(
      `aisrm: this language server does not offer the component summary (${COMPONENT_SUMMARY}); update aisrm.`,
      showAll,
    );
    if (choice === showAll) {
      await showMatrix();
    }
    return;
  }
  const converter = current.code2ProtocolConverter;
  try {
    const result = await current.sendRequest(ExecuteCommandRequest.type, {
      command: COMPONENT_SUMMARY,
      arguments: [
        {
          uri: converter.asUri(editor.document.uri),
          position: converter.asPosition(editor.selection.active),
        },
      ],
    });
    const markdown = summaryText(result);
    if (!markdown) {
      void vscode.window.showInformationMessage('aisrm: no component at the cursor.');
      return;
    }
    await showMarkdown('component-summary.md', markdown);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    log(`${COMPONENT_SUMMARY}: ${message}`);
    void vscode.window.showErrorMessage(`aisrm: ${COMPONENT_SUMMARY} failed: ${message}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  extensionContext = context;
  output = vscode.window.createOutputChannel('aisrm', { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('aisrm.restartServer', restartServer),
    vscode.commands.registerCommand('aisrm.showMatrix', showMatrix),
    vscode.commands.registerCommand('aisrm.showComponentMatrix', showComponentMatrix),
    vscode.commands.registerCommand(SHOW_REFERENCES, showReferences),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SETTING)) {
        log(`${SETTING} changed: restarting the language server`);
        return restartServer();
      }
      if (event.affectsConfiguration('aisrm')) {
        return settingsChanged();
      }
      return undefined;
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await stopClient();
}
