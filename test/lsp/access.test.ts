/**
 * Who can invoke what, through the real server: the workspace index links a role in one
 * file to an API in another; hovers and code lenses say so; the narrowing quick fix and the
 * explain request work; a file changed on disk is picked up.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, CodeLens, Hover } from 'vscode-languageserver/node';
import { eventually, positionOf, startClient, type TestClient } from './client';
import { PETS_API } from '../helpers/templates';

const API = `${PETS_API}  PostPets:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Pets, HttpMethod: POST, AuthorizationType: AWS_IAM}
  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: prod}}
`;

const POLICY = JSON.stringify(
  { Version: '2012-10-17', Statement: [{ Sid: 'Invoke', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*' }] },
  null,
  2,
);

const CONFIG = `apis:\n  a1b2c3d4e5: api.yaml#Api\n`;

describe('access across the workspace', () => {
  let client: TestClient;
  let dir: string;
  const uri = (name: string): string => pathToFileURL(path.join(dir, name)).href;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-access-'));
    fs.writeFileSync(path.join(dir, 'api.yaml'), API);
    fs.mkdirSync(path.join(dir, 'policies'));
    fs.writeFileSync(path.join(dir, 'policies', 'reader.json'), POLICY);
    fs.writeFileSync(path.join(dir, '.gatewarden.yaml'), CONFIG);
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });


  test('code lenses count principals on methods, across files, through the apis map', async () => {
    await client.open(uri('api.yaml'), 'yaml', API);
    const lenses = await eventually(
      () => client.codeLenses(uri('api.yaml')),
      (l) => l.some((x) => x.command?.title === 'invocable by 1 principal'),
    );
    const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
    assert.deepEqual(titles, ['6:invocable by 1 principal', '9:invocable by 1 principal']);
    assert.equal(lenses[0]!.command?.command, 'gatewarden.showAccessDetail');
  });

  test('code lenses come placed, without titles; codeLens/resolve gives each its title, and a lens whose method is gone resolves to none', async () => {
    await client.open(uri('api.yaml'), 'yaml', API);
    const resolved = await eventually(
      () => client.codeLenses(uri('api.yaml')),
      (l) => l.some((x) => x.command?.title === 'invocable by 1 principal'),
    );
    const placed = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri('api.yaml') } });
    assert.deepEqual(
      placed.map((l) => [l.range.start.line, l.command]),
      resolved.map((l) => [l.range.start.line, undefined]),
    );
    assert.deepEqual(
      placed.map((l) => (l.data as { kind: string }).kind),
      ['method', 'method'],
    );
    const gone = { ...placed[0]!, data: { ...(placed[0]!.data as object), path: ['Resources', 'NoSuchMethod'] } };
    const answer = await client.connection.sendRequest<CodeLens>('codeLens/resolve', gone);
    assert.equal(answer.command?.title, '');
  });

  test('hover on a method lists the standalone policy that grants it', async () => {
    const offset = API.indexOf('GetPets') + 2;
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: uri('api.yaml') }, position: positionOf(API, offset) });
    assert.ok(hover);
    const value = (hover.contents as { value: string }).value;
    assert.ok(value.includes('reader.json'), value);
    assert.ok(value.includes('| prod | allowed'), value);
    assert.deepEqual(hover.range?.start, positionOf(API, API.indexOf('GetPets')));
  });

  test('the narrowing quick fix writes literal ARNs with the mapped API id', async () => {
    await client.open(uri('policies/reader.json'), 'json', POLICY);
    const at = positionOf(POLICY, POLICY.indexOf('a1b2c3d4e5'));
    const actions = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uri('policies/reader.json') },
      range: { start: at, end: at },
      context: { diagnostics: [] },
    });
    const titles = actions.map((a) => a.title);
    assert.deepEqual(titles, ['Narrow to GET /pets, POST /pets (prod)', 'Narrow to GET /pets (prod)', 'Narrow to POST /pets (prod)', 'Narrow to chosen methods…']);
    const edit = actions[1]!.edit!.changes![uri('policies/reader.json')]![0]!;
    assert.equal(edit.newText, '"arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*/GET/pets"');
    const explain = await client.connection.sendRequest<{ markdown: string }>('gatewarden/explain', {
      principal: { uri: uri('policies/reader.json'), kind: 'principal', root: 0, path: [] },
      method: { uri: uri('api.yaml'), kind: 'method', root: 0, path: ['Resources', 'PostPets'] },
    });
    assert.ok(explain.markdown.includes('Decision: allowed'), explain.markdown);
  });

  test('a new role file on disk is indexed after a watched-file change', async () => {
    const role = `Resources:\n  Caller:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n      Policies:\n        - PolicyName: p\n          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:*:*'}]}\n`;
    fs.writeFileSync(path.join(dir, 'role.yaml'), role);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('role.yaml'), type: 1 }] });
    const lenses = await eventually(
      () => client.codeLenses(uri('api.yaml')),
      (l) => l.some((x) => x.command?.title === 'invocable by 2 principals'),
    );
    assert.ok(lenses.some((x) => x.command?.title === 'invocable by 2 principals'), JSON.stringify(lenses.map((l) => l.command?.title)));
  });
});
