import { ruleTester } from '../../../helpers';
const policy = (...statements: Record<string, unknown>[]): unknown => ({ Version: '2012-10-17', Statement: statements });
const trust = { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' };

/*
 * principalInIdentity is only raised where a policy's place fixes its type (a template's
 * AWS::IAM::ManagedPolicy PolicyDocument). A raw file never does: there a Principal is
 * what makes the policy read as a resource policy (see the valid cases).
 */
const managedPolicy = (statement: Record<string, unknown>): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    ReadOnly: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: policy(statement) } },
  },
});

ruleTester('iam/element-not-allowed', {
  valid: [
    { name: 'identity policy', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    // In a raw file the policy type is inferred, never known: a Principal makes it a resource policy.
    { name: 'Principal in a raw file', code: policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }) },
    { name: 'NotPrincipal in a raw file', code: policy({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }) },
    { name: 'trust policy', code: policy(trust) },
    { name: 'managed policy in a template', code: managedPolicy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
  ],
  invalid: [
    {
      name: 'Resource in a trust policy',
      code: policy({ ...trust, Resource: '*' }),
      expected: [{ messageId: 'resourceInTrust', path: ['Statement', 0, 'Resource'], data: { element: 'Resource' } }],
    },
    {
      name: 'NotResource in a trust policy',
      code: policy({ ...trust, NotResource: 'arn:aws:iam::111122223333:role/x' }),
      expected: [{ messageId: 'resourceInTrust', path: ['Statement', 0, 'NotResource'], data: { element: 'NotResource' } }],
    },
    {
      name: 'NotPrincipal in a trust policy',
      code: policy({ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'sts:AssumeRole' }),
      expected: [{ messageId: 'notPrincipalInTrust', path: ['Statement', 0, 'NotPrincipal'], data: { element: 'NotPrincipal' } }],
    },
    {
      name: 'every trust violation in one statement',
      code: policy({ ...trust, NotPrincipal: { AWS: '*' }, Resource: '*', NotResource: '*' }),
      expected: [
        { messageId: 'notPrincipalInTrust', path: ['Statement', 0, 'NotPrincipal'] },
        { messageId: 'resourceInTrust', path: ['Statement', 0, 'Resource'], data: { element: 'Resource' } },
        { messageId: 'resourceInTrust', path: ['Statement', 0, 'NotResource'], data: { element: 'NotResource' } },
      ],
    },
    {
      name: 'Principal in a managed policy (template site)',
      code: managedPolicy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }),
      expected: [
        {
          messageId: 'principalInIdentity',
          path: ['Resources', 'ReadOnly', 'Properties', 'PolicyDocument', 'Statement', 0, 'Principal'],
          data: { element: 'Principal' },
        },
      ],
    },
    {
      name: 'NotPrincipal in a managed policy (template site)',
      code: managedPolicy({ Effect: 'Deny', NotPrincipal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }),
      expected: [
        {
          messageId: 'principalInIdentity',
          path: ['Resources', 'ReadOnly', 'Properties', 'PolicyDocument', 'Statement', 0, 'NotPrincipal'],
          data: { element: 'NotPrincipal' },
        },
      ],
    },
  ],
});
