/**
 * Push diagnostics from the real server: ranges, versions, debouncing under a storm of
 * edits, unrelated documents and closing. Assertions are on codes, ranges and data.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import { fileUri, rangeOf, startClient, type TestClient } from './client';
import { DOCKER_COMPOSE, hasCode, INVALID_EFFECT, jsonPolicy, PACKAGE_JSON, withCode, yamlPolicy } from './fixtures';

describe('diagnostics', () => {
  let client: TestClient;

  before(async () => {
    client = await startClient({ settings: { gatewarden: {} } });
  });

  after(async () => {
    // The client is missing only when starting it failed; that failure is the report.
    await client?.dispose();
  });

  test('an invalid Effect in JSON is reported on the value, quotes included', async () => {
    const uri = fileUri('effect.json');
    const text = jsonPolicy('Alow');
    await client.open(uri, 'json', text);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const [diagnostic, ...others] = withCode(params, INVALID_EFFECT);
    assert.ok(diagnostic, 'expected an iam/invalid-effect diagnostic');
    assert.equal(others.length, 0);
    assert.equal(diagnostic.source, 'gatewarden');
    assert.equal(diagnostic.severity, DiagnosticSeverity.Error);
    assert.ok(diagnostic.codeDescription?.href.endsWith('docs/rules/iam/invalid-effect.md'), diagnostic.codeDescription?.href);
    assert.deepEqual(diagnostic.range, rangeOf(text, '"Alow"'));
    assert.deepEqual(diagnostic.data, { ruleId: INVALID_EFFECT, root: 0, path: ['Statement', 0, 'Effect'], messageId: 'invalid' });
  });

  test('an invalid Effect in YAML is reported on the plain scalar', async () => {
    const uri = fileUri('effect.yaml');
    const text = yamlPolicy('Alow');
    await client.open(uri, 'yaml', text);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const [diagnostic] = withCode(params, INVALID_EFFECT);
    assert.ok(diagnostic, 'expected an iam/invalid-effect diagnostic');
    assert.deepEqual(diagnostic.range, rangeOf(text, 'Alow'));
    assert.deepEqual(diagnostic.data, { ruleId: INVALID_EFFECT, root: 0, path: ['Statement', 0, 'Effect'], messageId: 'invalid' });
  });

  test('fixing the value clears the diagnostic, published with the new version', async () => {
    const uri = fileUri('fixed.json');
    await client.open(uri, 'json', jsonPolicy('Alow'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));
    await client.change(uri, 2, jsonPolicy('Allow'));
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 2);
    assert.deepEqual(withCode(params, INVALID_EFFECT), []);
  });

  test('a storm of 200 changes ends with the final version, published in version order', async (t) => {
    const uri = fileUri('storm.json');
    // Each version's bad value has its own length, so the final range proves which text was analysed.
    const textFor = (version: number): string => jsonPolicy(`Bad${'x'.repeat(version % 13)}`);
    await client.open(uri, 'json', textFor(1));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const finalVersion = 201;
    const sends: Promise<void>[] = [];
    for (let version = 2; version <= finalVersion; version++) {
      sends.push(client.change(uri, version, textFor(version)));
    }
    await Promise.all(sends);
    const last = await client.waitForDiagnostics(uri, (p) => p.version === finalVersion);
    const finalText = textFor(finalVersion);
    const [diagnostic] = withCode(last, INVALID_EFFECT);
    assert.ok(diagnostic, 'expected an iam/invalid-effect diagnostic for the final text');
    const value = JSON.parse(finalText).Statement[0].Effect as string;
    assert.deepEqual(diagnostic.range, rangeOf(finalText, JSON.stringify(value)));

    // A request round trip lets anything still queued behind the final publish arrive.
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
    const versions = (client.published.get(uri) ?? []).map((p) => p.version ?? -1);
    assert.equal(versions.at(-1), finalVersion);
    for (let i = 1; i < versions.length; i++) {
      assert.ok(versions[i]! >= versions[i - 1]!, `version ${versions[i]} published after ${versions[i - 1]}`);
    }
    // Debouncing folds the storm into far fewer publishes than edits. The bound is loose
    // because how many edits one timer window catches depends on the machine's speed.
    t.diagnostic(`${versions.length} publishes for ${finalVersion} versions`);
    assert.ok(versions.length < finalVersion, `${versions.length} publishes for ${finalVersion} versions`);
    assert.deepEqual(client.errorLogs, []);
  });

  test('each of 20 single edits gets its own diagnostics (latency printed)', async (t) => {
    const uri = fileUri('latency.json');
    await client.open(uri, 'json', jsonPolicy('Alow'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const latencies: number[] = [];
    for (let version = 2; version <= 21; version++) {
      const started = performance.now();
      await client.change(uri, version, jsonPolicy(version % 2 === 0 ? 'Allow' : 'Alow'));
      await client.waitForDiagnostics(uri, (p) => p.version === version);
      latencies.push(performance.now() - started);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[Math.floor(latencies.length / 2)]!;
    t.diagnostic(`median didChange → publishDiagnostics: ${median.toFixed(1)} ms`);
    // Each edit got its own diagnostics (waited for above). The latency is printed, not
    // asserted: its target is met in `npm run bench`, where a busy machine cannot fail a test.
    assert.equal(latencies.length, 20);
  });

  test('unrelated JSON and YAML get an empty list', async () => {
    const packageJson = fileUri('package.json');
    const compose = fileUri('docker-compose.yml');
    await client.open(packageJson, 'json', PACKAGE_JSON);
    await client.open(compose, 'yaml', DOCKER_COMPOSE);
    const json = await client.waitForDiagnostics(packageJson, (p) => p.version === 1);
    const yaml = await client.waitForDiagnostics(compose, (p) => p.version === 1);
    assert.deepEqual(json.diagnostics, []);
    assert.deepEqual(yaml.diagnostics, []);
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = fileUri('closed.yaml');
    await client.open(uri, 'yaml', yamlPolicy('Alow'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));
    await client.close(uri);
    const params = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    assert.equal(params.version, undefined);
  });
});
