import { ruleTester } from '../../../helpers';

const statement = (effect: string, extra: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: 's3:*', ...extra }] });

ruleTester('iam/allow-not-resource', {
  valid: [
    { name: 'Allow with Resource', code: statement('Allow', { Resource: 'arn:aws:s3:::b/*' }) },
    { name: 'Deny with NotResource ("deny everywhere but here")', code: statement('Deny', { NotResource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'] }) },
  ],
  invalid: [
    {
      name: 'Allow with NotResource',
      code: statement('Allow', { NotResource: 'arn:aws:s3:::HRBucket/Payroll/*' }),
      expected: [{ messageId: 'allowNotResource', path: ['Statement', 0, 'NotResource'], severity: 'warning' }],
    },
  ],
});
