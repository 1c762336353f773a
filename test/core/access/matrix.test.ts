/**
 * The access matrix on hand-written templates: several APIs and stages, roles with
 * narrow and wide grants, a resource policy with an explicit Deny and a conditional Deny,
 * a cross-account caller, methods without IAM authorization, a standalone identity policy
 * tied to a template API through the `apis` map, and the cases a peer library got wrong.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../helpers';
import { accessMatrix, type AccessMatrix, type WorkspaceDocument } from '../../../server/src/core/access/matrix';

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Orders:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
      Policy:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal: {AWS: '999988887777'}
            Action: execute-api:Invoke
            Resource: execute-api:/prod/GET/*
          - Effect: Deny
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*/DELETE/*
          - Effect: Deny
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*/POST/*
            Condition:
              NotIpAddress: {aws:SourceIp: 10.0.0.0/8}
  OrderResource:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Orders, ParentId: !GetAtt Orders.RootResourceId, PathPart: orders}
  OrderId:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Orders, ParentId: !Ref OrderResource, PathPart: '{id}'}
  GetOrder:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Orders, ResourceId: !Ref OrderId, HttpMethod: GET, AuthorizationType: AWS_IAM}
  PostOrder:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Orders, ResourceId: !Ref OrderResource, HttpMethod: POST, AuthorizationType: AWS_IAM}
  DeleteOrder:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Orders, ResourceId: !Ref OrderId, HttpMethod: DELETE, AuthorizationType: AWS_IAM}
  Health:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Orders, ResourceId: !GetAtt Orders.RootResourceId, HttpMethod: GET, AuthorizationType: NONE}
  Dev:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Orders, StageName: dev}
  Prod:
    Type: AWS::ApiGateway::Stage
    Properties: {RestApiId: !Ref Orders, StageName: prod}
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Sid: ReadOrders
                Effect: Allow
                Action: execute-api:Invoke
                Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Orders}/prod/GET/orders/*
  Admin:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
  AdminPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: admin
      Roles: [!Ref Admin]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: Everything
            Effect: Allow
            Action: execute-api:*
            Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Orders}/*
  Unrelated:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: s3
          PolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: '*'}]}
`;

function matrixOf(docs: { uri: string; text: string; format?: 'json' | 'yaml' }[], apis?: Record<string, { uri: string; logicalId: string }>): AccessMatrix {
  const documents: WorkspaceDocument[] = docs.map((d) => ({ uri: d.uri, doc: parse(d.text, d.format ?? 'yaml') }));
  return accessMatrix(documents, { apis });
}

/** `principal stage METHOD path → decision [verbs] via…` */
function rows(m: AccessMatrix): string[] {
  return m.rows
    .map(
      (r) =>
        `${r.principal.id} ${r.stage} ${r.method.method} ${r.method.path} → ${r.implicit ? 'implicit ' : ''}${r.decision} via ${r.via.map((v) => `${v.policy}:${v.effect}${v.sid ? `:${v.sid}` : ''}${v.ignored ? `!${v.ignored.reason}` : ''}`).join(',')}`,
    )
    .sort();
}

test('access matrix: narrow and wide grants, explicit and conditional denies, a cross-account caller, an open method', () => {
  const got = rows(matrixOf([{ uri: 'orders.yaml', text: TEMPLATE }]));
  const expected = [
    // Reader: only prod GET /orders/{id}.
    'Reader prod GET /orders/{id} → allow via identity:Allow:ReadOrders',
    // Admin: everything, except DELETE (explicit Deny) and POST (denied from outside 10/8: conditional).
    'Admin dev GET /orders/{id} → allow via identity:Allow:Everything',
    'Admin prod GET /orders/{id} → allow via identity:Allow:Everything',
    'Admin dev POST /orders → conditional via identity:Allow:Everything,resource:Deny',
    'Admin prod POST /orders → conditional via identity:Allow:Everything,resource:Deny',
    'Admin dev DELETE /orders/{id} → deny via resource:Deny',
    'Admin prod DELETE /orders/{id} → deny via resource:Deny',
    // The other account: its own IAM policy must allow too, so conditional at best.
    '999988887777 prod GET /orders/{id} → conditional via resource:Allow',
    // DELETE is denied to everyone, the other account included; POST only from outside 10/8.
    '999988887777 dev DELETE /orders/{id} → deny via resource:Deny',
    '999988887777 prod DELETE /orders/{id} → deny via resource:Deny',
    // POST: the Deny holds only outside 10/8, and nothing allows these callers POST at all,
    // so the deny is implicit (the conditional Deny is listed).
    '999988887777 dev POST /orders → implicit deny via resource:Deny',
    '999988887777 prod POST /orders → implicit deny via resource:Deny',
    'Reader dev DELETE /orders/{id} → deny via resource:Deny',
    'Reader prod DELETE /orders/{id} → deny via resource:Deny',
    'Reader dev POST /orders → implicit deny via resource:Deny',
    'Reader prod POST /orders → implicit deny via resource:Deny',
    // Reader's grant reaches the API (prod only): the dev stage is an implicit deny.
    'Reader dev GET /orders/{id} → implicit deny via ',
    'Unrelated dev DELETE /orders/{id} → deny via resource:Deny',
    'Unrelated prod DELETE /orders/{id} → deny via resource:Deny',
    'Unrelated dev POST /orders → implicit deny via resource:Deny',
    'Unrelated prod POST /orders → implicit deny via resource:Deny',
    // Health has no authorization: anyone on the internet.
    '* dev GET / → allow via authorization:Allow',
    '* prod GET / → allow via authorization:Allow',
  ].sort();
  assert.deepEqual(got, expected);
});

test('access matrix: a standalone identity policy reaches a template API through the apis map', () => {
  const policy = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/prod/GET/orders/*' }],
  });
  const docs = [
    { uri: 'orders.yaml', text: TEMPLATE },
    { uri: 'policies/reader.json', text: policy, format: 'json' as const },
  ];
  const unmapped = rows(matrixOf(docs)).filter((r) => r.startsWith('policies/'));
  assert.deepEqual(unmapped.filter((r) => r.includes('→ allow')), []);
  const mapped = rows(matrixOf(docs, { a1b2c3d4e5: { uri: 'orders.yaml', logicalId: 'Orders' } })).filter((r) => r.startsWith('policies/') && r.includes('→ allow'));
  assert.deepEqual(mapped, ['policies/reader.json prod GET /orders/{id} → allow via identity:Allow']);
});

const SINGLE = (statements: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: a}}
  Get:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}
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
${statements}
`;

const allow = "              - {Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:*:*'}";

test('peer-library case: a wildcard in the API-id part of a Deny does deny', () => {
  const got = rows(matrixOf([{ uri: 't.yaml', text: SINGLE(`${allow}\n              - {Effect: Deny, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:*:*/prod/*'}`) }]));
  assert.deepEqual(got, ['Caller prod GET / → deny via identity:Deny']);
});

test('peer-library case: a resource that is not an ARN matches nothing', () => {
  const got = rows(matrixOf([{ uri: 't.yaml', text: SINGLE("              - {Effect: Allow, Action: execute-api:Invoke, Resource: bogus}") }]));
  assert.deepEqual(got, []);
});

test('peer-library case: a misspelt condition operator makes the statement grant nothing', () => {
  const got = rows(matrixOf([{ uri: 't.yaml', text: SINGLE("              - {Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:*:*', Condition: {StringEqualz: {aws:SourceVpce: vpce-1}}}") }]));
  // IAM rejects the policy: the statement grants nothing, and the row says why (the rule id).
  assert.deepEqual(got, ['Caller prod GET / → implicit deny via identity:Allow!iam/unknown-condition-operator']);
});

test('a condition on request context makes the grant conditional, naming the key', () => {
  const m = matrixOf([{ uri: 't.yaml', text: SINGLE("              - {Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:*:*', Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}}") }]);
  assert.deepEqual(rows(m), ['Caller prod GET / → conditional via identity:Allow']);
  assert.deepEqual(m.rows[0]!.conditionKeys, ['aws:SourceIp']);
});

test('NotAction and NotResource are honoured', () => {
  const notAction = rows(matrixOf([{ uri: 't.yaml', text: SINGLE("              - {Effect: Allow, NotAction: s3:*, Resource: '*'}") }]));
  assert.deepEqual(notAction, ['Caller prod GET / → allow via identity:Allow']);
  const notResource = rows(matrixOf([{ uri: 't.yaml', text: SINGLE("              - {Effect: Allow, Action: '*', NotResource: 'arn:aws:execute-api:*:*:*/prod/*'}") }]));
  // Everything but prod: the grant reaches the API, not this method.
  assert.deepEqual(notResource, ['Caller prod GET / → implicit deny via ']);
});
