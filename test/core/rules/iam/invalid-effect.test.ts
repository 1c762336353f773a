import { checkFix, ruleTester } from '../../../helpers';

const policy = (statement: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [statement] });

ruleTester('iam/invalid-effect', {
  valid: [
    { name: 'allow', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'deny', code: policy({ Effect: 'Deny', Action: 's3:GetObject', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'lower case',
      code: policy({ Effect: 'allow', Action: 's3:GetObject', Resource: '*' }),
      expected: [{ messageId: 'invalid', path: ['Statement', 0, 'Effect'], data: { value: 'allow' } }],
    },
    { name: 'missing', code: policy({ Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'missing', path: ['Statement', 0, 'Effect'] }] },
    { name: 'boolean', code: policy({ Effect: true, Action: 's3:GetObject', Resource: '*' }), expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Effect'] }] },
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
