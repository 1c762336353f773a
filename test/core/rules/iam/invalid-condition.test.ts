import { ruleTester } from '../../../helpers';

const policy = (condition: unknown): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, 'Condition', ...rest];

ruleTester('iam/invalid-condition', {
  valid: [
    { name: 'string value', code: policy({ StringEquals: { 'aws:SourceAccount': '111122223333' } }) },
    { name: 'list of values', code: policy({ StringLike: { 's3:prefix': ['home/', 'home/${aws:username}/*'] } }) },
    { name: 'numbers and booleans', code: policy({ NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } }) },
    { name: 'tag keys with a slash', code: policy({ StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:RequestTag/cost-center': ['1', '2'] } }) },
    { name: 'several operators and keys', code: policy({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/8'] }, DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } }) },
    { name: 'intrinsics', code: policy({ StringEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Topic', 'Arn'] }, 'aws:x': [{ Ref: 'X' }] } }) },
    { name: 'an intrinsic operator block', code: policy({ StringEquals: { 'Fn::If': ['C', { 'aws:x': 'a' }, { 'aws:x': 'b' }] } }) },
    { name: 'an intrinsic Condition', code: policy({ 'Fn::If': ['C', { Bool: { 'aws:SecureTransport': 'true' } }, { Ref: 'AWS::NoValue' }] }) },
  ],
  invalid: [
    { name: 'a string', code: policy('aws:SecureTransport'), expected: [{ messageId: 'notObject', path: at(), data: { type: 'string' } }] },
    { name: 'a list', code: policy([{ Bool: { 'aws:SecureTransport': 'true' } }]), expected: [{ messageId: 'notObject', path: at(), data: { type: 'array' } }] },
    { name: 'empty', code: policy({}), expected: [{ messageId: 'emptyCondition', path: at(), severity: 'info' }] },
    {
      name: 'operator value not an object',
      code: policy({ StringEquals: 'aws:SourceAccount' }),
      expected: [{ messageId: 'operatorNotObject', path: at('StringEquals'), data: { operator: 'StringEquals', type: 'string' } }],
    },
    {
      name: 'operator value a list',
      code: policy({ Bool: [{ 'aws:SecureTransport': 'true' }] }),
      expected: [{ messageId: 'operatorNotObject', path: at('Bool'), data: { operator: 'Bool', type: 'array' } }],
    },
    {
      name: 'operator without keys',
      code: policy({ Bool: {} }),
      expected: [{ messageId: 'emptyOperator', path: at('Bool'), data: { operator: 'Bool' }, severity: 'warning' }],
    },
    {
      name: 'empty list of values',
      code: policy({ StringEquals: { 'aws:SourceVpc': [] } }),
      expected: [{ messageId: 'emptyValues', path: at('StringEquals', 'aws:SourceVpc'), data: { key: 'aws:SourceVpc' }, severity: 'warning' }],
    },
    {
      name: 'values of the wrong type',
      code: policy({ StringEquals: { 'aws:a': { b: 'c' }, 'aws:b': null, 'aws:c': ['x', ['y'], null] } }),
      expected: [
        { messageId: 'badValue', path: at('StringEquals', 'aws:a'), data: { type: 'object' } },
        { messageId: 'badValue', path: at('StringEquals', 'aws:b'), data: { type: 'null' } },
        { messageId: 'badValue', path: at('StringEquals', 'aws:c', 1), data: { type: 'array' } },
        { messageId: 'badValue', path: at('StringEquals', 'aws:c', 2), data: { type: 'null' } },
      ],
    },
    {
      name: 'keys that are not condition keys',
      code: policy({ StringEquals: { SourceAccount: '111122223333', 'aws:source account': 'x', ':x': 'y', 'aws:': 'z' } }),
      expected: [
        { messageId: 'badKey', path: at('StringEquals', 'SourceAccount'), data: { key: 'SourceAccount' } },
        { messageId: 'badKey', path: at('StringEquals', 'aws:source account'), data: { key: 'aws:source account' } },
        { messageId: 'badKey', path: at('StringEquals', ':x'), data: { key: ':x' } },
        { messageId: 'badKey', path: at('StringEquals', 'aws:'), data: { key: 'aws:' } },
      ],
    },
    {
      name: 'a bad key with a bad value',
      code: policy({ StringEquals: { SourceVpc: [] } }),
      expected: [
        { messageId: 'badKey', path: at('StringEquals', 'SourceVpc'), data: { key: 'SourceVpc' } },
        { messageId: 'emptyValues', path: at('StringEquals', 'SourceVpc'), data: { key: 'SourceVpc' } },
      ],
    },
    {
      name: 'YAML empty value',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n    Condition:\n      StringEquals:\n        aws:SourceVpc:\n",
      format: 'yaml',
      expected: [{ messageId: 'badValue', path: at('StringEquals', 'aws:SourceVpc'), data: { type: 'null' } }],
    },
  ],
});
