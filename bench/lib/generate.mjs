// Deterministic generated workloads for the benchmarks.
import { seeded } from './core.mjs';

/**
 * A SAM template with `functions` functions sharing `routes` Api events across two APIs,
 * `roles` IAM roles granting execute-api:Invoke on parts of them; about 50 lines per
 * function, about 10,000 lines with the defaults.
 */
export function samTemplate({ functions = 200, routes = 400, roles = 100, seed = 1 } = {}) {
  const random = seeded(seed);
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Globals:', '  Function:', '    Runtime: nodejs20.x', '    Timeout: 10', 'Resources:'];
  for (const api of ['PublicApi', 'AdminApi']) {
    lines.push(`  ${api}:`, '    Type: AWS::Serverless::Api', '    Properties:', `      StageName: ${api === 'PublicApi' ? 'prod' : 'admin'}`, '      Auth:', '        DefaultAuthorizer: AWS_IAM');
  }
  const verbs = ['get', 'post', 'put', 'delete'];
  for (let f = 0; f < functions; f++) {
    lines.push(`  Fn${f}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      Handler: src/fn${f}.handler`, '      CodeUri: .', '      MemorySize: 256', '      Timeout: 15');
    lines.push(`      Description: Function ${f} of the generated bench template`, '      Architectures: [arm64]', '      Tracing: Active', '      Tags:', `        team: t${f % 7}`, '        service: bench');
    lines.push('      Environment:', '        Variables:', `          TABLE: !Ref Table${f % 10}`, `          STAGE: prod`, '          LOG_LEVEL: info', `          FN_INDEX: "${f}"`);
    lines.push('      Policies:', `        - DynamoDBCrudPolicy:`, `            TableName: !Ref Table${f % 10}`, '        - Statement:', '            - Effect: Allow', '              Action: [s3:GetObject, s3:PutObject]', `              Resource: !Sub arn:aws:s3:::bucket-${f}/*`);
    lines.push('            - Effect: Allow', '              Action: logs:PutLogEvents', `              Resource: !Sub arn:aws:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/fn-${f}:*`);
    lines.push('      Events:');
    const perFunction = Math.floor(routes / functions) + (f < routes % functions ? 1 : 0);
    for (let r = 0; r < perFunction; r++) {
      const api = random() < 0.7 ? 'PublicApi' : 'AdminApi';
      lines.push(`        Route${r}:`, '          Type: Api', '          Properties:', `            RestApiId: !Ref ${api}`, `            Path: /r${f}/items/{id}/v${r}`, `            Method: ${verbs[Math.floor(random() * verbs.length)]}`);
    }
  }
  for (let t = 0; t < 10; t++) {
    lines.push(`  Table${t}:`, '    Type: AWS::DynamoDB::Table', '    Properties:', '      BillingMode: PAY_PER_REQUEST', '      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]', '      KeySchema: [{AttributeName: id, KeyType: HASH}]');
  }
  for (let r = 0; r < roles; r++) {
    const api = r % 2 === 0 ? 'PublicApi' : 'AdminApi';
    lines.push(
      `  Caller${r}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]',
      '      Policies:',
      '        - PolicyName: invoke',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: execute-api:Invoke',
      `                Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api}}/*/GET/r${r % functions}/*`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A workspace of `templates` CloudFormation templates with `methodsPerTemplate` IAM
 * methods each and `roles` roles spread over them, each role granting a few methods of its
 * own template and, for one in ten, a wildcard over another API's.
 */
export function workspace({ templates = 200, methodsPerTemplate = 10, roles = 500, seed = 7 } = {}) {
  const random = seeded(seed);
  const docs = [];
  for (let t = 0; t < templates; t++) {
    const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', `  Api${t}: {Type: AWS::ApiGateway::RestApi, Properties: {Name: api${t}}}`];
    lines.push(`  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api${t}, StageName: prod}}`);
    lines.push(`  Dev: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api${t}, StageName: dev}}`);
    for (let m = 0; m < methodsPerTemplate; m++) {
      lines.push(`  Res${m}:`, '    Type: AWS::ApiGateway::Resource', `    Properties: {RestApiId: !Ref Api${t}, ParentId: !GetAtt Api${t}.RootResourceId, PathPart: 'r${m}'}`);
      lines.push(`  Id${m}:`, '    Type: AWS::ApiGateway::Resource', `    Properties: {RestApiId: !Ref Api${t}, ParentId: !Ref Res${m}, PathPart: '{id}'}`);
      lines.push(`  Method${m}:`, '    Type: AWS::ApiGateway::Method', `    Properties: {RestApiId: !Ref Api${t}, ResourceId: !Ref Id${m}, HttpMethod: ${m % 2 ? 'POST' : 'GET'}, AuthorizationType: AWS_IAM}`);
    }
    const own = Math.floor(roles / templates) + (t < roles % templates ? 1 : 0);
    for (let r = 0; r < own; r++) {
      const m = Math.floor(random() * methodsPerTemplate);
      const wide = random() < 0.1;
      // Quoted: in a flow mapping a plain scalar cannot hold the braces of `${…}`.
      const resource = wide ? 'arn:aws:execute-api:*:*:*/prod/*' : `!Sub 'arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api${t}}/*/*/r${m}/*'`;
      lines.push(
        `  Role${r}:`,
        '    Type: AWS::IAM::Role',
        '    Properties:',
        '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
        '      Policies:',
        '        - PolicyName: p',
        `          PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: execute-api:Invoke, Resource: ${resource.startsWith('!') ? resource : `'${resource}'`}}]}`,
      );
    }
    docs.push({ uri: `file:///bench/t${t}.yaml`, text: `${lines.join('\n')}\n` });
  }
  return docs;
}

/**
 * A workspace tree of `templates` CloudFormation templates (the `workspace` generator's,
 * spread over sub-folders) and `policies` standalone JSON identity policies granting
 * execute-api:Invoke on some of their methods and a few S3 and DynamoDB actions:
 * `templates + policies` files in all, as { path, text } with paths relative to the root.
 */
export function workspaceTree({ templates = 500, policies = 500, seed = 11 } = {}) {
  const random = seeded(seed);
  const files = workspace({ templates, methodsPerTemplate: 10, roles: templates * 2, seed }).map((d, t) => ({ path: `stacks/s${Math.floor(t / 50)}/t${t}.yaml`, text: d.text }));
  for (let p = 0; p < policies; p++) {
    const statements = [
      { Sid: 'Invoke', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:us-east-1:123456789012:api${Math.floor(random() * templates)}/prod/${random() < 0.5 ? 'GET' : '*'}/r${Math.floor(random() * 10)}/*` },
      { Sid: 'Data', Effect: 'Allow', Action: ['s3:GetObject', 's3:PutObject', 'dynamodb:Query', `dynamodb:${random() < 0.1 ? 'Get*' : 'GetItem'}`], Resource: [`arn:aws:s3:::bucket-${p}/*`, `arn:aws:dynamodb:us-east-1:123456789012:table/t${p}`] },
    ];
    if (random() < 0.2) {
      statements.push({ Sid: 'Wide', Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
    }
    files.push({ path: `policies/p${Math.floor(p / 50)}/policy${p}.json`, text: `${JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2)}\n` });
  }
  return files;
}
