import { ruleTester } from '../../../helpers';

const statement = "  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n";

ruleTester('syntax/yaml-warning', {
  valid: [
    { name: 'plain policy', code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
    {
      name: 'CloudFormation short-form tags are known',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: !Sub 'arn:aws:s3:::${Bucket}/*'\n",
      format: 'yaml',
    },
  ],
  invalid: [
    {
      name: 'unknown tag on a collection',
      code: `Version: '2012-10-17'\nStatement: !Foo\n${statement}`,
      format: 'yaml',
      expected: [{ messageId: 'warning', path: [], data: { code: 'TAG_RESOLVE_FAILED' }, severity: 'warning' }],
    },
    {
      name: 'unknown tag on a scalar',
      code: `Version: !Bar '2012-10-17'\nStatement:\n${statement}`,
      format: 'yaml',
      expected: [{ messageId: 'warning', path: [], data: { code: 'TAG_RESOLVE_FAILED' } }],
    },
  ],
});
