/**
 * Templates and git helpers for the `access --diff` tests: small API Gateway templates
 * built from parts, so each commit of a test history changes one thing.
 */
import { execFileSync } from 'node:child_process';

export const role = (name: string, statements: string): string => `  ${name}:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
${statements}`;
export const grant = (sid: string, effect: string, resource: string): string =>
  `              - {Sid: ${sid}, Effect: ${effect}, Action: execute-api:Invoke, Resource: !Sub 'arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:${resource}'}\n`;
export const method = (id: string, api: string, resource: string, verb: string, auth = 'AWS_IAM'): string =>
  `  ${id}:\n    Type: AWS::ApiGateway::Method\n    Properties: {RestApiId: !Ref ${api}, ResourceId: !Ref ${resource}, HttpMethod: ${verb}, AuthorizationType: ${auth}}\n`;
export const resource = (id: string, api: string, part: string): string =>
  `  ${id}:\n    Type: AWS::ApiGateway::Resource\n    Properties: {RestApiId: !Ref ${api}, ParentId: !GetAtt ${api}.RootResourceId, PathPart: ${part}}\n`;
export const stage = (id: string, api: string, name: string): string => `  ${id}: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref ${api}, StageName: ${name}}}\n`;

export const AUDITOR_GRANT = `              - !If [IsProd, {Sid: Audit, Effect: Allow, Action: execute-api:Invoke, Resource: !Sub 'arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/pets'}, !Ref AWS::NoValue]\n`;

export interface PetsOptions {
  readerVerb?: string;
  writerDeny?: boolean;
  resourcePolicy?: string;
  devStage?: boolean;
  auditor?: string;
  extra?: string;
}
export function pets(o: PetsOptions = {}): string {
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Env: {Type: String, Default: dev}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: pets
${o.resourcePolicy ?? ''}${resource('Pets', 'Api', 'pets')}${method('GetPets', 'Api', 'Pets', 'GET')}${method('DeletePets', 'Api', 'Pets', 'DELETE')}${stage('Prod', 'Api', 'prod')}${o.devStage ? stage('Dev', 'Api', 'dev') : ''}${role('Reader', grant('Read', 'Allow', `\${Api}/*/${o.readerVerb ?? 'GET'}/pets`))}${role('Writer', grant('Write', 'Allow', '${Api}/*/*/pets') + (o.writerDeny === false ? '' : grant('NoDelete', 'Deny', '${Api}/*/DELETE/pets')))}${role('Auditor', o.auditor ?? AUDITOR_GRANT)}${o.extra ?? ''}`;
}
export const orders = (part = 'orders'): string =>
  `Resources:\n  Orders: {Type: AWS::ApiGateway::RestApi, Properties: {Name: orders}}\n${resource('OrdersRes', 'Orders', part)}${method('GetOrders', 'Orders', 'OrdersRes', 'GET')}${stage('OrdersProd', 'Orders', 'prod')}${role('OrdersCaller', grant('Call', 'Allow', `\${Orders}/*/GET/${part}`))}`;
export const LEGACY = `Resources:\n  Legacy: {Type: AWS::ApiGateway::RestApi, Properties: {Name: legacy}}\n${resource('LegacyRes', 'Legacy', 'legacy')}${method('GetLegacy', 'Legacy', 'LegacyRes', 'GET')}${stage('LegacyProd', 'Legacy', 'prod')}${role('LegacyCaller', grant('Call', 'Allow', '${Legacy}/*/GET/legacy'))}`;
export const RESOURCE_POLICY = `      Policy:
        Version: '2012-10-17'
        Statement:
          - {Sid: AuditorDeletes, Effect: Allow, Principal: {AWS: !GetAtt Auditor.Arn}, Action: execute-api:Invoke, Resource: 'execute-api:/*/DELETE/pets'}
`;
export const FLIPPED_AUDITOR = AUDITOR_GRANT.replace("!If [IsProd, {", '!If [IsProd, !Ref AWS::NoValue, {').replace("/GET/pets'}, !Ref AWS::NoValue]", "/GET/pets'}]");


/** git with a fixed identity, no signing, `main` as the first branch. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Commits everything in the working tree; returns the commit id. */
export function commitAll(cwd: string, message: string): string {
  git(cwd, 'add', '-A');
  git(cwd, 'commit', '-q', '--allow-empty', '-m', message);
  return git(cwd, 'rev-parse', 'HEAD').trim();
}
