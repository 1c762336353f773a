import { ruleTester } from '../../../helpers';

const statement = (effect: string, extra: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Resource: 'arn:aws:s3:::bucket/*', ...extra }] });

ruleTester('iam/allow-not-action', {
  valid: [
    { name: 'Allow with Action', code: statement('Allow', { Action: 's3:GetObject' }) },
    { name: 'Deny with NotAction ("deny all but these")', code: statement('Deny', { NotAction: ['iam:*', 'sts:*'] }) },
    { name: 'on every resource it is iam/full-admin\'s', code: statement('Allow', { NotAction: 'iam:*', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'Allow with NotAction',
      code: statement('Allow', { NotAction: 'iam:*' }),
      expected: [{ messageId: 'allowNotAction', path: ['Statement', 0, 'NotAction'], severity: 'warning' }],
    },
  ],
});
