import { ruleTester } from '../../../helpers';

const method = (auth: string): Record<string, unknown> => ({
  Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
  Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: auth } },
});
const caller = (resource: string): Record<string, unknown> => ({
  Caller: {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
      Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: { 'Fn::Sub': resource } }] } }],
    },
  },
});

ruleTester('apigw/iam-method-unreachable', {
  valid: [
    { name: 'a role of the template may invoke it', code: { Resources: { ...method('AWS_IAM'), ...caller('arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*') } } },
    { name: 'a method without IAM authorization is not judged', code: { Resources: method('NONE') } },
  ],
  invalid: [
    {
      name: 'nobody in the template may invoke it',
      code: { Resources: method('AWS_IAM') },
      expected: [{ messageId: 'unreachable', path: ['Resources', 'Get'], data: { method: 'GET', path: '/' } }],
    },
    {
      name: 'the only grant names another path',
      code: { Resources: { ...method('AWS_IAM'), ...caller('arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/other') } },
      expected: [{ messageId: 'unreachable', path: ['Resources', 'Get'], data: { method: 'GET', path: '/' } }],
    },
  ],
});
