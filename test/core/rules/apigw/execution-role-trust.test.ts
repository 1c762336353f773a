import { ruleTester } from '../../../helpers';

const trust = (...services: string[]): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: services.length === 1 ? services[0] : services }, Action: 'sts:AssumeRole' }],
});
const inline = (...statements: Record<string, unknown>[]): unknown[] => [{ PolicyName: 'integration', PolicyDocument: { Version: '2012-10-17', Statement: statements } }];
const allow = (action: string | string[], resource: unknown = '*'): Record<string, unknown> => ({ Effect: 'Allow', Action: action, Resource: resource });
const role = (trustPolicy: unknown, more: Record<string, unknown> = {}): unknown => ({ Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trustPolicy, ...more } });

const lambdaUri = { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' };
const kinesisUri = { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:kinesis:action/PutRecord' };
const credentials = { 'Fn::GetAtt': ['ApiRole', 'Arn'] };

const method = (verb: string, integration: Record<string, unknown>, resource = 'PetsResource'): unknown => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: { RestApiId: { Ref: 'MyApi' }, ResourceId: { Ref: resource }, HttpMethod: verb, AuthorizationType: 'AWS_IAM', Integration: { IntegrationHttpMethod: 'POST', ...integration } },
});
const lambdaMethod = (verb = 'GET', creds: unknown = credentials): unknown => method(verb, { Type: 'AWS_PROXY', Uri: lambdaUri, Credentials: creds });

/** A REST API with `/pets`, a function, the role `ApiRole`, and the given methods and resources. */
const template = (apiRole: unknown, resources: Record<string, unknown>): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    MyApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'pets' } },
    PetsResource: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'MyApi' }, ParentId: { 'Fn::GetAtt': ['MyApi', 'RootResourceId'] }, PathPart: 'pets' } },
    Fn: { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::123456789012:role/exec' } },
    ApiRole: apiRole,
    ...resources,
  },
});
const trustPath = ['Resources', 'ApiRole', 'Properties', 'AssumeRolePolicyDocument'];

ruleTester('apigw/execution-role-trust', {
  valid: [
    { name: 'trusts API Gateway and allows lambda:InvokeFunction', code: template(role(trust('apigateway.amazonaws.com'), { Policies: inline(allow('lambda:InvokeFunction', { 'Fn::GetAtt': ['Fn', 'Arn'] })) }), { GetPets: lambdaMethod() }) },
    { name: 'a list of services, and a wildcard action', code: template(role(trust('lambda.amazonaws.com', 'apigateway.amazonaws.com'), { Policies: inline(allow('lambda:*')) }), { GetPets: lambdaMethod() }) },
    { name: 'managed policies may grant what the integration needs', code: template(role(trust('apigateway.amazonaws.com'), { ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaRole'] }), { GetPets: lambdaMethod() }) },
    {
      name: 'an AWS::IAM::Policy attached to the role',
      code: template(role(trust('apigateway.amazonaws.com')), {
        GetPets: lambdaMethod(),
        Invoke: { Type: 'AWS::IAM::Policy', Properties: { PolicyName: 'invoke', Roles: [{ Ref: 'ApiRole' }], PolicyDocument: { Version: '2012-10-17', Statement: [allow(['lambda:InvokeFunction'])] } } },
      }),
    },
    { name: "the caller's own credentials", code: template(role(trust('lambda.amazonaws.com')), { GetPets: lambdaMethod('GET', 'arn:aws:iam::*:user/*') }) },
    { name: 'a role from outside the template', code: template(role(trust('lambda.amazonaws.com')), { GetPets: lambdaMethod('GET', 'arn:aws:iam::123456789012:role/api') }) },
    { name: 'no credentials (a Lambda permission decides)', code: template(role(trust('lambda.amazonaws.com')), { GetPets: method('GET', { Type: 'AWS_PROXY', Uri: lambdaUri }) }) },
    { name: 'a Kinesis integration whose role allows kinesis:PutRecord', code: template(role(trust('apigateway.amazonaws.com'), { Policies: inline(allow('kinesis:PutRecord')) }), { PutRecord: method('POST', { Type: 'AWS', Uri: kinesisUri, Credentials: credentials }) }) },
    { name: 'a trust policy given as a parameter', code: template(role({ Ref: 'TrustPolicy' }, { Policies: inline(allow('lambda:InvokeFunction')) }), { GetPets: lambdaMethod() }) },
    {
      name: 'YAML short forms',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  GetRoot:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties:',
        '      RestApiId: !Ref MyApi',
        '      ResourceId: !GetAtt MyApi.RootResourceId',
        '      HttpMethod: GET',
        '      AuthorizationType: AWS_IAM',
        '      Integration:',
        '        Type: AWS_PROXY',
        '        IntegrationHttpMethod: POST',
        '        Uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations',
        '        Credentials: !GetAtt ApiRole.Arn',
        '  ApiRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement: [{Effect: Allow, Principal: {Service: apigateway.amazonaws.com}, Action: sts:AssumeRole}]',
        '      Policies:',
        '        - PolicyName: invoke',
        '          PolicyDocument:',
        "            Version: '2012-10-17'",
        '            Statement: [{Effect: Allow, Action: lambda:InvokeFunction, Resource: !GetAtt Fn.Arn}]',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'the role trusts lambda.amazonaws.com only',
      code: template(role(trust('lambda.amazonaws.com'), { Policies: inline(allow('lambda:InvokeFunction')) }), { GetPets: lambdaMethod() }),
      expected: [{ messageId: 'notTrusted', path: trustPath, data: { role: 'ApiRole', method: 'GET', path: '/pets' }, severity: 'error' }],
    },
    {
      name: 'the role trusts API Gateway, but its inline policy lacks lambda:InvokeFunction',
      code: template(role(trust('apigateway.amazonaws.com'), { Policies: inline(allow('s3:GetObject'), { ...allow('lambda:InvokeFunction'), Effect: 'Deny' }) }), { GetPets: lambdaMethod() }),
      expected: [{ messageId: 'missingPermission', path: ['Resources', 'GetPets'], data: { role: 'ApiRole', method: 'GET', path: '/pets', action: 'lambda:InvokeFunction' } }],
    },
    {
      name: 'a Kinesis action integration needs kinesis:PutRecord',
      code: template(role(trust('apigateway.amazonaws.com'), { Policies: inline(allow('kinesis:DescribeStream')) }), { PutRecord: method('POST', { Type: 'AWS', Uri: kinesisUri, Credentials: credentials }) }),
      expected: [{ messageId: 'missingPermission', path: ['Resources', 'PutRecord'], data: { method: 'POST', action: 'kinesis:PutRecord' } }],
    },
    {
      name: 'an S3 path integration needs s3:PutObject for PUT',
      code: template(role(trust('apigateway.amazonaws.com'), { Policies: inline(allow('s3:GetObject')) }), {
        PutPet: method('PUT', { Type: 'AWS', IntegrationHttpMethod: 'PUT', Uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:s3:path/${Bucket}/pets' }, Credentials: credentials }),
      }),
      expected: [{ messageId: 'missingPermission', path: ['Resources', 'PutPet'], data: { action: 's3:PutObject' } }],
    },
    {
      name: 'no policy at all, and untrusted: one trust finding for two methods',
      code: template(role(trust('ec2.amazonaws.com')), { GetPets: lambdaMethod('GET'), PostPets: lambdaMethod('POST') }),
      expected: [
        { messageId: 'notTrusted', path: trustPath, data: { role: 'ApiRole' } },
        { messageId: 'missingPermission', path: ['Resources', 'GetPets'], data: { method: 'GET', action: 'lambda:InvokeFunction' } },
        { messageId: 'missingPermission', path: ['Resources', 'PostPets'], data: { method: 'POST', action: 'lambda:InvokeFunction' } },
      ],
    },
    {
      name: 'an inline OpenAPI body whose credentials role lacks the permission',
      code: {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          MyApi: {
            Type: 'AWS::ApiGateway::RestApi',
            Properties: {
              Body: {
                openapi: '3.0.1',
                info: { title: 'pets', version: '1' },
                paths: { '/pets': { get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: lambdaUri, credentials } } } },
              },
            },
          },
          ApiRole: role(trust('apigateway.amazonaws.com'), { Policies: inline(allow('dynamodb:GetItem')) }),
        },
      },
      expected: [{ messageId: 'missingPermission', path: ['Resources', 'MyApi', 'Properties', 'Body', 'paths', '/pets', 'get'], data: { role: 'ApiRole', path: '/pets' } }],
    },
    {
      name: 'SAM: an event InvokeRole that does not trust API Gateway',
      code: {
        Transform: 'AWS::Serverless-2016-10-31',
        Resources: {
          Pets: {
            Type: 'AWS::Serverless::Function',
            Properties: {
              Handler: 'index.handler',
              Runtime: 'nodejs20.x',
              Events: { Get: { Type: 'Api', Properties: { Path: '/pets', Method: 'get', Auth: { Authorizer: 'AWS_IAM', InvokeRole: { 'Fn::GetAtt': ['ApiRole', 'Arn'] } } } } },
            },
          },
          ApiRole: role(trust('lambda.amazonaws.com'), { Policies: inline(allow('lambda:InvokeFunction')) }),
        },
      },
      expected: [{ messageId: 'notTrusted', path: trustPath, data: { role: 'ApiRole', method: 'GET', path: '/pets' } }],
    },
    {
      name: 'YAML short forms',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  PutRecord:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties:',
        '      RestApiId: !Ref MyApi',
        '      ResourceId: !GetAtt MyApi.RootResourceId',
        '      HttpMethod: POST',
        '      AuthorizationType: AWS_IAM',
        '      Integration:',
        '        Type: AWS',
        '        IntegrationHttpMethod: POST',
        '        Uri: !Sub arn:aws:apigateway:${AWS::Region}:kinesis:action/PutRecord',
        '        Credentials: !If [IsProd, !GetAtt ApiRole.Arn, !GetAtt ApiRole.Arn]',
        '  ApiRole:',
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]',
        '      Policies:',
        '        - PolicyName: put',
        '          PolicyDocument:',
        "            Version: '2012-10-17'",
        '            Statement: [{Effect: Allow, Action: kinesis:PutRecords, Resource: !GetAtt Stream.Arn}]',
        '',
      ].join('\n'),
      expected: [
        { messageId: 'notTrusted', path: trustPath, data: { role: 'ApiRole', method: 'POST', path: '/' } },
        { messageId: 'missingPermission', path: ['Resources', 'PutRecord'], data: { action: 'kinesis:PutRecord' } },
      ],
    },
  ],
});
