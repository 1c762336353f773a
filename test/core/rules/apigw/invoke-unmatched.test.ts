import { ruleTester } from '../../../helpers';

const api = {
  Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
  Pets: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'pets' } },
  Pet: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { Ref: 'Pets' }, PathPart: '{petId}' } },
  GetPet: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { Ref: 'Pet' }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' } },
};
const withGrant = (resource: unknown, extra: Record<string, unknown> = {}): unknown => ({
  Resources: {
    ...api,
    ...extra,
    Grant: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource }] } },
    },
  },
});
const arn = (tail: string): unknown => ({ 'Fn::Sub': `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/${tail}` });
const RESOURCE = ['Resources', 'Grant', 'Properties', 'PolicyDocument', 'Statement', 0, 'Resource'];
/** A WebSocket API (one `$connect` route) and a grant on it. */
const webSocket = (tail: string, action = 'execute-api:ManageConnections'): unknown => ({
  Resources: {
    Ws: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } },
    Connect: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: '$connect', AuthorizationType: 'AWS_IAM' } },
    Production: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Ws' }, StageName: 'production' } },
    Grant: {
      Type: 'AWS::IAM::ManagedPolicy',
      Properties: {
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: action, Resource: { 'Fn::Sub': `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Ws}/${tail}` } }],
        },
      },
    },
  },
});

ruleTester('apigw/invoke-unmatched', {
  valid: [
    { name: 'a wildcard for the parameter', code: withGrant(arn('*/GET/pets/*')) },
    { name: 'the whole API', code: withGrant(arn('*')) },
    { name: 'any API at all is not judged', code: withGrant('arn:aws:execute-api:*:*:*/prod/GET/nowhere') },
    // {petId} as text matches only a request for the literal "{petId}": the ARN still
    // covers part of the method, so it is not unmatched (the grant is still wrong, and the
    // access matrix shows it as partial).
    { name: 'the template placeholder {petId} written literally', code: withGrant(arn('*/GET/pets/{petId}')) },
    { name: 'an unknown literal API id is not judged', code: withGrant('arn:aws:execute-api:us-east-1:111122223333:abc123/prod/GET/nowhere') },
    // The documented form for a WebSocket API's @connections (no route declares it).
    { name: 'ManageConnections on a WebSocket stage POST/@connections/*', code: webSocket('production/POST/@connections/*') },
    { name: 'ManageConnections on any verb of @connections', code: webSocket('*/*/@connections/*') },
    { name: 'Invoke on a WebSocket route', code: webSocket('production/$connect', 'execute-api:Invoke') },
  ],
  invalid: [
    {
      name: 'a WebSocket route that does not exist',
      code: webSocket('production/sendmessage', 'execute-api:Invoke'),
      expected: [{ messageId: 'unmatched', path: RESOURCE, data: { api: 'Ws' } }],
    },
    {
      name: 'a path that does not exist',
      code: withGrant(arn('*/GET/cats/*')),
      expected: [{ messageId: 'unmatched', path: RESOURCE, data: { api: 'Api' } }],
    },
    {
      name: 'a lower-case verb',
      code: withGrant([arn('*/get/pets/*')]),
      expected: [{ messageId: 'unmatched', path: [...RESOURCE, 0], data: { api: 'Api' } }],
    },
    {
      name: 'the resource policy shorthand naming a missing method',
      code: {
        Resources: {
          ...api,
          Api: {
            Type: 'AWS::ApiGateway::RestApi',
            Properties: { Name: 'a', Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/POST/pets' }] } },
          },
        },
      },
      expected: [{ messageId: 'unmatched', path: ['Resources', 'Api', 'Properties', 'Policy', 'Statement', 0, 'Resource'], data: { api: 'Api' } }],
    },
  ],
});
