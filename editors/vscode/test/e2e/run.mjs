#!/usr/bin/env node
// End-to-end test of the aisrm extension in real VS Code: code-server
// (Code 1.100.3) driven by Debian's headless Chromium through
// playwright-core. Installs the built .vsix into a fresh profile, opens a
// copy of examples/, and checks what a person would see: squiggles, the
// Problems panel, a hover, inlay hints, the matrix command, the error
// notification when no server can be found, and that no `aisrm lsp`
// process outlives a restart, the window or code-server (Linux /proc).
//
//   node test/e2e/run.mjs            (from editors/vscode, after `npm run package`)
//
// Environment:
//   AISRM_BIN        server binary (default <repo>/target/debug/aisrm)
//   AISRM_VSIX       extension package (default editors/vscode/aisrm.vsix)
//   CODE_SERVER      code-server executable (default <repo>/target/editor-test-deps/code-server/node_modules/.bin/code-server)
//   CHROMIUM         browser executable (default /usr/bin/chromium)
//   AISRM_EXAMPLES   workspace to copy (default <repo>/examples)
//   AISRM_E2E_KEEP=1 keep the temporary profile and workspace
//   AISRM_E2E_SCREENSHOT  where to save the screenshot (default test/screenshot.png)
//
// Exit status 1, with a list of the failed checks, when anything fails.

import { spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import { chromium } from 'playwright-core';

const extDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repo = resolve(extDir, '..', '..');
const AISRM_BIN = resolve(process.env.AISRM_BIN ?? join(repo, 'target', 'debug', 'aisrm'));
const VSIX = resolve(process.env.AISRM_VSIX ?? join(extDir, 'aisrm.vsix'));
const CODE_SERVER = process.env.CODE_SERVER ?? join(repo, 'target', 'editor-test-deps', 'code-server', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const EXAMPLES = resolve(process.env.AISRM_EXAMPLES ?? join(repo, 'examples'));
const SCREENSHOT = resolve(process.env.AISRM_E2E_SCREENSHOT ?? join(extDir, 'test', 'screenshot.png'));
const ARTIFACTS = join(extDir, 'test', 'e2e', 'artifacts');
const KEEP = process.env.AISRM_E2E_KEEP === '1';
const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

const t0 = Date.now();
const say = (msg) => process.stderr.write(`[vscode-e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}\n`);

function die(msg) {
  process.stderr.write(`vscode-e2e: ${msg}\n`);
  process.exit(1);
}

for (const [what, file] of [
  ['server binary (AISRM_BIN)', AISRM_BIN],
  ['extension package (AISRM_VSIX; run `npm run package`)', VSIX],
  ['code-server (CODE_SERVER; run scripts/install-editor-test-deps.sh)', CODE_SERVER],
  ['Chromium (CHROMIUM)', CHROMIUM],
  ['examples (AISRM_EXAMPLES)', join(EXAMPLES, 'ai-inventory.yaml')],
]) {
  if (!existsSync(file)) {
    die(`missing ${what}: ${file}`);
  }
}
try {
  accessSync(AISRM_BIN, constants.X_OK);
} catch {
  die(`${AISRM_BIN} is not executable`);
}

// ---------------------------------------------------------------------------
// Checks
const results = [];
let page;

async function check(name, fn) {
  const start = Date.now();
  try {
    const detail = await fn();
    results.push({ name, ok: true });
    say(`ok   ${name}${detail ? `: ${detail}` : ''} (${Date.now() - start} ms)`);
    return true;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    results.push({ name, ok: false, message });
    say(`FAIL ${name}: ${message}`);
    if (page) {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = join(ARTIFACTS, `fail-${results.length}.png`);
      await page.screenshot({ path: file }).catch(() => {});
      say(`     screenshot of the failure: ${file}`);
    }
    return false;
  }
}

function assert(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

// ---------------------------------------------------------------------------
// code-server helpers

function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** PATH without any directory that holds an `aisrm` executable. */
function pathWithoutAisrm() {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter((dir) => {
      try {
        accessSync(join(dir, 'aisrm'), constants.X_OK);
        return !statSync(join(dir, 'aisrm')).isFile();
      } catch {
        return true;
      }
    })
    .join(delimiter);
}

function makeProfile(root, name, settings) {
  const dir = join(root, name);
  const userDataDir = join(dir, 'user-data');
  const extensionsDir = join(dir, 'extensions');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  const xdg = join(dir, 'xdg');
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(xdg, 'config'),
    XDG_DATA_HOME: join(xdg, 'data'),
    XDG_CACHE_HOME: join(xdg, 'cache'),
  };
  say(`installing ${VSIX} into the ${name} profile`);
  const install = spawnSync(
    CODE_SERVER,
    ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', VSIX, '--force'],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const installOut = `${install.stdout ?? ''}${install.stderr ?? ''}`;
  if (install.status !== 0 || !/successfully installed/i.test(installOut)) {
    die(`code-server --install-extension failed (status ${install.status}):\n${installOut}`);
  }
  const installed = readdirSync(extensionsDir).filter((d) => d.startsWith('aisrm.aisrm-'));
  if (installed.length !== 1) {
    die(`expected one installed aisrm extension in ${extensionsDir}, found: ${readdirSync(extensionsDir).join(', ')}`);
  }
  return { dir, userDataDir, extensionsDir, env, extensionPath: join(extensionsDir, installed[0]) };
}

async function startCodeServer(profile, workspace, envOverrides = {}) {
  const port = await freePort();
  const config = join(profile.dir, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const log = join(profile.dir, 'code-server.log');
  const args = [
    '--config', config,
    '--user-data-dir', profile.userDataDir,
    '--extensions-dir', profile.extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    workspace,
  ];
  const child = spawn(CODE_SERVER, args, {
    env: { ...profile.env, ...envOverrides },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: false,
  });
  const chunks = [];
  child.stdout.on('data', (d) => chunks.push(d));
  child.stderr.on('data', (d) => chunks.push(d));
  child.on('exit', () => writeFileSync(log, Buffer.concat(chunks)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      die(`code-server exited early (${child.exitCode}):\n${Buffer.concat(chunks).toString()}`);
    }
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.ok) {
        break;
      }
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      child.kill();
      die(`code-server did not answer on ${url} within 60 s:\n${Buffer.concat(chunks).toString()}`);
    }
    await sleep(250);
  }
  say(`code-server up on ${url}`);
  return {
    url,
    output: () => Buffer.concat(chunks).toString(),
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([new Promise((r) => child.once('exit', r)), sleep(5000)]);
        if (child.exitCode === null) {
          child.kill('SIGKILL');
        }
      }
    },
  };
}

// ---------------------------------------------------------------------------
// Processes (Linux /proc): the language servers code-server started.

/** Parent pid and state of a process, or null when there is none. */
function procStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name, which is in parentheses: state, ppid, ...
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/** Whether pid runs (an orphan that ended but is not reaped has ended). */
function running(pid) {
  const stat = procStat(pid);
  return stat !== null && stat.state !== 'Z' && stat.state !== 'X';
}

/** Pids of the processes running AISRM_BIN among the descendants of root. */
function serverPids(root) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    const stat = /^\d+$/.test(name) ? procStat(name) : null;
    if (stat) {
      children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(name)]);
    }
  }
  const bin = realpathSync(AISRM_BIN);
  const found = [];
  const todo = [...(children.get(root) ?? [])];
  while (todo.length > 0) {
    const pid = todo.pop();
    todo.push(...(children.get(pid) ?? []));
    try {
      if (realpathSync(`/proc/${pid}/exe`) === bin && running(pid)) {
        found.push(pid);
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** The pids of `pids` still running after `ms` milliseconds at most. */
async function stillRunningAfter(pids, ms) {
  const deadline = Date.now() + ms;
  while (pids.some(running) && Date.now() < deadline) {
    await sleep(50);
  }
  return pids.filter(running);
}

/** Text of the extension's and the language client's logs in a profile. */
function extensionLogs(profile) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (/aisrm|exthost\.log/i.test(entry.name)) {
        out.push(`--- ${full}\n${readFileSync(full, 'utf8').slice(-6000)}`);
      }
    }
  };
  try {
    walk(join(profile.userDataDir, 'logs'));
  } catch {
    // no logs
  }
  return out.join('\n');
}

// ---------------------------------------------------------------------------
// Workbench helpers

async function openWorkbench(browser, url, workspace) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 960 }, deviceScaleFactor: 1 });
  const p = await context.newPage();
  p.on('pageerror', (err) => say(`page error: ${err.message}`));
  await p.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
  await p.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  // The explorer shows the folder once the workbench is really up.
  await p.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 });
  return p;
}

/**
 * Presses `key` until the quick input shows. A key press goes nowhere while
 * focus is inside a webview (the Markdown preview a command opened) or
 * while the workbench is busy; then focus goes back to the workbench and
 * the key is pressed again.
 */
async function openQuickInput(p, key) {
  const input = p.locator('.quick-input-widget input.input');
  for (let attempt = 1; ; attempt++) {
    await p.keyboard.press(key);
    try {
      await input.waitFor({ state: 'visible', timeout: 4_000 });
      return input;
    } catch (err) {
      if (attempt >= 4) throw err;
      await p.keyboard.press('Escape');
      await p.locator('.part.statusbar').click({ position: { x: 5, y: 5 } }).catch(() => {});
      await p.locator('.part.editor').first().click({ position: { x: 5, y: 5 } }).catch(() => {});
    }
  }
}

async function quickOpen(p, fileName) {
  const input = await openQuickInput(p, `${MOD}+P`);
  await input.fill(fileName);
  await p.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${fileName}"]`, { timeout: 15_000 });
  await p.keyboard.press('Enter');
  await p.waitForSelector(`.tabs-container .tab.active[aria-label*="${fileName}"]`, { timeout: 15_000 });
  await p.waitForSelector('.editor-instance .monaco-editor .view-lines .view-line', { timeout: 15_000 });
}

async function runCommand(p, title) {
  const input = await openQuickInput(p, 'F1');
  await input.fill(`>${title}`);
  await p.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${title}"]`, { timeout: 15_000 });
  await p.keyboard.press('Enter');
}

async function gotoLine(p, line, column) {
  const input = await openQuickInput(p, `${MOD}+G`);
  await input.fill(`:${line}:${column}`);
  await sleep(150);
  await p.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 });
  await sleep(300);
}

/** In the page: the first squiggle of class `cls` in the active editor, as
 * the text of its line and its 1-based columns [start, end), from the
 * pixel extent of the decoration and the width of a character (monospace;
 * inlay hints come after the evidence, so they do not shift it). */
function squiggleColumns(cls) {
  const editor = document.querySelector('.editor-instance .monaco-editor');
  const squiggle = editor?.querySelector(`.view-overlays .${cls}`);
  if (!squiggle) {
    return null;
  }
  const box = squiggle.getBoundingClientRect();
  const line = [...editor.querySelectorAll('.view-lines .view-line')].find((l) => {
    const r = l.getBoundingClientRect();
    return r.top <= box.top + 1 && box.bottom <= r.bottom + 1;
  });
  // The line's own text, without inlay hints (injected `dyn-rule` spans).
  const own = [...(line?.querySelectorAll('span > span') ?? [])].filter((s) => !/dyn-rule/.test(s.className));
  if (own.length === 0) {
    return null;
  }
  const content = own.map((s) => s.textContent ?? '').join('').replace(/\u00a0/g, ' ');
  const first = own[0].getBoundingClientRect();
  const charWidth = first.width / (own[0].textContent ?? ' ').length;
  const column = (x) => Math.round((x - line.getBoundingClientRect().left) / charWidth) + 1;
  return { line: content, start: column(box.left), end: column(box.right) };
}

/** Moves the mouse over `word` on editor line `line` (1-based, must be visible). */
async function hoverWord(p, line, word) {
  const box = await p.evaluate(
    ({ line, word }) => {
      const editor = document.querySelector('.editor-instance .monaco-editor');
      const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find(
        (e) => (e.textContent ?? '').trim() === String(line),
      );
      if (!number) {
        return null;
      }
      const top = number.getBoundingClientRect().top;
      const viewLine = [...editor.querySelectorAll('.view-lines .view-line')].find(
        (e) => Math.abs(e.getBoundingClientRect().top - top) < 2,
      );
      if (!viewLine) {
        return null;
      }
      const walker = document.createTreeWalker(viewLine, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').replace(/\u00a0/g, ' ');
        const at = text.indexOf(word);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + word.length);
          const r = range.getBoundingClientRect();
          return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
        }
      }
      return null;
    },
    { line, word },
  );
  if (!box) {
    throw new Error(`"${word}" is not visible on line ${line}`);
  }
  // Start outside the editor with no hover showing: a start on another
  // word (say a `status:` key two lines below, which has a hover of its
  // own) leaves that word's hover up, and VS Code keeps a hover while the
  // mouse moves across it.
  await p.mouse.move(5, 5);
  await p.keyboard.press('Escape');
  await waitFor(async () => (await visibleHoverText(p)) === null, 'no hover before hovering', 4_000).catch(() => {});
  await p.mouse.move(box.x, box.y, { steps: 5 });
  await sleep(300);
  await p.mouse.move(box.x + 3, box.y, { steps: 2 });
}

/** Hovers `word` until the editor shows a hover (a few tries: the first
 * mouse move can land while the editor still scrolls). */
async function showHover(p, line, word, wanted = () => true) {
  for (let attempt = 1; ; attempt++) {
    await hoverWord(p, line, word);
    try {
      return await waitFor(
        async () => {
          const text = await visibleHoverText(p);
          return text !== null && wanted(text) ? text : null;
        },
        `the hover of ${word}`,
        4_000,
      );
    } catch (err) {
      if (attempt >= 4) {
        throw err;
      }
      say(`     no hover after attempt ${attempt}; moving the mouse again`);
      await p.mouse.move(5, 5);
      await sleep(500);
    }
  }
}

async function visibleHoverText(p) {
  return p.evaluate(() => {
    const hover = [...document.querySelectorAll('.monaco-editor .monaco-hover, .monaco-editor-hover .monaco-hover')].find(
      (h) => !h.classList.contains('hidden') && h.getBoundingClientRect().height > 0 && (h.textContent ?? '').trim().length > 0,
    );
    return hover ? hover.textContent : null;
  });
}

async function notificationsText(p) {
  return p.evaluate(() =>
    [...document.querySelectorAll('.notifications-toasts .notification-toast, .notifications-center .notification-list-item')]
      .map((e) => e.textContent ?? '')
      .join('\n'),
  );
}

async function waitFor(fn, what, timeout = 30_000, interval = 250) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) {
      return last;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    }
    await sleep(interval);
  }
}

// ---------------------------------------------------------------------------

const root = mkdtempSync(join(tmpdir(), 'aisrm-vscode-e2e-'));
const workspace = join(root, 'workspace');
cpSync(EXAMPLES, workspace, { recursive: true });
// A discovery file (drift only): the OpenAI SDK, which the inventory of the
// examples does not declare; `openai` (in quotes) is line 3, columns 6-11
// (1-based), where the server puts undeclared-ai-component.
mkdirSync(join(workspace, 'web'), { recursive: true });
writeFileSync(join(workspace, 'web', 'package.json'), '{\n  "dependencies": {\n    "openai": "^4.0.0"\n  }\n}\n');
const inventoryText = readFileSync(join(workspace, 'ai-inventory.yaml'), 'utf8');
const inventoryLines = inventoryText.split('\n');

/** 1-based line of the first line matching `re` after the line matching `after`. */
function lineOf(re, after) {
  let start = 0;
  if (after) {
    start = inventoryLines.findIndex((l) => after.test(l));
    assert(start >= 0, `no line matches ${after} in ai-inventory.yaml`);
  }
  const i = inventoryLines.findIndex((l, idx) => idx >= start && re.test(l));
  if (i < 0) {
    die(`no line matches ${re} in ai-inventory.yaml (the examples changed?)`);
  }
  return i + 1;
}

const gapLine = lineOf(/^\s+status: gap\s*$/);
const opsAgentLine = lineOf(/^  ops-agent:\s*$/);
// `incident-response:` under ops-agent (agentic-ai: Customer in the matrix)
const domainLine = lineOf(/^\s+incident-response:\s*$/, /^  ops-agent:\s*$/);
const domainColumn = inventoryLines[domainLine - 1].indexOf('incident-response') + 3;

const baseSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'editor.inlayHints.enabled': 'on',
  'editor.hover.delay': 100,
  'editor.hover.sticky': true,
  'window.commandCenter': false,
  'chat.commandCenter.enabled': false,
  'workbench.colorTheme': 'Default Light Modern',
};

let browser;
const servers = [];
let exitCode = 0;
try {
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });

  // -------------------------------------------------------------------------
  // Phase 1: the server is chosen by `aisrm.server.path` in the user settings
  // (it is not on PATH), and everything works.
  const profile = makeProfile(root, 'main', {
    ...baseSettings,
    'aisrm.server.path': AISRM_BIN,
    // A setting that shows: hints are not listed in the Problems panel.
    'aisrm.diagnostics.severity': { 'unowned-shared-duties': 'hint' },
    // Explicit ownership (no inherited owners) keeps unowned duties to list.
    'aisrm.ownership': 'explicit',
  });
  const server = await startCodeServer(profile, workspace, { PATH: pathWithoutAisrm() });
  servers.push(server);
  page = await openWorkbench(browser, server.url, workspace);
  say('workbench loaded');

  await check('open ai-inventory.yaml', async () => {
    await quickOpen(page, 'ai-inventory.yaml');
  });

  await check('no error notification from the extension', async () => {
    await sleep(1000);
    const text = await notificationsText(page);
    assert(!/aisrm/i.test(text), `notification: ${text}`);
  });

  await check(`diagnostic squiggles in the editor (status: gap, line ${gapLine})`, async () => {
    await gotoLine(page, gapLine, 1);
    const counts = await waitFor(
      () =>
        page.evaluate(() => {
          const n = (cls) => document.querySelectorAll(`.editor-instance .monaco-editor .${cls}`).length;
          const c = { error: n('squiggly-error'), warning: n('squiggly-warning'), info: n('squiggly-info') };
          return c.warning > 0 ? c : null;
        }),
      'a .squiggly-warning decoration',
    );
    return JSON.stringify(counts);
  });

  await check(`Problems panel lists status-gap on line ${gapLine}`, async () => {
    await page.keyboard.press(`${MOD}+Shift+M`);
    await page.waitForSelector('.markers-panel', { timeout: 10_000 });
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.waitFor({ state: 'visible', timeout: 10_000 });
    await filter.fill('status-gap');
    const row = await waitFor(
      () =>
        page.evaluate(() =>
          [...document.querySelectorAll('.markers-panel .monaco-list-row')]
            .map((r) => r.textContent ?? '')
            .find((t) => t.includes('status-gap')),
        ),
      'a Problems row with status-gap',
      15_000,
    );
    assert(new RegExp(`Ln ${gapLine}\\b`).test(row), `row does not say Ln ${gapLine}: ${row}`);
    assert(/gap/i.test(row.replace('status-gap', '')), `row has no message about the gap: ${row}`);
    await filter.fill('');
    return row.trim();
  });

  await check('settings reach the server: unowned-shared-duties (made hints) are not in the Problems panel', async () => {
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.fill('duties have no owner');
    try {
      const rows = await waitFor(
        () =>
          page.evaluate(() => {
            const texts = [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((r) => r.textContent ?? '');
            return texts.some((t) => t.includes('unowned-customer-duties')) ? texts : null;
          }),
        'unowned-customer-duties rows',
        15_000,
      );
      const shared = rows.filter((t) => t.includes('unowned-shared-duties'));
      assert(shared.length === 0, `unowned-shared-duties listed: ${shared.join(' | ')}`);
      return `${rows.length} rows, none unowned-shared-duties`;
    } finally {
      await filter.fill('');
    }
  });

  await check(`hover on the domain key incident-response (ops-agent, line ${domainLine}) shows the matrix level`, async () => {
    await page.keyboard.press(`${MOD}+1`); // focus the editor
    await gotoLine(page, domainLine, domainColumn);
    const text = await showHover(page, domainLine, 'incident-response', (t) => t.includes('Incident Response')).catch(
      async (e) => (await visibleHoverText(page)) ?? e.message,
    );
    // The cell of the component's model: agentic-ai x incident-response.
    assert(/Agentic AI\W*Customer/.test(text), `hover does not give the Agentic AI cell as Customer: ${text}`);
    return text.replace(/\s+/g, ' ').slice(0, 200);
  });

  await check('inlay hints are rendered', async () => {
    const hints = await waitFor(
      () =>
        page.evaluate((sourceLines) => {
          const source = new Set(sourceLines.map((l) => l.replace(/\s+$/, '')));
          const rendered = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')].map((l) =>
            (l.textContent ?? '').replace(/\u00a0/g, ' ').replace(/\s+$/, ''),
          );
          // Lines whose text is not a line of the file carry injected text.
          const changed = rendered.filter((t) => t.length > 0 && !source.has(t));
          // Inlay hints are injected text with a dynamic class.
          const parts = [...document.querySelectorAll('.editor-instance .view-lines .view-line span[class*="dyn-rule"]')]
            .map((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ').trim())
            .filter((t) => t.length > 0);
          return changed.length > 0 && parts.length > 0 ? { changed, parts } : null;
        }, inventoryLines),
      'inlay hints (injected text) in the visible lines',
      20_000,
    );
    return `${hints.parts.length} hint parts, e.g. ${JSON.stringify(hints.parts.slice(0, 4))}`;
  });

  await check('code lenses are rendered', async () => {
    const lens = await waitFor(
      () =>
        page.evaluate(() => {
          const l = [...document.querySelectorAll('.editor-instance .contentWidgets .codelens-decoration')]
            .map((e) => (e.textContent ?? '').trim())
            .filter((t) => t.length > 0);
          return l.length > 0 ? l : null;
        }),
      'a code lens',
      15_000,
    );
    return JSON.stringify(lens.slice(0, 2));
  });

  // The screenshot: squiggles, inlay hints, the hover and the Problems panel.
  await gotoLine(page, domainLine, domainColumn);
  await showHover(page, domainLine, 'incident-response').catch((e) => say(`(screenshot without hover: ${e.message})`));
  await sleep(300);
  mkdirSync(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT });
  say(`screenshot saved: ${SCREENSHOT}`);
  await page.keyboard.press('Escape');

  await check('command "aisrm: Show Responsibility Matrix" opens a Markdown preview', async () => {
    await runCommand(page, 'aisrm: Show Responsibility Matrix');
    await page.waitForSelector('.tabs-container .tab[aria-label*="matrix-aisrm.md"]', { timeout: 20_000 });
    const text = await notificationsText(page);
    assert(!/could not show the matrix/i.test(text), text);
  });

  await check('command "aisrm: Show Responsibilities of Component Under Cursor" answers', async () => {
    // The preview (a webview) has the focus: click the inventory's tab.
    await page.click('.tabs-container .tab[aria-label*="ai-inventory.yaml"]');
    await page.waitForSelector('.tabs-container .tab.active[aria-label*="ai-inventory.yaml"]', { timeout: 10_000 });
    await gotoLine(page, opsAgentLine + 1, 7);
    await runCommand(page, 'aisrm: Show Responsibilities of Component Under Cursor');
    const outcome = await waitFor(
      async () => {
        if (await page.$('.tabs-container .tab[aria-label*="component-summary.md"]')) {
          return 'preview opened';
        }
        const text = await notificationsText(page);
        if (/does not offer the component summary/.test(text)) {
          return 'server lacks aisrm.componentSummary (message shown)';
        }
        if (/componentSummary failed|no component at the cursor/.test(text)) {
          throw new Error(text);
        }
        return null;
      },
      'a preview or a message',
      20_000,
    );
    return outcome;
  });

  await check('command "aisrm: Restart Language Server" brings the diagnostics back', async () => {
    await page.click('.tabs-container .tab[aria-label*="ai-inventory.yaml"]');
    await page.waitForSelector('.tabs-container .tab.active[aria-label*="ai-inventory.yaml"]', { timeout: 10_000 });
    const before = serverPids(server.pid);
    await runCommand(page, 'aisrm: Restart Language Server');
    // After shutdown + exit the server ends by itself; the language client
    // would kill it only 2 s later.
    const left = await stillRunningAfter(before, 1500);
    assert(left.length === 0, `the old aisrm lsp still runs 1.5 s after the restart: ${left.join(', ')}`);
    await sleep(1500);
    await gotoLine(page, gapLine, 1);
    await waitFor(
      () => page.evaluate(() => document.querySelectorAll('.editor-instance .monaco-editor .squiggly-warning').length > 0),
      'squiggles after the restart',
      20_000,
    );
    const text = await notificationsText(page);
    assert(!/aisrm/i.test(text), `notification: ${text}`);
  });

  await check('design doc agent-ops-design.md: ```aisrm block highlighted as YAML', async () => {
    await page.click('.tabs-container .tab[aria-label*="ai-inventory.yaml"]').catch(() => {});
    await quickOpen(page, 'agent-ops-design.md');
    const mdLines = readFileSync(join(workspace, 'docs', 'agent-ops-design.md'), 'utf8').split('\n');
    const target = mdLines.findIndex((l) => l.includes('deployment: agentic-ai')) + 1;
    assert(target > 0, 'agent-ops-design.md has no `deployment: agentic-ai` line');
    await gotoLine(page, target, 1);
    const line = await waitFor(
      () =>
        page.evaluate(() => {
          const viewLine = [...document.querySelectorAll('.editor-instance .monaco-editor .view-lines .view-line')].find((l) =>
            (l.textContent ?? '').replace(/\u00a0/g, ' ').includes('deployment: agentic-ai'),
          );
          if (!viewLine) {
            return null;
          }
          // Token colours only (inlay hints add dyn-rule classes).
          const classes = new Set(
            [...viewLine.querySelectorAll('span[class*="mtk"]')]
              .filter((s) => !/dyn-rule/.test(s.className))
              .map((s) => s.className),
          );
          return classes.size >= 2 ? [...classes] : null;
        }),
      'two or more token colours on the line `deployment: agentic-ai` in the ```aisrm block',
      15_000,
    );
    return `token classes ${JSON.stringify(line)}`;
  });

  await check('Problems panel lists the dangling depends-on pager-bridge of the design doc', async () => {
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.fill('pager-bridge');
    try {
      const row = await waitFor(
        () =>
          page.evaluate(() =>
            [...document.querySelectorAll('.markers-panel .monaco-list-row')]
              .map((r) => r.textContent ?? '')
              .find((t) => t.includes('pager-bridge')),
          ),
        'a Problems row naming pager-bridge',
        15_000,
      );
      return row.trim();
    } finally {
      await filter.fill('');
    }
  });

  await check('web/package.json (a discovery file): undeclared-ai-component on `openai`, line 3, columns 6-11', async () => {
    await quickOpen(page, 'package.json');
    const filter = page.locator('.viewpane-filter input, .markers-panel-action-filter input').first();
    await filter.fill('undeclared-ai-component');
    let row;
    try {
      row = await waitFor(
        () =>
          page.evaluate(() =>
            [...document.querySelectorAll('.markers-panel .monaco-list-row')]
              .map((r) => r.textContent ?? '')
              .find((t) => t.includes('undeclared-ai-component') && t.includes('openai')),
          ),
        'a Problems row with undeclared-ai-component for openai',
        20_000,
      );
    } finally {
      await filter.fill('');
    }
    assert(/Ln 3, Col 6\b/.test(row), `row does not say Ln 3, Col 6: ${row}`);
    // Where the squiggle ends: its extent in columns of line 3's text.
    const span = await waitFor(
      () => page.evaluate(squiggleColumns, 'squiggly-warning'),
      'a warning squiggle in package.json',
    );
    assert(span.line === '    "openai": "^4.0.0"', `squiggle on the line ${JSON.stringify(span.line)}`);
    assert(span.start === 6 && span.end === 12, `squiggle over columns ${span.start}-${span.end - 1}, expected 6-11`);
    return `${row.trim()}; squiggle over columns ${span.start}-${span.end - 1}`;
  });

  let lspPids = [];
  await check('one aisrm lsp runs under code-server', async () => {
    lspPids = serverPids(server.pid);
    assert(lspPids.length === 1, `aisrm lsp processes under code-server: ${lspPids.join(', ') || 'none'}`);
    return `pid ${lspPids[0]}`;
  });

  const logs = results.some((r) => !r.ok) ? extensionLogs(profile) : '';
  if (logs) {
    say(`extension logs:\n${logs}`);
  }
  await page.context().close();
  page = undefined;
  await check('no aisrm lsp outlives the window', async () => {
    const t = Date.now();
    const left = await stillRunningAfter(lspPids, 5000);
    assert(left.length === 0, `aisrm lsp still running 5 s after the window closed: ${left.join(', ')}`);
    return `gone after ${Date.now() - t} ms`;
  });
  await server.stop();
  await check('no aisrm lsp outlives code-server', async () => {
    const left = await stillRunningAfter(lspPids, 5000);
    for (const pid of left) {
      process.kill(pid, 'SIGKILL');
    }
    assert(left.length === 0, `aisrm lsp still running 5 s after code-server stopped: ${left.join(', ')}`);
  });

  // -------------------------------------------------------------------------
  // Phase 2: no setting, nothing on PATH, nothing bundled: a clear error.
  const bare = makeProfile(root, 'bare', baseSettings);
  rmSync(join(bare.extensionPath, 'server'), { recursive: true, force: true });
  const server2 = await startCodeServer(bare, workspace, { PATH: pathWithoutAisrm() });
  servers.push(server2);
  page = await openWorkbench(browser, server2.url, workspace);
  await check('without a server: an error notification explains the fix', async () => {
    await quickOpen(page, 'ai-inventory.yaml');
    const text = await waitFor(
      async () => {
        const t = await notificationsText(page);
        return /aisrm language server was not started/.test(t) ? t : null;
      },
      'the not-found notification',
      30_000,
    );
    assert(/aisrm\.server\.path/.test(text) && /PATH/.test(text), `notification lacks the fix: ${text}`);
    return text.replace(/\s+/g, ' ').slice(0, 160);
  });
  await page.context().close();
  page = undefined;
} catch (err) {
  results.push({ name: 'harness', ok: false, message: err instanceof Error ? err.stack : String(err) });
  say(`FAIL harness: ${err instanceof Error ? err.stack : String(err)}`);
} finally {
  if (browser) {
    await browser.close().catch(() => {});
  }
  for (const s of servers) {
    await s.stop();
  }
  if (!KEEP) {
    rmSync(root, { recursive: true, force: true });
  } else {
    say(`kept ${root}`);
  }
}

const failed = results.filter((r) => !r.ok);
const passed = results.length - failed.length;
if (failed.length > 0) {
  process.stderr.write('\nVS Code end-to-end test FAILED:\n');
  for (const f of failed) {
    process.stderr.write(`  - ${f.name}: ${f.message}\n`);
  }
  exitCode = 1;
}
process.stdout.write(`vscode-e2e: ${passed} passed, ${failed.length} failed\n`);
process.exit(exitCode);
