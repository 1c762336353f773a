/**
 * The project configuration file in the editor: a .gatewarden.yaml above a document sets
 * its rule severities over the VS Code settings, a change on disk (announced with
 * workspace/didChangeWatchedFiles) takes effect, ignored files get no diagnostics, and a
 * broken file is reported on itself and in a notification.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, FileChangeType, type ShowMessageParams } from 'vscode-languageserver/node';
import { startClient, type TestClient } from './client';
import { INVALID_EFFECT, jsonPolicy, withCode } from './fixtures';

describe('project configuration file', () => {
  let client: TestClient;
  let dir = '';
  const messages: ShowMessageParams[] = [];
  const configFile = (): string => path.join(dir, '.gatewarden.yaml');
  const uriOf = (...parts: string[]): string => pathToFileURL(path.join(dir, ...parts)).href;
  const writeConfig = async (text: string): Promise<void> => {
    fs.writeFileSync(configFile(), text);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configFile()).href, type: FileChangeType.Changed }] });
  };
  const severityOf = (params: { diagnostics: { code?: unknown; severity?: DiagnosticSeverity }[] }): DiagnosticSeverity | undefined =>
    params.diagnostics.find((d) => d.code === INVALID_EFFECT)?.severity;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-lsp-'));
    fs.writeFileSync(configFile(), `rules:\n  ${INVALID_EFFECT}: warning\nignore: [vendor/]\n`);
    // The user's own setting says off; the repository's configuration wins.
    // The folder is the workspace: configuration lookups stop at the workspace folder.
    client = await startClient({ rootPath: dir, settings: { gatewarden: { rules: { [INVALID_EFFECT]: 'off' } } } });
    client.connection.onNotification('window/showMessage', (params: ShowMessageParams) => messages.push(params));
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the nearest .gatewarden.yaml sets the severity, over the VS Code setting', async () => {
    const uri = uriOf('infra', 'policy.json');
    await client.open(uri, 'json', jsonPolicy('Alow'));
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(
      withCode(params, INVALID_EFFECT).map((d) => d.severity),
      [DiagnosticSeverity.Warning],
    );
  });

  test('a change on disk takes effect after didChangeWatchedFiles', async () => {
    const uri = uriOf('infra', 'policy.json');
    await writeConfig(`rules:\n  ${INVALID_EFFECT}: info\n`);
    await client.waitForDiagnostics(uri, (p) => severityOf(p) === DiagnosticSeverity.Information);
  });

  test('files the configuration ignores get no diagnostics', async () => {
    await writeConfig(`ignore: [vendor/]\n`);
    const uri = uriOf('vendor', 'policy.json');
    await client.open(uri, 'json', jsonPolicy('Alow'));
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(params.diagnostics, []);
  });

  test('a broken configuration is reported on the file and in a notification; the settings apply meanwhile', async () => {
    const uri = uriOf('infra', 'policy.json');
    await writeConfig(`rules:\n  ${INVALID_EFFECT}: loud\n`);
    // The VS Code setting (off) applies while the file is broken.
    await client.waitForDiagnostics(uri, (p) => severityOf(p) === undefined);
    const onFile = await client.waitForDiagnostics(pathToFileURL(configFile()).href, (p) => p.diagnostics.length > 0);
    assert.deepEqual(
      onFile.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
      [['config', 1, 22]],
    );
    assert.ok(messages.some((m) => m.message.includes(`${configFile()}:2:23`)), JSON.stringify(messages));
    // Fixing it withdraws the diagnostics and brings the configured severity back.
    await writeConfig(`rules:\n  ${INVALID_EFFECT}: error\n`);
    await client.waitForDiagnostics(pathToFileURL(configFile()).href, (p) => p.diagnostics.length === 0);
    await client.waitForDiagnostics(uri, (p) => severityOf(p) === DiagnosticSeverity.Error);
  });

  test('an open configuration file is validated as it is typed', async () => {
    const uri = pathToFileURL(configFile()).href;
    await client.open(uri, 'yaml', 'rulez: {}\n');
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(
      params.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.range.end.character]),
      [['config', 0, 0, 5]],
    );
    await client.change(uri, 2, 'rules: {}\n');
    await client.waitForDiagnostics(uri, (p) => p.version === 2 && p.diagnostics.length === 0);
  });
});
