import { ruleTester } from '../../../helpers';

const policy = (s: Record<string, unknown>): unknown => ({ Version: '2012-10-17', Statement: [s] });

ruleTester('iam/principal-and-not-principal', {
  valid: [
    { name: 'Principal only', code: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'NotPrincipal only', code: policy({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: '*' }) },
    { name: 'neither (identity policy)', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'NotPrincipal written second',
      code: policy({ Effect: 'Deny', Principal: '*', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: '*' }),
      expected: [{ messageId: 'both', path: ['Statement', 0, 'NotPrincipal'], severity: 'error' }],
    },
    {
      name: 'Principal written second, in a trust policy',
      code: policy({ Effect: 'Allow', NotPrincipal: { AWS: '*' }, Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }),
      expected: [{ messageId: 'both', path: ['Statement', 0, 'Principal'] }],
    },
  ],
});
