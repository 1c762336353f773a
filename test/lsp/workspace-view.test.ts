/**
 * The workspace at a glance, through the real server: the access view's tree (the same rows
 * as `gatewarden access`), the document status behind the language status item, problems of
 * files that are not open (`gatewarden.diagnostics.scope: workspace`), and resource-scoped
 * settings read per workspace folder (`gatewarden.codeLens.enable`, `gatewarden.rules`).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { REPO_ROOT, startClient, type TestClient } from './client';
import { hasCode, INVALID_EFFECT, jsonPolicy } from './fixtures';
import { WorkspaceNotifications, WorkspaceRequests, type AccessTreeNode, type AccessTreeParams, type DocumentStatus } from '../../shared/protocol';

const EXAMPLE = fs.readFileSync(path.join(REPO_ROOT, 'examples', 'orders-api', 'template.yaml'), 'utf8');
const uriOf = (file: string): string => pathToFileURL(file).href;

async function tree(client: TestClient, params: AccessTreeParams): Promise<readonly AccessTreeNode[]> {
  return (await client.connection.sendRequest(WorkspaceRequests.accessTree, params)).nodes;
}

/** Asks for a document's status until the workspace index is ready (the server says so in the answer). */
async function statusWhenIndexed(client: TestClient, uri: string): Promise<DocumentStatus> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const status = await client.connection.sendRequest(WorkspaceRequests.documentStatus, { uri });
    if (status.index.state === 'ready' || Date.now() > deadline) {
      return status;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the access view and the document status', () => {
  let dir: string;
  let client: TestClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-view-'));
    fs.writeFileSync(path.join(dir, 'template.yaml'), EXAMPLE);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"name": "x"}');
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('status: a SAM template is analysed as SAM, with the IAM data date and the index ready; unrelated JSON is not, and says why', async () => {
    const template = uriOf(path.join(dir, 'template.yaml'));
    await client.open(template, 'yaml', EXAMPLE);
    const status = await statusWhenIndexed(client, template);
    assert.equal(status.analysed, true);
    assert.ok(status.kinds.includes('sam'), JSON.stringify(status.kinds));
    assert.deepEqual([status.iamData.source, /^\d{4}-\d{2}-\d{2}$/.test(status.iamData.date)], ['bundled', true]);
    assert.deepEqual([status.index.state, status.index.files], ['ready', 1]);

    const unrelated = uriOf(path.join(dir, 'package.json'));
    await client.open(unrelated, 'json', '{"name": "x"}');
    const other = await client.connection.sendRequest(WorkspaceRequests.documentStatus, { uri: unrelated });
    assert.deepEqual([other.analysed, other.kinds], [false, []]);
    assert.ok(other.reason);
    const missing = await client.connection.sendRequest(WorkspaceRequests.documentStatus, { uri: uriOf(path.join(dir, 'nope.json')) });
    assert.equal(missing.analysed, false);
  });

  test('by API: APIs, stages, methods, then the principals of a method with their decisions, each revealing its source', async () => {
    const apis = await tree(client, { mode: 'methods' });
    assert.deepEqual(apis.map((n) => [n.kind, n.label]), [['api', 'OrdersApi']]);
    const stages = await tree(client, { mode: 'methods', parent: apis[0]!.key });
    assert.deepEqual(stages.map((n) => n.label), ['prod']);
    const methods = await tree(client, { mode: 'methods', parent: stages[0]!.key });
    assert.deepEqual(methods.map((n) => n.label), ['GET /orders', 'GET /orders/{id}', 'POST /orders', 'DELETE /orders/{id}', 'GET /health']);
    // The method's declaration: the SAM event's key (lines are zero-based).
    const lines = EXAMPLE.split('\n');
    assert.match(lines[methods[3]!.location!.line]!, /^\s+DeleteOrder:/);
    const rows = await tree(client, { mode: 'methods', parent: methods[3]!.key });
    // Labels name the principal as the hovers do; the ids are what is asserted.
    const ids = ['ReportingRole', 'CheckoutRole', 'OperatorRole', 'OrdersFunctionRole'];
    assert.deepEqual(
      rows.map((n) => [n.kind, ids.find((id) => n.label.includes(id)), n.decision, n.implicit]),
      [
        ['row', 'ReportingRole', 'deny', true],
        ['row', 'CheckoutRole', 'conditional', false],
        ['row', 'OperatorRole', 'conditional', false],
        ['row', 'OrdersFunctionRole', 'deny', true],
      ],
    );
    assert.ok(rows.every((n) => !n.hasChildren));
    // A row reveals the statement that decided it: CheckoutRole's is its WriteOrders statement.
    assert.match(lines[rows[1]!.location!.line]!, /Sid: WriteOrders/);
  });

  test('by principal: each principal, then the methods it reaches with the decision', async () => {
    const principals = await tree(client, { mode: 'principals' });
    const reporting = principals.find((n) => n.label.includes('ReportingRole'));
    assert.ok(reporting, JSON.stringify(principals.map((n) => n.label)));
    assert.match(EXAMPLE.split('\n')[reporting.location!.line]!, /^\s+ReportingRole:/);
    const methods = await tree(client, { mode: 'principals', parent: reporting.key });
    assert.deepEqual(
      methods.map((n) => [n.label, n.decision, n.implicit]),
      [
        ['GET /orders', 'allow', false],
        ['GET /orders/{id}', 'allow', false],
        ['POST /orders', 'deny', true],
        ['DELETE /orders/{id}', 'deny', true],
      ],
    );
  });

  test('a filter keeps the rows that match and the nodes above them', async () => {
    const principals = await tree(client, { mode: 'principals', filter: 'checkout' });
    assert.equal(principals.length, 1);
    assert.match(principals[0]!.label, /CheckoutRole/);
    const apis = await tree(client, { mode: 'methods', filter: 'conditional' });
    const stages = await tree(client, { mode: 'methods', parent: apis[0]!.key, filter: 'conditional' });
    const methods = await tree(client, { mode: 'methods', parent: stages[0]!.key, filter: 'conditional' });
    assert.deepEqual(methods.map((n) => n.label), ['DELETE /orders/{id}']);
    const none = await tree(client, { mode: 'methods', filter: 'no such principal' });
    assert.deepEqual(none, []);
  });

  test('a changed file on disk is announced to the view; a stale key answers no children', async () => {
    const changed = new Promise<void>((resolve) => client.connection.onNotification(WorkspaceNotifications.accessChanged, () => resolve()));
    const policy = path.join(dir, 'extra.json');
    fs.writeFileSync(policy, jsonPolicy('Allow'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(policy), type: 1 }] });
    await changed;
    assert.deepEqual(await tree(client, { mode: 'methods', parent: JSON.stringify(['method', 'file:///gone.yaml', 0, [], '', 'prod']) }), []);
    assert.deepEqual(await tree(client, { mode: 'principals', parent: 'not json' }), []);
  });
});

describe('gatewarden.diagnostics.scope: workspace', () => {
  let dir: string;
  let client: TestClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-wsdiag-'));
    fs.writeFileSync(path.join(dir, 'bad.json'), jsonPolicy('Alow'));
    fs.writeFileSync(path.join(dir, 'good.json'), jsonPolicy('Allow'));
    client = await startClient({ settings: { gatewarden: { diagnostics: { scope: 'workspace' } } }, rootPath: dir });
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('files never opened get their problems; they are cleared when the file leaves the index and when the setting goes back to open', async () => {
    const bad = uriOf(path.join(dir, 'bad.json'));
    const good = uriOf(path.join(dir, 'good.json'));
    await client.waitForDiagnostics(bad, (p) => hasCode(p, INVALID_EFFECT), 30_000);
    const clean = await client.waitForDiagnostics(good, () => true, 30_000);
    assert.deepEqual(clean.diagnostics, []);

    // Back to `open`: what was published for closed files is cleared.
    client.settings.gatewarden = { diagnostics: { scope: 'open' } };
    await client.changeConfiguration();
    await client.waitForDiagnostics(bad, (p) => p.diagnostics.length === 0, 30_000);

    // And on again; then the file is deleted: its problems go with it.
    client.settings.gatewarden = { diagnostics: { scope: 'workspace' } };
    await client.changeConfiguration();
    await client.waitForDiagnostics(bad, (p) => hasCode(p, INVALID_EFFECT), 30_000);
    fs.rmSync(path.join(dir, 'bad.json'));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: bad, type: 3 }] });
    await client.waitForDiagnostics(bad, (p) => p.diagnostics.length === 0, 30_000);
  });
});

describe('resource-scoped settings: each workspace folder its own', () => {
  let root: string;
  let client: TestClient;
  const folder = (name: string): string => path.join(root, name);

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-folders-'));
    for (const name of ['quiet', 'loud']) {
      fs.mkdirSync(folder(name));
      fs.writeFileSync(path.join(folder(name), 'template.yaml'), EXAMPLE);
    }
    client = await startClient({
      settings: { gatewarden: {} },
      rootPath: folder('loud'),
      folders: [folder('quiet'), folder('loud')],
      scopedSettings: { [uriOf(folder('quiet'))]: { gatewarden: { codeLens: { enable: false }, rules: { [INVALID_EFFECT]: 'off' } } } },
    });
  });

  after(async () => {
    await client.dispose();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('code lenses and rule severities follow the folder of the document', async () => {
    const lenses = async (name: string): Promise<CodeLens[]> => {
      const uri = uriOf(path.join(folder(name), 'template.yaml'));
      await client.open(uri, 'yaml', EXAMPLE);
      await statusWhenIndexed(client, uri);
      return client.codeLenses(uri);
    };
    assert.ok((await lenses('loud')).length > 0, 'the folder without the setting has lenses');
    assert.deepEqual(await lenses('quiet'), []);

    const diagnostics = async (name: string): Promise<PublishDiagnosticsParams> => {
      const uri = uriOf(path.join(folder(name), 'policy.json'));
      await client.open(uri, 'json', jsonPolicy('Alow'));
      return client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
    };
    assert.ok(hasCode(await diagnostics('loud'), INVALID_EFFECT));
    assert.ok(!hasCode(await diagnostics('quiet'), INVALID_EFFECT));
  });
});
