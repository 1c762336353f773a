import { ruleTester } from '../../../helpers';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

ruleTester('iam/invalid-statement', {
  valid: [
    { name: 'a list', code: { Version: '2012-10-17', Statement: [statement] } },
    { name: 'a single object', code: { Version: '2012-10-17', Statement: statement } },
    { name: 'an intrinsic', code: { Version: '2012-10-17', Statement: { 'Fn::If': ['IsProd', [statement], [statement]] } } },
    { name: 'an intrinsic item', code: { Version: '2012-10-17', Statement: [statement, { 'Fn::If': ['IsProd', statement, { Ref: 'AWS::NoValue' }] }] } },
  ],
  invalid: [
    { name: 'missing', code: { Version: '2012-10-17' }, expected: [{ messageId: 'missing', path: ['Statement'] }] },
    { name: 'missing, with Id', code: { Version: '2012-10-17', Id: 'p1' }, expected: [{ messageId: 'missing', path: ['Statement'] }] },
    { name: 'a string', code: { Version: '2012-10-17', Statement: 'Allow all' }, expected: [{ messageId: 'wrongType', path: ['Statement'], data: { type: 'string' } }] },
    { name: 'null', code: { Version: '2012-10-17', Statement: null }, expected: [{ messageId: 'wrongType', path: ['Statement'], data: { type: 'null' } }] },
    { name: 'empty list', code: { Version: '2012-10-17', Statement: [] }, expected: [{ messageId: 'empty', path: ['Statement'], severity: 'error' }] },
    {
      name: 'items that are not objects',
      code: { Version: '2012-10-17', Statement: [statement, 'x', 1, [statement], null] },
      expected: [
        { messageId: 'itemNotObject', path: ['Statement', 1], data: { type: 'string' } },
        { messageId: 'itemNotObject', path: ['Statement', 2], data: { type: 'number' } },
        { messageId: 'itemNotObject', path: ['Statement', 3], data: { type: 'array' } },
        { messageId: 'itemNotObject', path: ['Statement', 4], data: { type: 'null' } },
      ],
    },
    {
      name: 'an empty YAML item',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n  -\n",
      format: 'yaml',
      expected: [{ messageId: 'itemNotObject', path: ['Statement', 1], data: { type: 'null' } }],
    },
  ],
});
