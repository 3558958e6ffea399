// Fakes of the `vscode` API and of `vscode-languageclient/node`, installed
// into Node's module loader before the extension is loaded (the unit-test
// bundle keeps both external). They record what the extension asks for:
// file watchers, commands, configuration listeners and language clients.
import Module from 'node:module';

type Listener = (event: { affectsConfiguration(section: string): boolean }) => unknown;

export const recorded = {
  watchers: 0,
  commands: new Map<string, (...args: unknown[]) => unknown>(),
  configurationListeners: [] as Listener[],
  clients: [] as FakeLanguageClient[],
  settings: new Map<string, unknown>(),
};

const disposable = { dispose(): void {} };

const vscode = {
  window: {
    createOutputChannel: () => ({ info(): void {}, show(): void {}, dispose(): void {} }),
    showErrorMessage: async () => undefined,
    showWarningMessage: async () => undefined,
    showInformationMessage: async () => undefined,
    activeTextEditor: undefined,
  },
  commands: {
    registerCommand(id: string, run: (...args: unknown[]) => unknown) {
      recorded.commands.set(id, run);
      return disposable;
    },
    executeCommand: async () => undefined,
  },
  workspace: {
    getConfiguration: (section: string) => ({
      get: (key: string, fallback?: unknown) => recorded.settings.get(`${section}.${key}`) ?? fallback,
      // What the tests set counts as the user's own setting.
      inspect: (key: string) => {
        const value = recorded.settings.get(`${section}.${key}`);
        return value === undefined ? undefined : { globalValue: value };
      },
    }),
    createFileSystemWatcher() {
      recorded.watchers += 1;
      return { ...disposable, onDidCreate: () => disposable, onDidChange: () => disposable, onDidDelete: () => disposable };
    },
    onDidChangeConfiguration(listener: Listener) {
      recorded.configurationListeners.push(listener);
      return {
        dispose(): void {
          recorded.configurationListeners = recorded.configurationListeners.filter((l) => l !== listener);
        },
      };
    },
  },
};

const State = { Stopped: 1, Running: 2, Starting: 3 };

export class FakeLanguageClient {
  state = State.Stopped;
  notifications: { method: string; params: unknown }[] = [];

  constructor(
    public id: string,
    public name: string,
    public serverOptions: unknown,
    public clientOptions: Record<string, unknown>,
  ) {
    recorded.clients.push(this);
  }

  async start(): Promise<void> {
    this.state = State.Running;
  }

  async stop(): Promise<void> {
    this.state = State.Stopped;
  }

  async sendNotification(type: { method: string }, params: unknown): Promise<void> {
    this.notifications.push({ method: type.method, params });
  }
}

const languageClient = {
  LanguageClient: FakeLanguageClient,
  State,
  TransportKind: { stdio: 0, ipc: 1, pipe: 2, socket: 3 },
  ExecuteCommandRequest: { type: { method: 'workspace/executeCommand' } },
  DidChangeConfigurationNotification: { type: { method: 'workspace/didChangeConfiguration' } },
};

const loader = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') {
    return vscode;
  }
  if (request === 'vscode-languageclient/node') {
    return languageClient;
  }
  return load.call(this, request, ...rest);
};

/** Fires a configuration change that affects `changed` (and its parents). */
export async function changeConfiguration(changed: string): Promise<void> {
  const event = {
    affectsConfiguration: (section: string) => changed === section || changed.startsWith(`${section}.`),
  };
  for (const listener of recorded.configurationListeners) {
    await listener(event);
  }
}
