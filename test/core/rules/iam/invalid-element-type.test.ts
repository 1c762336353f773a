import { checkFix, ruleTester } from '../../../helpers';

const policy = (s: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [s] });
const allow = (extra: Record<string, unknown>): unknown => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });

ruleTester('iam/invalid-element-type', {
  valid: [
    { name: 'strings', code: allow({}) },
    { name: 'lists of strings', code: policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }) },
    { name: 'Not forms', code: policy({ Effect: 'Deny', NotAction: ['iam:*'], NotResource: 'arn:aws:s3:::b' }) },
    { name: 'Principal "*"', code: allow({ Principal: '*' }) },
    {
      name: 'every principal type',
      code: allow({
        Principal: {
          AWS: ['arn:aws:iam::111122223333:root', '444455556666'],
          Service: 'ec2.amazonaws.com',
          Federated: 'cognito-identity.amazonaws.com',
          CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        },
      }),
    },
    { name: 'intrinsics', code: policy({ Effect: 'Allow', Action: { Ref: 'Actions' }, Resource: [{ 'Fn::GetAtt': ['Bucket', 'Arn'] }], Principal: { Ref: 'P' } }) },
    { name: 'string Id', code: { Version: '2012-10-17', Id: 'MyPolicy', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
    {
      // An unquoted account id is a number in YAML; IAM reads it as the account.
      name: 'AWS account as a YAML number',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal:\n      AWS: 111122223333\n    Action: s3:GetObject\n    Resource: '*'\n",
      format: 'yaml',
    },
    {
      name: 'AWS account numbers in a YAML list',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal:\n      AWS: [111122223333, 'arn:aws:iam::444455556666:root']\n    Action: s3:GetObject\n    Resource: '*'\n",
      format: 'yaml',
    },
  ],
  invalid: [
    {
      name: 'Action as a number',
      code: policy({ Effect: 'Allow', Action: 5, Resource: '*' }),
      expected: [{ messageId: 'notStringOrList', path: ['Statement', 0, 'Action'], data: { element: 'Action', type: 'number' } }],
    },
    {
      name: 'Action as an object',
      code: policy({ Effect: 'Allow', Action: { s3: 'GetObject' }, Resource: '*' }),
      expected: [{ messageId: 'notStringOrList', path: ['Statement', 0, 'Action'], data: { element: 'Action', type: 'object' } }],
    },
    {
      name: 'NotResource as a boolean',
      code: policy({ Effect: 'Deny', Action: 's3:*', NotResource: true }),
      expected: [{ messageId: 'notStringOrList', path: ['Statement', 0, 'NotResource'], data: { element: 'NotResource', type: 'boolean' } }],
    },
    {
      name: 'list items that are not strings',
      code: policy({ Effect: 'Allow', Action: ['s3:GetObject', 5, null, ['s3:PutObject'], {}], Resource: '*' }),
      expected: [
        { messageId: 'itemNotString', path: ['Statement', 0, 'Action', 1], data: { element: 'Action', type: 'number' } },
        { messageId: 'itemNotString', path: ['Statement', 0, 'Action', 2], data: { element: 'Action', type: 'null' } },
        { messageId: 'itemNotString', path: ['Statement', 0, 'Action', 3], data: { element: 'Action', type: 'array' } },
        { messageId: 'itemNotString', path: ['Statement', 0, 'Action', 4], data: { element: 'Action', type: 'object' } },
      ],
    },
    {
      name: 'empty lists',
      code: policy({ Effect: 'Allow', NotAction: [], Resource: [] }),
      expected: [
        { messageId: 'emptyList', path: ['Statement', 0, 'NotAction'], data: { element: 'NotAction' }, severity: 'warning' },
        { messageId: 'emptyList', path: ['Statement', 0, 'Resource'], data: { element: 'Resource' }, severity: 'warning' },
      ],
    },
    {
      name: 'Principal as an ARN string',
      code: allow({ Principal: 'arn:aws:iam::111122223333:root' }),
      expected: [{ messageId: 'principalString', path: ['Statement', 0, 'Principal'], data: { value: 'arn:aws:iam::111122223333:root' } }],
    },
    {
      name: 'Principal as a list',
      code: allow({ Principal: ['*'] }),
      expected: [{ messageId: 'principalType', path: ['Statement', 0, 'Principal'], data: { element: 'Principal', type: 'array' } }],
    },
    {
      name: 'NotPrincipal as a number',
      code: policy({ Effect: 'Deny', NotPrincipal: 1, Action: 's3:*', Resource: '*' }),
      expected: [{ messageId: 'principalType', path: ['Statement', 0, 'NotPrincipal'], data: { element: 'NotPrincipal', type: 'number' } }],
    },
    {
      name: 'unknown principal key',
      code: allow({ Principal: { Services: 'ec2.amazonaws.com' } }),
      expected: [{ messageId: 'principalKey', path: ['Statement', 0, 'Principal', 'Services'], data: { key: 'Services' } }],
    },
    {
      name: 'principal values of the wrong type',
      code: allow({ Principal: { AWS: [{}], Service: 5, Federated: [] } }),
      expected: [
        { messageId: 'itemNotString', path: ['Statement', 0, 'Principal', 'AWS', 0], data: { element: 'Principal.AWS', type: 'object' } },
        { messageId: 'notStringOrList', path: ['Statement', 0, 'Principal', 'Service'], data: { element: 'Principal.Service', type: 'number' } },
        { messageId: 'emptyList', path: ['Statement', 0, 'Principal', 'Federated'], data: { element: 'Principal.Federated' } },
      ],
    },
    {
      // Numbers are accepted for AWS only: account ids; a service is never a number.
      name: 'Service as a YAML number',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal:\n      Service: 111122223333\n    Action: s3:GetObject\n    Resource: '*'\n",
      format: 'yaml',
      expected: [{ messageId: 'notStringOrList', path: ['Statement', 0, 'Principal', 'Service'], data: { element: 'Principal.Service', type: 'number' } }],
    },
    {
      // In JSON a number is never the account: it must be written as a string.
      name: 'AWS account as a JSON number',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": 111122223333}, "Action": "s3:GetObject", "Resource": "*"}]}',
      format: 'json',
      expected: [{ messageId: 'notStringOrList', path: ['Statement', 0, 'Principal', 'AWS'], data: { element: 'Principal.AWS', type: 'number' } }],
    },
    {
      name: 'policy Id as a number',
      code: { Version: '2012-10-17', Id: 42, Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
      expected: [{ messageId: 'idType', path: ['Id'], data: { type: 'number' } }],
    },
  ],
});

checkFix('iam/invalid-element-type', {
  name: 'misspelt principal type in JSON',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Services": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
  path: ['Statement', 0, 'Principal', 'Services'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}',
});

checkFix('iam/invalid-element-type', {
  name: 'misspelt principal type in YAML',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal:\n      Federatd: cognito-identity.amazonaws.com\n    Action: sts:AssumeRoleWithWebIdentity\n",
  path: ['Statement', 0, 'Principal', 'Federatd'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal:\n      Federated: cognito-identity.amazonaws.com\n    Action: sts:AssumeRoleWithWebIdentity\n",
});
