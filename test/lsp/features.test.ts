/**
 * Requests against the real server: initialize capabilities, quick fixes, hovers, broken
 * input and cancellation.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import {
  CodeActionKind,
  LSPErrorCodes,
  MarkupKind,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type Hover,
} from 'vscode-languageserver/node';
import { fileUri, positionOf, rangeOf, startClient, type TestClient } from './client';
import { BROKEN_JSON_POLICY, INVALID_EFFECT, jsonPolicy, withCode, yamlPolicy } from './fixtures';

describe('requests', () => {
  let client: TestClient;

  before(async () => {
    client = await startClient({ settings: { gatewarden: {} } });
  });

  after(async () => {
    // The client is missing only when starting it failed; that failure is the report.
    await client?.dispose();
  });

  /** Opens a document and returns its first diagnostic of `code`. */
  const openAndFind = async (uri: string, languageId: string, text: string, code: string): Promise<Diagnostic> => {
    await client.open(uri, languageId, text);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const [diagnostic] = withCode(params, code);
    assert.ok(diagnostic, `expected a ${code} diagnostic`);
    return diagnostic;
  };

  const codeActions = (uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> =>
    client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics, only: [CodeActionKind.QuickFix] },
    });

  const hover = (uri: string, text: string, offset: number): Promise<Hover | null> =>
    client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, offset) });

  test('initialize announces incremental sync, hovers, quick fixes and nothing pulled', () => {
    const { capabilities } = client.initializeResult;
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: TextDocumentSyncKind.Incremental });
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix] });
    // Diagnostics are pushed, so the server must not also announce pull diagnostics.
    assert.equal(capabilities.diagnosticProvider, undefined);
  });

  test('the preferred quick fix in JSON replaces the value with "Allow", keeping quotes', async () => {
    const uri = fileUri('fix.json');
    const text = jsonPolicy('Alow');
    const diagnostic = await openAndFind(uri, 'json', text, INVALID_EFFECT);
    const actions = await codeActions(uri, [diagnostic]);
    const preferred = actions.filter((a) => a.isPreferred === true);
    assert.equal(preferred.length, 1);
    const [action] = preferred;
    assert.equal(action!.kind, CodeActionKind.QuickFix);
    assert.deepEqual(action!.diagnostics, [diagnostic]);
    assert.deepEqual(action!.edit?.changes, { [uri]: [{ range: rangeOf(text, '"Alow"'), newText: '"Allow"' }] });
    // The other fix ("Deny") is offered but not preferred.
    assert.ok(actions.some((a) => a.isPreferred !== true && a.edit?.changes?.[uri]?.[0]?.newText === '"Deny"'));
  });

  test('the preferred quick fix in YAML writes a plain scalar', async () => {
    const uri = fileUri('fix.yaml');
    const text = yamlPolicy('Alow');
    const diagnostic = await openAndFind(uri, 'yaml', text, INVALID_EFFECT);
    const [action] = (await codeActions(uri, [diagnostic])).filter((a) => a.isPreferred === true);
    assert.deepEqual(action?.edit?.changes, { [uri]: [{ range: rangeOf(text, 'Alow'), newText: 'Allow' }] });
  });

  test('keystrokes sent as ranged changes give the diagnostics a fresh open of the same text gives', async () => {
    // Each version is parsed incrementally from the last (core/model/reparse.ts) and its
    // unchanged policies keep their memoised reports; a second document opened with the
    // final text is parsed and analysed from scratch. Both must be published the same.
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
    for (let i = 0; i < 6; i++) {
      lines.push(`  Role${i}:`, '    Type: AWS::IAM::Role', '    Properties:', '      AssumeRolePolicyDocument:', '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]');
      lines.push('      Policies:', '        - PolicyName: p', '          PolicyDocument:', '            Statement:', '              - Effect: Allow', `                Action: s3:GetObject`, `                Resource: arn:aws:s3:::bucket-${i}/*`);
    }
    let text = `${lines.join('\n')}\n`;
    const uri = fileUri('typed.yaml');
    await client.open(uri, 'yaml', text);
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    // Type "Alow" over Role2's Effect, a wildcard into Role4's action, and a new key under Role0.
    const typing: { at: string; remove: number; insert: string }[] = [
      { at: 'Allow\n                Action: s3:GetObject\n                Resource: arn:aws:s3:::bucket-2', remove: 5, insert: 'Alow' },
      { at: 'GetObject\n                Resource: arn:aws:s3:::bucket-4', remove: 9, insert: 'Get*' },
      { at: '    Properties:\n      AssumeRolePolicyDocument', remove: 0, insert: '    Metadata: {note: typed}\n' },
      { at: 'bucket-5/*', remove: 10, insert: '*' },
    ];
    let version = 1;
    for (const step of typing) {
      const offset = text.indexOf(step.at);
      assert.ok(offset >= 0, step.at);
      const range = { start: positionOf(text, offset), end: positionOf(text, offset + step.remove) };
      text = text.slice(0, offset) + step.insert + text.slice(offset + step.remove);
      version++;
      await client.edit(uri, version, [{ range, text: step.insert }]);
      const v = version;
      const typed = await client.waitForDiagnostics(uri, (p) => p.version === v);
      const fresh = fileUri(`fresh-${v}.yaml`);
      await client.open(fresh, 'yaml', text);
      const expected = await client.waitForDiagnostics(fresh, (p) => p.version === 1);
      const summary = (ds: Diagnostic[]): string[] => ds.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
      assert.deepEqual(summary(typed.diagnostics), summary(expected.diagnostics), `after typing ${JSON.stringify(step.insert)}`);
      assert.ok(withCode(typed, INVALID_EFFECT).length > 0, 'the typed Effect is reported');
      await client.close(fresh);
    }
  });

  test('code actions ignore other sources and diagnostics without data', async () => {
    const uri = fileUri('foreign.json');
    const diagnostic = await openAndFind(uri, 'json', jsonPolicy('Alow'), INVALID_EFFECT);
    const foreign: Diagnostic = { ...diagnostic, source: 'json' };
    const withoutData: Diagnostic = { ...diagnostic, data: undefined };
    assert.deepEqual(await codeActions(uri, [foreign, withoutData]), []);
  });

  test('hovering the Effect key explains it, with the key as range', async () => {
    const uri = fileUri('hover.json');
    const text = jsonPolicy('Allow');
    await client.open(uri, 'json', text);
    const result = await hover(uri, text, text.indexOf('"Effect"') + 3);
    assert.ok(result, 'expected a hover');
    assert.equal((result.contents as { kind: string }).kind, MarkupKind.Markdown);
    assert.ok((result.contents as { value: string }).value.includes('Effect'));
    assert.deepEqual(result.range, rangeOf(text, '"Effect"'));
  });

  test('hovering in YAML gives the unquoted key range', async () => {
    const uri = fileUri('hover.yaml');
    const text = yamlPolicy('Allow');
    await client.open(uri, 'yaml', text);
    const result = await hover(uri, text, text.indexOf('Effect') + 1);
    assert.deepEqual(result?.range, rangeOf(text, 'Effect'));
  });

  test('broken JSON gives a syntax/parse-error and the server keeps answering', async () => {
    const uri = fileUri('broken.json');
    await client.open(uri, 'json', BROKEN_JSON_POLICY);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    assert.ok(withCode(params, 'syntax/parse-error').length > 0, JSON.stringify(params.diagnostics.map((d) => d.code)));
    const result = await hover(uri, BROKEN_JSON_POLICY, BROKEN_JSON_POLICY.indexOf('"Effect"') + 2);
    assert.deepEqual(result?.range, rangeOf(BROKEN_JSON_POLICY, '"Effect"'));
    assert.deepEqual(client.errorLogs, []);
  });

  test('requests for documents that are not open answer empty', async () => {
    const uri = fileUri('never-opened.json');
    assert.equal(await hover(uri, '', 0), null);
    assert.deepEqual(await codeActions(uri, []), []);
  });

  test('a cancelled request does not crash the server', async () => {
    const uri = fileUri('cancel.json');
    const text = jsonPolicy('Alow');
    const diagnostic = await openAndFind(uri, 'json', text, INVALID_EFFECT);
    const outcomes: Promise<unknown>[] = [];
    // Cancel some requests at once (before the server reads them) and some a turn later
    // (while they may be in flight); each must get an answer or a RequestCancelled error.
    for (let i = 0; i < 20; i++) {
      const source = new CancellationTokenSource();
      const params = { textDocument: { uri }, position: positionOf(text, text.indexOf('"Effect"') + 1) };
      const request = i % 2 === 0
        ? client.connection.sendRequest('textDocument/hover', params, source.token)
        : client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }, source.token);
      if (i % 4 < 2) {
        source.cancel();
      } else {
        setImmediate(() => source.cancel());
      }
      outcomes.push(
        request.then(
          () => 'answered',
          (error: unknown) => {
            assert.ok(error instanceof ResponseError, String(error));
            assert.equal(error.code, LSPErrorCodes.RequestCancelled);
            return 'cancelled';
          },
        ),
      );
    }
    const results = await Promise.all(outcomes);
    assert.ok(results.includes('cancelled'), 'expected at least one request to be cancelled');
    // The server is still alive and correct.
    const after = await hover(uri, text, text.indexOf('"Effect"') + 1);
    assert.deepEqual(after?.range, rangeOf(text, '"Effect"'));
    assert.deepEqual(client.errorLogs, []);
  });
});
