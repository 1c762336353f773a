import { ruleTester } from '../../../helpers';

const policy = (...statements: Record<string, unknown>[]): unknown => ({ Version: '2012-10-17', Statement: statements });
const trustStatement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };

ruleTester('iam/missing-element', {
  valid: [
    { name: 'identity policy', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'Not forms count', code: policy({ Effect: 'Deny', NotAction: 's3:GetObject', NotResource: 'arn:aws:s3:::b/*' }) },
    { name: 'resource policy', code: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }) },
    { name: 'resource policy with NotPrincipal', code: policy({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:*', Resource: '*' }) },
    { name: 'trust policy needs no Resource', code: policy(trustStatement) },
    {
      name: 'trust policy with a session-tag statement',
      code: policy(trustStatement, { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }),
    },
    {
      name: 'web identity trust policy',
      code: policy({ Effect: 'Allow', Principal: { Federated: 'cognito-identity.amazonaws.com' }, Action: 'sts:AssumeRoleWithWebIdentity' }),
    },
  ],
  invalid: [
    {
      name: 'identity policy without Resource',
      code: policy({ Effect: 'Allow', Action: 's3:GetObject' }),
      expected: [{ messageId: 'resource', path: ['Statement', 0, 'Resource'], data: { policyType: 'identity' } }],
    },
    {
      name: 'without Action',
      code: policy({ Effect: 'Allow', Resource: '*' }),
      expected: [{ messageId: 'action', path: ['Statement', 0, 'Action'] }],
    },
    {
      name: 'empty statement',
      code: policy({}),
      expected: [
        { messageId: 'action', path: ['Statement', 0, 'Action'] },
        { messageId: 'resource', path: ['Statement', 0, 'Resource'], data: { policyType: 'identity' } },
      ],
    },
    {
      name: 'single statement object',
      code: { Version: '2012-10-17', Statement: { Effect: 'Allow', Resource: '*' } },
      expected: [{ messageId: 'action', path: ['Statement', 'Action'] }],
    },
    {
      name: 'a Principal elsewhere makes it a resource policy',
      code: policy(
        { Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' },
        { Effect: 'Deny', Action: 's3:DeleteObject', Resource: 'arn:aws:s3:::b/*' },
      ),
      expected: [{ messageId: 'principal', path: ['Statement', 1, 'Principal'], data: { policyType: 'resource' } }],
    },
    {
      name: 'resource policy statement missing Resource too',
      code: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject' }),
      expected: [
        { messageId: 'principal', path: ['Statement', 1, 'Principal'], data: { policyType: 'resource' } },
        { messageId: 'resource', path: ['Statement', 1, 'Resource'], data: { policyType: 'resource' } },
      ],
    },
    {
      name: 'trust policy statement without Principal',
      code: policy(trustStatement, { Effect: 'Allow', Action: 'sts:TagSession' }),
      expected: [{ messageId: 'principal', path: ['Statement', 1, 'Principal'], data: { policyType: 'trust' } }],
    },
  ],
});
