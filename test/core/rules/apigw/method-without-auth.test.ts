import { ruleTester } from '../../../helpers';

// SAM ----------------------------------------------------------------------------------

const samApi = (auth: Record<string, unknown> | undefined): unknown => ({ Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod', ...(auth ? { Auth: auth } : {}) } });
/** An Api event; `api: null` leaves out RestApiId, so the event goes to SAM's implicit ServerlessRestApi. */
const event = (path: string, method: string, auth?: Record<string, unknown>, api: string | null = 'MyApi'): unknown => ({
  Type: 'Api',
  Properties: { ...(api ? { RestApiId: { Ref: api } } : {}), Path: path, Method: method, ...(auth ? { Auth: auth } : {}) },
});
const samTemplate = (api: unknown, events: Record<string, unknown>): unknown => ({
  Transform: 'AWS::Serverless-2016-10-31',
  Resources: {
    ...(api ? { MyApi: api } : {}),
    Pets: { Type: 'AWS::Serverless::Function', Properties: { Handler: 'index.handler', Runtime: 'nodejs20.x', Events: events } },
  },
});

// CloudFormation -----------------------------------------------------------------------

const method = (verb: string, authorizationType: string, more: Record<string, unknown> = {}): unknown => ({
  Type: 'AWS::ApiGateway::Method',
  Properties: { RestApiId: { Ref: 'MyApi' }, ResourceId: { Ref: 'PetsResource' }, HttpMethod: verb, AuthorizationType: authorizationType, Integration: { Type: 'MOCK' }, ...more },
});
const cfnTemplate = (methods: Record<string, unknown>, apiProperties: Record<string, unknown> = {}, more: Record<string, unknown> = {}): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    MyApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'pets', ...apiProperties } },
    PetsResource: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'MyApi' }, ParentId: { 'Fn::GetAtt': ['MyApi', 'RootResourceId'] }, PathPart: 'pets' } },
    ...methods,
    ...more,
  },
});

// OpenAPI ------------------------------------------------------------------------------

const sigv4Scheme = { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } };
const mock = { 'x-amazon-apigateway-integration': { type: 'mock' } };
const openapi = (paths: Record<string, unknown>, more: Record<string, unknown> = {}): Record<string, unknown> => ({
  openapi: '3.0.1',
  info: { title: 'pets', version: '1' },
  paths,
  components: { securitySchemes: sigv4Scheme },
  ...more,
});

ruleTester('apigw/method-without-auth', {
  valid: [
    {
      name: 'SAM: every method uses the AWS_IAM default; OPTIONS is open',
      code: samTemplate(samApi({ DefaultAuthorizer: 'AWS_IAM' }), { Get: event('/pets', 'get'), Post: event('/pets', 'post'), Preflight: event('/pets', 'options', { Authorizer: 'NONE' }) }),
    },
    {
      name: 'SAM: a Cognito default and one open event (no IAM to be mixed with)',
      code: samTemplate(samApi({ DefaultAuthorizer: 'Users', Authorizers: { Users: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc' } } }), {
        Get: event('/pets', 'get'),
        Health: event('/health', 'get', { Authorizer: 'NONE' }),
      }),
    },
    {
      name: 'SAM: an open API with a resource policy',
      code: samTemplate(samApi({ ResourcePolicy: { IpRangeWhitelist: ['192.0.2.0/24'] } }), { Get: event('/pets', 'get') }),
    },
    {
      name: 'SAM: an open method with an API key',
      code: samTemplate(samApi({ DefaultAuthorizer: 'AWS_IAM' }), { Get: event('/pets', 'get'), Partner: event('/partner', 'get', { Authorizer: 'NONE', ApiKeyRequired: true }) }),
    },
    { name: 'CloudFormation: every method uses AWS_IAM', code: cfnTemplate({ GetPets: method('GET', 'AWS_IAM'), PostPets: method('POST', 'AWS_IAM'), OptionsPets: method('OPTIONS', 'NONE') }) },
    { name: 'CloudFormation: open methods that need an API key', code: cfnTemplate({ GetPets: method('GET', 'NONE', { ApiKeyRequired: true }) }) },
    {
      name: 'CloudFormation: open methods behind a resource policy',
      code: cfnTemplate(
        { GetPets: method('GET', 'NONE') },
        { Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } } }] } },
      ),
    },
    {
      name: 'CloudFormation: a WebSocket API',
      code: {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Chat: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } },
          Connect: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Chat' }, RouteKey: '$connect', AuthorizationType: 'AWS_IAM' } },
          Send: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Chat' }, RouteKey: 'send', AuthorizationType: 'NONE' } },
        },
      },
    },
    {
      name: 'inline OpenAPI body: every operation signs with SigV4',
      code: cfnTemplate({}, { Body: openapi({ '/pets': { get: { security: [{ sigv4: [] }], ...mock }, post: { security: [{ sigv4: [] }], ...mock } } }) }),
    },
    { name: 'OpenAPI file: SigV4 for every operation', code: openapi({ '/pets': { get: mock, post: mock }, '/': { get: mock } }, { security: [{ sigv4: [] }] }) },
    {
      name: 'OpenAPI file: open operations behind a resource policy',
      code: openapi(
        { '/pets': { get: mock } },
        { 'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] } },
      ),
    },
    {
      name: 'YAML short forms: CloudFormation methods all with AWS_IAM',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  Pets:',
        '    Type: AWS::ApiGateway::Resource',
        '    Properties: {RestApiId: !Ref MyApi, ParentId: !GetAtt MyApi.RootResourceId, PathPart: pets}',
        '  GetPets:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties: {RestApiId: !Ref MyApi, ResourceId: !Ref Pets, HttpMethod: GET, AuthorizationType: !If [IsProd, AWS_IAM, AWS_IAM]}',
        '',
      ].join('\n'),
    },
  ],
  invalid: [
    {
      name: 'SAM: AWS_IAM default, one event with Authorizer NONE',
      code: samTemplate(samApi({ DefaultAuthorizer: 'AWS_IAM' }), {
        Get: event('/pets', 'get'),
        Health: event('/health', 'get', { Authorizer: 'NONE' }),
        Preflight: event('/pets', 'options', { Authorizer: 'NONE' }),
      }),
      expected: [{ messageId: 'mixed', path: ['Resources', 'Pets', 'Properties', 'Events', 'Health'], data: { method: 'GET', path: '/health', api: 'MyApi' }, severity: 'warning' }],
    },
    {
      name: 'SAM: no default, one event with Authorizer AWS_IAM',
      code: samTemplate(samApi(undefined), { Get: event('/pets', 'get', { Authorizer: 'AWS_IAM' }), Delete: event('/pets/{id}', 'delete') }),
      expected: [{ messageId: 'mixed', path: ['Resources', 'Pets', 'Properties', 'Events', 'Delete'], data: { method: 'DELETE', path: '/pets/{id}' } }],
    },
    {
      name: 'SAM: the implicit ServerlessRestApi with no auth, at its first event',
      code: samTemplate(undefined, { Get: event('/pets', 'get', undefined, null), Post: event('/pets', 'post', undefined, null) }),
      expected: [{ messageId: 'noAuth', path: ['Resources', 'Pets', 'Properties', 'Events', 'Get'], data: { api: 'ServerlessRestApi' }, severity: 'info' }],
    },
    {
      name: 'SAM: an API without auth, at the API',
      code: samTemplate(samApi(undefined), { Get: event('/pets', 'get') }),
      expected: [{ messageId: 'noAuth', path: ['Resources', 'MyApi'], data: { api: 'MyApi' } }],
    },
    {
      name: 'CloudFormation: one method without auth among AWS_IAM methods; OPTIONS ignored',
      code: cfnTemplate({ GetPets: method('GET', 'AWS_IAM'), PostPets: method('POST', 'NONE'), OptionsPets: method('OPTIONS', 'NONE') }),
      expected: [{ messageId: 'mixed', path: ['Resources', 'PostPets'], data: { method: 'POST', path: '/pets', api: 'MyApi' } }],
    },
    {
      name: 'CloudFormation: a method on the root resource',
      code: cfnTemplate({
        GetPets: method('GET', 'AWS_IAM'),
        GetRoot: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'MyApi' }, ResourceId: { 'Fn::GetAtt': ['MyApi', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'NONE' } },
      }),
      expected: [{ messageId: 'mixed', path: ['Resources', 'GetRoot'], data: { method: 'GET', path: '/' } }],
    },
    {
      name: 'CloudFormation: no method has auth',
      code: cfnTemplate({ GetPets: method('GET', 'NONE'), PostPets: method('POST', 'NONE') }),
      expected: [{ messageId: 'noAuth', path: ['Resources', 'MyApi'], data: { api: 'MyApi' }, severity: 'info' }],
    },
    {
      name: "CloudFormation: another resource's policy does not protect the API",
      code: cfnTemplate({ GetPets: method('GET', 'NONE') }, {}, {
        Files: { Type: 'AWS::S3::Bucket' },
        FilesPolicy: {
          Type: 'AWS::S3::BucketPolicy',
          Properties: {
            Bucket: { Ref: 'Files' },
            PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::files/*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] },
          },
        },
      }),
      expected: [{ messageId: 'noAuth', path: ['Resources', 'MyApi'], data: { api: 'MyApi' } }],
    },
    {
      name: 'CloudFormation: an HTTP API route without auth',
      code: {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'pets', ProtocolType: 'HTTP' } },
          GetPets: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Http' }, RouteKey: 'GET /pets', AuthorizationType: 'AWS_IAM' } },
          Default: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Http' }, RouteKey: '$default' } },
        },
      },
      expected: [{ messageId: 'mixed', path: ['Resources', 'Default'], data: { method: 'ANY', path: '$default', api: 'Http' } }],
    },
    {
      name: 'inline OpenAPI body with an awsSigv4 scheme and one open operation',
      code: cfnTemplate({}, { Body: openapi({ '/pets': { get: { security: [{ sigv4: [] }], ...mock }, options: mock }, '/public': { get: mock } }) }),
      expected: [{ messageId: 'mixed', path: ['Resources', 'MyApi', 'Properties', 'Body', 'paths', '/public', 'get'], data: { method: 'GET', path: '/public', api: 'MyApi' } }],
    },
    {
      name: 'OpenAPI file with no auth: at the first method, root 0',
      code: openapi({ '/pets': { options: mock, get: mock, post: mock }, '/pets/{id}': { get: mock } }),
      expected: [{ messageId: 'noAuth', path: ['paths', '/pets', 'get'], root: 0, data: { api: 'openapi' }, severity: 'info' }],
    },
    {
      name: 'OpenAPI file: an empty security list opts one operation out',
      code: openapi({ '/pets': { get: mock }, '/health': { get: { security: [], ...mock } } }, { security: [{ sigv4: [] }] }),
      expected: [{ messageId: 'mixed', path: ['paths', '/health', 'get'], data: { method: 'GET', path: '/health' } }],
    },
    {
      name: 'Swagger 2 file with x-amazon-apigateway-auth',
      code: {
        swagger: '2.0',
        info: { title: 'pets', version: '1' },
        paths: { '/pets': { get: { 'x-amazon-apigateway-auth': { type: 'AWS_IAM' }, ...mock }, 'x-amazon-apigateway-any-method': mock } },
      },
      expected: [{ messageId: 'mixed', path: ['paths', '/pets', 'x-amazon-apigateway-any-method'], data: { method: 'ANY', path: '/pets' } }],
    },
    {
      name: 'YAML short forms: a CloudFormation method tree',
      format: 'yaml',
      code: [
        'Resources:',
        '  MyApi: {Type: AWS::ApiGateway::RestApi}',
        '  Pets:',
        '    Type: AWS::ApiGateway::Resource',
        '    Properties: {RestApiId: !Ref MyApi, ParentId: !GetAtt MyApi.RootResourceId, PathPart: pets}',
        '  Pet:',
        '    Type: AWS::ApiGateway::Resource',
        '    Properties: {RestApiId: !Ref MyApi, ParentId: !Ref Pets, PathPart: "{id}"}',
        '  GetPets:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties: {RestApiId: !Ref MyApi, ResourceId: !Ref Pets, HttpMethod: GET, AuthorizationType: AWS_IAM}',
        '  DeletePet:',
        '    Type: AWS::ApiGateway::Method',
        '    Properties: {RestApiId: !Ref MyApi, ResourceId: !Ref Pet, HttpMethod: DELETE, AuthorizationType: NONE}',
        '',
      ].join('\n'),
      expected: [{ messageId: 'mixed', path: ['Resources', 'DeletePet'], data: { method: 'DELETE', path: '/pets/{id}', api: 'MyApi' } }],
    },
    {
      name: 'YAML short forms: SAM event with Authorizer NONE',
      format: 'yaml',
      code: [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  MyApi:',
        '    Type: AWS::Serverless::Api',
        '    Properties: {StageName: prod, Auth: {DefaultAuthorizer: AWS_IAM}}',
        '  Pets:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: index.handler',
        '      Role: !GetAtt Exec.Arn',
        '      Events:',
        '        Get: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /pets, Method: get}}',
        '        Open: {Type: Api, Properties: {RestApiId: !Ref MyApi, Path: /open, Method: get, Auth: {Authorizer: NONE}}}',
        '',
      ].join('\n'),
      expected: [{ messageId: 'mixed', path: ['Resources', 'Pets', 'Properties', 'Events', 'Open'], data: { method: 'GET', path: '/open', api: 'MyApi' } }],
    },
  ],
});
