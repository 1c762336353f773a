import { ruleTester } from '../../../helpers';

const policy = (s: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [s] });

ruleTester('iam/action-and-not-action', {
  valid: [
    { name: 'Action only', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'NotAction only', code: policy({ Effect: 'Deny', NotAction: 'iam:*', Resource: '*' }) },
  ],
  invalid: [
    {
      // The finding goes on whichever of the two is written second.
      name: 'NotAction written second',
      code: policy({ Effect: 'Allow', Action: 's3:GetObject', NotAction: 's3:PutObject', Resource: '*' }),
      expected: [{ messageId: 'both', path: ['Statement', 0, 'NotAction'], severity: 'error' }],
    },
    {
      name: 'Action written second',
      code: policy({ Effect: 'Allow', NotAction: 's3:PutObject', Resource: '*', Action: 's3:GetObject' }),
      expected: [{ messageId: 'both', path: ['Statement', 0, 'Action'] }],
    },
    {
      name: 'single statement object',
      code: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: [], NotAction: [], Resource: '*' } },
      expected: [{ messageId: 'both', path: ['Statement', 'NotAction'] }],
    },
  ],
});
