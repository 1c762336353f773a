import { ruleTester } from '../../../helpers';

const policy = (statement: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', ...statement }] });
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/pass-role-wildcard', {
  valid: [
    { name: 'named roles', code: policy({ Action: 'iam:PassRole', Resource: 'arn:aws:iam::111122223333:role/app-*' }) },
    { name: 'other iam actions on "*"', code: policy({ Action: ['iam:GetRole', 'iam:List*'], Resource: '*' }) },
    { name: '"*" is iam/wildcard-action\'s', code: policy({ Action: '*', Resource: '*' }) },
    { name: 'a Deny', code: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' }] } },
  ],
  invalid: [
    {
      name: 'iam:PassRole on "*"',
      code: policy({ Action: ['s3:GetObject', 'iam:PassRole'], Resource: '*' }),
      expected: [{ messageId: 'star', path: at('Action', 1), data: { action: 'iam:PassRole', resource: '"Resource": "*"' }, severity: 'warning' }],
    },
    {
      name: 'a pattern that includes it, with NotResource',
      code: policy({ Action: 'iam:Pass*', NotResource: 'arn:aws:iam::111122223333:role/admin' }),
      expected: [{ messageId: 'star', path: at('Action'), data: { action: 'iam:Pass*', resource: 'NotResource' } }],
    },
    {
      name: 'limited to a service is noted, not warned about',
      code: policy({ Action: 'iam:*', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } } }),
      expected: [{ messageId: 'starToService', path: at('Action'), data: { action: 'iam:*' }, severity: 'info' }],
    },
  ],
});
