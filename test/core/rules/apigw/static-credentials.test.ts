import { ruleTester } from '../../../helpers';

const cfn = (resources: Record<string, unknown>): unknown => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });
const fnWithEnv = (variables: Record<string, unknown>): unknown => ({
  Type: 'AWS::Lambda::Function',
  Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: { 'Fn::GetAtt': ['Exec', 'Arn'] }, Environment: { Variables: variables } },
});
const envPath = (name: string): (string | number)[] => ['Resources', 'Fn', 'Properties', 'Environment', 'Variables', name];

ruleTester('apigw/static-credentials', {
  valid: [
    { name: 'a role, no keys', code: cfn({ Exec: { Type: 'AWS::IAM::Role' }, Fn: fnWithEnv({ TABLE: 'pets' }) }) },
    { name: 'a 20-character string that is not a key id', code: cfn({ Fn: fnWithEnv({ TOKEN_NAME: 'ABCDEFGHIJKLMNOPQRST', SHORT: 'AKIA1234' }) }) },
    { name: 'AKIA prefix but lower case letters', code: cfn({ Fn: fnWithEnv({ NOTE: 'AKIAiosfodnn7example' }) }) },
    { name: 'a key id run into a longer word', code: cfn({ Fn: fnWithEnv({ BLOB: 'XAKIAIOSFODNN7EXAMPLEX' }) }) },
    {
      name: 'a dynamic reference to Secrets Manager',
      code: cfn({ Fn: fnWithEnv({ KEY: '{{resolve:secretsmanager:prod/partner:SecretString:accessKeyId}}' }) }),
    },
    { name: 'an IAM user without keys', code: cfn({ Deployer: { Type: 'AWS::IAM::User' } }) },
    { name: 'a plain policy is not checked', code: { Version: '2012-10-17', Statement: [{ Sid: 'AKIAIOSFODNN7EXAMPLE', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
  ],
  invalid: [
    {
      name: 'AWS::IAM::AccessKey resource',
      code: cfn({ Deployer: { Type: 'AWS::IAM::User' }, DeployerKey: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: { Ref: 'Deployer' } } } }),
      expected: [{ messageId: 'accessKeyResource', path: ['Resources', 'DeployerKey', 'Type'], severity: 'warning' }],
    },
    {
      name: 'an access key id in an environment variable',
      code: cfn({ Fn: fnWithEnv({ AWS_KEY: 'AKIAIOSFODNN7EXAMPLE', TABLE: 'pets' }) }),
      expected: [{ messageId: 'accessKeyText', path: envPath('AWS_KEY'), data: { prefix: 'AKIA' }, severity: 'error' }],
    },
    {
      name: 'a temporary key id inside a longer string',
      code: cfn({ Fn: fnWithEnv({ CONFIG: 'key=ASIAIOSFODNN7EXAMPLE;region=us-east-1' }) }),
      expected: [{ messageId: 'accessKeyText', path: envPath('CONFIG'), data: { prefix: 'ASIA' } }],
    },
    {
      name: 'a key id in Fn::Sub',
      code: cfn({ Fn: fnWithEnv({ CREDS: { 'Fn::Sub': 'AKIAIOSFODNN7EXAMPLE:${Secret}' } }) }),
      expected: [{ messageId: 'accessKeyText', path: [...envPath('CREDS'), 'Fn::Sub'], data: { prefix: 'AKIA' } }],
    },
    {
      name: 'a key id in a parameter default',
      code: { AWSTemplateFormatVersion: '2010-09-09', Parameters: { Key: { Type: 'String', Default: 'AKIAIOSFODNN7EXAMPLE' } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } },
      expected: [{ messageId: 'accessKeyText', path: ['Parameters', 'Key', 'Default'], data: { prefix: 'AKIA' } }],
    },
    {
      name: 'an access key resource and its id in an output',
      code: {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: { Key: { Type: 'AWS::IAM::AccessKey', Properties: { UserName: 'ci' } } },
        Outputs: { Example: { Value: 'AKIAIOSFODNN7EXAMPLE' } },
      },
      expected: [
        { messageId: 'accessKeyResource', path: ['Resources', 'Key', 'Type'] },
        { messageId: 'accessKeyText', path: ['Outputs', 'Example', 'Value'] },
      ],
    },
    {
      name: 'an OpenAPI integration header with a key id',
      code: {
        openapi: '3.0.1',
        info: { title: 'pets', version: '1' },
        paths: {
          '/pets': {
            get: {
              'x-amazon-apigateway-integration': { type: 'http', httpMethod: 'GET', uri: 'https://example.com/pets', requestParameters: { 'integration.request.header.x-key': "'AKIAIOSFODNN7EXAMPLE'" } },
            },
          },
        },
      },
      expected: [
        {
          messageId: 'accessKeyText',
          path: ['paths', '/pets', 'get', 'x-amazon-apigateway-integration', 'requestParameters', 'integration.request.header.x-key'],
          data: { prefix: 'AKIA' },
        },
      ],
    },
    {
      name: 'a policy written as a JSON string is reported once, inside it',
      code: cfn({
        Repo: {
          Type: 'AWS::ECR::Repository',
          Properties: {
            RepositoryPolicyText: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'AKIAIOSFODNN7EXAMPLE', Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }] }),
          },
        },
      }),
      expected: [{ messageId: 'accessKeyText', path: ['Resources', 'Repo', 'Properties', 'RepositoryPolicyText', 'Statement', 0, 'Sid'], data: { prefix: 'AKIA' } }],
    },
    {
      name: 'YAML short forms: !Sub and !If',
      format: 'yaml',
      code: [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: index.handler',
        '      Environment:',
        '        Variables:',
        '          A: !Sub "${AWS::Region}-AKIAIOSFODNN7EXAMPLE"',
        '          B: !If [IsProd, !Ref Key, ASIAIOSFODNN7EXAMPLE]',
        '  Key:',
        '    Type: AWS::IAM::AccessKey',
        '    Properties: {UserName: !Ref User}',
        '',
      ].join('\n'),
      expected: [
        { messageId: 'accessKeyText', path: ['Resources', 'Fn', 'Properties', 'Environment', 'Variables', 'A', 'Fn::Sub'], data: { prefix: 'AKIA' } },
        { messageId: 'accessKeyText', path: ['Resources', 'Fn', 'Properties', 'Environment', 'Variables', 'B', 'Fn::If', 2], data: { prefix: 'ASIA' } },
        { messageId: 'accessKeyResource', path: ['Resources', 'Key', 'Type'] },
      ],
    },
  ],
});
