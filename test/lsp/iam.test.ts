/**
 * IAM knowledge through the real bundled server: reference data loaded on demand before the
 * first diagnostics, completion with snippets only for clients that take them, quick fixes
 * with placeholders as snippet edits only for clients that apply them, a "fix all" action,
 * and hovers on actions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, InsertTextFormat, type CodeAction, type CompletionList, type Diagnostic, type Hover } from 'vscode-languageserver/node';
import { fileUri, positionOf, startClient, type TestClient } from './client';

const DONE_WHEN = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'execute-api:*'], Resource: '*' }] }, null, 2);

for (const snippets of [false, true]) {
  describe(`IAM features, ${snippets ? 'with' : 'without'} snippet support`, () => {
    let client: TestClient;

    before(async () => {
      client = await startClient({ settings: { gatewarden: {} }, snippets });
    });

    after(async () => {
      await client?.dispose();
    });

    const diagnosticsOf = async (uri: string, text: string): Promise<Diagnostic[]> => {
      await client.open(uri, 'json', text);
      return (await client.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics;
    };

    const actionsFor = (uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> =>
      client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostics[0]!.range,
        context: { diagnostics, only: [CodeActionKind.QuickFix] },
      });

    test('the first diagnostics already judge actions and resources (services loaded before analysis)', async () => {
      const uri = fileUri(`done-when-${snippets}.json`);
      const found = (await diagnosticsOf(uri, DONE_WHEN)).map((d) => `${String(d.code)}:${(d.data as { messageId: string }).messageId}`);
      assert.deepEqual(found.sort(), ['iam/wildcard-action:partial', 'iam/wildcard-action:service', 'iam/wildcard-resource:star']);
    });

    test('a quick fix with placeholders is a snippet edit for a client that applies them, and not offered to others', async () => {
      const uri = fileUri(`resource-fix-${snippets}.json`);
      const diagnostics = (await diagnosticsOf(uri, DONE_WHEN)).filter((d) => d.code === 'iam/wildcard-resource');
      const actions = await actionsFor(uri, diagnostics);
      if (snippets) {
        const preferred = actions.find((a) => a.isPreferred);
        assert.ok(preferred?.edit, 'a preferred fix with an edit');
        const change = preferred.edit.documentChanges?.[0] as { edits: { snippet?: { kind: string; value: string } }[] };
        assert.equal(change.edits[0]?.snippet?.kind, 'snippet');
        assert.match(change.edits[0]!.snippet!.value, /arn:\$\{1:aws\}:/);
      } else {
        // Written as plain text, the placeholders would become values (`BucketName`).
        const texts = actions.flatMap((a) => a.edit?.changes?.[uri]?.map((e) => e.newText) ?? []);
        assert.ok(!texts.some((t) => /BucketName|ObjectName/.test(t)), JSON.stringify(texts));
        assert.ok(!actions.some((a) => a.title.startsWith('Replace "*"')), JSON.stringify(actions.map((a) => a.title)));
      }
    });

    test('"fix all of this kind" comes after the fixes of a kind whose fixes may be applied together', async () => {
      const uri = fileUri(`fix-all-${snippets}.json`);
      const text = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['execute-api:In*', 'a2c:Get*'], Resource: 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3/*' }] }, null, 2);
      const diagnostics = (await diagnosticsOf(uri, text)).filter((d) => (d.data as { messageId: string }).messageId === 'partial');
      assert.equal(diagnostics.length, 2);
      const titles = (await actionsFor(uri, diagnostics)).map((a) => a.title);
      assert.deepEqual(titles.filter((t) => t.startsWith('Fix all')), ['Fix all 2 iam/wildcard-action findings of this kind in the file']);
    });

    test('completion: actions of a service, with snippets only for a client that takes them', async () => {
      const uri = fileUri(`complete-${snippets}.json`);
      const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:Get"], "Resource": ""}]}';
      const typed = text.indexOf('"s3:Get"') + 1;
      await client.open(uri, 'json', text);
      const onAction = (await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, typed + 6),
        context: { triggerKind: 2, triggerCharacter: ':' },
      })) as CompletionList;
      const putObject = onAction.items.find((i) => i.label === 's3:PutObject');
      assert.equal(putObject?.detail, 'Write');
      assert.deepEqual(putObject?.textEdit, { range: { start: positionOf(text, typed), end: positionOf(text, typed + 6) }, newText: 's3:PutObject' });
      const onResource = (await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: positionOf(text, text.lastIndexOf('""') + 1),
      })) as CompletionList;
      const arn = onResource.items.find((i) => i.label === 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
      assert.ok(arn);
      assert.equal(arn.insertTextFormat, snippets ? InsertTextFormat.Snippet : InsertTextFormat.PlainText);
      assert.equal((arn.textEdit as { newText: string }).newText, snippets ? 'arn:${1:aws}:s3:::${4:BucketName}/${5:ObjectName}' : 'arn:aws:s3:::BucketName/ObjectName');
    });

    test('hover on a wildcard lists the actions it matches', async () => {
      const uri = fileUri(`hover-${snippets}.json`);
      await diagnosticsOf(uri, DONE_WHEN);
      const result = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: positionOf(DONE_WHEN, DONE_WHEN.indexOf('execute-api:*') + 2),
      })) as Hover;
      const value = (result.contents as { value: string }).value;
      assert.match(value, /`InvalidateCache`, `Invoke`, `ManageConnections`/);
    });

    test('initialize announces completion with its trigger characters', () => {
      assert.deepEqual(client.initializeResult.capabilities.completionProvider?.triggerCharacters, [':', '"']);
    });
  });
}
