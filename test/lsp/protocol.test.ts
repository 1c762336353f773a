/**
 * Request params checked at the edge (server/src/lsp/validate.ts), through the real server
 * and raw JSON-RPC: positions that are floats, strings, negative or null are answered with
 * InvalidParams (-32602); integers past the end of the text are clamped and answered; no
 * answer carries a position that is not a non-negative integer, and nothing is answered
 * with an internal error. The custom `gatewarden/*` requests and `workspace/executeCommand`
 * reject bad params the same way, and the server keeps answering afterwards.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ServerCommands } from '../../shared/protocol';
import { positionOf, startClient, type RawResponse, type TestClient } from './client';
import { INVALID_EFFECT, jsonPolicy } from './fixtures';
import { PETS_API } from '../helpers/templates';

const INVALID_PARAMS = -32602;
const METHOD_NOT_FOUND = -32601;

const API = PETS_API;

const INVOKE = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*' }] },
  null,
  2,
);

/** Every `line`/`character` pair anywhere in a JSON value, with where it was found. */
function positionsIn(value: unknown, at = '$'): { at: string; line: unknown; character: unknown }[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => positionsIn(v, `${at}[${i}]`));
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  const record = value as Record<string, unknown>;
  const own = 'line' in record || 'character' in record ? [{ at, line: record.line, character: record.character }] : [];
  return [...own, ...Object.entries(record).flatMap(([k, v]) => positionsIn(v, `${at}.${k}`))];
}

const isUinteger = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;

/** A response is either InvalidParams or a result whose positions are all non-negative integers. */
function assertWellFormed(response: RawResponse, what: string): void {
  if (response.error) {
    assert.equal(response.error.code, INVALID_PARAMS, `${what}: ${JSON.stringify(response.error)}`);
    return;
  }
  for (const p of positionsIn(response.result)) {
    assert.ok(isUinteger(p.line) && isUinteger(p.character), `${what}: ${p.at} is ${JSON.stringify(p)}`);
  }
}

describe('request params checked at the edge', () => {
  let client: TestClient;
  // Made now, not in before(): the request tables below name files in it.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-protocol-'));
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;
  const policyText = jsonPolicy('Alow');

  before(async () => {
    fs.writeFileSync(path.join(dir, 'api.yaml'), API);
    fs.writeFileSync(path.join(dir, 'invoke.json'), INVOKE);
    fs.writeFileSync(path.join(dir, '.gatewarden.yaml'), 'apis:\n  a1b2c3d4e5: api.yaml#Api\n');
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir, workDoneProgress: true });
    // Wait for the index, so the access requests below have a matrix to answer from.
    await client.waitForProgress((p) => p.value.kind === 'end', 20_000);
    // The narrowing requests read open documents only, as the editor sends them.
    await client.open(uri('invoke.json'), 'json', INVOKE);
    await client.open(uri('policy.json'), 'json', policyText);
    await client.waitForDiagnostics(uri('policy.json'), (p) => p.version === 1);
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Proof that the server still answers: a hover with good params gets a result. */
  const stillAnswers = async (): Promise<void> => {
    const response = await client.rawRequest('textDocument/hover', { textDocument: { uri: uri('policy.json') }, position: positionOf(policyText, policyText.indexOf('s3:GetObject') + 2) });
    assert.equal(response.error, undefined);
    assert.ok(response.result, 'a hover on an action has contents');
  };

  const REJECTED_POSITIONS: [string, unknown][] = [
    ['float line', { line: 1.5, character: 0 }],
    ['float character', { line: 3, character: 2.25 }],
    ['string line', { line: '3', character: 0 }],
    ['string character', { line: 3, character: '4' }],
    ['negative line', { line: -1, character: 0 }],
    ['negative character', { line: 3, character: -4 }],
    ['null line (NaN once serialised)', { line: null, character: 0 }],
    ['missing character', { line: 3 }],
    ['position null', null],
    ['position a string', 'here'],
  ];

  const CLAMPED_POSITIONS: [string, unknown][] = [
    ['character past the line', { line: 3, character: 1_000_000 }],
    ['line past the document', { line: 1_000_000, character: 0 }],
    ['both huge', { line: 2 ** 53 - 1, character: 2 ** 53 - 1 }],
    ['beyond uinteger', { line: 1e300, character: 1e300 }],
  ];

  for (const method of ['textDocument/hover', 'textDocument/completion']) {
    test(`${method}: bad positions are InvalidParams, positions past the end are clamped`, async () => {
      for (const [name, position] of REJECTED_POSITIONS) {
        const response = await client.rawRequest(method, { textDocument: { uri: uri('policy.json') }, position });
        assert.equal(response.error?.code, INVALID_PARAMS, `${name}: ${JSON.stringify(response)}`);
      }
      for (const [name, position] of CLAMPED_POSITIONS) {
        const response = await client.rawRequest(method, { textDocument: { uri: uri('policy.json') }, position });
        assert.equal(response.error, undefined, `${name}: ${JSON.stringify(response.error)}`);
        assertWellFormed(response, `${method} ${name}`);
      }
      await stillAnswers();
    });
  }

  test('textDocument/codeAction: bad ranges and diagnostics are InvalidParams; clamped ranges answer with integer positions', async () => {
    const at = positionOf(policyText, policyText.indexOf('Alow'));
    const good = { start: at, end: at };
    const base = { textDocument: { uri: uri('policy.json') }, range: good, context: { diagnostics: [] } };
    const rejected: [string, unknown][] = [
      ...REJECTED_POSITIONS.map(([name, position]): [string, unknown] => [`range.start ${name}`, { ...base, range: { start: position, end: at } }]),
      ['range.end a float', { ...base, range: { start: at, end: { line: at.line, character: 0.5 } } }],
      ['context missing', { textDocument: base.textDocument, range: good }],
      ['diagnostics null', { ...base, context: { diagnostics: null } }],
      ['a diagnostic null', { ...base, context: { diagnostics: [null] } }],
      ['a diagnostic with a float range', { ...base, context: { diagnostics: [{ range: { start: { line: 0.5, character: 0 }, end: at }, message: 'x' }] } }],
      ['only not an array', { ...base, context: { diagnostics: [], only: 'quickfix' } }],
    ];
    for (const [name, params] of rejected) {
      const response = await client.rawRequest('textDocument/codeAction', params);
      assert.equal(response.error?.code, INVALID_PARAMS, `${name}: ${JSON.stringify(response)}`);
    }
    // The real diagnostic, then a range far past the end: both answered, positions integers.
    const [diagnostic] = (client.published.get(uri('policy.json'))?.at(-1)?.diagnostics ?? []).filter((d) => d.code === INVALID_EFFECT);
    assert.ok(diagnostic);
    const fixes = await client.rawRequest('textDocument/codeAction', { ...base, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
    assertWellFormed(fixes, 'fixes');
    assert.ok(Array.isArray(fixes.result) && fixes.result.length > 0, JSON.stringify(fixes));
    const far = { line: 1e9, character: 1e9 };
    const clamped = await client.rawRequest('textDocument/codeAction', { ...base, range: { start: far, end: far } });
    assert.equal(clamped.error, undefined);
    assertWellFormed(clamped, 'clamped range');
    await stillAnswers();
  });

  test('null, missing or garbage params to standard requests are InvalidParams, never internal errors', async () => {
    const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/codeAction', 'textDocument/codeLens', 'workspace/executeCommand'];
    for (const method of methods) {
      for (const params of [null, 'garbage', 42, {}, { textDocument: null }, { textDocument: { uri: 7 } }, [uri('policy.json')]]) {
        const response = await client.rawRequest(method, params);
        assert.equal(response.error?.code, INVALID_PARAMS, `${method} ${JSON.stringify(params)}: ${JSON.stringify(response)}`);
      }
      const none = await client.rawRequest(method);
      assert.equal(none.error?.code, INVALID_PARAMS, `${method} without params: ${JSON.stringify(none)}`);
    }
    await stillAnswers();
  });

  test('unknown methods are MethodNotFound, standard ones we do not serve included', async () => {
    for (const method of ['textDocument/definition', 'gatewarden/noSuchRequest']) {
      const response = await client.rawRequest(method, { textDocument: { uri: uri('policy.json') }, position: { line: 0.5, character: 'x' } });
      assert.equal(response.error?.code, METHOD_NOT_FOUND, `${method}: ${JSON.stringify(response)}`);
    }
  });

  const target = (name: string, kind: 'method' | 'principal', p: (string | number)[]): unknown => ({ uri: uri(name), kind, root: 0, path: p });
  const method = target('api.yaml', 'method', ['Resources', 'GetPets']);
  const principal = target('invoke.json', 'principal', []);

  const CUSTOM: { method: string; good: unknown; bad: unknown[] }[] = [
    {
      method: 'gatewarden/accessDetail',
      good: method,
      bad: [{ ...(method as object), kind: 'role' }, { ...(method as object), root: -1 }, { ...(method as object), root: 0.5 }, { ...(method as object), path: 'Resources' }, { ...(method as object), path: [null] }, { ...(method as object), uri: null }],
    },
    { method: 'gatewarden/explainOptions', good: {}, bad: [{ uri: 5 }, { uri: uri('invoke.json'), offset: -3 }, { offset: '12' }, { offset: 1.5 }] },
    { method: 'gatewarden/explain', good: { principal, method }, bad: [{ principal }, { principal: null, method }, { principal, method: 'GET /pets' }] },
    { method: 'gatewarden/narrowChoices', good: { uri: uri('invoke.json'), offset: INVOKE.indexOf('a1b2c3d4e5') }, bad: [{ uri: uri('invoke.json') }, { uri: uri('invoke.json'), offset: -1 }, { uri: uri('invoke.json'), offset: 2.5 }, { offset: 3 }] },
    {
      method: 'gatewarden/narrowEdit',
      good: { uri: uri('invoke.json'), offset: INVOKE.indexOf('a1b2c3d4e5'), chosen: [0] },
      bad: [{ uri: uri('invoke.json'), offset: 3 }, { uri: uri('invoke.json'), offset: 3, chosen: [-1] }, { uri: uri('invoke.json'), offset: 3, chosen: 'all' }, { uri: uri('invoke.json'), offset: 3, chosen: [0.5] }],
    },
  ];

  for (const { method: name, good, bad } of CUSTOM) {
    test(`${name}: null and garbage params are InvalidParams, good ones answered, the server still answering`, async () => {
      for (const params of [null, 'garbage', 42, true, [good], ...bad]) {
        const response = await client.rawRequest(name, params);
        assert.equal(response.error?.code, INVALID_PARAMS, `${JSON.stringify(params)}: ${JSON.stringify(response)}`);
      }
      const none = await client.rawRequest(name);
      assert.equal(none.error?.code, INVALID_PARAMS, `without params: ${JSON.stringify(none)}`);
      const answer = await client.rawRequest(name, good);
      assert.equal(answer.error, undefined, JSON.stringify(answer.error));
      assertWellFormed(answer, name);
      await stillAnswers();
    });
  }

  test('the narrowing request answers the workspace edit, with an offset past the end clamped', async () => {
    const at = INVOKE.indexOf('a1b2c3d4e5');
    const choices = await client.rawRequest('gatewarden/narrowChoices', { uri: uri('invoke.json'), offset: at });
    assert.deepEqual((choices.result as { methods: string[] }).methods.length, 1);
    const edit = await client.rawRequest('gatewarden/narrowEdit', { uri: uri('invoke.json'), offset: at, chosen: [0] });
    const changes = (edit.result as { changes: Record<string, { range: unknown }[]> }).changes[uri('invoke.json')];
    assert.equal(changes?.length, 1);
    assert.deepEqual(changes[0]!.range, { start: positionOf(INVOKE, INVOKE.indexOf('"arn:')), end: positionOf(INVOKE, INVOKE.indexOf('/*"') + 3) });
    const past = await client.rawRequest('gatewarden/narrowChoices', { uri: uri('invoke.json'), offset: 10 ** 12 });
    assert.deepEqual(past, { jsonrpc: '2.0', id: (past as { id: string }).id, result: { methods: [] } });
  });

  test('malformed document notifications are dropped: the document keeps its text, later edits apply', async () => {
    const u = uri('edited.json');
    await client.open(u, 'json', jsonPolicy('Alow'));
    await client.waitForDiagnostics(u, (p) => p.version === 1);
    const at = positionOf(jsonPolicy('Alow'), jsonPolicy('Alow').indexOf('Alow'));
    const end = { line: at.line, character: at.character + 4 };
    // A float range, a text that is a number, a version that is a string: each dropped.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 2 }, contentChanges: [{ range: { start: { line: at.line + 0.5, character: at.character }, end }, text: 'Allow' }] });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: 3 }, contentChanges: [{ text: 42 }] });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: u, version: '4' }, contentChanges: [{ text: jsonPolicy('Deny') }] });
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri('number.json'), languageId: 'json', version: 1, text: 42 } });
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: 7 } });
    // A good edit after them applies to the text as it was: Alow → Allow at the same range.
    await client.edit(u, 5, [{ range: { start: at, end }, text: 'Allow' }]);
    const fixed = await client.waitForDiagnostics(u, (p) => p.version === 5);
    assert.deepEqual(fixed.diagnostics.map((d) => d.code), []);
    assert.deepEqual(
      (client.published.get(u) ?? []).map((p) => p.version),
      [1, 5],
    );
    // The document opened with a number for text was never opened.
    const hover = await client.rawRequest('textDocument/hover', { textDocument: { uri: uri('number.json') }, position: { line: 0, character: 0 } });
    assert.deepEqual([hover.error, hover.result], [undefined, null]);
    assert.equal(client.published.get(uri('number.json')), undefined);
    await stillAnswers();
    assert.deepEqual(client.errorLogs, []);
  });

  test('workspace/executeCommand runs the server commands it announces; unknown commands and bad arguments are errors', async () => {
    const commands = client.initializeResult.capabilities.executeCommandProvider?.commands;
    assert.deepEqual(commands, Object.values(ServerCommands));
    const options = await client.rawRequest('workspace/executeCommand', { command: ServerCommands.explainOptions, arguments: [{}] });
    assert.equal(options.error, undefined, JSON.stringify(options.error));
    const { principals, methods } = options.result as { principals: { target: { uri: string; path: unknown[] } }[]; methods: { target: { uri: string; path: unknown[] } }[] };
    assert.deepEqual(
      methods.map((m) => [m.target.uri, m.target.path]),
      [[uri('api.yaml'), ['Resources', 'GetPets']]],
    );
    assert.ok(principals.some((p) => p.target.uri === uri('invoke.json')), JSON.stringify(principals));
    // The same answer as the request of the same name.
    const direct = await client.rawRequest('gatewarden/explainOptions', {});
    assert.deepEqual(options.result, direct.result);
    const detail = await client.rawRequest('workspace/executeCommand', { command: ServerCommands.detail, arguments: [method] });
    assert.equal(typeof (detail.result as { markdown?: unknown }).markdown, 'string');
    for (const params of [
      { command: 'gatewarden.noSuchCommand', arguments: [] },
      { command: 'gatewarden.showAccessDetail', arguments: [method] },
      { command: ServerCommands.detail, arguments: [null] },
      { command: ServerCommands.detail },
      { command: ServerCommands.narrowEdit, arguments: [{ uri: uri('invoke.json'), offset: 1.5, chosen: [0] }] },
      { command: ServerCommands.explain, arguments: 'principal' },
      { command: 42, arguments: [] },
    ]) {
      const response = await client.rawRequest('workspace/executeCommand', params);
      assert.equal(response.error?.code, INVALID_PARAMS, `${JSON.stringify(params)}: ${JSON.stringify(response)}`);
    }
    await stillAnswers();
    assert.deepEqual(client.errorLogs, []);
  });
});
