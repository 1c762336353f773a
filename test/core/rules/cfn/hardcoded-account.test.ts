import { ruleTester } from '../../../helpers';

const cfn = (resources: Record<string, unknown>): unknown => ({ AWSTemplateFormatVersion: '2010-09-09', Resources: resources });

/** A managed policy whose one statement grants `action` on `resource`. */
const policyOn = (action: string, resource: unknown): unknown => ({
  Type: 'AWS::IAM::ManagedPolicy',
  Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] } },
});
const resourcePath = ['Resources', 'Reader', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'];

ruleTester('cfn/hardcoded-account', {
  valid: [
    {
      name: 'pseudo parameters in Fn::Sub',
      code: cfn({ Reader: policyOn('sqs:ReceiveMessage', { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs' }) }),
    },
    {
      name: 'pseudo parameters in Fn::Join',
      code: cfn({ Reader: policyOn('sns:Publish', { 'Fn::Join': [':', ['arn:aws:sns', { Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, 'alerts']] }) }),
    },
    { name: 'ARNs without region or account (S3, managed policies)', code: cfn({ Reader: policyOn('s3:GetObject', ['arn:aws:s3:::data/*', 'arn:aws:iam::aws:policy/ReadOnlyAccess']) }) },
    { name: 'wildcard account and region', code: cfn({ Reader: policyOn('execute-api:Invoke', 'arn:aws:execute-api:*:*:*/prod/GET/pets') }) },
    { name: 'a bare account id outside an ARN', code: cfn({ Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'jobs-123456789012' } } }) },
    {
      name: 'ARNs outside Resources are not checked',
      code: { AWSTemplateFormatVersion: '2010-09-09', Parameters: { Topic: { Type: 'String', Default: 'arn:aws:sns:us-east-1:123456789012:alerts' } }, Resources: { Q: { Type: 'AWS::SQS::Queue' } } },
    },
    {
      name: 'a policy document is not a template',
      code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:123456789012:alerts' }] },
    },
    {
      name: 'YAML short form !Sub with pseudo parameters',
      format: 'yaml',
      code: 'Resources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*\n',
    },
  ],
  invalid: [
    {
      name: 'literal account in an IAM ARN',
      code: cfn({ Reader: policyOn('sts:AssumeRole', 'arn:aws:iam::123456789012:role/deployer') }),
      expected: [{ messageId: 'account', path: resourcePath, data: { account: '123456789012' }, severity: 'info' }],
    },
    {
      name: 'literal account and region: the account is reported',
      code: cfn({ Reader: policyOn('sns:Publish', 'arn:aws:sns:us-east-1:123456789012:alerts') }),
      expected: [{ messageId: 'account', path: resourcePath, data: { account: '123456789012' } }],
    },
    {
      name: 'literal region with ${AWS::AccountId}',
      code: cfn({ Reader: policyOn('sqs:ReceiveMessage', { 'Fn::Sub': 'arn:${AWS::Partition}:sqs:eu-west-1:${AWS::AccountId}:jobs' }) }),
      expected: [{ messageId: 'region', path: [...resourcePath, 'Fn::Sub'], data: { region: 'eu-west-1' } }],
    },
    {
      name: 'literal region, wildcard account',
      code: cfn({ Reader: policyOn('execute-api:Invoke', 'arn:aws:execute-api:ap-southeast-2:*:abc123/*') }),
      expected: [{ messageId: 'region', path: resourcePath, data: { region: 'ap-southeast-2' } }],
    },
    {
      name: 'literal account with ${AWS::Region}',
      code: cfn({ Reader: policyOn('sqs:ReceiveMessage', { 'Fn::Sub': 'arn:aws:sqs:${AWS::Region}:123456789012:jobs' }) }),
      expected: [{ messageId: 'account', path: [...resourcePath, 'Fn::Sub'], data: { account: '123456789012' } }],
    },
    {
      name: 'each item of a list',
      code: cfn({ Reader: policyOn('s3:GetObject', ['arn:aws:s3:::data/*', 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/abc']) }),
      expected: [{ messageId: 'account', path: [...resourcePath, 1], data: { account: '111122223333' } }],
    },
    {
      name: 'a Lambda integration URI',
      code: cfn({
        Method: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'GET',
            Integration: { Type: 'AWS_PROXY', Uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets/invocations' },
          },
        },
      }),
      expected: [{ messageId: 'account', path: ['Resources', 'Method', 'Properties', 'Integration', 'Uri'], data: { account: '123456789012' } }],
    },
    {
      name: 'a policy written as a JSON string is reported once, inside it',
      code: cfn({
        Repo: {
          Type: 'AWS::ECR::Repository',
          Properties: {
            RepositoryPolicyText: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'ecr:BatchGetImage' }] }),
          },
        },
      }),
      expected: [{ messageId: 'account', path: ['Resources', 'Repo', 'Properties', 'RepositoryPolicyText', 'Statement', 0, 'Principal', 'AWS'], data: { account: '123456789012' } }],
    },
    {
      name: 'YAML short form !Sub with a literal region',
      format: 'yaml',
      code: 'Resources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      SourceArn: !Sub arn:aws:execute-api:us-east-1:${AWS::AccountId}:${Api}/*\n',
      expected: [{ messageId: 'region', path: ['Resources', 'Perm', 'Properties', 'SourceArn', 'Fn::Sub'], data: { region: 'us-east-1' } }],
    },
    {
      name: 'YAML short form !If branches',
      format: 'yaml',
      code: 'Resources:\n  Perm:\n    Type: AWS::Lambda::Permission\n    Properties:\n      SourceAccount: !If [IsProd, "123456789012", !Ref AWS::AccountId]\n      SourceArn: !If [IsProd, "arn:aws:s3:::b", !Sub "arn:aws:sns:${AWS::Region}:210987654321:t"]\n',
      expected: [{ messageId: 'account', path: ['Resources', 'Perm', 'Properties', 'SourceArn', 'Fn::If', 2, 'Fn::Sub'], data: { account: '210987654321' } }],
    },
  ],
});
