import { ruleTester } from '../../../helpers';

const api = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'pets' } };
const fn = { Type: 'AWS::Lambda::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Role: 'arn:aws:iam::123456789012:role/exec' } };

/** A template with an API, a function and one permission with the given properties. */
const template = (permission: Record<string, unknown>): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    MyApi: api,
    Fn: fn,
    Invoke: { Type: 'AWS::Lambda::Permission', Properties: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: 'Fn' }, ...permission } },
  },
});
const fromApiGateway = { Principal: 'apigateway.amazonaws.com' };

ruleTester('apigw/lambda-permission-source-arn', {
  valid: [
    {
      name: 'Fn::Sub naming the API',
      code: template({ ...fromApiGateway, SourceArn: { 'Fn::Sub': 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets' } }),
    },
    {
      name: 'Fn::Sub naming the API, any stage and method',
      code: template({ ...fromApiGateway, SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*' } }),
    },
    {
      name: 'Fn::Join naming the API',
      code: template({ ...fromApiGateway, SourceArn: { 'Fn::Join': ['', ['arn:aws:execute-api:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':', { Ref: 'MyApi' }, '/*/*/*']] } }),
    },
    { name: 'a literal API id', code: template({ ...fromApiGateway, SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5/prod/GET/pets' }) },
    { name: 'an authorizer permission', code: template({ ...fromApiGateway, SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/authorizers/*' } }) },
    { name: 'another principal without SourceArn', code: template({ Principal: 's3.amazonaws.com', SourceAccount: { Ref: 'AWS::AccountId' } }) },
    { name: 'an account principal', code: template({ Principal: '123456789012' }) },
    {
      name: 'YAML short form !Sub with ${MyApi}',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  Invoke:',
        '    Type: AWS::Lambda::Permission',
        '    Properties:',
        '      Action: lambda:InvokeFunction',
        '      FunctionName: !GetAtt Fn.Arn',
        '      Principal: apigateway.amazonaws.com',
        '      SourceArn: !Sub arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'no SourceArn',
      code: template(fromApiGateway),
      expected: [{ messageId: 'missing', path: ['Resources', 'Invoke', 'Properties', 'Principal'], severity: 'warning' }],
    },
    {
      name: 'no SourceArn, only SourceAccount',
      code: template({ ...fromApiGateway, SourceAccount: { Ref: 'AWS::AccountId' } }),
      expected: [{ messageId: 'missing', path: ['Resources', 'Invoke', 'Properties', 'Principal'] }],
    },
    {
      name: 'a wildcard API id',
      code: template({ ...fromApiGateway, SourceArn: 'arn:aws:execute-api:us-east-1:123456789012:*/*/GET/x' }),
      expected: [{ messageId: 'wideApi', path: ['Resources', 'Invoke', 'Properties', 'SourceArn'], data: { arn: 'arn:aws:execute-api:us-east-1:123456789012:*/*/GET/x' } }],
    },
    {
      name: 'every execute-api ARN',
      code: template({ ...fromApiGateway, SourceArn: 'arn:aws:execute-api:*:*:*' }),
      expected: [{ messageId: 'wideApi', path: ['Resources', 'Invoke', 'Properties', 'SourceArn'] }],
    },
    {
      name: 'a wildcard API id in Fn::Sub',
      code: template({ ...fromApiGateway, SourceArn: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/prod/*' } }),
      expected: [
        { messageId: 'wideApi', path: ['Resources', 'Invoke', 'Properties', 'SourceArn'], data: { arn: 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/prod/*' } },
      ],
    },
    {
      name: 'a wildcard API id in one branch of Fn::If',
      code: template({ ...fromApiGateway, SourceArn: { 'Fn::If': ['Open', 'arn:aws:execute-api:us-east-1:123456789012:*', { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*' }] } }),
      expected: [{ messageId: 'wideApi', path: ['Resources', 'Invoke', 'Properties', 'SourceArn'] }],
    },
    {
      name: 'YAML short forms',
      format: 'yaml',
      code: [
        'Resources:',
        '  Open:',
        '    Type: AWS::Lambda::Permission',
        '    Properties:',
        '      Action: lambda:InvokeFunction',
        '      FunctionName: !Ref Fn',
        '      Principal: apigateway.amazonaws.com',
        '  Wide:',
        '    Type: AWS::Lambda::Permission',
        '    Properties:',
        '      Action: lambda:InvokeFunction',
        '      FunctionName: !GetAtt Fn.Arn',
        '      Principal: apigateway.amazonaws.com',
        '      SourceArn: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*/GET/x',
        '',
      ].join('\n'),
      expected: [
        { messageId: 'missing', path: ['Resources', 'Open', 'Properties', 'Principal'] },
        { messageId: 'wideApi', path: ['Resources', 'Wide', 'Properties', 'SourceArn'], data: { arn: 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:*/*/GET/x' } },
      ],
    },
  ],
});
