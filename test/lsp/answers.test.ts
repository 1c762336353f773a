/**
 * Issue 17 through the real server, on the orders workspace in JSON and in YAML: no fix
 * writes placeholder text for a client without snippet edits; a narrowing that changes
 * nothing is not offered; every narrowing fix leaves the role at least the access its title
 * names (the access analysis run again on the edited text), and none names a method without
 * IAM authorization; "Suppress RULE here" writes a suppression the analysis honours; answers
 * name files by their workspace path and statements by policy and Sid with a link to their
 * line; Explain access preselects from the cursor and names the deciding statement and pattern;
 * the lens above a SAM function's role says it is the implicit one.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver/node';
import { eventually, positionOf, startClient, type TestClient } from './client';
import { analyzer, parse } from '../helpers';
import { BAD_POLICY, ordersText } from '../helpers/orders';
import { accessMatrix } from '../../server/src/core/access/matrix';
import type { DocumentFormat } from '../../server/src/core/index';

/** Applies LSP edits (line/character ranges) to a text. */
function applyLspEdits(text: string, edits: readonly TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\n') {
      starts.push(i + 1);
    }
  }
  const offset = (p: { line: number; character: number }): number => (starts[p.line] ?? text.length) + p.character;
  return [...edits]
    .map((e) => ({ from: offset(e.range.start), to: offset(e.range.end), text: e.newText }))
    .sort((a, b) => b.from - a.from)
    .reduce((t, e) => t.slice(0, e.from) + e.text + t.slice(e.to), text);
}

/** The methods (`GET /orders`) a principal of the template is allowed, by the core's access analysis. */
function allowed(text: string, format: DocumentFormat, principal: string): string[] {
  const matrix = accessMatrix([{ uri: 'orders', doc: parse(text, format) }]);
  return [...new Set(matrix.rows.filter((r) => r.principal.id === principal && r.decision === 'allow').map((r) => `${r.method.method} ${r.method.path}`))].sort();
}

/**
 * The methods a narrowing title says the grant keeps: "Narrow to A, B and 2 more (prod)[, leaving out …]"
 * or "Narrow to every method of API X (A, B; prod)". Returns the named methods and how many more.
 */
function titleMethods(title: string): { named: string[]; more: number } {
  const every = /^Narrow to every method of API \S+ \((.*); [^;]*\)$/.exec(title);
  const list = every ? every[1]! : /^Narrow to (.*?) \([^()]*\)(, leaving out .*)?$/.exec(title)?.[1];
  assert.ok(list !== undefined, `not a narrowing title: ${title}`);
  const more = /^(.*) and (\d+) more$/.exec(list);
  return { named: (more ? more[1]! : list).split(', '), more: more ? Number(more[2]) : 0 };
}

for (const format of ['yaml', 'json'] as const) {
  describe(`issue 17 answers and fixes (${format})`, () => {
    let client: TestClient;
    let dir: string;
    const text = ordersText(format);
    const name = `orders.${format}`;
    const uri = (file: string): string => pathToFileURL(path.join(dir, file)).href;

    before(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), `gatewarden-answers-${format}-`));
      fs.writeFileSync(path.join(dir, name), text);
      fs.mkdirSync(path.join(dir, 'policies'));
      fs.writeFileSync(path.join(dir, 'policies', 'bad-policy.json'), BAD_POLICY);
      client = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
      await client.open(uri(name), format, text);
    });

    after(async () => {
      await client?.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    });


    const diagnostics = async (): Promise<Diagnostic[]> => (await client.waitForDiagnostics(uri(name), (p) => p.diagnostics.some((d) => d.code === 'apigw/unknown-api-id'))).diagnostics;

    const actionsAt = (offset: number, ds: Diagnostic[]): Promise<CodeAction[]> =>
      eventually(
        () =>
          client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri: uri(name) },
            range: { start: positionOf(text, offset), end: positionOf(text, offset) },
            context: { diagnostics: ds },
          }),
        (actions) => actions.some((a) => a.title.startsWith('Narrow to')),
      );

    const editOf = (action: CodeAction): TextEdit[] => action.edit?.changes?.[uri(name)] ?? [];

    /** The offset of AdminRole's `Resource: '*'` value. */
    const starOffset = (): number => {
      const at = text.indexOf('admin-invoke');
      return text.indexOf('"*"', at) + 1;
    };

    test('a literal API id nobody defines is reported (apigw/unknown-api-id)', async () => {
      const found = (await diagnostics()).filter((d) => d.code === 'apigw/unknown-api-id');
      assert.deepEqual(
        found.map((d) => (d.data as { path: unknown[] }).path.slice(0, 2)),
        [['Resources', 'CopiedRole']],
      );
    });

    test('no fix writes placeholder text, and a narrowing that changes nothing is not offered', async () => {
      const ds = (await diagnostics()).filter((d) => (d.data as { path: unknown[] }).path[1] === 'AdminRole');
      assert.deepEqual(ds.map((d) => String(d.code)).sort(), ['iam/wildcard-action', 'iam/wildcard-resource']);
      const actions = await actionsAt(starOffset(), ds);
      for (const action of actions) {
        for (const edit of editOf(action)) {
          assert.doesNotMatch(edit.newText, /ApiId|ApiSpecificResourcePath|\$\{\d+:/, `${action.title} writes placeholder text`);
        }
      }
      const titles = actions.map((a) => a.title);
      assert.ok(titles.includes('Narrow to execute-api:Invoke'), JSON.stringify(titles));
      // execute-api:* holds three actions, all Write: narrowing to them changes nothing.
      assert.ok(!titles.some((t) => t.startsWith('Narrow to the Write actions of execute-api')), JSON.stringify(titles));
    });

    test('each narrowing fix leaves the role what its title says, never a method without IAM authorization', async () => {
      const actions = (await actionsAt(starOffset(), [])).filter((a) => a.title.startsWith('Narrow to') && a.edit);
      assert.ok(actions.length >= 4, JSON.stringify(actions.map((a) => a.title)));
      assert.match(actions[0]!.title, /leaving out GET \/health/);
      for (const action of actions) {
        const after = applyLspEdits(text, editOf(action));
        assert.ok(after.includes(format === 'yaml' ? '!Sub arn:' : '{"Fn::Sub": "arn:'), `${action.title}: written in the document's own style:\n${after}`);
        const granted = allowed(after, format, 'AdminRole');
        const { named, more } = titleMethods(action.title);
        assert.equal(granted.length, named.length + more, `${action.title}: allowed ${JSON.stringify(granted)}`);
        for (const method of named) {
          assert.ok(granted.includes(method), `${action.title}: ${method} is not allowed after the fix (${JSON.stringify(granted)})`);
        }
        assert.ok(!named.includes('GET /health'), action.title);
      }
    });

    test('Suppress RULE here writes a suppression the analysis honours, in the document\'s form', async () => {
      const ds = (await diagnostics()).filter((d) => d.code === 'apigw/unknown-api-id');
      const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
        textDocument: { uri: uri(name) },
        range: ds[0]!.range,
        context: { diagnostics: ds },
      });
      const suppress = actions.find((a) => a.title.startsWith('Suppress apigw/unknown-api-id'));
      assert.ok(suppress, JSON.stringify(actions.map((a) => a.title)));
      assert.equal(suppress, actions.at(-1), 'the suppression comes last');
      const after = applyLspEdits(text, editOf(suppress));
      assert.match(after, format === 'yaml' ? /\n\s*# gatewarden-ignore apigw\/unknown-api-id\n/ : /"Metadata": \{\s*"gatewarden": \{\s*"ignore": \[\s*"apigw\/unknown-api-id"\s*\]/);
      const doc = parse(after, format);
      const before = analyzer.analyze(parse(text, format)).map((f) => `${f.ruleId}@${f.path.join('/')}`);
      const remaining = analyzer.analyze(doc).map((f) => `${f.ruleId}@${f.path.join('/')}`);
      assert.deepEqual(remaining, before.filter((f) => !f.startsWith('apigw/unknown-api-id@')), 'only that finding went, and no meta/unused-suppression came');
    });

    test('answers name files by workspace path and statements by policy and Sid, linked to their line', async () => {
      const at = text.indexOf('GetOrder') + 2;
      const hover = await eventually(
        () => client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri(name) }, position: positionOf(text, at) }),
        (h) => h !== null && (h.contents as { value: string }).value.includes('ReadAll'),
      );
      const value = (hover!.contents as { value: string }).value;
      assert.ok(!/\| [^|]*file:\/\//.test(value.replace(/\]\([^)]*\)/g, '')), `a raw URI outside a link:\n${value}`);
      // The Deny has no Sid: it is statement 2 of read-orders, linked to its line.
      const denyLine = text.split('\n').findIndex((l, i) => i > text.slice(0, text.indexOf('ReadAll')).split('\n').length && /Deny/.test(l));
      assert.ok(value.includes(`[statement 2](${uri(name)}#L`), value);
      assert.ok(value.includes('of policy read-orders'), value);
      assert.ok(denyLine > 0);
      const post = await client.connection.sendRequest<Hover | null>('textDocument/hover', {
        textDocument: { uri: uri(name) },
        position: positionOf(text, text.indexOf('CreateOrder') + 2),
      });
      const postValue = (post!.contents as { value: string }).value;
      assert.ok(postValue.includes('policy file policies/bad-policy.json, attached to no known principal'), postValue);
    });

    test('the lens above a SAM function says its role is the implicit one', async () => {
      const lenses = await eventually(
        () => client.codeLenses(uri(name)),
        (l) => l.length > 0,
      );
      const fnLine = positionOf(text, text.indexOf('OrdersFunction')).line;
      const titles = lenses.filter((l) => l.range.start.line === fnLine).map((l) => l.command?.title);
      assert.deepEqual(titles, ['function role (implicit): can invoke 0 methods']);
    });

    test('Explain access preselects the role under the cursor and the event, and names the deciding statement', async () => {
      const onRole = await client.connection.sendRequest<{ principals: { label: string }[]; methods: { label: string }[]; defaultPrincipal?: number; reachedByDefault?: number[] }>(
        'gatewarden/explainOptions',
        { uri: uri(name), offset: text.indexOf('ReaderRole') + 1 },
      );
      assert.equal(onRole.principals[onRole.defaultPrincipal!]?.label, 'role ReaderRole');
      assert.deepEqual(onRole.reachedByDefault?.map((i) => onRole.methods[i]!.label).sort(), ['GET /orders', 'GET /orders/{id}', 'POST /orders']);
      const onEvent = await client.connection.sendRequest<{ methods: { label: string; target: unknown }[]; defaultMethod?: number; principals: { target: unknown }[]; defaultPrincipal?: number }>(
        'gatewarden/explainOptions',
        { uri: uri(name), offset: text.indexOf('GetOrder') + 1 },
      );
      assert.equal(onEvent.methods[onEvent.defaultMethod!]?.label, 'GET /orders/{id}');
      const explained = await client.connection.sendRequest<{ markdown: string }>('gatewarden/explain', {
        principal: onEvent.principals[onRole.defaultPrincipal!]!.target,
        method: onEvent.methods[onEvent.defaultMethod!]!.target,
      });
      assert.match(explained.markdown, /Denied by \[statement 2 of policy read-orders\]\(file:[^)]*#L\d+\): `\.\.\.\/\*\/GET\/orders\/\*` matches GET \/orders\/\{id\}/);
      assert.match(explained.markdown, /Next step:/);
    });
  });
}
