/**
 * Access assertions and the "since HEAD" lenses through the real server, on a real git
 * repository in a temporary folder: a role in one file and an API in another, committed;
 * then the role's grant widened in the editor (unsaved). The assertion diagnostic sits on
 * the widened statement, an assertion that matches nothing is a warning on the
 * configuration file, the lenses count what changed against HEAD, the statement hover lists
 * the rows it adds; without a repository there is no such lens.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Hover } from 'vscode-languageserver/node';
import { eventually, positionOf, rangeOf, startClient, type TestClient } from './client';
import { ORDERS_API, readerRole } from '../helpers/templates';

const API = ORDERS_API;
const role = readerRole;

const CONFIG = `access:
  expect:
    - deny: { principal: ReaderRole, method: "POST /orders" }
    - deny: { principal: WriterRole, method: "POST /orders" }
`;

/** Runs git in `dir` with a fixed identity and nothing from the user's or system configuration. */
function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}


const since = (lenses: readonly CodeLens[]): string[] => lenses.filter((l) => l.command?.title.startsWith('since ')).map((l) => `${l.range.start.line}:${l.command!.title}`);

describe('access assertions and "since HEAD" in a git repository', () => {
  let client: TestClient;
  let dir: string;
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;
  const lensesOf = (name: string): Promise<CodeLens[]> => client.codeLenses(uri(name));

  before(async () => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-since-')));
    fs.writeFileSync(path.join(dir, 'api.yaml'), API);
    fs.writeFileSync(path.join(dir, 'roles.yaml'), role('GET'));
    fs.writeFileSync(path.join(dir, '.gatewarden.yaml'), CONFIG);
    git(dir, 'init', '-q');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'base');
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the widened grant breaks the deny assertion, on its statement', async () => {
    const widened = role('*');
    await client.open(uri('roles.yaml'), 'yaml', widened);
    const published = await client.waitForDiagnostics(uri('roles.yaml'), (p) => p.diagnostics.some((d) => d.code === 'access/expect-deny'), 15_000);
    const found = published.diagnostics.filter((d) => String(d.code).startsWith('access/'));
    const statement = widened.indexOf('- Effect: Allow\n                Action') + 2;
    assert.deepEqual(
      found.map((d) => [d.code, d.severity, d.range.start]),
      [['access/expect-deny', 1, positionOf(widened, statement)]],
    );
  });

  test('the configuration file: the assertion that matches nothing is a warning at its item', async () => {
    await client.open(uri('.gatewarden.yaml'), 'yaml', CONFIG);
    const published = await client.waitForDiagnostics(uri('.gatewarden.yaml'), (p) => p.diagnostics.some((d) => d.code === 'access/expect-unmatched'), 15_000);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['access/expect-unmatched', 2, rangeOf(CONFIG, 'deny: { principal: WriterRole, method: "POST /orders" }\n')]],
    );
  });

  test('a broken assertion in the open configuration file is a configuration error at its item', async () => {
    const broken = CONFIG.replace('method: "POST /orders" }\n    - deny: { principal: WriterRole', 'method: "POST orders" }\n    - deny: { principal: WriterRole');
    await client.change(uri('.gatewarden.yaml'), 2, broken);
    const published = await client.waitForDiagnostics(uri('.gatewarden.yaml'), (p) => p.version === 2 && p.diagnostics.some((d) => d.code === 'config'), 15_000);
    assert.deepEqual(
      published.diagnostics.map((d) => [d.code, d.severity, d.range]),
      [['config', 1, rangeOf(broken, '"POST orders"')]],
    );
    await client.change(uri('.gatewarden.yaml'), 3, CONFIG);
    await client.waitForDiagnostics(uri('.gatewarden.yaml'), (p) => p.version === 3 && p.diagnostics.every((d) => d.code !== 'config'), 15_000);
  });

  test('lenses count what changed since HEAD: the role gained a method, the method a principal', async () => {
    await client.open(uri('api.yaml'), 'yaml', API);
    const onRole = await eventually(() => lensesOf('roles.yaml'), (l) => since(l).length > 0);
    assert.deepEqual(since(onRole), ['1:since HEAD: +1 method, -0']);
    const lens = onRole.find((l) => l.command?.title.startsWith('since '))!;
    assert.equal(lens.command?.command, 'gatewarden.showAccessDiff');
    const detail = (lens.command?.arguments?.[0] as { markdown: string }).markdown;
    assert.ok(detail.includes('| ReaderRole | POST /orders on Api |'), detail);
    const onApi = await eventually(() => lensesOf('api.yaml'), (l) => since(l).length === 2);
    assert.deepEqual(since(onApi), ['5:since HEAD: no change', '8:since HEAD: +1 principal, -0']);
  });

  test('the hover on the statement lists the rows it adds against HEAD', async () => {
    const widened = role('*');
    const offset = widened.indexOf('Action: execute-api:Invoke') + 3;
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('roles.yaml') }, position: positionOf(widened, offset) });
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.ok(value.includes('| ReaderRole | POST /orders on Api | * | allow |'), value);
    assert.ok(!value.includes('| ReaderRole | GET /orders'), value);
  });

  test('a new base setting compares with that ref', async () => {
    // A second commit holding the widened grant: against HEAD~1 the role still gained POST.
    fs.writeFileSync(path.join(dir, 'roles.yaml'), role('*'));
    git(dir, 'commit', '-q', '-am', 'widen');
    client.settings.gatewarden = { access: { diffBase: 'HEAD~1' } };
    await client.changeConfiguration();
    const lenses = await eventually(() => lensesOf('roles.yaml'), (l) => since(l).some((t) => t.includes('HEAD~1')));
    assert.deepEqual(since(lenses), ['1:since HEAD~1: +1 method, -0']);
  });
});

describe('"since HEAD" without a repository', () => {
  let client: TestClient;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-nogit-'));
    fs.writeFileSync(path.join(dir, 'api.yaml'), API);
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('no such lens appears; the access lenses do', async () => {
    const uri = pathToFileURL(path.join(dir, 'roles.yaml')).href;
    await client.open(uri, 'yaml', role('*'));
    const lenses = await eventually(
      () => client.codeLenses(uri),
      (l) => l.length > 0,
    );
    assert.ok(lenses.length > 0);
    assert.deepEqual(since(lenses), []);
  });
});
