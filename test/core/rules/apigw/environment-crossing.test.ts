import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, parse, ruleTester } from '../../../helpers';
import type { AccessEnvironment } from '../../../../server/src/core/access/environments';

/** An API with a GET on `/` and one Stage resource per name. */
const api = (...stages: string[]): Record<string, unknown> => ({
  Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
  Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' } },
  ...Object.fromEntries(stages.map((s) => [`Stage${s}`, { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: s } }])),
});
const arn = (stage: string): unknown => ({ 'Fn::Sub': `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/${stage}/GET/` });
const invoke = (resources: unknown[], effect = 'Allow'): Record<string, unknown> => ({ Effect: effect, Action: 'execute-api:Invoke', Resource: resources });
/** A role whose one inline policy holds `statements`. */
const role = (...statements: unknown[]): Record<string, unknown> => ({
  Type: 'AWS::IAM::Role',
  Properties: {
    AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
    Policies: [{ PolicyName: 'invoke', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
  },
});
const at = (name: string, statement: number): (string | number)[] => ['Resources', name, 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', statement, 'Resource'];

ruleTester('apigw/environment-crossing', {
  valid: [
    { name: 'a role for each side', code: { Resources: { ...api('dev', 'prod'), Dev: role(invoke([arn('dev')])), Prod: role(invoke([arn('prod')])) } } },
    { name: 'every stage of an API that is only production', code: { Resources: { ...api('prod'), Caller: role(invoke([arn('*')])) } } },
    { name: 'a Deny of both sides', code: { Resources: { ...api('dev', 'prod'), Caller: role(invoke([arn('dev'), arn('prod')], 'Deny')) } } },
    { name: 'dev and staging are both non-production', code: { Resources: { ...api('dev', 'staging'), Caller: role(invoke([arn('*')])) } } },
  ],
  invalid: [
    {
      name: 'one statement naming both',
      code: { Resources: { ...api('dev', 'prod'), Caller: role(invoke([arn('dev'), arn('prod')])) } },
      expected: [{ messageId: 'statement', path: at('Caller', 0), data: { production: 'prod', nonProduction: 'dev' }, severity: 'warning' }],
    },
    {
      name: 'every stage, of an API with production and two others; names compare without case',
      code: { Resources: { ...api('dev', 'staging', 'Live'), Caller: role(invoke([arn('*')])) } },
      expected: [{ messageId: 'statement', path: at('Caller', 0), data: { production: 'Live', nonProduction: 'dev, staging' } }],
    },
    {
      name: 'a role crossing through two statements is reported where it reaches production',
      code: { Resources: { ...api('dev', 'prod'), Caller: role(invoke([arn('dev')]), invoke([arn('prod')])) } },
      expected: [{ messageId: 'principal', path: at('Caller', 1), data: { principal: 'Caller', production: 'prod', nonProduction: 'dev' } }],
    },
  ],
});

/** A template deployed to dev and prod, whose role reaches its own deployment's stage only. */
const STACK = JSON.stringify({ Resources: { ...api(), Caller: role(invoke([arn('*')])) } });
const DEV: AccessEnvironment = { name: 'dev', account: '111122223333', region: 'eu-west-1', stages: ['dev'] };
const PROD: AccessEnvironment = { name: 'prod', account: '444455556666', region: 'us-east-1', stages: ['prod'] };

/** The rule's findings on `self` in a workspace of the stack (in `environments`) and a policy file (in `policyEnvironments`). */
function crossings(self: 'stack.json' | 'policy.json', environments: readonly AccessEnvironment[], policyEnvironments: readonly AccessEnvironment[] = [], productionStages?: readonly string[]): string[] {
  const documents = [
    { uri: 'stack.json', doc: parse(STACK, 'json') },
    { uri: 'policy.json', doc: parse(POLICY, 'json') },
  ];
  const environmentsOf = (uri: string): readonly AccessEnvironment[] => (uri === 'stack.json' ? environments : policyEnvironments);
  const workspace = { documents, self, environmentsOf, environmentsKey: JSON.stringify([environments, policyEnvironments, productionStages]), productionStages };
  return analyzer
    .analyze(documents.find((d) => d.uri === self)!.doc, { workspace })
    .filter((f) => f.ruleId === 'apigw/environment-crossing')
    .map((f) => `${f.messageId}:${String(f.data.production)}|${String(f.data.nonProduction)}`);
}

/** A caller outside the stack, granting GET on every API and stage of one account and region. */
const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:111122223333:*/*/GET/' }] });
const SHARED = { account: '111122223333', region: 'eu-west-1' };

test('apigw/environment-crossing: each deployment of a template keeps to its own environment', () => {
  // The role in dev reaches the dev deployment's API, the role in prod the prod one's.
  assert.deepEqual(crossings('stack.json', [DEV, PROD]), []);
  // Also in one account and region: each deployment creates its own API.
  assert.deepEqual(crossings('stack.json', [{ ...DEV, ...SHARED }, { ...PROD, ...SHARED }]), []);
});

test('apigw/environment-crossing: a caller reaching the dev and prod deployments of one account', () => {
  assert.deepEqual(crossings('policy.json', [{ ...DEV, ...SHARED }, { ...PROD, ...SHARED }], [DEV]), ['statement:prod|dev']);
  // Only the dev deployment is in that account: no crossing.
  assert.deepEqual(crossings('policy.json', [DEV, PROD], [DEV]), []);
  // The configured production names decide which side is which.
  assert.deepEqual(crossings('policy.json', [{ ...DEV, ...SHARED }, { ...PROD, ...SHARED }], [DEV], ['main']), []);
});
