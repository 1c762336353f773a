/**
 * `gatewarden check` with access assertions in the configuration: violations found across
 * files (the grant in one template, the method in another) are findings of the granting file,
 * an assertion that matches nothing is a finding of the configuration file at its line, a
 * broken assertion is a configuration error (exit 2) naming its line; YAML and JSON
 * configuration alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify as yamlStringify } from 'yaml';
import { makeTempDir, removeDir, runCli } from './run';

const API = `Resources:
  Api: {Type: AWS::ApiGateway::RestApi, Properties: {Name: orders}}
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: orders}
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Orders, HttpMethod: GET, AuthorizationType: AWS_IAM}
  PostOrders:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Orders, HttpMethod: POST, AuthorizationType: AWS_IAM}
  Health:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: health}
  GetHealth:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Health, HttpMethod: GET, AuthorizationType: NONE}
`;

/** A role in another template, granting every verb on /orders of any API (line 9: the statement). */
const ROLES = `Resources:
  ReaderRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: invoke
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource: arn:aws:execute-api:*:*:*/*/*/orders
`;

const ITEMS = [
  { deny: { principal: 'ReaderRole', method: 'POST /orders' } },
  { public: { methods: ['GET /health'] } },
  { deny: { principal: 'WriterRole', method: 'POST /orders' } },
];

interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly range: { readonly start: { readonly line: number } };
}

for (const [name, text] of [
  ['.gatewarden.yaml', yamlStringify({ access: { expect: ITEMS } })],
  ['.gatewarden.json', JSON.stringify({ access: { expect: ITEMS } }, null, 2)],
] as const) {
  test(`check: access assertions from ${name}, across files`, async () => {
    const dir = makeTempDir({ [name]: text, 'api.yaml': API, 'roles.yaml': ROLES });
    try {
      const { code, stdout } = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
      const found = (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('access/'));
      // The third assertion names a role that does not exist: at its own line of the configuration.
      const unmatchedLine = text.split('\n').findIndex((l) => l.includes('WriterRole')) - (name.endsWith('.json') ? 2 : 1);
      assert.deepEqual(
        found.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} ${f.severity}`).sort(),
        [`${name}:${unmatchedLine} access/expect-unmatched warning`, 'roles.yaml:10 access/expect-deny error'].sort(),
      );
      assert.equal(code, 1);
    } finally {
      removeDir(dir);
    }
  });
}

test('check: the rule severities of the configuration apply to the assertion rules', async () => {
  const config = yamlStringify({ rules: { 'access/expect-deny': 'off' }, access: { expect: [ITEMS[0]] } });
  const dir = makeTempDir({ '.gatewarden.yaml': config, 'api.yaml': API, 'roles.yaml': ROLES });
  try {
    const { stdout } = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
    assert.deepEqual((JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('access/')), []);
  } finally {
    removeDir(dir);
  }
});

test('check: a broken assertion is a configuration error at its line (exit 2)', async () => {
  const dir = makeTempDir({ '.gatewarden.yaml': 'access:\n  expect:\n    - deny: { principal: ReaderRole, method: "POST orders" }\n', 'api.yaml': API });
  try {
    const { code, stderr } = await runCli(['check', '.'], { cwd: dir });
    assert.equal(code, 2);
    assert.match(stderr, /config error: \.gatewarden\.yaml:3:\d+: /);
  } finally {
    removeDir(dir);
  }
});

test('check: files named one by one (as pre-commit passes them) break assertions but leave unmatched ones unsaid', async () => {
  const dir = makeTempDir({ '.gatewarden.yaml': yamlStringify({ access: { expect: ITEMS } }), 'api.yaml': API, 'roles.yaml': ROLES });
  try {
    const { stdout } = await runCli(['check', 'api.yaml', 'roles.yaml', '--format', 'json'], { cwd: dir });
    const found = (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('access/'));
    assert.deepEqual(found.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`), ['roles.yaml:10 access/expect-deny']);
  } finally {
    removeDir(dir);
  }
});
