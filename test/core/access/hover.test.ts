/**
 * Access hovers and code lenses on a template: a method says who can invoke it, a
 * statement and a role say what they can invoke; lenses count both ways.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markers, parse } from '../../helpers';
import { accessHover, accessLenses, accessMatrix, explainAccess } from '../../../server/src/core/access';
import { decidingStatements } from '../../../server/src/core/access/explain';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
  [[GetPets]]:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}
  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: prod}}
  [[Caller]]:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: Invoke
                Effect: Allow
                Action: execute-‸api:Invoke
                Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/prod/GET/
`;

test('hover on a method lists who can invoke it, and on a statement what it can invoke', () => {
  const { text, ranges, cursor } = markers(TEMPLATE);
  const doc = parse(text, 'yaml');
  const matrix = accessMatrix([{ uri: 't.yaml', doc }]);
  const onMethod = accessHover(matrix, 't.yaml', doc, ranges[0]!.offset + 2);
  assert.ok(onMethod);
  assert.deepEqual({ offset: onMethod.offset, length: onMethod.length }, ranges[0]);
  assert.match(onMethod.markdown, /role Caller \| prod \| allowed/);
  const onStatement = accessHover(matrix, 't.yaml', doc, cursor!);
  assert.ok(onStatement);
  assert.match(onStatement.markdown, /\| Api \| prod \| GET \| `\/` \| allowed/);
});

test('code lenses count principals per method and methods per principal', () => {
  const { text, ranges } = markers(TEMPLATE);
  const doc = parse(text, 'yaml');
  const matrix = accessMatrix([{ uri: 't.yaml', doc }]);
  const lenses = accessLenses(matrix, 't.yaml', doc);
  assert.deepEqual(
    lenses.map((l) => ({ offset: l.offset, length: l.length, title: l.title, kind: l.target.kind })),
    [
      { ...ranges[0]!, title: 'invocable by 1 principal', kind: 'method' },
      { ...ranges[1]!, title: 'can invoke 1 method', kind: 'principal' },
    ],
  );
});

test('explain access names the statement that decides', () => {
  const { text } = markers(TEMPLATE);
  const doc = parse(text, 'yaml');
  const matrix = accessMatrix([{ uri: 't.yaml', doc }]);
  const explanation = explainAccess(matrix, { uri: 't.yaml', root: 0, path: ['Resources', 'Caller'] }, { uri: 't.yaml', root: 0, path: ['Resources', 'GetPets'] });
  assert.ok(explanation);
  const ref = matrix.methods.find((m) => m.method.path === '/')!;
  const row = matrix.rowsByMethod.get(ref.method)!.find((r) => r.principal.id === 'Caller')!;
  assert.equal(row.decision, 'allow');
  // The policy (its PolicyName), the statement (its Sid) and the pattern that matched.
  assert.deepEqual(
    decidingStatements(matrix, row, ref).map((d) => [d.effect, d.side, d.policyName, d.statement, d.pattern]),
    [['Allow', 'identity', 'p', 'statement Invoke', 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/prod/GET/']],
  );
});

test('hover on a statement names the methods it grants that do not exist', () => {
  const text = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
  GetPets:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}
  Grant:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: execute-api:Invoke
            Resource:
              - !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/
              - !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/cats
`;
  const doc = parse(text, 'yaml');
  const matrix = accessMatrix([{ uri: 't.yaml', doc }]);
  const hover = accessHover(matrix, 't.yaml', doc, text.indexOf('Effect: Allow') + 1);
  assert.ok(hover);
  assert.ok(hover.markdown.includes('/*/GET/cats'), hover.markdown);
  assert.ok(!hover.markdown.includes('/*/GET/`'), 'the live grant is not stale');
});

test('a statement IAM rejects grants nothing, and the hover and the explanation name the rule that says why', () => {
  const rejected = TEMPLATE.replace('Effect: Allow\n                Action: execute-‸api', 'Effect: Alow\n                Action: execute-‸api');
  assert.notEqual(rejected, TEMPLATE);
  const { text, cursor } = markers(rejected);
  const doc = parse(text, 'yaml');
  const matrix = accessMatrix([{ uri: 't.yaml', doc }]);
  assert.deepEqual(
    matrix.rows.map((r) => [r.principal.id, r.decision, r.implicit, r.via.map((v) => v.ignored?.reason)]),
    [['Caller', 'deny', true, ['iam/invalid-effect']]],
  );
  const onStatement = accessHover(matrix, 't.yaml', doc, cursor!);
  assert.ok(onStatement);
  assert.ok(onStatement.markdown.includes('`iam/invalid-effect`'));
  const explained = explainAccess(matrix, { uri: 't.yaml', root: 0, path: ['Resources', 'Caller'] }, { uri: 't.yaml', root: 0, path: ['Resources', 'GetPets'] });
  assert.ok(explained?.includes('`iam/invalid-effect`'));
  assert.deepEqual(accessLenses(matrix, 't.yaml', doc).map((l) => l.title), ['invocable by 0 principals', 'can invoke 0 methods']);
});
