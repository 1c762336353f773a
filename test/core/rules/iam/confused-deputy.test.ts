import { checkFix, ruleTester } from '../../../helpers';

const trust = (service: unknown, condition?: unknown): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }],
});
const topicPolicy = (condition?: unknown): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:t', ...(condition ? { Condition: condition } : {}) }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/confused-deputy', {
  valid: [
    { name: 'limited to the source account', code: trust('apigateway.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '111122223333' } }) },
    { name: 'limited to the source resource', code: topicPolicy({ ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::my-bucket' } }) },
    { name: 'services that run your own code pass no source context', code: trust(['lambda.amazonaws.com', 'ec2.amazonaws.com']) },
    { name: 'account principals are not service principals', code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'sts:AssumeRole' }] } },
  ],
  invalid: [
    { name: 'a trust policy for API Gateway', code: trust('apigateway.amazonaws.com'), expected: [{ messageId: 'missingSource', path: at('Principal', 'Service'), data: { service: 'apigateway.amazonaws.com' }, severity: 'warning' }] },
    { name: 'a resource policy for a service', code: topicPolicy({ Bool: { 'aws:SecureTransport': 'true' } }), expected: [{ messageId: 'missingSource', path: at('Principal', 'Service'), data: { service: 's3.amazonaws.com' } }] },
    { name: 'the first service principal that needs it', code: trust(['lambda.amazonaws.com', 'states.amazonaws.com']), expected: [{ messageId: 'missingSource', path: at('Principal', 'Service', 1), data: { service: 'states.amazonaws.com' } }] },
  ],
});

const json = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": {"Service": "apigateway.amazonaws.com"},\n      "Action": "sts:AssumeRole"\n    }\n  ]\n}';
const yaml = 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal:\n      Service: apigateway.amazonaws.com\n    Action: sts:AssumeRole\n';

checkFix('iam/confused-deputy', {
  name: 'aws:SourceAccount (JSON, multi-line)',
  format: 'json',
  code: json,
  path: at('Principal', 'Service'),
  output: json.replace('"sts:AssumeRole"\n', '"sts:AssumeRole",\n      "Condition": {\n        "StringEquals": {\n          "aws:SourceAccount": "111122223333"\n        }\n      }\n'),
  snippet: [',\n      "Condition": {\n        "StringEquals": {\n          "aws:SourceAccount": "${1:111122223333}"\n        \\}\n      \\}'],
});

checkFix('iam/confused-deputy', {
  name: 'aws:SourceAccount (YAML)',
  format: 'yaml',
  code: yaml,
  path: at('Principal', 'Service'),
  output: `${yaml}    Condition:\n      StringEquals:\n        aws:SourceAccount: "111122223333"\n`,
});

checkFix('iam/confused-deputy', {
  name: 'aws:SourceArn, with the service\'s ARN (JSON)',
  format: 'json',
  code: json,
  path: at('Principal', 'Service'),
  title: 'Add an aws:SourceArn condition',
  output: json.replace('"sts:AssumeRole"\n', '"sts:AssumeRole",\n      "Condition": {\n        "ArnLike": {\n          "aws:SourceArn": "arn:aws:execute-api:*:111122223333:*"\n        }\n      }\n'),
});

checkFix('iam/confused-deputy', {
  name: 'aws:SourceArn into an existing Condition (YAML)',
  format: 'yaml',
  code: `${yaml}    Condition:\n      Bool:\n        aws:SecureTransport: "true"\n`,
  path: at('Principal', 'Service'),
  title: 'Add an aws:SourceArn condition',
  output: `${yaml}    Condition:\n      Bool:\n        aws:SecureTransport: "true"\n      ArnLike:\n        aws:SourceArn: arn:aws:execute-api:*:111122223333:*\n`,
});
