/**
 * Settings: pulled with workspace/configuration and re-pulled on change, or pushed by a
 * client that cannot answer configuration requests.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { fileUri, startClient, type TestClient } from './client';
import { hasCode, INVALID_EFFECT, jsonPolicy, withCode, yamlPolicy } from './fixtures';

describe('configuration (pulled)', () => {
  let client: TestClient;

  before(async () => {
    client = await startClient({ settings: { gatewarden: { enable: true, rules: {} } } });
  });

  after(async () => {
    // The client is missing only when starting it failed; that failure is the report.
    await client?.dispose();
  });

  test('rule severities follow the settings and all open documents are revalidated', async () => {
    const json = fileUri('config.json');
    const yaml = fileUri('config.yaml');
    await client.open(json, 'json', jsonPolicy('Alow'));
    await client.open(yaml, 'yaml', yamlPolicy('Alow'));
    await client.waitForDiagnostics(json, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));
    await client.waitForDiagnostics(yaml, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));

    client.settings.gatewarden = { rules: { [INVALID_EFFECT]: 'off' } };
    await client.changeConfiguration();
    const off = await client.waitForDiagnostics(json, (p) => !hasCode(p, INVALID_EFFECT));
    assert.equal(off.version, 1);
    await client.waitForDiagnostics(yaml, (p) => !hasCode(p, INVALID_EFFECT));

    client.settings.gatewarden = { rules: { [INVALID_EFFECT]: 'warning' } };
    await client.changeConfiguration();
    const warning = await client.waitForDiagnostics(json, (p) => hasCode(p, INVALID_EFFECT));
    assert.deepEqual(
      withCode(warning, INVALID_EFFECT).map((d) => d.severity),
      [DiagnosticSeverity.Warning],
    );
  });

  test('enable: false clears diagnostics, and invalid values fall back to defaults', async () => {
    const uri = fileUri('disabled.json');
    client.settings.gatewarden = {};
    await client.changeConfiguration();
    await client.open(uri, 'json', jsonPolicy('Alow'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));

    client.settings.gatewarden = { enable: false };
    await client.changeConfiguration();
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);

    client.settings.gatewarden = { enable: 'yes', rules: { [INVALID_EFFECT]: 'loud' }, maxFileSize: -1 };
    await client.changeConfiguration();
    const params = await client.waitForDiagnostics(uri, (p) => hasCode(p, INVALID_EFFECT));
    assert.deepEqual(
      withCode(params, INVALID_EFFECT).map((d) => d.severity),
      [DiagnosticSeverity.Error],
    );
  });

  test('maxFileSize turns analysis of a large document into one syntax/too-large diagnostic', async () => {
    const uri = fileUri('large.json');
    client.settings.gatewarden = { maxFileSize: 50 };
    await client.changeConfiguration();
    await client.open(uri, 'json', jsonPolicy('Alow'));
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.deepEqual(
      params.diagnostics.map((d) => d.code),
      ['syntax/too-large'],
    );
    client.settings.gatewarden = {};
    await client.changeConfiguration();
    await client.waitForDiagnostics(uri, (p) => hasCode(p, INVALID_EFFECT));
  });
});

describe('configuration (pushed, no workspace/configuration support)', () => {
  let client: TestClient;

  before(async () => {
    client = await startClient({ configuration: false });
  });

  after(async () => {
    // The client is missing only when starting it failed; that failure is the report.
    await client?.dispose();
  });

  test('defaults apply until the client pushes settings', async () => {
    const uri = fileUri('pushed.json');
    await client.open(uri, 'json', jsonPolicy('Alow'));
    const initial = await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));
    assert.deepEqual(
      withCode(initial, INVALID_EFFECT).map((d) => d.severity),
      [DiagnosticSeverity.Error],
    );
    client.settings.gatewarden = { rules: { [INVALID_EFFECT]: 'info' } };
    await client.changeConfiguration();
    const pushed = await client.waitForDiagnostics(uri, (p) => withCode(p, INVALID_EFFECT)[0]?.severity === DiagnosticSeverity.Information);
    assert.equal(pushed.version, 1);
  });
});
