import { checkFix, ruleTester } from '../../../helpers';

const policy = (statement: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [statement] });

ruleTester('iam/invalid-effect', {
  valid: [
    { name: 'allow', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'deny', code: policy({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'intrinsic', code: policy({ Effect: { 'Fn::If': ['IsProd', 'Deny', 'Allow'] }, Action: 's3:GetObject', Resource: '*' }) },
    { name: 'YAML short-form intrinsic', code: "Version: '2012-10-17'\nStatement:\n  - Effect: !If [IsProd, Deny, Allow]\n    Action: s3:GetObject\n    Resource: '*'\n", format: 'yaml' },
    { name: 'single statement object', code: { Version: '2012-10-17', Statement: { Effect: 'Deny', Action: '*', Resource: '*' } } },
  ],
  invalid: [
    {
      name: 'lower case',
      code: policy({ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }),
      expected: [{ messageId: 'invalid', path: ['Statement', 0, 'Effect'], data: { value: 'allow' } }],
    },
    { name: 'missing', code: policy({ Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'missing', path: ['Statement', 0, 'Effect'] }] },
    { name: 'boolean', code: policy({ Effect: true, Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Effect'] }] },
    {
      name: 'list',
      code: policy({ Effect: ['Allow'], Action: 's3:GetObject', Resource: '*' }),
      expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Effect'], data: { type: 'array' }, severity: 'error' }],
    },
    { name: 'null', code: policy({ Effect: null, Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Effect'], data: { type: 'null' } }] },
    { name: 'upper case', code: policy({ Effect: 'DENY', Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'invalid', path: ['Statement', 0, 'Effect'], data: { value: 'DENY' } }] },
    { name: 'unrelated word', code: policy({ Effect: 'Permit', Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'invalid', path: ['Statement', 0, 'Effect'], data: { value: 'Permit' } }] },
    {
      // YAML 1.2 reads `yes` as a string, not a boolean.
      name: 'YAML yes',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: yes\n    Action: s3:GetObject\n    Resource: '*'\n",
      format: 'yaml',
      expected: [{ messageId: 'invalid', path: ['Statement', 0, 'Effect'], data: { value: 'yes' } }],
    },
    {
      name: 'several statements',
      code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'a:b', Resource: '*' }, { Action: 'a:b', Resource: '*' }, { Effect: 'deny', Action: 'a:b', Resource: '*' }] },
      expected: [
        { messageId: 'missing', path: ['Statement', 1, 'Effect'] },
        { messageId: 'invalid', path: ['Statement', 2, 'Effect'], data: { value: 'deny' } },
      ],
    },
  ],
});

checkFix('iam/invalid-effect', {
  name: 'misspelt in JSON',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Statement', 0, 'Effect'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/invalid-effect', {
  name: 'misspelt in YAML keeps plain style',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Alow\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Statement', 0, 'Effect'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
});

checkFix('iam/invalid-effect', {
  name: 'wrong case in JSON',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "deny", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Statement', 0, 'Effect'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/invalid-effect', {
  name: 'misspelt in YAML keeps single quotes',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: 'Dney'\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Statement', 0, 'Effect'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: 'Deny'\n    Action: s3:GetObject\n    Resource: '*'\n",
});

checkFix('iam/invalid-effect', {
  name: 'no close match: either effect is offered (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Permit", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Statement', 0, 'Effect'],
  title: 'Change to "Deny"',
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/invalid-effect', {
  name: 'no close match: either effect is offered (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Permit\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Statement', 0, 'Effect'],
  title: 'Change to "Allow"',
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
});

checkFix('iam/invalid-effect', {
  name: 'boolean replaced by a string (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": true, "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Statement', 0, 'Effect'],
  title: 'Set Effect to "Allow"',
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/invalid-effect', {
  name: 'boolean replaced by a string (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: false\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Statement', 0, 'Effect'],
  title: 'Set Effect to "Deny"',
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Deny\n    Action: s3:GetObject\n    Resource: '*'\n",
});
