import { ruleTester } from '../../../helpers';

const policy = (action: unknown, resource: unknown, extra: Record<string, unknown> = {}): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: resource, ...extra }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/resource-mismatch', {
  valid: [
    { name: 'object actions on objects, bucket actions on buckets', code: policy(['s3:GetObject', 's3:ListBucket'], ['arn:aws:s3:::b', 'arn:aws:s3:::b/*']) },
    { name: 'a wildcard ARN that covers the right type', code: policy('s3:GetObject', 'arn:aws:s3:::b*') },
    { name: '"*" fits every action', code: policy(['s3:GetObject', 's3:ListAllMyBuckets'], '*') },
    {
      name: 'names with slashes and colons: log groups, role paths, qualified functions, API paths',
      code: policy(
        ['logs:CreateLogStream', 'logs:PutLogEvents', 'iam:PassRole', 'lambda:InvokeFunction', 'execute-api:Invoke'],
        ['arn:aws:logs:*:*:log-group:/aws/lambda/*:*', 'arn:aws:iam::123456789012:role/service/r', 'arn:aws:lambda:*:*:function:f:*', 'arn:aws:execute-api:us-east-1:*:abc/*/GET/pets/*'],
      ),
    },
    { name: 'template placeholders match anything', code: policy('s3:GetObject', 'arn:${AWS::Partition}:s3:::${Bucket}/*') },
    { name: 'the execute-api shorthand of a resource policy', code: policy('execute-api:Invoke', 'execute-api:/prod/GET/*', { Principal: '*' }) },
    { name: 'unknown actions make the statement unjudged', code: policy(['s3:GetObject', 'foo:Bar', 'sqs:Nope*'], 'arn:aws:sqs:us-east-1:123456789012:q') },
    { name: 'NotResource is not compared', code: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:GetObject', NotResource: 'arn:aws:sqs:us-east-1:123456789012:q' }] } },
    { name: '"Action": "*"', code: policy('*', 'arn:aws:sqs:us-east-1:123456789012:q') },
  ],
  invalid: [
    {
      name: 'a resource no action applies to',
      code: policy(['s3:GetObject', 's3:PutObject'], ['arn:aws:s3:::b/*', 'arn:aws:sqs:us-east-1:123456789012:q']),
      expected: [{ messageId: 'resource', path: at('Resource', 1), data: { resource: 'arn:aws:sqs:us-east-1:123456789012:q', actions: 's3:GetObject and 1 more' }, severity: 'warning' }],
    },
    {
      name: 'an object action on a bucket, a bucket action on objects',
      code: policy(['s3:GetObject', 's3:ListBucket'], 'arn:aws:s3:::b'),
      expected: [{ messageId: 'action', path: at('Action', 0), data: { action: 's3:GetObject' } }],
    },
    {
      name: 'a bucket ARN never names an object, nor an object ARN a bucket',
      code: policy('s3:ListBucket', 'arn:aws:s3:::b/*'),
      expected: [
        { messageId: 'action', path: at('Action'), data: { action: 's3:ListBucket' } },
        { messageId: 'resource', path: at('Resource'), data: { resource: 'arn:aws:s3:::b/*', actions: 's3:ListBucket' } },
      ],
    },
    {
      name: 'an action that needs "*"',
      code: policy(['s3:ListAllMyBuckets', 's3:ListBucket'], 'arn:aws:s3:::b'),
      expected: [{ messageId: 'needsStar', path: at('Action', 0), data: { action: 's3:ListAllMyBuckets' } }],
    },
  ],
});
