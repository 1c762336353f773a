import { ruleTester } from '../../../helpers';

const policy = (s: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [s] });

ruleTester('iam/resource-and-not-resource', {
  valid: [
    { name: 'Resource only', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    { name: 'NotResource only', code: policy({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::b/*' }) },
  ],
  invalid: [
    {
      name: 'NotResource written second',
      code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', NotResource: 'arn:aws:s3:::b/*' }),
      expected: [{ messageId: 'both', path: ['Statement', 0, 'NotResource'], severity: 'error' }],
    },
    {
      name: 'Resource written second, in the second statement',
      code: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Deny', NotResource: 'arn:aws:s3:::b/*', Action: 's3:*', Resource: 'arn:aws:s3:::c/*' },
        ],
      },
      expected: [{ messageId: 'both', path: ['Statement', 1, 'Resource'] }],
    },
  ],
});
