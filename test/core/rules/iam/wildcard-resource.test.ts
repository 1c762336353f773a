import { checkFix, ruleTester } from '../../../helpers';

const policy = (action: unknown, resource: unknown, effect = 'Allow'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Action: action, Resource: resource }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/wildcard-resource', {
  valid: [
    { name: 'actions that support no resource-level permissions', code: policy(['s3:ListAllMyBuckets', 'guardduty:ListDetectors'], '*') },
    { name: 'named resources', code: policy('s3:GetObject', 'arn:aws:s3:::example-bucket/*') },
    { name: 'a Deny on everything', code: policy('s3:DeleteObject', '*', 'Deny') },
    { name: '"Action": "*" is iam/wildcard-action\'s', code: policy('*', '*') },
    { name: 'unknown actions say nothing', code: policy('foo:Bar', '*') },
    { name: 'a named account or Region is a real limit', code: policy('cloudtrail:GetEventSelectors', ['arn:aws:cloudtrail:us-east-1:000000000000:trail/*', 'arn:aws:cloudtrail:*:000000000000:trail/*']) },
  ],
  invalid: [
    {
      name: 'an action that can be limited to named resources',
      code: policy('s3:GetObject', '*'),
      expected: [{ messageId: 'star', path: at('Resource'), data: { count: 1, example: 's3:GetObject' }, severity: 'warning' }],
    },
    {
      name: '"*" among named resources, with actions of both kinds',
      code: policy(['s3:ListAllMyBuckets', 'kms:CreateGrant'], ['arn:aws:s3:::b', '*']),
      expected: [{ messageId: 'star', path: at('Resource', 1), data: { count: 1, example: 'kms:CreateGrant' } }],
    },
    {
      name: 'an ARN that names every resource of its type is noted',
      code: policy(['cloudtrail:GetEventSelectors', 's3:GetObject'], ['arn:*:cloudtrail:*:*:trail/*', 'arn:aws:s3:::*/*']),
      expected: [
        { messageId: 'effectivelyStar', path: at('Resource', 0), data: { resource: 'arn:*:cloudtrail:*:*:trail/*', type: 'cloudtrail trail' }, severity: 'info' },
        { messageId: 'effectivelyStar', path: at('Resource', 1), data: { type: 's3 object' } },
      ],
    },
  ],
});

checkFix('iam/wildcard-resource', {
  name: 'the ARNs of every resource type the actions use, as a list with tab stops (JSON, multi-line)',
  format: 'json',
  code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "execute-api:Invoke",\n      "Resource": "*"\n    }\n  ]\n}',
  path: at('Resource'),
  output:
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "execute-api:Invoke",\n      "Resource": [\n        "arn:aws:execute-api:*:*:/domainnames/DomainName+DomainIdentifier",\n        "arn:aws:execute-api:*:*:ApiId/Stage/Method/ApiSpecificResourcePath"\n      ]\n    }\n  ]\n}',
  snippet: [
    '[\n        "arn:${1:aws}:execute-api:${2:*}:${3:*}:/domainnames/${4:DomainName}+${5:DomainIdentifier}",\n        "arn:${1:aws}:execute-api:${2:*}:${3:*}:${6:ApiId}/${7:Stage}/${8:Method}/${9:ApiSpecificResourcePath}"\n      ]',
  ],
});

checkFix('iam/wildcard-resource', {
  name: 'the ARNs of every resource type (YAML: a value becomes a block list)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n',
  path: at('Resource'),
  output:
    'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - arn:aws:s3:*:*:accesspoint/AccessPointName/object/ObjectName\n      - arn:aws:s3:::BucketName/ObjectName\n',
});

checkFix('iam/wildcard-resource', {
  name: 'the ARN of one resource type (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: at('Resource'),
  title: 'Replace "*" with the s3 object ARN (arn:${Partition}:s3:::${BucketName}/${ObjectName})',
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::BucketName/ObjectName"}]}',
  snippet: ['"arn:${1:aws}:s3:::${4:BucketName}/${5:ObjectName}"'],
});

checkFix('iam/wildcard-resource', {
  name: 'the ARN of one resource type, in place of a list item (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - arn:aws:s3:::a/*\n      - "*"\n',
  path: at('Resource', 1),
  title: 'Replace "*" with the s3 accesspointobject ARN (arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName})',
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource:\n      - arn:aws:s3:::a/*\n      - arn:aws:s3:*:*:accesspoint/AccessPointName/object/ObjectName\n',
});
