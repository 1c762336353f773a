import { checkFix, ruleTester } from '../../../helpers';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const policy = (s: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [s] });
const STATEMENT_ELEMENTS = 'Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition';

ruleTester('iam/unknown-element', {
  valid: [
    { name: 'every policy element', code: { Version: '2012-10-17', Id: 'p1', Statement: [statement] } },
    {
      name: 'every statement element',
      code: policy({
        Sid: 'All',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      }),
    },
    { name: 'Not forms', code: policy({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, NotAction: 's3:*', NotResource: 'arn:aws:s3:::b' }) },
  ],
  invalid: [
    {
      name: 'misspelt Condition',
      code: policy({ ...statement, Condtion: { Bool: { 'aws:SecureTransport': 'true' } } }),
      expected: [{ messageId: 'misspelt', path: ['Statement', 0, 'Condtion'], data: { key: 'Condtion', level: 'statement', suggestion: 'Condition' } }],
    },
    {
      name: 'wrong case',
      code: policy({ effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
      expected: [{ messageId: 'wrongCase', path: ['Statement', 0, 'effect'], data: { key: 'effect', suggestion: 'Effect' } }],
    },
    {
      name: 'misspelt Statement at policy level',
      code: { Version: '2012-10-17', Statment: [statement] },
      expected: [{ messageId: 'misspelt', path: ['Statment'], data: { key: 'Statment', level: 'policy', suggestion: 'Statement' } }],
    },
    {
      name: 'wrong case at policy level',
      code: { version: '2012-10-17', Statement: [statement] },
      expected: [{ messageId: 'wrongCase', path: ['version'], data: { key: 'version', level: 'policy', suggestion: 'Version' } }],
    },
    {
      name: 'unknown element',
      code: policy({ ...statement, Foo: 1 }),
      expected: [{ messageId: 'unknown', path: ['Statement', 0, 'Foo'], data: { key: 'Foo', level: 'statement', allowed: STATEMENT_ELEMENTS } }],
    },
    {
      name: 'unknown policy element',
      code: { Version: '2012-10-17', Statement: [statement], Description: 'x' },
      expected: [{ messageId: 'unknown', path: ['Description'], data: { key: 'Description', level: 'policy', allowed: 'Version, Id, Statement' } }],
    },
    {
      // "Effect" is taken, so the near miss is not offered: renaming would only duplicate the key.
      name: 'near miss of an element the statement already has',
      code: policy({ ...statement, Efect: 'Deny' }),
      expected: [{ messageId: 'unknown', path: ['Statement', 0, 'Efect'], data: { key: 'Efect' } }],
    },
    {
      name: 'statement given as one object',
      code: { Version: '2012-10-17', Statement: { ...statement, Resorce: 'x' } },
      expected: [{ messageId: 'unknown', path: ['Statement', 'Resorce'], data: { key: 'Resorce' } }],
    },
    {
      name: 'several in one statement',
      code: policy({ Effect: 'Allow', Actions: ['s3:GetObject'], resource: '*' }),
      expected: [
        { messageId: 'misspelt', path: ['Statement', 0, 'Actions'], data: { suggestion: 'Action' } },
        { messageId: 'wrongCase', path: ['Statement', 0, 'resource'], data: { suggestion: 'Resource' } },
      ],
    },
  ],
});

checkFix('iam/unknown-element', {
  name: 'misspelt Condition (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condtion": {}}]}',
  path: ['Statement', 0, 'Condtion'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {}}]}',
});

checkFix('iam/unknown-element', {
  name: 'misspelt Condition (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n    Condtion:\n      Bool:\n        aws:SecureTransport: 'true'\n",
  path: ['Statement', 0, 'Condtion'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n    Condition:\n      Bool:\n        aws:SecureTransport: 'true'\n",
});

checkFix('iam/unknown-element', {
  name: 'quoted YAML key keeps its quotes',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - 'Effect': Allow\n    'Action': s3:GetObject\n    'Resouce': '*'\n",
  path: ['Statement', 0, 'Resouce'],
  output: "Version: '2012-10-17'\nStatement:\n  - 'Effect': Allow\n    'Action': s3:GetObject\n    'Resource': '*'\n",
});

checkFix('iam/unknown-element', {
  name: 'wrong case (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Statement', 0, 'effect'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/unknown-element', {
  name: 'wrong case (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Statement', 0, 'effect'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
});

checkFix('iam/unknown-element', {
  name: 'misspelt Statement (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statment": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Statment'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/unknown-element', {
  name: 'misspelt Statement (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatment:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Statment'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
});
