import { ruleTester } from '../../../helpers';

const policy = (action: unknown, condition: unknown, element = 'Action'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', [element]: action, Resource: '*', Condition: condition }],
});
const at = (operator: string, key: string): (string | number)[] => ['Statement', 0, 'Condition', operator, key];

ruleTester('iam/condition-key-not-supported', {
  valid: [
    { name: 'a key the action supports', code: policy('s3:ListBucket', { StringLike: { 's3:prefix': 'home/*' } }) },
    { name: 'a key one of the actions supports', code: policy(['s3:GetObject', 's3:ListBucket'], { StringLike: { 's3:prefix': 'home/*' } }) },
    { name: 'a tag key through the resource type', code: policy('ec2:TerminateInstances', { StringEquals: { 'ec2:ResourceTag/team': 'a' } }) },
    { name: 'global keys always apply', code: policy('s3:ListBucket', { StringEquals: { 'aws:ResourceTag/team': 'a', 'aws:SourceVpce': 'vpce-1' } }) },
    { name: 'unknown keys are iam/unknown-condition-key\'s', code: policy('s3:ListBucket', { StringEquals: { 's3:xyzzy': 'a' } }) },
    { name: '"Action": "*"', code: policy('*', { StringEquals: { 'iam:ResourceTag/team': 'a' } }) },
    { name: 'NotAction', code: policy('s3:*', { StringEquals: { 'iam:ResourceTag/team': 'a' } }, 'NotAction') },
    { name: 'an unknown service in the actions', code: policy(['s3:ListBucket', 'foo:*'], { StringEquals: { 'iam:ResourceTag/team': 'a' } }) },
  ],
  invalid: [
    {
      name: 'a key of the right service that the action does not support',
      code: policy('s3:ListBucket', { StringEquals: { 's3:x-amz-storage-class': 'STANDARD' } }),
      expected: [{ messageId: 'unsupported', path: at('StringEquals', 's3:x-amz-storage-class'), data: { key: 's3:x-amz-storage-class', actions: 's3:ListBucket' }, severity: 'warning' }],
    },
    {
      name: 'a key of another service',
      code: policy(['s3:GetObject', 's3:PutObject'], { StringNotEquals: { 'iam:ResourceTag/status': 'prod' } }),
      expected: [{ messageId: 'unsupported', path: at('StringNotEquals', 'iam:ResourceTag/status'), data: { actions: 's3:GetObject and 1 more' } }],
    },
  ],
});
