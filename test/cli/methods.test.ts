/**
 * `gatewarden methods`: the API inventory on the command line, as JSON rows with ranges,
 * including definitions read from local files the template names.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { makeTempDir, removeDir, runCli, repoRoot } from './run';


const TEMPLATE = `Transform: AWS::Serverless-2016-10-31
Resources:
  MyApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        DefaultAuthorizer: AWS_IAM
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: a.h
      Runtime: nodejs20.x
      Events:
        GetPet:
          Type: Api
          Properties:
            RestApiId: !Ref MyApi
            Path: /pets/{petId}
            Method: get
  Other:
    Type: AWS::Serverless::Api
    Properties:
      StageName: dev
      DefinitionUri: ./api/other.yaml
`;

const INCLUDED = `openapi: '3.0.1'
info: {title: other, version: '1'}
paths:
  /health:
    get:
      x-amazon-apigateway-auth: {type: NONE}
`;

test('methods --format json lists every method with its file, api, stages, auth and range', async () => {
  const dir = makeTempDir({ 'template.yaml': TEMPLATE, 'api/other.yaml': INCLUDED });
  try {
    const { code, stdout, stderr } = await runCli(['methods', dir, '--format', 'json'], { cwd: dir });
    assert.equal(code, 0, stderr);
    const rows = JSON.parse(stdout) as { file: string; api: string; kind: string; stages: string[]; method: string; path: string; authorization: string; credentials?: string; range: { start: { line: number; character: number } } }[];
    assert.deepEqual(
      rows.map((r) => [r.file, r.api, r.kind, r.stages.join(','), r.method, r.path, r.authorization, r.credentials ?? '-']),
      [
        // The OpenAPI file on its own: its API is named after the file, stages unknown.
        ['api/other.yaml', 'other.yaml', 'REST', '*', 'GET', '/health', 'NONE', '-'],
        // The template: its own method, then the one its DefinitionUri pulls in.
        ['template.yaml', 'MyApi', 'REST', 'prod', 'GET', '/pets/{petId}', 'AWS_IAM', 'arn:aws:iam::*:user/*'],
        ['api/other.yaml', 'Other', 'REST', 'dev', 'GET', '/health', 'NONE', '-'],
      ],
    );
    // The event key GetPet is where the method is declared: line 15 (0-based 14), column 8.
    const event = rows.find((r) => r.path === '/pets/{petId}')!;
    assert.deepEqual(event.range.start, { line: 14, character: 8 });
    const health = rows.find((r) => r.api === 'Other')!;
    assert.deepEqual(health.range.start, { line: 4, character: 4 });
  } finally {
    removeDir(dir);
  }
});

test('methods: bad usage exits 2', async () => {
  assert.equal((await runCli(['methods', '--format', 'xml'])).code, 2);
  assert.equal((await runCli(['methods', '--bogus'])).code, 2);
  assert.equal((await runCli(['methods', path.join(repoRoot, 'no-such-folder')])).code, 2);
});

test('methods over the shared corpus lists the SAM IAM pattern methods', async () => {
  const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus', 'templates', 'sp__apigw-lambda-opensearch-serverless-nextgen__template.yaml');
  const { code, stdout } = await runCli(['methods', corpus, '--format', 'json']);
  assert.equal(code, 0);
  const rows = JSON.parse(stdout) as { method: string; path: string; authorization: string }[];
  assert.deepEqual(rows.map((r) => `${r.method} ${r.path} ${r.authorization}`), ['POST /search AWS_IAM', 'POST /index AWS_IAM', 'DELETE /documents AWS_IAM']);
});
