import { checkFix, ruleTester } from '../../../helpers';

const policy = (resource: unknown, extra: Record<string, unknown> = {}): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource, ...extra }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/invalid-arn', {
  valid: [
    { name: '"*" and well-formed ARNs', code: policy(['*', 'arn:aws:s3:::b/*', 'arn:aws-cn:s3:::b', 'arn:aws:iam::123456789012:role/path/r']) },
    { name: 'AWS-owned resources use the account "aws"', code: policy(['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:ssm:*::document/AWS-RunShellScript']) },
    { name: 'wildcards and variables in any part but the service', code: policy(['arn:*:s3:::b', 'arn:aws:logs:us-*:*:log-group:*', 'arn:aws:iam::${aws:PrincipalAccount}:user/${aws:username}']) },
    { name: 'Region codes', code: policy(['arn:aws:sqs:us-gov-west-1:123456789012:q', 'arn:aws:sqs:ap-southeast-5:123456789012:q', 'arn:aws:sqs:us-isob-east-1:123456789012:q']) },
    { name: 'the execute-api shorthand of API Gateway resource policies', code: policy('execute-api:/prod/GET/pets', { Principal: '*' }) },
    {
      name: 'template placeholders are not judged',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub "arn:${AWS::Partition}:s3:::${Bucket}/*"\n',
      format: 'yaml',
    },
  ],
  invalid: [
    {
      name: 'a mistyped prefix',
      code: policy(['rn:aws:s3:::b', 's3']),
      expected: [
        { messageId: 'prefix', path: at('Resource', 0), data: { resource: 'rn:aws:s3:::b' }, severity: 'error' },
        { messageId: 'prefix', path: at('Resource', 1), data: { resource: 's3' } },
      ],
    },
    { name: 'too few parts', code: policy('arn:aws:s3:::'.slice(0, 10)), expected: [{ messageId: 'segments', path: at('Resource'), data: { resource: 'arn:aws:s3', count: 3 } }] },
    { name: 'an unknown partition', code: policy('arn:awz:s3:::b'), expected: [{ messageId: 'partition', path: at('Resource'), data: { value: 'awz' } }] },
    { name: 'a wildcard in the service', code: policy('arn:aws:s3*:::b'), expected: [{ messageId: 'serviceWildcard', path: at('Resource'), data: { value: 's3*' } }] },
    { name: 'an upper-case service', code: policy('arn:aws:S3:::b'), expected: [{ messageId: 'serviceCase', path: at('Resource'), data: { value: 'S3' } }] },
    { name: 'not a Region code', code: policy('arn:aws:sqs:useast1:123456789012:q'), expected: [{ messageId: 'region', path: at('Resource'), data: { value: 'useast1' } }] },
    { name: 'an account that is not 12 digits', code: policy('arn:aws:iam::1234:role/r'), expected: [{ messageId: 'account', path: at('Resource'), data: { value: '1234' } }] },
    { name: 'no resource part', code: policy('arn:aws:sqs:us-east-1:123456789012:'), expected: [{ messageId: 'emptyResource', path: at('Resource') }] },
    {
      name: 'the shorthand means nothing in an identity policy',
      code: policy('execute-api:/prod/GET/pets'),
      expected: [{ messageId: 'prefix', path: at('Resource'), data: { resource: 'execute-api:/prod/GET/pets' } }],
    },
    {
      name: 'an intrinsic function in a standalone policy file',
      code: policy([{ 'Fn::Sub': 'arn:aws:ssm:*:${AWS::AccountId}:*' }]),
      expected: [{ messageId: 'intrinsic', path: at('Resource', 0), data: { fn: 'Fn::Sub' } }],
    },
  ],
});

checkFix('iam/invalid-arn', {
  name: 'a mistyped prefix (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "rn:aws:s3:::b/*"}]}',
  path: at('Resource'),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
});

checkFix('iam/invalid-arn', {
  name: 'a mistyped prefix (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - ARN:aws:s3:::b/*\n',
  path: at('Resource', 0),
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - arn:aws:s3:::b/*\n',
});

checkFix('iam/invalid-arn', {
  name: 'an upper-case service (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:S3:::b/*"]}]}',
  path: at('Resource', 0),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ["arn:aws:s3:::b/*"]}]}',
});

checkFix('iam/invalid-arn', {
  name: 'an upper-case service (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: 'arn:aws:S3:::b/*'\n",
  path: at('Resource'),
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: 'arn:aws:s3:::b/*'\n",
});

checkFix('iam/invalid-arn', {
  name: 'a near-miss partition (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:awz:s3:::b/*"}]}',
  path: at('Resource'),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}',
});

checkFix('iam/invalid-arn', {
  name: 'a near-miss partition (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws-us-gob:s3:::b/*\n',
  path: at('Resource'),
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws-us-gov:s3:::b/*\n',
});
