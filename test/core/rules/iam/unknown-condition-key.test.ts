import { checkFix, ruleTester } from '../../../helpers';

const policy = (condition: unknown, action: unknown = 's3:GetObject'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*', Condition: condition }],
});
const at = (operator: string, key: string): (string | number)[] => ['Statement', 0, 'Condition', operator, key];

ruleTester('iam/unknown-condition-key', {
  valid: [
    { name: 'global keys, any case', code: policy({ StringEquals: { 'aws:SourceAccount': '111122223333', 'AWS:sourcevpce': 'vpce-1' }, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }) },
    { name: 'template keys with a concrete tag key', code: policy({ StringEquals: { 'aws:PrincipalTag/team': 'a', 'aws:RequestTag/env': 'b', 's3:ExistingObjectTag/owner': 'c' } }) },
    { name: 'service keys', code: policy({ StringLike: { 's3:prefix': 'home/*' } }, 's3:ListBucket') },
    { name: 'keys of identity providers', code: policy({ StringEquals: { 'saml:aud': 'x', 'accounts.google.com:aud': 'y', 'token.actions.githubusercontent.com:sub': 'repo:o/r:*' } }, 'sts:AssumeRoleWithWebIdentity') },
    { name: 'keys without a prefix are iam/invalid-condition\'s', code: policy({ StringEquals: { bad: 'x' } }) },
  ],
  invalid: [
    {
      name: 'a misspelt global key',
      code: policy({ StringEquals: { 'aws:SourceAcount': '111122223333' } }),
      expected: [{ messageId: 'misspeltGlobal', path: at('StringEquals', 'aws:SourceAcount'), data: { key: 'aws:SourceAcount', suggestion: 'aws:SourceAccount' }, severity: 'error' }],
    },
    {
      name: 'a misspelt tag key template keeps the tag key',
      code: policy({ StringEquals: { 'aws:PrincipleTag/team': 'a' } }),
      expected: [{ messageId: 'misspeltGlobal', path: at('StringEquals', 'aws:PrincipleTag/team'), data: { suggestion: 'aws:PrincipalTag/team' } }],
    },
    {
      name: 'a global key with no near miss warns',
      code: policy({ Bool: { 'aws:Xyzzyplugh': 'true' } }),
      expected: [{ messageId: 'unknownGlobal', path: at('Bool', 'aws:Xyzzyplugh'), data: { key: 'aws:Xyzzyplugh' }, severity: 'warning' }],
    },
    {
      name: 'a misspelt service key',
      code: policy({ StringLike: { 's3:prefx': 'home/*' } }, 's3:ListBucket'),
      expected: [{ messageId: 'misspeltKey', path: at('StringLike', 's3:prefx'), data: { service: 'Amazon S3', suggestion: 's3:prefix' }, severity: 'error' }],
    },
    {
      name: 'a service key with no near miss warns',
      code: policy({ StringEquals: { 's3:xyzzyplugh': 'x' } }),
      expected: [{ messageId: 'unknownKey', path: at('StringEquals', 's3:xyzzyplugh'), data: { key: 's3:xyzzyplugh', service: 'Amazon S3' }, severity: 'warning' }],
    },
    {
      name: 'a prefix that is no service',
      code: policy({ StringEquals: { 'foo:bar': 'x' } }),
      expected: [{ messageId: 'unknownPrefix', path: at('StringEquals', 'foo:bar'), data: { prefix: 'foo' }, severity: 'warning' }],
    },
  ],
});

const json = (key: string): string =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"${key}": "home/*"}}}]}`;
const yaml = (key: string): string =>
  `Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:ListBucket\n    Resource: "*"\n    Condition:\n      StringLike:\n        ${key}: home/*\n`;

for (const [from, to] of [
  ['s3:prefx', 's3:prefix'],
  ['aws:SourceAcount', 'aws:SourceAccount'],
  ['aws:ResourceTg/team', 'aws:ResourceTag/team'],
] as const) {
  checkFix('iam/unknown-condition-key', { name: `${from} (JSON)`, format: 'json', code: json(from), path: at('StringLike', from), output: json(to) });
  checkFix('iam/unknown-condition-key', { name: `${from} (YAML)`, format: 'yaml', code: yaml(from), path: at('StringLike', from), output: yaml(to) });
}
