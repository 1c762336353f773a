/**
 * The API inventory: each construct that defines API Gateway methods, in JSON and YAML,
 * and agreement with SAM translator inputs and outputs from the shared corpus.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { asBothFormats, parse } from '../../helpers';
import { apiInventory } from '../../../server/src/core/apigw/inventory';
import type { ApiInventory } from '../../../server/src/core/apigw/types';

/** One line per method: `api kind [stages] METHOD path AUTH verbs credentials`. */
function summary(inventory: ApiInventory): string[] {
  return inventory.methods.map((m) =>
    [m.api.id, m.api.kind, `[${m.api.stages.join(',')}]`, m.method, m.path, m.authorization.type + (m.authorization.authorizer ? `(${m.authorization.authorizer})` : ''), m.verbs.join('|'), m.credentials ?? '-']
      .join(' '),
  );
}

function both(name: string, code: unknown, expected: string[], fileName = 'api.json'): void {
  const texts = asBothFormats(code);
  for (const format of ['json', 'yaml'] as const) {
    test(`inventory: ${name} (${format})`, () => {
      assert.deepEqual(summary(apiInventory(parse(texts[format], format), { fileName })), expected);
    });
  }
}

const SAM = { AWSTemplateFormatVersion: '2010-09-09', Transform: 'AWS::Serverless-2016-10-31' };
const fn = (events: Record<string, unknown>): unknown => ({ Type: 'AWS::Serverless::Function', Properties: { Handler: 'a.h', Runtime: 'nodejs20.x', Events: events } });
const api = (type: 'Api' | 'HttpApi', props: Record<string, unknown>): unknown => ({ Type: type, Properties: props });
const serverless = (type: string, props: Record<string, unknown>): unknown => ({ Type: type, Properties: props });

both(
  'OpenAPI 3 with an awsSigv4 scheme, ANY beside GET, and a per-operation override',
  {
    openapi: '3.0.1',
    info: { title: 't', version: '1' },
    security: [{ sigv4: [] }],
    components: { securitySchemes: { sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' }, key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
    paths: {
      '/pets': {
        get: { 'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Pets/invocations', credentials: 'arn:aws:iam::*:user/*' } },
        'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': { type: 'mock' } },
      },
      '/health': { get: { 'x-amazon-apigateway-auth': { type: 'NONE' } } },
      '/keyed': { post: { security: [{ key: [] }] } },
    },
  },
  [
    'api.json REST [*] GET /pets AWS_IAM GET arn:aws:iam::*:user/*',
    'api.json REST [*] ANY /pets AWS_IAM POST|PUT|PATCH|DELETE|HEAD|OPTIONS -',
    'api.json REST [*] GET /health NONE GET -',
    'api.json REST [*] POST /keyed NONE POST -',
  ],
);

both(
  'OpenAPI 3 HTTP API with a $default route',
  {
    openapi: '3.0.1',
    info: { title: 't', version: '1' },
    paths: { '/$default': { 'x-amazon-apigateway-any-method': { isDefaultRoute: true, 'x-amazon-apigateway-integration': { type: 'aws_proxy', payloadFormatVersion: '2.0' } } } },
  },
  ['api.json HTTP [*] ANY $default NONE GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS -'],
);

both(
  'CloudFormation Resource/Method tree with {proxy+}, stages from Stage and Deployment',
  {
    Resources: {
      Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'a' } },
      Pets: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, PathPart: 'pets' } },
      Proxy: { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: { Ref: 'Pets' }, PathPart: '{proxy+}' } },
      RootGet: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'NONE' } },
      ProxyAny: {
        Type: 'AWS::ApiGateway::Method',
        Properties: {
          RestApiId: { Ref: 'Api' },
          ResourceId: { Ref: 'Proxy' },
          HttpMethod: 'ANY',
          AuthorizationType: 'AWS_IAM',
          Integration: { Type: 'AWS', Credentials: { 'Fn::GetAtt': ['Role', 'Arn'] }, Uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:kinesis:action/PutRecord' } },
        },
      },
      Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'dev' } },
      Prod: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
      Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
    },
  },
  ['Api REST [prod,dev] GET / NONE GET -', 'Api REST [prod,dev] ANY /pets/{proxy+} AWS_IAM GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS ${Role.Arn}'],
);

both(
  'API Gateway v2: routes, integrations, stages; WebSocket; quick create',
  {
    Resources: {
      Http: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
      Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Http' }, IntegrationType: 'AWS_PROXY', IntegrationUri: { 'Fn::GetAtt': ['Fn', 'Arn'] }, CredentialsArn: 'arn:aws:iam::111122223333:role/apigw' } },
      GetPets: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Http' }, RouteKey: 'GET /pets', AuthorizationType: 'AWS_IAM', Target: { 'Fn::Sub': 'integrations/${Integration}' } } },
      Default: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Http' }, RouteKey: '$default' } },
      Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Http' }, StageName: '$default' } },
      Ws: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } },
      Connect: { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Ws' }, RouteKey: '$connect', AuthorizationType: 'AWS_IAM' } },
      Quick: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP', Target: 'arn:aws:lambda:us-east-1:111122223333:function:quick' } },
    },
  },
  [
    'Quick HTTP [$default] ANY $default NONE GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS -',
    'Http HTTP [$default] GET /pets AWS_IAM GET arn:aws:iam::111122223333:role/apigw',
    'Http HTTP [$default] ANY $default NONE GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS -',
    'Ws WEBSOCKET [] ROUTE $connect AWS_IAM  -',
  ],
);

both(
  'SAM Api: DefaultAuthorizer AWS_IAM, per-event NONE and InvokeRole, implicit API with its Prod stage',
  {
    ...SAM,
    Resources: {
      MyApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'live', Auth: { DefaultAuthorizer: 'AWS_IAM' } } },
      F: fn({
        Get: api('Api', { RestApiId: { Ref: 'MyApi' }, Path: '/pets', Method: 'get' }),
        Open: api('Api', { RestApiId: { Ref: 'MyApi' }, Path: '/open', Method: 'get', Auth: { Authorizer: 'NONE' } }),
        Own: api('Api', { RestApiId: { Ref: 'MyApi' }, Path: '/own', Method: 'post', Auth: { InvokeRole: 'NONE' } }),
        Role: api('Api', { RestApiId: { Ref: 'MyApi' }, Path: '/role', Method: 'any', Auth: { InvokeRole: 'arn:aws:iam::111122223333:role/r' } }),
        Implicit: api('Api', { Path: '/implicit', Method: 'get' }),
      }),
    },
  },
  [
    'MyApi REST [live] GET /pets AWS_IAM GET arn:aws:iam::*:user/*',
    'MyApi REST [live] GET /open NONE GET -',
    'MyApi REST [live] POST /own AWS_IAM POST -',
    'MyApi REST [live] ANY /role AWS_IAM GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS arn:aws:iam::111122223333:role/r',
    'ServerlessRestApi REST [Prod] GET /implicit NONE GET -',
  ],
);

both(
  'SAM HttpApi with the IAM authorizer, and a WebSocketApi with AWS_IAM on $connect only',
  {
    ...SAM,
    Resources: {
      Http: { Type: 'AWS::Serverless::HttpApi', Properties: { Auth: { EnableIamAuthorizer: true, DefaultAuthorizer: 'AWS_IAM' } } },
      F: fn({ Get: api('HttpApi', { ApiId: { Ref: 'Http' }, Path: '/pets', Method: 'GET' }) }),
      Ws: { Type: 'AWS::Serverless::WebSocketApi', Properties: { Auth: { AuthType: 'AWS_IAM' }, Routes: { $connect: { FunctionArn: 'arn:aws:lambda:us-east-1:1:function:c' }, send: { FunctionArn: 'arn:aws:lambda:us-east-1:1:function:s' } } } },
    },
  },
  ['Ws WEBSOCKET [default] ROUTE $connect AWS_IAM  -', 'Ws WEBSOCKET [default] ROUTE send NONE  -', 'Http HTTP [$default] GET /pets AWS_IAM GET arn:aws:iam::*:user/*'],
);

both(
  'SAM DefinitionBody wins over per-event Auth unless OverrideApiAuth is set',
  {
    ...SAM,
    Resources: {
      MyApi: {
        Type: 'AWS::Serverless::Api',
        Properties: {
          StageName: 'prod',
          Auth: { DefaultAuthorizer: 'AWS_IAM' },
          DefinitionBody: { swagger: '2.0', info: { title: 't', version: '1' }, paths: { '/a': { get: {} } } },
        },
      },
      F: fn({
        B: api('Api', { RestApiId: { Ref: 'MyApi' }, Path: '/b', Method: 'get', Auth: { Authorizer: 'NONE' } }),
        C: api('Api', { RestApiId: { Ref: 'MyApi' }, Path: '/c', Method: 'get', Auth: { Authorizer: 'NONE', OverrideApiAuth: true } }),
      }),
    },
  },
  ['MyApi REST [prod] GET /a AWS_IAM GET -', 'MyApi REST [prod] GET /b AWS_IAM GET arn:aws:iam::*:user/*', 'MyApi REST [prod] GET /c NONE GET -'],
);

both(
  'an HttpApi JWT authorizer named AWS_IAM is JWT (issue #15), AWS_IAM with EnableIamAuthorizer is IAM',
  {
    ...SAM,
    Resources: {
      Jwt: serverless('AWS::Serverless::HttpApi', {
        Auth: { DefaultAuthorizer: 'AWS_IAM', Authorizers: { AWS_IAM: { IdentitySource: '$request.header.Authorization', JwtConfiguration: { issuer: 'https://issuer', audience: ['a'] } } } },
      }),
      Iam: serverless('AWS::Serverless::HttpApi', { Auth: { EnableIamAuthorizer: true, DefaultAuthorizer: 'AWS_IAM' } }),
      Fn: fn({
        A: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'Jwt' }, Path: '/a', Method: 'GET' } },
        B: { Type: 'HttpApi', Properties: { ApiId: { Ref: 'Iam' }, Path: '/b', Method: 'GET' } },
      }),
    },
  },
  ['Jwt HTTP [$default] GET /a JWT(AWS_IAM) GET -', 'Iam HTTP [$default] GET /b AWS_IAM GET arn:aws:iam::*:user/*'],
  'template.json',
);

both(
  'SAM sets no credentials for Cognito, NONE and null-InvokeRole events (issue #15)',
  {
    ...SAM,
    Resources: {
      Rest: serverless('AWS::Serverless::Api', {
        StageName: 'prod',
        Auth: { InvokeRole: 'CALLER_CREDENTIALS', Authorizers: { Pool: { UserPoolArn: 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/x' } } },
      }),
      Fn: fn({
        Cognito: { Type: 'Api', Properties: { RestApiId: { Ref: 'Rest' }, Path: '/c', Method: 'GET', Auth: { Authorizer: 'Pool' } } },
        Open: { Type: 'Api', Properties: { RestApiId: { Ref: 'Rest' }, Path: '/n', Method: 'GET', Auth: { Authorizer: 'NONE' } } },
        NullRole: { Type: 'Api', Properties: { RestApiId: { Ref: 'Rest' }, Path: '/r', Method: 'GET', Auth: { Authorizer: 'AWS_IAM', InvokeRole: null } } },
        Caller: { Type: 'Api', Properties: { RestApiId: { Ref: 'Rest' }, Path: '/i', Method: 'GET', Auth: { Authorizer: 'AWS_IAM' } } },
      }),
    },
  },
  [
    'Rest REST [prod] GET /c COGNITO_USER_POOLS(Pool) GET -',
    'Rest REST [prod] GET /n NONE GET -',
    'Rest REST [prod] GET /r AWS_IAM GET -',
    'Rest REST [prod] GET /i AWS_IAM GET arn:aws:iam::*:user/*',
  ],
  'template.json',
);

test('inventory: DefinitionUri names a local file, read by the caller and passed in', () => {
  const template = parse('Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      DefinitionUri: ./api.yaml\n', 'yaml');
  const first = apiInventory(template);
  assert.deepEqual(first.missingIncludes, ['./api.yaml']);
  assert.deepEqual(first.methods, []);
  const included = parse("openapi: '3.0.1'\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get: {x-amazon-apigateway-auth: {type: AWS_IAM}}\n", 'yaml');
  const second = apiInventory(template, { includes: new Map([['./api.yaml', included]]) });
  assert.deepEqual(summary(second), ['Api REST [prod] GET /x AWS_IAM GET -']);
  assert.equal(second.methods[0]!.includedFrom, './api.yaml');
  assert.deepEqual(second.missingIncludes, []);
});

// Agreement with the SAM translator, on corpus files whose meaning is known. ----------

function corpusFile(relative: string): string {
  // The repository root holds package.json and server/; the corpus sits beside it.
  let dir = __dirname;
  while (!(existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'server'))) && dirname(dir) !== dir) {
    dir = dirname(dir);
  }
  if (!existsSync(join(dir, 'server'))) {
    dir = process.cwd();
  }
  const file = resolve(dir, '..', 'shared', 'corpus', relative);
  assert.ok(existsSync(file), `corpus file missing: ${file}`);
  return readFileSync(file, 'utf8');
}

test('inventory agrees with the SAM translator output api_with_aws_iam_auth_overrides', () => {
  const doc = parse(corpusFile('templates/sam__out__api_with_aws_iam_auth_overrides.json'), 'json');
  const rows = apiInventory(doc).methods.map((m) => `${m.api.id} ${m.method} ${m.path} ${m.authorization.type} ${m.credentials ?? '-'}`);
  assert.deepEqual(rows.sort(), [
    'MyApiWithAwsIamAuth GET /MyFunctionCustomInvokeRole AWS_IAM arn:aws:iam::456::role/something-else',
    'MyApiWithAwsIamAuth GET /MyFunctionDefaultInvokeRole AWS_IAM arn:aws:iam::*:user/*',
    'MyApiWithAwsIamAuth GET /MyFunctionMyCognitoAuth COGNITO_USER_POOLS -',
    'MyApiWithAwsIamAuth GET /MyFunctionNONEInvokeRole AWS_IAM -',
    'MyApiWithAwsIamAuth GET /MyFunctionNoneAuth NONE -',
    'MyApiWithAwsIamAuth GET /MyFunctionNullInvokeRole AWS_IAM -',
    'MyApiWithAwsIamAuth GET /MyFunctionWithoutAuth AWS_IAM arn:aws:iam::123:role/AUTH_AWS_IAM',
    'MyApiWithAwsIamAuthNoCallerCredentials GET / AWS_IAM arn:aws:iam::*:user/*',
    'MyApiWithAwsIamAuthNoCallerCredentials POST / AWS_IAM -',
  ]);
  assert.deepEqual([...new Set(apiInventory(doc).apis.map((a) => `${a.id}:${a.stages.join(',')}`))].sort(), ['MyApiWithAwsIamAuth:Prod,Stage', 'MyApiWithAwsIamAuthNoCallerCredentials:Prod,Stage']);
});

test('inventory agrees with SAM on the input api_with_method_aws_iam_auth (per-event AWS_IAM, invoke roles)', () => {
  const doc = parse(corpusFile('templates/sam__api_with_method_aws_iam_auth.yaml'), 'yaml');
  const rows = apiInventory(doc).methods.map((m) => `${m.method} ${m.path} ${m.authorization.type} ${m.credentials ?? '-'}`);
  assert.deepEqual(rows, [
    'GET / AWS_IAM arn:aws:iam::*:user/*',
    'POST / AWS_IAM arn:${AWS::Partition}:iam::123:role/AUTH_AWS_IAM',
    'PUT / AWS_IAM arn:aws:iam::*:user/*',
    'ANY /any/one AWS_IAM arn:aws:iam::*:user/*',
    'ANY /any/two AWS_IAM arn:${AWS::Partition}:iam::123:role/AUTH_AWS_IAM',
    'ANY /any/three AWS_IAM arn:aws:iam::*:user/*',
  ]);
});

test('inventory agrees with SAM on the input api_with_default_aws_iam_auth (DefaultAuthorizer AWS_IAM)', () => {
  const doc = parse(corpusFile('templates/sam__api_with_default_aws_iam_auth.yaml'), 'yaml');
  const rows = apiInventory(doc).methods.map((m) => `${m.api.id} ${m.method} ${m.path} ${m.authorization.type} ${m.credentials ?? '-'}`);
  assert.deepEqual(rows.sort(), [
    'MyApiWithAwsIamAuth GET / AWS_IAM arn:aws:iam::*:user/*',
    'MyApiWithAwsIamAuthAndCustomInvokeRole POST / AWS_IAM rn:aws:iam::123:role/AUTH_AWS_IAM',
    'MyApiWithAwsIamAuthAndDefaultInvokeRole PUT / AWS_IAM arn:aws:iam::*:user/*',
  ]);
});
