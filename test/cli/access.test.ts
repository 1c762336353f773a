/**
 * `gatewarden access`: the access matrix on the command line, across files, with the
 * configuration's API-id map, as JSON rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { makeTempDir, removeDir, runCli, repoRoot } from './run';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: pets}}
  GetPets:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}
  DeletePets:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: DELETE, AuthorizationType: AWS_IAM}
  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: prod}}
`;
const READER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:abc123/*/GET/*' }] });

interface Row {
  principal: string;
  account: string | null;
  region: string | null;
  implicit: boolean;
  principalKind: string;
  api: string;
  stage: string;
  method: string;
  path: string;
  decision: string;
  via: { file: string; line: number; sid?: string; policy: string; statement: string; conditions?: string[]; ignored?: string }[];
  dependsOn: { kind: string; name?: string }[];
}

test('access --format json joins a standalone policy to a template API through the apis map', async () => {
  const dir = makeTempDir({ 'api.yaml': TEMPLATE, 'policies/reader.json': READER, '.gatewarden.yaml': 'apis:\n  abc123: api.yaml#Api\n' });
  try {
    const { code, stdout, stderr } = await runCli(['access', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0, stderr);
    const rows = JSON.parse(stdout) as Row[];
    const file = path.join('policies', 'reader.json');
    assert.deepEqual(
      rows.map((r) => [r.principal, r.principalKind, r.api, r.stage, r.method, r.path, r.decision, r.implicit, r.via.map((v) => `${v.file}:${v.line}#${v.sid ?? ''}`).join(',')]),
      [
        [file, 'policy-file', 'Api', 'prod', 'GET', '/', 'allow', false, `${file}:1#Read`],
        // The policy reaches the API but grants only GET: DELETE is an implicit deny, decided by no statement.
        [file, 'policy-file', 'Api', 'prod', 'DELETE', '/', 'deny', true, ''],
      ],
    );
    // The documented row shape: these fields first, account and region null while no environment is configured.
    assert.deepEqual(Object.keys(rows[0]!).slice(0, 10), ['principal', 'account', 'region', 'api', 'stage', 'method', 'path', 'decision', 'implicit', 'via']);
    assert.deepEqual([rows[0]!.account, rows[0]!.region], [null, null]);
    assert.deepEqual(rows[0]!.via, [{ file, policy: file, statement: 'Read', line: 1, effect: 'Allow', kind: 'identity', origin: 'file', sid: 'Read' }]);
  } finally {
    removeDir(dir);
  }
});

test('access without the map does not tie a literal API id to a template', async () => {
  const dir = makeTempDir({ 'api.yaml': TEMPLATE, 'reader.json': READER });
  try {
    const { code, stdout } = await runCli(['access', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
  } finally {
    removeDir(dir);
  }
});

test('access: bad usage exits 2', async () => {
  assert.equal((await runCli(['access', '--format', 'csv'])).code, 2);
  assert.equal((await runCli(['access', path.join(repoRoot, 'no-such-folder')])).code, 2);
});

test('access over the corpus: the private payment API admits any principal only through its VPC endpoint', async () => {
  const file = path.resolve(repoRoot, '..', 'shared', 'corpus', 'templates', 'ss__template.yaml');
  const { code, stdout } = await runCli(['access', file, '--format', 'json']);
  assert.equal(code, 0);
  const rows = JSON.parse(stdout) as (Row & { conditionKeys: string[] })[];
  assert.ok(rows.length > 0);
  // Every principal of the template reaches POST /makePayment only on the aws:sourceVpce condition of the resource policy.
  assert.deepEqual([...new Set(rows.map((r) => `${r.api} ${r.stage} ${r.method} ${r.path} ${r.decision} ${r.conditionKeys.join(',')}`))], ['PaymentApi Prod POST /makePayment conditional aws:sourceVpce']);
});

test('access --format json: a grant under Fn::If names its Condition, a rejected policy says which rule rejects it, a resource policy Deny names the role', async () => {
  const template = `${TEMPLATE}  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: pets
      Policy: {Version: '2012-10-17', Statement: [{Sid: NoWriter, Effect: Deny, Principal: {AWS: !GetAtt Writer.Arn}, Action: execute-api:Invoke, Resource: 'execute-api:/*/DELETE/*'}]}
Conditions:
  IsProd: !Equals [a, b]
`.replace("  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: pets}}\n", '');
  const role = (name: string, statement: string): string => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: grant
          PolicyDocument: {Version: '2012-10-17', Statement: [${statement}]}
`;
  const all = "{Sid: All, Effect: Allow, Action: execute-api:Invoke, Resource: !Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*'}";
  const text = template.replace('Conditions:', `${role('Reader', `!If [IsProd, ${all}, !Ref AWS::NoValue]`)}${role('Broken', all.replace('Allow', 'Alow'))}${role('Writer', all)}Conditions:`);
  const dir = makeTempDir({ 'api.yaml': text });
  try {
    const { code, stdout, stderr } = await runCli(['access', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0, stderr);
    const rows = JSON.parse(stdout) as Row[];
    assert.deepEqual(
      rows.map((r) => [r.principal, r.method, r.decision, r.implicit, r.dependsOn.map((d) => `${d.kind}:${d.name ?? ''}`), r.via.map((v) => `${v.policy}#${v.statement}${v.conditions ? `?${v.conditions.join('&')}` : ''}${v.ignored ? `!${v.ignored}` : ''}`)]).sort(),
      [
        ['Broken', 'DELETE', 'deny', true, [], ['grant#All!iam/invalid-effect']],
        ['Broken', 'GET', 'deny', true, [], ['grant#All!iam/invalid-effect']],
        ['Reader', 'DELETE', 'conditional', false, ['template-condition:IsProd'], ['grant#All?IsProd']],
        ['Reader', 'GET', 'conditional', false, ['template-condition:IsProd'], ['grant#All?IsProd']],
        ['Writer', 'DELETE', 'deny', false, [], ['Api#NoWriter']],
        ['Writer', 'GET', 'allow', false, [], ['grant#All']],
      ],
    );
  } finally {
    removeDir(dir);
  }
});
