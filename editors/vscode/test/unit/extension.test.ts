// The extension's wiring with a fake `vscode`: what it registers and
// sends across restarts and configuration changes.
import './support/fakeVscode';

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { activate, deactivate } from '../../src/extension';
import { changeConfiguration, recorded } from './support/fakeVscode';

const context = {
  subscriptions: [] as { dispose(): void }[],
  extensionPath: '/nonexistent/extension',
  globalStorageUri: undefined,
};

/** Deactivates and disposes the subscriptions, as VS Code does. */
async function shutDown(): Promise<void> {
  await deactivate();
  context.subscriptions.splice(0).forEach((d) => d.dispose());
}

async function restart(): Promise<void> {
  await recorded.commands.get('aisrm.restartServer')?.();
}

describe('extension', () => {
  it('leaves file watching to the server and settings to workspace/configuration', async () => {
    // Any executable file will do: the fake client starts nothing.
    recorded.settings.set('aisrm.server.path', process.execPath);
    await activate(context as never);
    const subscriptions = context.subscriptions.length;
    await restart();
    await restart();
    await restart();

    assert.equal(recorded.clients.length, 4, 'one client per start');
    // The server registers workspace/didChangeWatchedFiles itself: a
    // client-side watcher would double every event, and one per restart
    // leaked.
    assert.equal(recorded.watchers, 0, 'no client-side file watcher');
    assert.equal(context.subscriptions.length, subscriptions, 'restarts add no subscriptions');
    for (const client of recorded.clients) {
      // `synchronize.configurationSection` is deprecated; so is pushing
      // file events from the client.
      assert.equal(client.clientOptions.synchronize, undefined);
    }
    await shutDown();
  });

  it('tells the running server that aisrm settings changed, so it pulls them', async () => {
    recorded.settings.set('aisrm.server.path', process.execPath);
    await activate(context as never);
    const client = recorded.clients[recorded.clients.length - 1];
    await changeConfiguration('aisrm.diagnostics.severity');
    await changeConfiguration('editor.fontSize');
    assert.deepEqual(client.notifications, [
      { method: 'workspace/didChangeConfiguration', params: { settings: null } },
    ]);
    await shutDown();
  });
});
