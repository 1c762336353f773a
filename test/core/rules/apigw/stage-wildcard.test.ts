import { ruleTester } from '../../../helpers';

const stage = (name: string, api = 'MyApi'): unknown => ({
  Type: 'AWS::ApiGateway::Stage',
  Properties: { RestApiId: { Ref: api }, DeploymentId: { Ref: 'Deployment' }, StageName: name },
});
const deployment = { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'MyApi' } } };

/** A REST API with the given stages and a managed policy with one statement. */
const template = (stages: string[], statement: Record<string, unknown>, apiProperties: Record<string, unknown> = {}): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    MyApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'pets', ...apiProperties } },
    Deployment: deployment,
    ...Object.fromEntries(stages.map((s) => [`${s[0]!.toUpperCase()}${s.slice(1)}Stage`, stage(s)])),
    Callers: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [statement] } } },
  },
});
const invoke = (resource: unknown, more: Record<string, unknown> = {}): Record<string, unknown> => ({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource, ...more });
const anyStageOfMyApi = { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets' };
const resourcePath = ['Resources', 'Callers', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'];

ruleTester('apigw/stage-wildcard', {
  valid: [
    { name: 'any stage of an API with one stage', code: template(['prod'], invoke(anyStageOfMyApi)) },
    {
      name: 'a named stage of an API with two stages',
      code: template(['prod', 'dev'], invoke({ 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/dev/GET/pets' })),
    },
    { name: 'a Deny on every stage', code: template(['prod', 'dev'], { ...invoke(anyStageOfMyApi), Effect: 'Deny' }) },
    { name: 'another action', code: template(['prod', 'dev'], { Effect: 'Allow', Action: 'execute-api:InvalidateCache', Resource: anyStageOfMyApi }) },
    { name: 'not an execute-api ARN', code: template(['prod', 'dev'], { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }) },
    {
      name: 'the resource-policy shorthand on an API with one stage',
      code: template(['prod'], invoke('arn:aws:s3:::unrelated'), {
        Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] },
      }),
    },
    {
      name: 'YAML short form !Sub on an API with one stage',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  Prod:',
        '    Type: AWS::ApiGateway::Stage',
        '    Properties: {RestApiId: !Ref MyApi, StageName: prod, DeploymentId: !Ref Deployment}',
        '  Callers:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        '            Action: execute-api:Invoke',
        '            Resource: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'any stage of an API with two stages',
      code: template(['prod', 'dev'], invoke(anyStageOfMyApi)),
      expected: [
        {
          messageId: 'anyStage',
          path: resourcePath,
          data: { arn: 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets', action: 'execute-api:Invoke', api: 'MyApi', stages: 'prod, dev' },
          severity: 'warning',
        },
      ],
    },
    {
      name: 'the whole API, through Fn::Join and execute-api:*',
      code: template(['prod', 'dev'], {
        Effect: 'Allow',
        Action: ['s3:GetObject', 'execute-api:*'],
        Resource: ['arn:aws:s3:::bucket/*', { 'Fn::Join': ['', ['arn:aws:execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'MyApi' }, '/*']] }],
      }),
      expected: [{ messageId: 'anyStage', path: [...resourcePath, 1], data: { action: 'execute-api:*', api: 'MyApi', stages: 'prod, dev' } }],
    },
    {
      name: 'a stage from a Deployment and one from a Stage',
      code: {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          MyApi: { Type: 'AWS::ApiGateway::RestApi' },
          Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'MyApi' }, StageName: 'prod' } },
          Dev: stage('dev'),
          Callers: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [invoke(anyStageOfMyApi)] } } },
        },
      },
      expected: [{ messageId: 'anyStage', path: resourcePath, data: { api: 'MyApi', stages: 'dev, prod' } }],
    },
    {
      name: 'the resource-policy shorthand execute-api:/* on a RestApi Policy',
      code: template(['prod', 'dev'], invoke('arn:aws:s3:::unrelated'), {
        Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] },
      }),
      expected: [
        {
          messageId: 'anyStage',
          path: ['Resources', 'MyApi', 'Properties', 'Policy', 'Statement', 0, 'Resource'],
          data: { arn: 'execute-api:/*', action: 'execute-api:Invoke', api: 'MyApi', stages: 'prod, dev' },
        },
      ],
    },
    {
      name: 'every API of the template',
      code: template(['prod', 'dev'], invoke('arn:aws:execute-api:us-east-1:123456789012:*/*/GET/pets')),
      expected: [{ messageId: 'anyStage', path: resourcePath, data: { api: 'every API', stages: 'prod, dev' } }],
    },
    {
      name: 'an inline role policy',
      code: {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          MyApi: { Type: 'AWS::ApiGateway::RestApi' },
          Prod: stage('prod'),
          Test: stage('test'),
          Caller: {
            Type: 'AWS::IAM::Role',
            Properties: {
              AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
              Policies: [{ PolicyName: 'call', PolicyDocument: { Version: '2012-10-17', Statement: [invoke([anyStageOfMyApi])] } }],
            },
          },
        },
      },
      expected: [{ messageId: 'anyStage', path: ['Resources', 'Caller', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Resource', 0], data: { stages: 'prod, test' } }],
    },
    {
      name: 'YAML short forms !Sub and !Ref',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  Prod:',
        '    Type: AWS::ApiGateway::Stage',
        '    Properties: {RestApiId: !Ref MyApi, StageName: prod, DeploymentId: !Ref Deployment}',
        '  Dev:',
        '    Type: AWS::ApiGateway::Stage',
        '    Properties: {RestApiId: !Ref MyApi, StageName: dev, DeploymentId: !Ref Deployment}',
        '  Callers:',
        '    Type: AWS::IAM::ManagedPolicy',
        '    Properties:',
        '      PolicyDocument:',
        "        Version: '2012-10-17'",
        '        Statement:',
        '          - Effect: Allow',
        '            Action: execute-api:Invoke',
        '            Resource: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets',
        '',
      ].join('\n'),
      expected: [{ messageId: 'anyStage', path: resourcePath, data: { arn: 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets', stages: 'prod, dev' } }],
    },
  ],
});
