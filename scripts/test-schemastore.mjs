// The SchemaStore catalog entries (docs/schemastore-catalog.json) with
// yaml-language-server alone, no aisrm: each YAML file of examples/ is
// opened with only the catalog's schemas configured (by their fileMatch
// globs; the catalog URLs mapped to the files in schemas/, as there is no
// network here) and must get no diagnostics. A broken copy of each
// inventory must get one, so validation is known to be on. The framework
// file of examples/ has no catalog file name, so it is mapped to the
// framework schema by its path, as a user would in their settings.
//
//   node scripts/test-schemastore.mjs   (needs `npm ci` in bench/)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const server = path.join(repo, 'bench/node_modules/yaml-language-server/bin/yaml-language-server');
const catalog = JSON.parse(fs.readFileSync(path.join(repo, 'docs/schemastore-catalog.json'), 'utf8'));
const RAW = 'https://raw.githubusercontent.com/aisrm/aisrm/main/';

let failed = 0;
let yamlSettings = {};
function check(name, ok, detail) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || detail === undefined ? '' : `: ${detail}`}`);
  if (!ok) failed++;
}

// --- a minimal LSP client over stdio ----------------------------------------
const proc = spawn('node', [server, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
let buffer = Buffer.alloc(0);
let nextId = 1;
const pending = new Map();
const diagnostics = new Map();
const waiters = [];
function send(msg) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
  proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  proc.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ id, method, params });
  return new Promise((resolve) => pending.set(id, resolve));
}
function onMessage(msg) {
  if (msg.id !== undefined && pending.has(msg.id) && msg.method === undefined) {
    pending.get(msg.id)(msg.result);
    pending.delete(msg.id);
  } else if (msg.method === 'textDocument/publishDiagnostics') {
    diagnostics.set(msg.params.uri, msg.params.diagnostics);
    waiters.filter((w) => w.uri === msg.params.uri).forEach((w) => w.resolve(msg.params.diagnostics));
  } else if (msg.id !== undefined && msg.method) {
    // workspace/configuration (yaml-language-server pulls its settings on
    // didChangeConfiguration) and the like.
    const result = msg.method === 'workspace/configuration'
      ? msg.params.items.map((item) => (item.section === 'yaml' ? yamlSettings : {}))
      : null;
    send({ id: msg.id, result });
  }
}
proc.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const header = buffer.indexOf('\r\n\r\n');
    if (header < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.slice(0, header).toString())[1]);
    if (buffer.length < header + 4 + length) return;
    onMessage(JSON.parse(buffer.slice(header + 4, header + 4 + length).toString()));
    buffer = buffer.slice(header + 4 + length);
  }
});
function diagnosticsOf(uri, text) {
  const wait = new Promise((resolve) => waiters.push({ uri, resolve }));
  send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
  const timeout = new Promise((resolve) => setTimeout(() => resolve(null), 15000));
  return Promise.race([wait, timeout]);
}

// --- the catalog ------------------------------------------------------------
// The framework entry has no fileMatch: framework files have no fixed name
// (SchemaStore lists such schemas for manual selection).
check('the inventory entry matches the inventory file names',
  JSON.stringify(catalog[0].fileMatch) === JSON.stringify(['*.aisrm.yaml', '*.aisrm.yml', 'ai-inventory.yaml', 'ai-inventory.yml']));
check('the project configuration entry matches aisrm.toml (taplo and Even Better TOML read the catalog)',
  catalog.some((e) => JSON.stringify(e.fileMatch) === JSON.stringify(['aisrm.toml'])
    && e.url.endsWith('schemas/aisrm-config.schema.json')));
for (const entry of catalog) {
  check(`catalog entry "${entry.name}" has name, description, url`,
    ['name', 'description', 'url'].every((k) => entry[k]));
  check(`its url is a schema of this repository (${entry.url.slice(RAW.length)})`,
    entry.url.startsWith(RAW) && fs.existsSync(path.join(repo, entry.url.slice(RAW.length))));
}
const local = (url) => pathToFileURL(path.join(repo, url.slice(RAW.length))).href;
const inventorySchema = local(catalog[0].url);
const frameworkSchema = local(catalog[1].url);

// Copies of examples/ (and broken ones) in a temporary folder.
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'aisrm-schemastore-'));
fs.cpSync(path.join(repo, 'examples'), path.join(work, 'examples'), { recursive: true });
const yamlFiles = [];
(function walk(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (/\.ya?ml$/.test(e.name)) yamlFiles.push(p);
  }
})(path.join(work, 'examples'));

const schemas = {};
for (const entry of catalog) schemas[local(entry.url)] = [...(entry.fileMatch ?? [])];
const frameworkFile = path.join(work, 'examples/custom-framework/framework.yaml');
schemas[frameworkSchema].push(frameworkFile, path.join(path.dirname(frameworkFile), 'broken', 'framework.yaml'));

await request('initialize', {
  processId: process.pid,
  rootUri: pathToFileURL(work).href,
  capabilities: { textDocument: { publishDiagnostics: {} }, workspace: { configuration: true } },
});
send({ method: 'initialized', params: {} });
yamlSettings = { validate: true, schemaStore: { enable: false }, schemas };
send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: yamlSettings } } });

check('examples/ has YAML files', yamlFiles.length >= 3, yamlFiles.length);
for (const file of yamlFiles) {
  const rel = path.relative(work, file);
  const text = fs.readFileSync(file, 'utf8');
  // First the same file, broken (an unknown top-level key, which the
  // schema must report): proves validation is on before the real file.
  const broken = path.join(path.dirname(file), 'broken', path.basename(file));
  fs.mkdirSync(path.dirname(broken), { recursive: true });
  const brokenText = `${text}\nnot-a-key: 1\n`;
  fs.writeFileSync(broken, brokenText);
  const brokenDiags = await diagnosticsOf(pathToFileURL(broken).href, brokenText);
  check(`${rel} with an unknown key: the schema reports it`,
    brokenDiags !== null && brokenDiags.some((d) => d.range.start.line === brokenText.split('\n').length - 2),
    JSON.stringify(brokenDiags));
  const diags = await diagnosticsOf(pathToFileURL(file).href, text);
  check(`${rel}: no diagnostics`, diags !== null && diags.length === 0,
    diags === null ? 'no diagnostics published' : JSON.stringify(diags.map((d) => `${d.range.start.line + 1}: ${d.message}`)));
}

await request('shutdown', null);
send({ method: 'exit' });
fs.rmSync(work, { recursive: true, force: true });
console.log(`test-schemastore: ${failed} failed`);
process.exit(failed ? 1 : 0);
