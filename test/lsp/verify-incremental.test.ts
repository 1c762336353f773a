/**
 * `gatewarden.debug.verifyIncremental`: after each publish the server analyses the same text
 * from a fresh parse and compares, and the engine checks that every memo declared what it
 * read (engine.ts `checkReads`). Through edits that reach parameters, a policy, a route and
 * plain text, each version is checked and no difference or undeclared read is logged.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileUri, startClient, type TestClient } from './client';
import { READING as TEMPLATE } from '../helpers/reading-template';


let client: TestClient;

before(async () => {
  client = await startClient({ settings: { gatewarden: { debug: { verifyIncremental: true } } } });
});

after(async () => {
  await client?.dispose();
});

test('each version is checked against a fresh analysis, with every read declared', async () => {
  const uri = fileUri('verified.yaml');
  const checked = (version: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = (): void => {
        if (client.logs.some((l) => l.message.startsWith(`verifyIncremental: ${uri} version ${version} checked`))) {
          resolve();
        } else if (Date.now() - started > 20000) {
          reject(new Error(`version ${version} was not checked; logs:\n${client.logs.map((l) => l.message).join('\n')}`));
        } else {
          setTimeout(poll, 20);
        }
      };
      poll();
    });
  await client.open(uri, 'yaml', TEMPLATE);
  await checked(1);
  let text = TEMPLATE;
  const edits: [string, string][] = [
    ['Default: prod', 'Default: dev'],
    ['app-${Stage}', 'svc-${Stage}'],
    ['/items', '/things'],
    ['GET/*', 'GET/things'],
    ['Description: reads', 'Description: still reads'],
    ['Bucket: prod-bucket', 'Bucket: other-bucket'],
    ['Default: dev', 'Default: prod'],
  ];
  let version = 1;
  for (const [was, now] of edits) {
    assert.ok(text.includes(was), was);
    text = text.replace(was, now);
    await client.change(uri, ++version, text);
    await checked(version);
  }
  const problems = client.logs.filter((l) => /differs from a fresh analysis|without declaring it/.test(l.message)).map((l) => l.message);
  assert.deepEqual(problems, []);
});
