/**
 * The real bundled server (dist/server.js over stdio) under storms: hundreds of edits sent
 * without waiting, requests cancelled mid-flight, a document closed while it is analysed,
 * files deleted while the workspace index reads them, a 50 MB document and lone
 * surrogates. After each, the server must still answer, and diagnostics must never go
 * back to an older version or outlive a close. Ordering is checked with barriers (a
 * round trip or another document's diagnostics), never with sleeps.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { fileUri, positionOf, startClient, type TestClient } from '../lsp/client';
import { INVALID_EFFECT, jsonPolicy } from '../lsp/fixtures';
import { corpusFiles, MUTATIONS, prng } from './fuzz-lib';

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code)).sort();

/** A CloudFormation template with `roles` roles, each with an inline policy: slow enough to analyse that a close can land mid-run. */
function bigTemplate(roles: number, effect = 'Allow'): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let r = 0; r < roles; r++) {
    lines.push(
      `  Role${r}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      `              - Effect: ${effect}`,
      '                Action: [s3:GetObject, "dynamodb:*", "ec2:Describe*"]',
      `                Resource: !Sub "arn:aws:s3:::bucket-${r}/*"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('robustness: LSP storms', () => {
  let client: TestClient;

  before(async () => {
    client = await startClient({ settings: { gatewarden: {} } });
  });

  after(async () => {
    await client?.dispose();
  });

  /** A request round trip: every notification sent before it has been read by the server. */
  const barrier = async (): Promise<void> => {
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: fileUri('barrier.json') }, position: { line: 0, character: 0 } });
  };

  test('500 rapid didChange notifications: only the last version ends published, versions never go back', async () => {
    const uri = fileUri('storm-500.json');
    await client.open(uri, 'json', jsonPolicy('Allow'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const last = 501;
    const sends: Promise<void>[] = [];
    for (let version = 2; version <= last; version++) {
      // Odd versions are broken (an invalid Effect); the last one is valid.
      sends.push(client.change(uri, version, jsonPolicy(version % 2 === 1 && version !== last ? `Alow${version}` : 'Allow')));
    }
    await Promise.all(sends);
    const final = await client.waitForDiagnostics(uri, (p) => p.version === last, 20_000);
    assert.deepEqual(codes(final), [], 'the final version is valid');
    // Another edit after the storm, to a broken version: its diagnostics are correct too.
    await client.change(uri, last + 1, jsonPolicy('Alow'));
    const broken = await client.waitForDiagnostics(uri, (p) => p.version === last + 1);
    assert.deepEqual(codes(broken), [INVALID_EFFECT]);
    await barrier();
    const versions = (client.published.get(uri) ?? []).map((p) => p.version ?? -1);
    for (let i = 1; i < versions.length; i++) {
      // The same version may be published again (the workspace index finishing revalidates
      // open documents), but never an older one after a newer one.
      assert.ok(versions[i]! >= versions[i - 1]!, `published out of order: ${versions.join(',')}`);
    }
    assert.equal(versions.at(-1), last + 1);
    assert.ok(versions.length < 100, `the debounce should fold the storm; ${versions.length} publishes`);
    // Every publish carries exactly its version's findings: odd storm versions and the
    // edit after the storm are broken, the rest valid.
    const broke = (v: number): boolean => v === last + 1 || (v % 2 === 1 && v !== last && v !== 1);
    for (const p of client.published.get(uri) ?? []) {
      const expected = broke(p.version!) ? [INVALID_EFFECT] : [];
      assert.deepEqual(codes(p), expected, `version ${p.version}`);
    }
  });

  test('requests cancelled mid-flight settle, and the server keeps answering', async () => {
    const uri = fileUri('cancel.yaml');
    const text = bigTemplate(300, 'Alow');
    await client.open(uri, 'yaml', text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1, 20_000);
    const position = positionOf(text, text.indexOf('dynamodb:*') + 3);
    const outcomes: Promise<string>[] = [];
    for (let i = 0; i < 60; i++) {
      const source = new CancellationTokenSource();
      const method = ['textDocument/hover', 'textDocument/codeAction', 'textDocument/completion', 'textDocument/codeLens'][i % 4]!;
      const params =
        method === 'textDocument/codeAction'
          ? { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } }
          : method === 'textDocument/codeLens'
            ? { textDocument: { uri } }
            : { textDocument: { uri }, position };
      outcomes.push(
        client.connection.sendRequest(method, params, source.token).then(
          () => 'answered',
          (error: { code?: number }) => (error.code === -32800 ? 'cancelled' : `failed ${JSON.stringify(error)}`),
        ),
      );
      // Cancel two in three: some right away, some after the server has started on them.
      if (i % 3 === 0) {
        source.cancel();
      } else if (i % 3 === 1) {
        setTimeout(() => source.cancel(), i);
      }
    }
    const settled = await Promise.all(outcomes);
    assert.deepEqual(settled.filter((s) => s !== 'answered' && s !== 'cancelled'), []);
    assert.ok(settled.includes('cancelled'), 'some requests should be answered as cancelled');
    const hover = await client.connection.sendRequest<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri }, position });
    assert.ok(hover, 'a hover after the storm of cancellations');
    assert.deepEqual(client.errorLogs, []);
  });

  test('a document closed while it is analysed gets no diagnostics after its empty publish', async () => {
    const text = bigTemplate(400, 'Alow');
    // Close at several points: before the debounce fires, while the IAM data loads, during analysis.
    const delays = [0, 5, 15, 25, 40, 80, 150];
    for (const delay of delays) {
      const uri = fileUri(`closed-${delay}.yaml`);
      await client.open(uri, 'yaml', text);
      await client.change(uri, 2, text.replace('Alow', 'Deny'));
      await new Promise((resolve) => setTimeout(resolve, delay));
      await client.close(uri);
    }
    // Barrier: a document opened after the closes is analysed after any run they had pending.
    const witness = fileUri('after-close.json');
    await client.open(witness, 'json', jsonPolicy('Alow'));
    await client.waitForDiagnostics(witness, (p) => p.version === 1, 20_000);
    // And one more debounce-and-analysis cycle, for a validation already past its debounce.
    await client.change(witness, 2, jsonPolicy('Allow'));
    await client.waitForDiagnostics(witness, (p) => p.version === 2, 20_000);
    for (const delay of delays) {
      const uri = fileUri(`closed-${delay}.yaml`);
      const list = client.published.get(uri) ?? [];
      const last = list.at(-1);
      assert.ok(last, `close ${delay} ms: nothing published`);
      assert.ok(last.version === undefined && last.diagnostics.length === 0, `close ${delay} ms: published after the close: ${JSON.stringify(list.map((p) => p.version))}`);
    }
  });

  test('fuzzed corpus files through the server: each version is published, hovers answer, nothing is logged as an error', async () => {
    const random = prng(0x1ab5);
    const files = corpusFiles();
    const names = Object.keys(MUTATIONS);
    for (let i = 0; i < 60; i++) {
      const file = files[Math.floor(random() * files.length)]!;
      let text = file.text;
      for (let n = 1 + Math.floor(random() * 3); n > 0; n--) {
        text = MUTATIONS[names[Math.floor(random() * names.length)]!]!(text, file.format, random);
      }
      // Each mutant is a new document (the language id decides the format), opened and closed.
      const uri = fileUri(`fuzz-${i}.${file.format}`);
      await client.open(uri, file.format, text);
      await client.waitForDiagnostics(uri, (p) => p.version === 1, 10_000);
      const position = positionOf(text, Math.floor(random() * text.length));
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
      await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
      await client.close(uri);
    }
    assert.deepEqual(client.errorLogs, []);
  });

  test('lone surrogates in a document are analysed and published', async () => {
    const uri = fileUri('surrogates.json');
    const text = `{"Version": "2012-10-17", "\uD800": 1, "Statement": [{"Sid": "\uDC00", "Effect": "Alow\uD800", "Action": "s3:\uDBFF*", "Resource": "*"}]}`;
    await client.open(uri, 'json', text);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(codes(params).includes(INVALID_EFFECT), codes(params).join());
  });
});

describe('robustness: a 50 MB document through the server', () => {
  test('gives syntax/too-large above gatewarden.maxFileSize', async () => {
    const client = await startClient({ settings: { gatewarden: { maxFileSize: 10_000_000 } } });
    try {
      const one = JSON.stringify({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' });
      const text = `{"Version": "2012-10-17", "Statement": [${Array<string>(Math.ceil(50_000_000 / (one.length + 1))).fill(one).join(',')}]}`;
      const uri = fileUri('huge.json');
      await client.open(uri, 'json', text);
      const params = await client.waitForDiagnostics(uri, (p) => p.version === 1, 30_000);
      assert.deepEqual(params.diagnostics.map((d) => [d.code, (d.data as { ruleId?: string } | undefined)?.ruleId]), [['syntax/too-large', 'syntax/too-large']]);
      // Hover and code actions on it answer at once (nothing was parsed).
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 5 } });
      assert.ok(hover === null || typeof hover === 'object');
    } finally {
      await client.dispose();
    }
  });
});

describe('robustness: files deleted while the workspace index reads them', () => {
  let dir: string;
  let client: TestClient;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatewarden-deleted-'));
    for (let i = 0; i < 400; i++) {
      const text =
        i % 2 === 0
          ? bigTemplate(3)
          : jsonPolicy('Allow').replace('arn:aws:s3:::bucket/*', `arn:aws:execute-api:us-east-1:123456789012:api${i}/prod/GET/*`);
      writeFileSync(join(dir, `f${i}.${i % 2 === 0 ? 'yaml' : 'json'}`), text);
    }
  });

  after(async () => {
    await client?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test('deleting files during indexing and announcing them keeps the server answering', async () => {
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
    // Delete files while the index walks the folder (it starts right after `initialized`).
    const changes: { uri: string; type: number }[] = [];
    for (let i = 0; i < 400; i += 3) {
      const file = join(dir, `f${i}.${i % 2 === 0 ? 'yaml' : 'json'}`);
      unlinkSync(file);
      // Deleted (3), and for some a Changed (2) that arrives after the file is gone.
      changes.push({ uri: pathToFileURL(file).href, type: i % 2 === 0 ? 3 : 2 });
    }
    changes.push({ uri: pathToFileURL(join(dir, 'never-existed.yaml')).href, type: 3 }, { uri: 'untitled:Untitled-1', type: 3 });
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    const uri = pathToFileURL(join(dir, 'f1.json')).href;
    const text = jsonPolicy('Alow');
    await client.open(uri, 'json', text);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1, 20_000);
    assert.ok(codes(params).includes(INVALID_EFFECT), codes(params).join());
    const lenses = await client.connection.sendRequest<unknown[]>('textDocument/codeLens', { textDocument: { uri: pathToFileURL(join(dir, 'f2.yaml')).href } });
    assert.ok(Array.isArray(lenses));
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, text.indexOf('s3:GetObject') + 2) });
    assert.ok(hover, 'the server still answers hovers');
    assert.deepEqual(client.errorLogs, []);
  });
});
