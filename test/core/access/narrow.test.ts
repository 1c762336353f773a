/**
 * Narrowing an execute-api wildcard to the methods it reaches: the fix is written in the
 * document's own form, the result still parses, and its access matrix grants exactly the
 * chosen methods.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, findings, markers, parse } from '../../helpers';
import { accessMatrix, type AccessMatrix } from '../../../server/src/core/access/matrix';
import { narrowFixes, narrowTargetAt } from '../../../server/src/core/access/narrow';

const YAML = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
  Pets:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: pets}
  Pet:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !Ref Pets, PathPart: '{id}'}
  GetPet:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Pet, HttpMethod: GET, AuthorizationType: AWS_IAM}
  PostPet:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Pets, HttpMethod: POST, AuthorizationType: AWS_IAM}
  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: prod}}
  Caller:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource: ‸!Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*
`;

function granted(m: AccessMatrix): string[] {
  return m.rows.filter((r) => r.decision === 'allow').map((r) => `${r.principal.id} ${r.stage} ${r.method.method} ${r.method.path}`).sort();
}

test('narrowing api-id/* in a YAML template writes !Sub ARNs and grants exactly the chosen method', () => {
  const { text, cursor } = markers(YAML);
  const doc = parse(text, 'yaml');
  const matrix = accessMatrix([{ uri: 't.yaml', doc }]);
  assert.deepEqual(granted(matrix), ['Caller prod GET /pets/{id}', 'Caller prod POST /pets']);
  const target = narrowTargetAt(matrix, 't.yaml', doc, cursor!);
  assert.ok(target);
  const fixes = narrowFixes(doc, 't.yaml', target);
  assert.deepEqual(fixes.map((f) => f.title), ['Narrow to GET /pets/{id}, POST /pets (prod)', 'Narrow to GET /pets/{id} (prod)', 'Narrow to POST /pets (prod)']);
  const after = applyEdits(text, fixes[1]!.edits);
  assert.ok(after.includes('Resource: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/pets/*\n'), after);
  const doc2 = parse(after, 'yaml');
  assert.deepEqual(findings(after, 'yaml', 'syntax/parse-error'), []);
  assert.deepEqual(granted(accessMatrix([{ uri: 't.yaml', doc: doc2 }])), ['Caller prod GET /pets/{id}']);
  // All of them: the single value becomes a list of both ARNs, and grants both again.
  const both = applyEdits(text, fixes[0]!.edits);
  assert.deepEqual(granted(accessMatrix([{ uri: 't.yaml', doc: parse(both, 'yaml') }])), ['Caller prod GET /pets/{id}', 'Caller prod POST /pets']);
  assert.match(both, /Resource:\n {18}- !Sub arn:aws:execute-api:\$\{AWS::Region\}:\$\{AWS::AccountId\}:\$\{Api\}\/\*\/GET\/pets\/\*\n {18}- !Sub /);
});

test('narrowing in a JSON template writes Fn::Sub objects', () => {
  const template = {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
      Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' } },
      Caller: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: {},
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ['arn:aws:execute-api:*:*:*'] }] } }],
        },
      },
    },
  };
  const text = JSON.stringify(template, null, 2);
  const doc = parse(text, 'json');
  const matrix = accessMatrix([{ uri: 't.json', doc }]);
  const target = narrowTargetAt(matrix, 't.json', doc, text.indexOf('arn:aws:execute-api:*:*:*') + 3);
  assert.ok(target);
  const fix = narrowFixes(doc, 't.json', target).find((f) => f.title.startsWith('Narrow to GET /'));
  const after = applyEdits(text, fix!.edits);
  assert.ok(after.includes('{"Fn::Sub": "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/"}'), after);
  assert.deepEqual(granted(accessMatrix([{ uri: 't.json', doc: parse(after, 'json') }])), ['Caller * GET /']);
});

test('narrowing in a standalone policy writes literal ARNs with the mapped API id', () => {
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*' }] }, null, 2);
  const apis = { a1b2c3d4e5: { uri: 't.yaml', logicalId: 'Api' } };
  const docs = [
    { uri: 't.yaml', doc: parse(markers(YAML).text, 'yaml') },
    { uri: 'reader.json', doc: parse(policy, 'json') },
  ];
  const matrix = accessMatrix(docs, { apis });
  const target = narrowTargetAt(matrix, 'reader.json', docs[1]!.doc, policy.indexOf('a1b2c3d4e5'));
  assert.ok(target);
  const fix = narrowFixes(docs[1]!.doc, 'reader.json', target, apis).find((f) => f.title.startsWith('Narrow to POST'));
  const after = applyEdits(policy, fix!.edits);
  assert.ok(after.includes('"arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*/POST/pets"'), after);
  const rows = granted(accessMatrix([docs[0]!, { uri: 'reader.json', doc: parse(after, 'json') }], { apis })).filter((r) => r.startsWith('reader'));
  assert.deepEqual(rows, ['reader.json prod POST /pets']);
});

test('narrowing "*" in a role of another file: an API it cannot name gets no whole-API fix, and its method fixes say "of any API"', () => {
  const role = `Resources:
  Caller:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: execute-api:Invoke, Resource: '*'}]}
`;
  const docs = [
    { uri: 't.yaml', doc: parse(markers(YAML).text, 'yaml') },
    { uri: 'role.yaml', doc: parse(role, 'yaml') },
  ];
  const at = role.indexOf("'*'") + 1;
  const unmapped = narrowTargetAt(accessMatrix(docs), 'role.yaml', docs[1]!.doc, at);
  assert.ok(unmapped);
  const titles = narrowFixes(docs[1]!.doc, 'role.yaml', unmapped).map((f) => f.title);
  assert.ok(!titles.some((t) => t.startsWith('Narrow to every method')), JSON.stringify(titles));
  assert.ok(titles.includes('Narrow to POST /pets (of any API) (prod)'), JSON.stringify(titles));
  const apis = { a1b2c3d4e5: { uri: 't.yaml', logicalId: 'Api' } };
  const mapped = narrowTargetAt(accessMatrix(docs, { apis }), 'role.yaml', docs[1]!.doc, at);
  assert.ok(mapped);
  const whole = narrowFixes(docs[1]!.doc, 'role.yaml', mapped, apis).find((f) => f.title.startsWith('Narrow to every method of API Api'));
  assert.ok(whole);
  assert.ok(applyEdits(role, whole.edits).includes("Resource: 'arn:aws:execute-api:*:*:a1b2c3d4e5/*'"), applyEdits(role, whole.edits));
});
