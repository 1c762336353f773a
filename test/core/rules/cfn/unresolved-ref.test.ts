import { checkFix, ruleTester } from '../../../helpers';

/** A CloudFormation template with the given sections. */
const cfn = (sections: Record<string, unknown>): unknown => ({ AWSTemplateFormatVersion: '2010-09-09', ...sections });
const sam = (sections: Record<string, unknown>): unknown => ({ Transform: 'AWS::Serverless-2016-10-31', ...sections });

const bucket = { Type: 'AWS::S3::Bucket' };
const fn = (properties: Record<string, unknown> = {}): unknown => ({
  Type: 'AWS::Serverless::Function',
  Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', CodeUri: 'src/', ...properties },
});
const apiEvent = (path: string, method: string, more: Record<string, unknown> = {}): unknown => ({ Type: 'Api', Properties: { Path: path, Method: method, ...more } });

ruleTester('cfn/unresolved-ref', {
  valid: [
    {
      name: 'Ref to a parameter, a resource and pseudo parameters',
      code: cfn({
        Parameters: { Env: { Type: 'String' } },
        Resources: {
          Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Join': ['-', [{ Ref: 'Env' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Region' }]] } } },
          Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'AWS::StackName' } } },
        },
        Outputs: { Bucket: { Value: { Ref: 'Data' } }, Arn: { Value: { 'Fn::GetAtt': ['Data', 'Arn'] } }, Partition: { Value: { Ref: 'AWS::Partition' } } },
      }),
    },
    {
      name: 'AWS::NoValue in Fn::If',
      code: cfn({
        Conditions: { HasName: { 'Fn::Equals': ['a', 'a'] } },
        Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::If': ['HasName', 'data', { Ref: 'AWS::NoValue' }] } } } },
      }),
    },
    {
      name: 'Fn::Sub with resources, attributes and pseudo parameters',
      code: cfn({
        Resources: {
          Data: bucket,
          Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-${Data}-${Data.Arn}' } } },
        },
      }),
    },
    {
      name: 'Fn::Sub: ${!Literal} is written as is, ${aws:username} is a policy variable',
      code: cfn({
        Resources: {
          Reader: {
            Type: 'AWS::IAM::ManagedPolicy',
            Properties: {
              PolicyDocument: {
                Version: '2012-10-17',
                Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::home/${aws:username}/${!NotAVariable}/*' } }],
              },
            },
          },
        },
      }),
    },
    {
      name: 'Fn::Sub with a variable map',
      code: cfn({
        Resources: {
          Data: bucket,
          Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': ['${Prefix}-${Suffix}-${Data}', { Prefix: { Ref: 'AWS::StackName' }, Suffix: 'queue' }] } } },
        },
      }),
    },
    {
      name: 'Fn::If and resource Condition name defined conditions',
      code: cfn({
        Parameters: { Env: { Type: 'String', Default: 'dev' } },
        Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] }, IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] } },
        Resources: { Data: { Type: 'AWS::S3::Bucket', Condition: 'IsProd', Properties: { BucketName: { 'Fn::If': ['IsDev', 'dev-data', 'prod-data'] } } } },
        Outputs: { Bucket: { Condition: 'IsProd', Value: { Ref: 'Data' } } },
      }),
    },
    {
      name: 'SAM: ServerlessRestApi, <Fn>Role, <Fn>Url, .Stage and .Deployment are implicit',
      code: sam({
        Resources: {
          MyFunction: fn({ FunctionUrlConfig: { AuthType: 'AWS_IAM' }, Events: { Get: apiEvent('/pets', 'get') } }),
          MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } },
        },
        Outputs: {
          Api: { Value: { Ref: 'ServerlessRestApi' } },
          Endpoint: { Value: { 'Fn::Sub': 'https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/' } },
          Root: { Value: { 'Fn::GetAtt': ['ServerlessRestApi', 'RootResourceId'] } },
          Role: { Value: { 'Fn::GetAtt': ['MyFunctionRole', 'Arn'] } },
          RoleName: { Value: { Ref: 'MyFunctionRole' } },
          Url: { Value: { 'Fn::GetAtt': ['MyFunctionUrl', 'FunctionUrl'] } },
          Stage: { Value: { Ref: 'MyApi.Stage' } },
          Deployment: { Value: { Ref: 'MyApi.Deployment' } },
          StageInSub: { Value: { 'Fn::Sub': '${MyApi}/${MyApi.Stage}' } },
        },
      }),
    },
    {
      name: 'SAM: generated stage logical ids follow the stage name',
      code: sam({
        Resources: {
          MyFunction: fn({ Events: { Get: apiEvent('/pets', 'get') } }),
          MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } },
          MyHttpApi: { Type: 'AWS::Serverless::HttpApi' },
        },
        Outputs: {
          Implicit: { Value: { Ref: 'ServerlessRestApiProdStage' } },
          Named: { Value: { Ref: 'MyApiprodStage' } },
          HttpDefault: { Value: { Ref: 'MyHttpApiApiGatewayDefaultStage' } },
          HttpStage: { Value: { Ref: 'MyHttpApi.Stage' } },
        },
      }),
    },
    {
      name: 'SAM: Ref in Globals',
      code: sam({
        Parameters: { Table: { Type: 'String' } },
        Globals: { Function: { Environment: { Variables: { TABLE: { Ref: 'Table' } } } } },
        Resources: { MyFunction: fn() },
      }),
    },
    {
      name: 'YAML short forms',
      format: 'yaml',
      code: [
        'Transform: AWS::Serverless-2016-10-31',
        'Parameters:',
        '  Env: {Type: String}',
        'Conditions:',
        '  IsProd: !Equals [!Ref Env, prod]',
        '  NotProd: !Not [!Condition IsProd]',
        'Resources:',
        '  MyFunction:',
        '    Type: AWS::Serverless::Function',
        '    Condition: IsProd',
        '    Properties:',
        '      Handler: index.handler',
        '      FunctionUrlConfig: {AuthType: NONE}',
        '      Events:',
        '        Get: {Type: Api, Properties: {Path: /, Method: get}}',
        '      Environment:',
        '        Variables:',
        '          NAME: !If [NotProd, !Sub "${AWS::StackName}-${!Literal}", !Ref AWS::NoValue]',
        '          API: !Sub "${ServerlessRestApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}"',
        '          ROLE: !GetAtt MyFunctionRole.Arn',
        '          URL: !GetAtt MyFunctionUrl.FunctionUrl',
        '          MAP: !Sub ["${A}-${Env}", {A: !Ref Env}]',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'Ref to an undefined name, with a near miss',
      code: cfn({ Resources: { MyBucket: bucket }, Outputs: { Name: { Value: { Ref: 'MyBuckt' } } } }),
      expected: [{ messageId: 'ref', path: ['Outputs', 'Name', 'Value', 'Ref'], data: { name: 'MyBuckt', hint: ' Did you mean "MyBucket"?' } }],
    },
    {
      name: 'Ref to an undefined name, nothing close',
      code: cfn({ Resources: { MyBucket: bucket }, Outputs: { Name: { Value: { Ref: 'SomethingElse' } } } }),
      expected: [{ messageId: 'ref', path: ['Outputs', 'Name', 'Value', 'Ref'], data: { name: 'SomethingElse', hint: '' }, severity: 'error' }],
    },
    {
      name: 'misspelt pseudo parameter',
      code: cfn({ Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { Ref: 'AWS::StackNme' } } } } }),
      expected: [{ messageId: 'ref', path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Ref'], data: { name: 'AWS::StackNme' } }],
    },
    {
      name: 'Fn::GetAtt on an undefined resource',
      code: cfn({ Resources: { MyQueue: { Type: 'AWS::SQS::Queue' } }, Outputs: { Arn: { Value: { 'Fn::GetAtt': ['MyQeue', 'Arn'] } } } }),
      expected: [{ messageId: 'getAtt', path: ['Outputs', 'Arn', 'Value', 'Fn::GetAtt'], data: { name: 'MyQeue', hint: ' Did you mean "MyQueue"?' } }],
    },
    {
      name: 'Fn::Sub variable that nothing defines',
      code: cfn({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${AWS::StackName}-${Stage}' } } } } }),
      expected: [{ messageId: 'sub', path: ['Resources', 'Queue', 'Properties', 'QueueName', 'Fn::Sub'], data: { name: 'Stage' } }],
    },
    {
      name: 'Fn::Sub attribute of an undefined resource',
      code: cfn({ Resources: { Data: bucket, Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': '${Dta.Arn}' } } } } }),
      expected: [{ messageId: 'sub', path: ['Resources', 'Queue', 'Properties', 'QueueName', 'Fn::Sub'], data: { name: 'Dta', hint: ' Did you mean "Data"?' } }],
    },
    {
      name: 'Fn::Sub with a variable map lacking one name',
      code: cfn({ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: { 'Fn::Sub': ['${Prefix}-${Suffix}', { Prefix: 'app' }] } } } } }),
      expected: [{ messageId: 'sub', path: ['Resources', 'Queue', 'Properties', 'QueueName', 'Fn::Sub'], data: { name: 'Suffix' } }],
    },
    {
      name: 'Fn::If with an undefined condition',
      code: cfn({
        Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } },
        Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::If': ['IsPord', 'prod', 'dev'] } } } },
      }),
      expected: [{ messageId: 'condition', path: ['Resources', 'Data', 'Properties', 'BucketName', 'Fn::If', 0], data: { name: 'IsPord', hint: ' Did you mean "IsProd"?' } }],
    },
    {
      name: 'resource Condition that is not defined',
      code: cfn({ Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } }, Resources: { Data: { Type: 'AWS::S3::Bucket', Condition: 'IsProdd' } } }),
      expected: [{ messageId: 'condition', path: ['Resources', 'Data', 'Condition'], data: { name: 'IsProdd', hint: ' Did you mean "IsProd"?' } }],
    },
    {
      name: 'resource Condition without a Conditions section',
      code: cfn({ Resources: { Data: { Type: 'AWS::S3::Bucket', Condition: 'IsProd' } } }),
      expected: [{ messageId: 'condition', path: ['Resources', 'Data', 'Condition'], data: { name: 'IsProd', hint: '' } }],
    },
    {
      name: 'output Condition that is not defined',
      code: cfn({ Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } }, Resources: { Data: bucket }, Outputs: { Name: { Condition: 'IsPrd', Value: { Ref: 'Data' } } } }),
      expected: [{ messageId: 'condition', path: ['Outputs', 'Name', 'Condition'], data: { name: 'IsPrd', hint: ' Did you mean "IsProd"?' } }],
    },
    {
      name: 'condition named inside Fn::And (long form)',
      code: cfn({
        Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] }, Both: { 'Fn::And': [{ Condition: 'IsProd' }, { Condition: 'IsPrdo' }] } },
        Resources: { Data: bucket },
      }),
      expected: [{ messageId: 'condition', path: ['Conditions', 'Both', 'Fn::And', 1, 'Condition'], data: { name: 'IsPrdo', hint: ' Did you mean "IsProd"?' } }],
    },
    {
      name: 'SAM: <Fn>Role is not implicit when the function names its Role',
      code: sam({
        Resources: { Exec: { Type: 'AWS::IAM::Role' }, MyFunction: fn({ Role: { 'Fn::GetAtt': ['Exec', 'Arn'] } }) },
        Outputs: { Role: { Value: { 'Fn::GetAtt': ['MyFunctionRole', 'Arn'] } } },
      }),
      expected: [{ messageId: 'getAtt', path: ['Outputs', 'Role', 'Value', 'Fn::GetAtt'], data: { name: 'MyFunctionRole' } }],
    },
    {
      name: 'SAM: <Fn>Url only exists with FunctionUrlConfig',
      code: sam({ Resources: { MyFunction: fn() }, Outputs: { Url: { Value: { 'Fn::GetAtt': ['MyFunctionUrl', 'FunctionUrl'] } } } }),
      expected: [{ messageId: 'getAtt', path: ['Outputs', 'Url', 'Value', 'Fn::GetAtt'], data: { name: 'MyFunctionUrl' } }],
    },
    {
      name: 'SAM: ServerlessRestApi only exists with an Api event that names no RestApiId',
      code: sam({
        Resources: { MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } }, MyFunction: fn({ Events: { Get: apiEvent('/', 'get', { RestApiId: { Ref: 'MyApi' } }) } }) },
        Outputs: { Api: { Value: { Ref: 'ServerlessRestApi' } } },
      }),
      expected: [{ messageId: 'ref', path: ['Outputs', 'Api', 'Value', 'Ref'], data: { name: 'ServerlessRestApi' } }],
    },
    {
      name: 'SAM: a misspelt API attribute reference',
      code: sam({ Resources: { MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } } }, Outputs: { Stage: { Value: { Ref: 'MyApi.Stages' } } } }),
      expected: [{ messageId: 'ref', path: ['Outputs', 'Stage', 'Value', 'Ref'], data: { name: 'MyApi.Stages' } }],
    },
    {
      name: 'SAM: the generated Deployment has a hash in its logical id; use MyApi.Deployment',
      code: sam({ Resources: { MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } } }, Outputs: { Deployment: { Value: { Ref: 'MyApiDeployment' } } } }),
      expected: [{ messageId: 'ref', path: ['Outputs', 'Deployment', 'Value', 'Ref'], data: { name: 'MyApiDeployment' } }],
    },
    {
      name: 'SAM: a stage logical id that does not match the StageName',
      code: sam({ Resources: { MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } } }, Outputs: { Stage: { Value: { Ref: 'MyApiDevStage' } } } }),
      expected: [{ messageId: 'ref', path: ['Outputs', 'Stage', 'Value', 'Ref'], data: { name: 'MyApiDevStage' } }],
    },
    {
      name: 'several in one template',
      code: cfn({
        Parameters: { Env: { Type: 'String' } },
        Resources: { Data: { Type: 'AWS::S3::Bucket', Properties: { BucketName: { 'Fn::Sub': '${Envv}-data' }, Tags: [{ Key: 'env', Value: { Ref: 'Enviroment' } }] } } },
      }),
      expected: [
        { messageId: 'sub', path: ['Resources', 'Data', 'Properties', 'BucketName', 'Fn::Sub'], data: { name: 'Envv', hint: ' Did you mean "Env"?' } },
        { messageId: 'ref', path: ['Resources', 'Data', 'Properties', 'Tags', 0, 'Value', 'Ref'], data: { name: 'Enviroment' } },
      ],
    },
    {
      name: 'YAML short forms: !Ref, !GetAtt, !Sub, !If and !Condition',
      format: 'yaml',
      code: [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Parameters:',
        '  Env: {Type: String}',
        'Conditions:',
        '  IsProd: !Equals [!Ref Env, prod]',
        '  NotProd: !Not [!Condition IsPord]',
        'Resources:',
        '  MyBucket:',
        '    Type: AWS::S3::Bucket',
        '    Properties:',
        '      BucketName: !If [IsProdd, !Sub "${Envv}-data", !Ref AWS::NoValue]',
        '  Topic:',
        '    Type: AWS::SNS::Topic',
        '    Properties:',
        '      TopicName: !GetAtt MyBuckett.Arn',
        '      DisplayName: !Ref MyBuckt',
        '',
      ].join('\n'),
      expected: [
        { messageId: 'condition', path: ['Conditions', 'NotProd', 'Fn::Not', 0, 'Condition'], data: { name: 'IsPord', hint: ' Did you mean "IsProd"?' } },
        { messageId: 'condition', path: ['Resources', 'MyBucket', 'Properties', 'BucketName', 'Fn::If', 0], data: { name: 'IsProdd' } },
        { messageId: 'sub', path: ['Resources', 'MyBucket', 'Properties', 'BucketName', 'Fn::If', 1, 'Fn::Sub'], data: { name: 'Envv' } },
        { messageId: 'getAtt', path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Fn::GetAtt'], data: { name: 'MyBuckett', hint: ' Did you mean "MyBucket"?' } },
        { messageId: 'ref', path: ['Resources', 'Topic', 'Properties', 'DisplayName', 'Ref'], data: { name: 'MyBuckt' } },
      ],
    },
    {
      name: 'YAML short forms in a SAM template: implicit names are fine, others are not',
      format: 'yaml',
      code: [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  MyApi:',
        '    Type: AWS::Serverless::Api',
        '    Properties: {StageName: prod}',
        '  MyFunction:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: index.handler',
        '      Events:',
        '        Get: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /, Method: get}}',
        'Outputs:',
        '  Stage: {Value: !Ref MyApi.Stage}',
        '  Deployment: {Value: !Sub "${MyApi.Deployment}"}',
        '  Role: {Value: !GetAtt MyFunctionRole.Arn}',
        '  Url: {Value: !GetAtt MyFunctionUrl.FunctionUrl}',
        '',
      ].join('\n'),
      expected: [{ messageId: 'getAtt', path: ['Outputs', 'Url', 'Value', 'Fn::GetAtt'], data: { name: 'MyFunctionUrl' } }],
    },
  ],
});

checkFix('cfn/unresolved-ref', {
  name: 'Ref near miss (JSON)',
  format: 'json',
  code: '{"Resources": {"MyBucket": {"Type": "AWS::S3::Bucket"}}, "Outputs": {"Name": {"Value": {"Ref": "MyBuckt"}}}}',
  path: ['Outputs', 'Name', 'Value', 'Ref'],
  output: '{"Resources": {"MyBucket": {"Type": "AWS::S3::Bucket"}}, "Outputs": {"Name": {"Value": {"Ref": "MyBucket"}}}}',
});

checkFix('cfn/unresolved-ref', {
  name: 'Ref near miss, short form (YAML)',
  format: 'yaml',
  code: 'Resources:\n  MyBucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  Name:\n    Value: !Ref MyBuckt\n',
  path: ['Outputs', 'Name', 'Value', 'Ref'],
  output: 'Resources:\n  MyBucket:\n    Type: AWS::S3::Bucket\nOutputs:\n  Name:\n    Value: !Ref MyBucket\n',
});

checkFix('cfn/unresolved-ref', {
  name: 'Ref near miss to a parameter, long form keeps quotes (YAML)',
  format: 'yaml',
  code: "Parameters:\n  Env:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName:\n        Ref: 'Evn'\n",
  path: ['Resources', 'Topic', 'Properties', 'TopicName', 'Ref'],
  output: "Parameters:\n  Env:\n    Type: String\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName:\n        Ref: 'Env'\n",
});

checkFix('cfn/unresolved-ref', {
  name: 'resource Condition near miss (JSON)',
  format: 'json',
  code: '{"Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}}, "Resources": {"Data": {"Type": "AWS::S3::Bucket", "Condition": "IsProdd"}}}',
  path: ['Resources', 'Data', 'Condition'],
  output: '{"Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}}, "Resources": {"Data": {"Type": "AWS::S3::Bucket", "Condition": "IsProd"}}}',
});

checkFix('cfn/unresolved-ref', {
  name: 'resource Condition near miss (YAML)',
  format: 'yaml',
  code: 'Conditions:\n  IsProd: !Equals [a, b]\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Condition: IsPrd\n',
  path: ['Resources', 'Data', 'Condition'],
  output: 'Conditions:\n  IsProd: !Equals [a, b]\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n    Condition: IsProd\n',
});

checkFix('cfn/unresolved-ref', {
  name: 'condition near miss inside Fn::Or, long form (JSON)',
  format: 'json',
  code: '{"Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}, "Either": {"Fn::Or": [{"Condition": "IsPord"}, {"Fn::Equals": ["a", "c"]}]}}, "Resources": {"Data": {"Type": "AWS::S3::Bucket"}}}',
  path: ['Conditions', 'Either', 'Fn::Or', 0, 'Condition'],
  output: '{"Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}, "Either": {"Fn::Or": [{"Condition": "IsProd"}, {"Fn::Equals": ["a", "c"]}]}}, "Resources": {"Data": {"Type": "AWS::S3::Bucket"}}}',
});
