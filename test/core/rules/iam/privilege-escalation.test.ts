import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESCALATION_METHODS, RESOURCE_POLICY_ACTIONS } from '../../../../server/src/core/policy/escalation';
import { analyzer, parse, ruleTester } from '../../../helpers';

const allow = (action: unknown, resource: unknown = '*'): Record<string, unknown> => ({ Effect: 'Allow', Action: action, Resource: resource });
const policy = (...statements: unknown[]): unknown => ({ Version: '2012-10-17', Statement: statements });

ruleTester('iam/privilege-escalation', {
  valid: [
    { name: 'reading IAM', code: policy(allow(['iam:Get*', 'iam:List*'])) },
    { name: 'PassRole alone', code: policy(allow('iam:PassRole', 'arn:aws:iam::111122223333:role/r')) },
    { name: 'an unconditional Deny on "*" takes it back', code: policy(allow('s3:PutBucketPolicy', 'arn:aws:s3:::b'), { Effect: 'Deny', Action: '*', Resource: '*' }) },
    { name: '"Action": "*" is iam/wildcard-action\'s', code: policy(allow('*')) },
    { name: 'a Deny of escalation actions', code: policy({ Effect: 'Deny', Action: 'iam:CreatePolicyVersion', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'one action is enough',
      code: policy(allow(['iam:CreatePolicyVersion'])),
      expected: [{ messageId: 'combination', path: ['Statement', 0, 'Action', 0], data: { action: 'iam:CreatePolicyVersion', methods: 'CreateNewPolicyVersion', count: 1 }, severity: 'warning' }],
    },
    {
      name: 'a combination spread over statements, shown where its first action is',
      code: policy(allow('lambda:CreateFunction'), allow(['iam:PassRole', 'lambda:InvokeFunction'])),
      expected: [{ messageId: 'combination', path: ['Statement', 1, 'Action', 0], data: { action: 'iam:PassRole', methods: 'PassExistingRoleToNewLambdaThenInvoke' } }],
    },
    {
      name: 'Parliament\'s example: two single-action methods',
      code: policy(allow(['glue:updatedevendpoint', 'lambda:updatefunctioncode'])),
      expected: [
        { messageId: 'combination', path: ['Statement', 0, 'Action', 0], data: { methods: 'UpdateExistingGlueDevEndpoint' } },
        { messageId: 'combination', path: ['Statement', 0, 'Action', 1], data: { methods: 'EditExistingLambdaFunctionWithRole' } },
      ],
    },
    {
      name: 'attaching a policy to a role it can pass',
      code: policy(allow(['iam:AttachRolePolicy', 'iam:PassRole'])),
      expected: [{ messageId: 'combination', path: ['Statement', 0, 'Action', 0], data: { methods: 'AttachRolePolicyThenPassRole' } }],
    },
    {
      name: 'rewriting a resource policy; a Deny that misses some',
      code: policy(allow(['s3:GetObject', 's3:Put*']), { Effect: 'Deny', Action: 's3:*Policy*', Resource: '*' }),
      expected: [{ messageId: 'resourcePolicy', path: ['Statement', 0, 'Action', 1], data: { action: 's3:Put*', actions: 's3:PutBucketAcl, s3:PutObjectAcl', count: 2 } }],
    },
  ],
});

test('iam/privilege-escalation: every action it names is in AWS\'s reference', () => {
  const names = [...new Set([...ESCALATION_METHODS.flatMap((m) => m.actions), ...RESOURCE_POLICY_ACTIONS])];
  const doc = parse(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: names, Resource: '*' }] }), 'json');
  const unknown = analyzer.analyze(doc).filter((f) => f.ruleId === 'iam/unknown-action');
  assert.deepEqual(unknown.map((f) => f.data.action), []);
});
