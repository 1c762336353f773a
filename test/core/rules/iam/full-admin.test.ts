import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, asBothFormats, parse, ruleTester } from '../../../helpers';

const policy = (...statements: unknown[]): unknown => ({ Version: '2012-10-17', Statement: statements });
const allow = (extra: Record<string, unknown>, resource: unknown = '*'): Record<string, unknown> => ({ Effect: 'Allow', ...extra, Resource: resource });
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/full-admin', {
  valid: [
    { name: 'every action on a named resource is iam/wildcard-action\'s', code: policy(allow({ Action: '*' }, 'arn:aws:s3:::bucket/*')) },
    { name: 'a service on every resource', code: policy(allow({ Action: 's3:*' })) },
    { name: 'a Deny of everything', code: policy({ Effect: 'Deny', Action: '*', Resource: '*' }) },
    { name: 'NotAction with Deny', code: policy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }) },
    { name: 'NotAction "*" grants nothing', code: policy(allow({ NotAction: '*' })) },
    { name: 'NotResource is iam/allow-not-resource\'s', code: policy({ Effect: 'Allow', Action: '*', NotResource: 'arn:aws:s3:::b' }) },
    {
      name: 'a resource policy\'s "*" is the resource itself',
      code: policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*', Resource: '*' }),
    },
    {
      name: 'a placeholder may be anything',
      format: 'yaml',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: !Ref Actions\n            Resource: "*"\n',
    },
  ],
  invalid: [
    {
      name: 'AdministratorAccess',
      code: policy(allow({ Action: '*' })),
      expected: [{ messageId: 'all', path: at('Action'), data: { action: '*' }, severity: 'warning' }],
    },
    {
      name: '"*:*" in a list, and a resource list holding "*"',
      code: policy(allow({ Action: ['s3:GetObject', '*:*'] }, ['arn:aws:s3:::b', '*'])),
      expected: [{ messageId: 'all', path: at('Action', 1), data: { action: '*:*' } }],
    },
    {
      name: 'a condition does not make it less',
      code: policy({ ...allow({ Action: '*' }), Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }),
      expected: [{ messageId: 'all', path: at('Action') }],
    },
    {
      name: 'NotAction with Allow: everything but what it lists',
      code: policy(allow({ NotAction: ['iam:*', 'organizations:*'] })),
      expected: [{ messageId: 'allBut', path: at('NotAction'), data: { except: 'iam:*, organizations:*', count: 2 }, severity: 'warning' }],
    },
    {
      name: 'in a template role',
      code: {
        Resources: {
          Admin: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: policy({ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }),
              Policies: [{ PolicyName: 'all', PolicyDocument: policy(allow({ Action: '*' })) }],
            },
          },
        },
      },
      expected: [{ messageId: 'all', path: ['Resources', 'Admin', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Action'] }],
    },
  ],
});

/**
 * Which rule speaks for an administrator statement: iam/full-admin alone. The rules that would
 * otherwise report a smaller thing at the same place (every action, NotAction with Allow, the
 * escalation methods NotAction lets through) leave it, and report their own shapes elsewhere.
 */
test('iam/full-admin wins over iam/wildcard-action, iam/allow-not-action and iam/privilege-escalation', () => {
  for (const format of ['json', 'yaml'] as const) {
    const ids = (value: unknown): string[] =>
      analyzer
        .analyze(parse(asBothFormats(value)[format], format))
        .filter((f) => ['iam/full-admin', 'iam/wildcard-action', 'iam/allow-not-action', 'iam/privilege-escalation'].includes(f.ruleId))
        .map((f) => `${f.ruleId}@${JSON.stringify(f.path)}`)
        .sort();
    assert.deepEqual(ids(policy(allow({ Action: '*' }))), ['iam/full-admin@["Statement",0,"Action"]']);
    assert.deepEqual(ids(policy(allow({ NotAction: 'iam:*' }))), ['iam/full-admin@["Statement",0,"NotAction"]']);
    // On named resources the other rules keep their findings.
    assert.deepEqual(ids(policy(allow({ Action: '*' }, 'arn:aws:s3:::b/*'))), ['iam/wildcard-action@["Statement",0,"Action"]']);
    assert.deepEqual(ids(policy(allow({ NotAction: 's3:GetObject' }, 'arn:aws:s3:::b/*'))).filter((id) => !id.startsWith('iam/privilege-escalation')), [
      'iam/allow-not-action@["Statement",0,"NotAction"]',
    ]);
  }
});
