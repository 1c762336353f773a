/**
 * Which IAM data the server checks against, as the editor's status item reads it (the
 * initialize result's `capabilities.experimental.gatewarden.iamData`, and the request
 * `gatewarden/iamDataInfo`), and `gatewarden.iamData.path` (the initialization option
 * `iamDataPath`): a copy of the package makes its added action known; a folder that cannot
 * be used is reported with a warning and the bundled data is used instead.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IamDataRequests, type IamDataInfo } from '../../shared/protocol';
import { REPO_ROOT, startClient, type TestClient } from './client';

const PINNED = path.join(REPO_ROOT, 'node_modules', '@cloud-copilot', 'iam-data');
const BUNDLED = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'dist', 'iam', 'index.json'), 'utf8')) as { version: string; updatedAt: string };
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:SendHologram', Resource: '*' }] });

let work = '';
before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-lsp-iam-'));
  const copy = path.join(work, 'tools', 'node_modules', '@cloud-copilot', 'iam-data');
  fs.cpSync(PINNED, copy, { recursive: true });
  const actionsFile = path.join(copy, 'data', 'actions', 'sqs.json');
  const actions = JSON.parse(fs.readFileSync(actionsFile, 'utf8')) as Record<string, unknown>;
  actions['sendhologram'] = { name: 'SendHologram', description: 'Grants permission to send a hologram', accessLevel: 'Write', resourceTypes: [], conditionKeys: [], dependentActions: [] };
  fs.writeFileSync(actionsFile, JSON.stringify(actions));
  fs.mkdirSync(path.join(work, 'broken'));
});
after(() => fs.rmSync(work, { recursive: true, force: true }));

const cases: ReadonlyArray<readonly [name: string, iamDataPath: string | undefined, expected: Partial<IamDataInfo>, unknown: boolean]> = [
  ['bundled data', undefined, { source: 'bundled', version: BUNDLED.version, date: BUNDLED.updatedAt.slice(0, 10) }, true],
  ['a tools folder, relative to the workspace folder', 'tools', { source: 'custom', version: BUNDLED.version, date: BUNDLED.updatedAt.slice(0, 10) }, false],
  ['a folder without the package', 'broken', { source: 'bundled', version: BUNDLED.version }, true],
];

for (const [name, iamDataPath, expected, unknown] of cases) {
  describe(`IAM data in the server: ${name}`, () => {
    let client: TestClient;
    before(async () => {
      client = await startClient({ settings: { gatewarden: {} }, rootPath: work, initializationOptions: { index: false, iamDataPath } });
    });
    after(async () => {
      await client?.dispose();
    });

    test('the initialize result and gatewarden/iamDataInfo say which data is used', async () => {
      const declared = (client.initializeResult.capabilities.experimental as { gatewarden: { iamData: IamDataInfo } }).gatewarden.iamData;
      const asked = await client.connection.sendRequest(IamDataRequests.info, {});
      assert.deepEqual(asked, declared);
      assert.deepEqual(
        Object.fromEntries(Object.keys(expected).map((k) => [k, asked[k as keyof IamDataInfo]])),
        expected,
      );
      assert.match(asked.date, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(typeof asked.ageDays, 'number');
      assert.equal(asked.stale, asked.ageDays! > 60);
      if (iamDataPath === 'broken') {
        assert.match(asked.problem ?? '', /holds no @cloud-copilot\/iam-data package/);
        assert.ok(client.shownMessages.some((m) => m.type === 2 && /gatewarden\.iamData\.path/.test(m.message)), JSON.stringify(client.shownMessages));
      } else {
        assert.equal(asked.problem, undefined);
      }
    });

    test(`an action only the copy has is ${unknown ? 'unknown' : 'known'}`, async () => {
      const uri = pathToFileURL(path.join(work, `policy-${cases.findIndex((c) => c[0] === name)}.json`)).href;
      await client.open(uri, 'json', POLICY);
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const found = diagnostics.filter((d) => d.code === 'iam/unknown-action').map((d) => (d.data as { messageId: string }).messageId);
      assert.deepEqual(found, unknown ? ['unknownAction'] : []);
    });
  });
}
