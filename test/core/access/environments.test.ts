/**
 * The access matrix across environments: a template deployed to several accounts and regions
 * (its methods and principals once in each, `${AWS::AccountId}` and `${AWS::Region}` that
 * environment's), rows with the API's account, region and environment, and callers from
 * another configured account, who need both halves: their own identity policy and the API's
 * resource policy.
 *
 * Expected decisions follow API Gateway's documented authorization flow
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html):
 * in the same account, an Allow in either the identity policy or the resource policy suffices
 * (Table A); across accounts both must allow, and silence on either side is an implicit deny
 * (Table B).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../helpers';
import { accessMatrix, type AccessMatrix, type WorkspaceDocument } from '../../../server/src/core/access/matrix';
import type { AccessEnvironment } from '../../../server/src/core/access/environments';

const STACK = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: {Name: pets}
  Get:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}
  Stage:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Api, StageName: !Ref StageName}
  Caller:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/
Parameters:
  StageName: {Type: String}
`;

const DEV: AccessEnvironment = { name: 'dev', account: '111122223333', region: 'eu-west-1', stages: ['dev'] };
const PROD: AccessEnvironment = { name: 'prod', account: '444455556666', region: 'us-east-1', stages: ['prod'] };

/** A prod API whose resource policy lets `principal` (another account's) invoke GET on prod. */
const prodApi = (principal: string | undefined): string => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Partner:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: partner
${
  principal
    ? `      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '${principal}'}
            Action: execute-api:Invoke
            Resource: execute-api:/prod/GET/
`
    : ''
}  Get:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Partner, ResourceId: !GetAtt Partner.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}
`;
/** A dev-account policy granting GET on every API of the prod account, in us-east-1. */
const CALLER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Partner', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:444455556666:*/prod/GET/' }] });

function matrixOf(files: Record<string, string>, environments: Record<string, readonly AccessEnvironment[]>): AccessMatrix {
  const documents: WorkspaceDocument[] = Object.entries(files).map(([uri, text]) => ({ uri, doc: parse(text, uri.endsWith('.json') ? 'json' : 'yaml') }));
  return accessMatrix(documents, { environmentsOf: (uri) => environments[uri] ?? [], environmentsKey: JSON.stringify(environments) });
}

/** `principal@env → api@env stage decision account region`, sorted. */
function rows(matrix: AccessMatrix): string[] {
  return matrix.rows
    .map((r) => `${r.principal.id}@${r.principal.environment?.name ?? '-'} → ${r.method.api.id}@${r.environment ?? '-'} ${r.stage} ${r.decision} ${r.account ?? '-'} ${r.region ?? '-'}`)
    .sort();
}

test('environments: one template in two accounts gives each deployment its own principals, stages, account and region', () => {
  const matrix = matrixOf({ 'stack.yaml': STACK }, { 'stack.yaml': [DEV, PROD] });
  // `${AWS::AccountId}` is each deployment's own account, so the dev role reaches only the
  // dev API (same account: its identity policy suffices, Table A), and likewise in prod.
  assert.deepEqual(rows(matrix), ['Caller@dev → Api@dev dev allow 111122223333 eu-west-1', 'Caller@prod → Api@prod prod allow 444455556666 us-east-1']);
  assert.deepEqual(
    matrix.principals.map((p) => `${p.id}@${p.environment?.name}:${p.account}`),
    ['Caller@dev:111122223333', 'Caller@prod:444455556666'],
  );
});

test('environments: without environments, one account and the template\'s own stages', () => {
  const matrix = matrixOf({ 'stack.yaml': STACK }, {});
  assert.deepEqual(rows(matrix), ['Caller@- → Api@- ${StageName} allow - -']);
});

test('cross-account: an identity Allow alone is an implicit deny (Table B: both must allow)', () => {
  const matrix = matrixOf({ 'caller.json': CALLER, 'partner.yaml': prodApi(undefined) }, { 'caller.json': [DEV], 'partner.yaml': [PROD] });
  assert.deepEqual(rows(matrix), ['caller.json@dev → Partner@prod prod deny 444455556666 us-east-1']);
  const row = matrix.rows[0]!;
  // Nothing denies it: the resource policy's half is missing.
  assert.deepEqual([row.implicit, row.missingHalf, row.via], [true, 'resource', []]);
});

test('cross-account: the identity policy and a resource policy naming the caller\'s account both allow: allow', () => {
  const matrix = matrixOf({ 'caller.json': CALLER, 'partner.yaml': prodApi('arn:aws:iam::111122223333:root') }, { 'caller.json': [DEV], 'partner.yaml': [PROD] });
  const decided = rows(matrix).filter((r) => r.startsWith('caller.json'));
  assert.deepEqual(decided, ['caller.json@dev → Partner@prod prod allow 444455556666 us-east-1']);
  const row = matrix.rows.find((r) => r.principal.id === 'caller.json')!;
  assert.deepEqual(row.via.map((v) => v.policy).sort(), ['identity', 'resource']);
});

test('cross-account: a resource policy Allow for an account whose identity policy is silent: implicit deny', () => {
  // The dev role's own policy names only its own account's APIs.
  const matrix = matrixOf({ 'stack.yaml': STACK, 'partner.yaml': prodApi('111122223333') }, { 'stack.yaml': [DEV], 'partner.yaml': [PROD] });
  const caller = rows(matrix).filter((r) => r.startsWith('Caller@dev → Partner'));
  assert.deepEqual(caller, ['Caller@dev → Partner@prod prod deny 444455556666 us-east-1']);
});

test('cross-account: a resource policy naming another account, same region, same account id as the API: same account', () => {
  // The caller is in the API's own account: either side suffices (Table A).
  const matrix = matrixOf({ 'caller.json': CALLER, 'partner.yaml': prodApi(undefined) }, { 'caller.json': [PROD], 'partner.yaml': [PROD] });
  assert.deepEqual(rows(matrix), ['caller.json@prod → Partner@prod prod allow 444455556666 us-east-1']);
});
