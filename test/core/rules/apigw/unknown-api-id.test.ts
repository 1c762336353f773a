import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, parse, ruleTester } from '../../../helpers';

const api = {
  Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
  Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' } },
};
const grant = (resource: unknown, extra: Record<string, unknown> = {}): unknown => ({
  ...extra,
  Resources: {
    ...api,
    Grant: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource }] } },
    },
  },
});
const RESOURCE = ['Resources', 'Grant', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'];
const PLACEHOLDER = 'arn:aws:execute-api:*:*:ApiId/Stage/Method/ApiSpecificResourcePath';

ruleTester('apigw/unknown-api-id', {
  valid: [
    { name: 'the template API by its logical id', code: grant({ 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/' }) },
    { name: 'a wildcard API id', code: grant('arn:aws:execute-api:*:*:*/prod/GET/') },
    { name: 'a partly wildcard API id', code: grant('arn:aws:execute-api:*:*:a1b2*/prod/GET/') },
    {
      name: 'an id taken from a parameter (its default is not judged)',
      code: grant({ 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${ApiId}/*' }, { Parameters: { ApiId: { Type: 'String', Default: 'zzzzzzzzzz' } } }),
    },
    {
      name: 'a standalone policy in a workspace without APIs or a map',
      code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: PLACEHOLDER }] },
    },
    { name: 'an action that is not execute-api', code: { Resources: { ...api, P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: PLACEHOLDER }] } } } } } },
  ],
  invalid: [
    { name: 'the reference ARN template left as a value', code: grant(PLACEHOLDER), expected: [{ messageId: 'unknown', path: RESOURCE, data: { id: 'ApiId' } }] },
    {
      name: 'a literal id inside Fn::Sub, in a list',
      code: grant([{ 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:abc1234567/*' }]),
      expected: [{ messageId: 'unknown', path: [...RESOURCE, 0], data: { id: 'abc1234567' } }],
    },
  ],
});

test('apigw/unknown-api-id: an id the configuration maps is known, one it does not is reported', () => {
  const policy = JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: ['arn:aws:execute-api:us-east-1:111122223333:a1b2c3d4e5/*', 'arn:aws:execute-api:us-east-1:111122223333:zz99zz99zz/*'] }] },
    null,
    2,
  );
  const template = parse(JSON.stringify({ Resources: api }, null, 2), 'json');
  const doc = parse(policy, 'json');
  const workspace = { documents: [{ uri: 'api.json', doc: template }, { uri: 'p.json', doc }], self: 'p.json', apis: { a1b2c3d4e5: { uri: 'api.json', logicalId: 'Api' } } };
  const found = analyzer.analyze(doc, { workspace }).filter((f) => f.ruleId === 'apigw/unknown-api-id');
  assert.deepEqual(
    found.map((f) => [f.path, f.data.id]),
    [[['Statement', 0, 'Resource', 1], 'zz99zz99zz']],
  );
});
