import { checkFix, ruleTester } from '../../../helpers';

const policy = (principal: unknown, condition?: unknown, action = 's3:GetObject'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: principal, Action: action, Resource: 'arn:aws:s3:::b/*', ...(condition ? { Condition: condition } : {}) }],
});
const trust = (principal: unknown): unknown => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/principal-wildcard', {
  valid: [
    { name: 'named principals', code: policy({ AWS: ['arn:aws:iam::111122223333:root', '444455556666'] }) },
    { name: 'limited to an organization', code: policy('*', { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } }) },
    { name: 'limited to a VPC endpoint or a network', code: policy({ AWS: '*' }, { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } }) },
    { name: 'limited by principal tags', code: policy('*', { StringEquals: { 'aws:PrincipalTag/team': 'blue' } }) },
    {
      name: 'a private API: Allow everyone, Deny everyone not coming through the endpoint',
      code: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } },
        ],
      },
    },
    { name: 'a Deny for everyone', code: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::b/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } },
  ],
  invalid: [
    { name: 'Principal "*"', code: policy('*'), expected: [{ messageId: 'anyone', path: at('Principal'), data: { principal: 'Principal "*"' }, severity: 'warning' }] },
    {
      name: '{"AWS": "*"} with a condition that does not limit the caller',
      code: policy({ AWS: '*' }, { Bool: { 'aws:SecureTransport': 'true' } }),
      expected: [{ messageId: 'anyone', path: at('Principal', 'AWS'), data: { principal: 'Principal {"AWS": "*"}' } }],
    },
    { name: '"*" in a list of principals', code: policy({ AWS: ['arn:aws:iam::111122223333:root', '*'] }), expected: [{ messageId: 'anyone', path: at('Principal', 'AWS', 1) }] },
    {
      name: 'a block list (Deny with a positive operator) leaves the Allow public',
      code: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
          { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } },
        ],
      },
      expected: [{ messageId: 'anyone', path: at('Principal') }],
    },
    { name: 'a trust policy anyone may assume', code: trust({ AWS: '*' }), expected: [{ messageId: 'anyoneAssume', path: at('Principal', 'AWS') }] },
  ],
});

checkFix('iam/principal-wildcard', {
  name: 'add an organization condition (JSON, one line)',
  format: 'json',
  code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
  path: at('Principal'),
  output: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-exampleorgid"}}}]}',
  snippet: [',"Condition":{"StringEquals":{"aws:PrincipalOrgID":"${1:o-exampleorgid}"\\}\\}'],
});

checkFix('iam/principal-wildcard', {
  name: 'add an organization condition to an existing Condition (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: "*"\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/*\n    Condition:\n      Bool:\n        aws:SecureTransport: "true"\n',
  path: at('Principal'),
  output:
    'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Principal: "*"\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/*\n    Condition:\n      Bool:\n        aws:SecureTransport: "true"\n      StringEquals:\n        aws:PrincipalOrgID: o-exampleorgid\n',
});
