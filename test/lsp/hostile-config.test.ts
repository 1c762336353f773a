/**
 * Issue #14 in the editor: a `.gatewarden.yaml` with an invalid glob is a broken
 * configuration like any other (diagnostic on the file, one notification naming the
 * position, the editor settings apply meanwhile), and every file below it is still served;
 * a pathological but valid glob does not stall the server; an invalid
 * `gatewarden.index.exclude` entry is announced once and the server carries on.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, FileChangeType, MessageType } from 'vscode-languageserver/node';
import { DEFAULT_TIMEOUT_MS, startClient, type TestClient } from './client';
import { INVALID_EFFECT, jsonPolicy, withCode } from './fixtures';

const A40 = 'a'.repeat(40);
const PATHOLOGICAL = `${'*a'.repeat(12)}*b`;

/** Resolves once `condition` holds, checking as messages arrive; rejects after the timeout. */
async function until(condition: () => boolean, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('an invalid glob in .gatewarden.yaml', () => {
  let client: TestClient;
  let dir = '';
  const configFile = (): string => path.join(dir, '.gatewarden.yaml');
  const writeConfig = async (text: string): Promise<void> => {
    fs.writeFileSync(configFile(), text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configFile()).href, type: FileChangeType.Changed }] });
  };

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-lsp-'));
    // Line 5 (1-based), `  - "[z-a]"`: the range starts in column 7.
    fs.writeFileSync(configFile(), `rules:\n  ${INVALID_EFFECT}: warning\nignore:\n  - "${PATHOLOGICAL}"\n  - "[z-a]"\n`);
    client = await startClient({ rootPath: dir, initializationOptions: { index: false } });
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the file below it is still served, with the editor settings, and the configuration is reported', async () => {
    const uri = pathToFileURL(path.join(dir, A40, `${A40}.json`)).href;
    await client.open(uri, 'json', jsonPolicy('Alow'));
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    // The default severity (error), not the broken file's `warning`.
    assert.deepEqual(
      withCode(params, INVALID_EFFECT).map((d) => d.severity),
      [DiagnosticSeverity.Error],
    );
    const onFile = await client.waitForDiagnostics(pathToFileURL(configFile()).href, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      onFile.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['config', 4, 6]],
    );
    await until(() => client.shownMessages.some((m) => m.type === MessageType.Warning && m.message.includes(`${configFile()}:5:7`)), 'the broken-configuration notice');
  });

  test('once fixed, the pathological glob applies without stalling the server', async () => {
    const uri = pathToFileURL(path.join(dir, A40, `${A40}.json`)).href;
    await writeConfig(`rules:\n  ${INVALID_EFFECT}: warning\nignore:\n  - "${PATHOLOGICAL}"\n  - "${'**/'.repeat(8)}ignored.json"\n`);
    await client.waitForDiagnostics(uri, (p) => withCode(p, INVALID_EFFECT).some((d) => d.severity === DiagnosticSeverity.Warning));
    const deep = [dir, ...Array.from({ length: 30 }, (_, i) => `d${i}`)];
    const ignored = pathToFileURL(path.join(...deep, 'ignored.json')).href;
    await client.open(ignored, 'json', jsonPolicy('Alow'));
    assert.deepEqual((await client.waitForDiagnostics(ignored, (p) => p.version === 1)).diagnostics, []);
  });
});

describe('an invalid gatewarden.index.exclude entry', () => {
  let client: TestClient;
  let dir = '';

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-lsp-'));
    fs.writeFileSync(path.join(dir, 'policy.json'), jsonPolicy('Allow'));
    client = await startClient({ rootPath: dir, initializationOptions: { indexExclude: ['[z-a]', 'build/', 'x{'] } });
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('is announced once per bad entry, and documents are still served', async () => {
    const uri = pathToFileURL(path.join(dir, 'open.json')).href;
    await client.open(uri, 'json', jsonPolicy('Alow'));
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.equal(withCode(params, INVALID_EFFECT).length, 1);
    await until(() => client.shownMessages.filter((m) => m.type === MessageType.Warning).length >= 2, 'two warnings');
    assert.equal(client.shownMessages.filter((m) => m.type === MessageType.Warning).length, 2);
    assert.deepEqual(client.errorLogs, []);
  });
});
