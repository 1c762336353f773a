/**
 * apigw/cross-account-missing-allow: across accounts API Gateway needs both the caller's
 * identity policy and the API's resource policy to allow ("Table B" of
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-authorization-flow.html);
 * the API whose resource policy is the missing half gets the finding and a fix that writes it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, applyEdits, asBothFormats, parse, ruleTester } from '../../../helpers';
import type { AccessEnvironment } from '../../../../server/src/core/access/environments';
import type { DocumentFormat } from '../../../../server/src/core/index';

const RULE = 'apigw/cross-account-missing-allow';
const DEV: AccessEnvironment = { name: 'dev', account: '111122223333', region: 'us-east-1', stages: ['dev'] };
const PROD: AccessEnvironment = { name: 'prod', account: '444455556666', region: 'us-east-1', stages: ['prod'] };

/** The partner API, in prod; `policy` is its resource policy's statements (none: no Policy). */
const api = (statements?: unknown[]): unknown => ({
  Resources: {
    Partner: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'partner', ...(statements ? { Policy: { Version: '2012-10-17', Statement: statements } } : {}) } },
    Get: { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Partner' }, ResourceId: { 'Fn::GetAtt': ['Partner', 'RootResourceId'] }, HttpMethod: 'GET', AuthorizationType: 'AWS_IAM' } },
  },
});
/** A dev-account caller granted GET on the prod account's APIs. */
const CALLER = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:444455556666:*/prod/GET/' }] });
const allowAccount = (account: string): unknown => ({ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${account}:root` }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/' });

const text = (value: unknown, format: DocumentFormat): string => asBothFormats(value)[format];

function workspaceFor(apiText: string, format: DocumentFormat, environments: { caller: readonly AccessEnvironment[]; api: readonly AccessEnvironment[] }) {
  const apiDoc = parse(apiText, format);
  const documents = [
    { uri: 'caller.json', doc: parse(CALLER, 'json') },
    { uri: 'api', doc: apiDoc },
  ];
  const environmentsOf = (uri: string): readonly AccessEnvironment[] => (uri === 'api' ? environments.api : environments.caller);
  return { apiDoc, workspace: { documents, self: 'api', environmentsOf, environmentsKey: JSON.stringify(environments) } };
}

function reports(value: unknown, format: DocumentFormat, caller = [DEV], apiEnv = [PROD]): { messageId: string; path: (string | number)[]; data: Record<string, unknown> }[] {
  const { apiDoc, workspace } = workspaceFor(text(value, format), format, { caller, api: apiEnv });
  return analyzer
    .analyze(apiDoc, { workspace })
    .filter((f) => f.ruleId === RULE)
    .map((f) => ({ messageId: f.messageId, path: [...f.path], data: f.data }));
}

// Without environments nothing is cross-account, so the rule is silent on any one file.
ruleTester(RULE, {
  valid: [{ name: 'one file, one account', code: api([allowAccount('999988887777')]) }],
  invalid: [],
});

for (const format of ['json', 'yaml'] as const) {
  test(`${RULE} (${format}): the identity Allow alone; no resource policy`, () => {
    assert.deepEqual(reports(api(), format), [
      { messageId: 'resourcePolicy', path: ['Resources', 'Partner', 'Properties'], data: { principal: 'caller.json (dev)', callerAccount: '111122223333', apiAccount: '444455556666', method: 'GET', path: '/', stage: 'prod' } },
    ]);
  });

  test(`${RULE} (${format}): a resource policy that allows another account`, () => {
    const found = reports(api([allowAccount('999988887777')]), format);
    assert.deepEqual(
      found.map((f) => [f.messageId, f.path]),
      [['resourcePolicy', ['Resources', 'Partner', 'Properties', 'Policy']]],
    );
  });

  test(`${RULE} (${format}): both halves allow, the same account, or no environments: nothing`, () => {
    assert.deepEqual(reports(api([allowAccount('111122223333')]), format), []);
    assert.deepEqual(reports(api(), format, [PROD]), []);
    assert.deepEqual(reports(api(), format, [], []), []);
  });

  for (const [name, statements] of [
    ['adds a Policy', undefined],
    ['appends a statement', [allowAccount('999988887777')]],
  ] as const) {
    test(`${RULE} (${format}): the fix ${name}, and the call is then allowed`, () => {
      const { apiDoc, workspace } = workspaceFor(text(api(statements ? [...statements] : undefined), format), format, { caller: [DEV], api: [PROD] });
      const finding = analyzer.analyze(apiDoc, { workspace }).find((f) => f.ruleId === RULE);
      assert.ok(finding);
      const [fix] = analyzer.quickFixes(apiDoc, { ruleId: RULE, root: finding.root, path: finding.path, messageId: finding.messageId }, { workspace });
      assert.ok(fix);
      const fixed = applyEdits(apiDoc.text, fix.edits);
      // The document stays valid and now holds the statement, in the document's own format.
      const after = workspaceFor(fixed, format, { caller: [DEV], api: [PROD] });
      assert.deepEqual(after.apiDoc.syntaxFindings, []);
      assert.deepEqual(analyzer.analyze(after.apiDoc, { workspace: after.workspace }).filter((f) => f.ruleId === RULE || f.severity === 'error').map((f) => f.ruleId), []);
      assert.ok(fixed.includes('arn:aws:iam::111122223333:root') && fixed.includes('execute-api:/prod/GET/'));
      // Nothing else is said about the new text (a Version left unquoted in YAML would be).
      assert.deepEqual(analyzer.analyze(after.apiDoc, { workspace: after.workspace }).filter((f) => f.ruleId.startsWith('iam/')).map((f) => f.ruleId), []);
    });
  }
}

/** A dev-account role named `partner-caller`, whose own policy grants no execute-api:Invoke. */
const ROLES = {
  Resources: {
    Caller: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'partner-caller',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'read', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }] } }],
      },
    },
  },
};
const allowRole = (arn: string): unknown => ({ Effect: 'Allow', Principal: { AWS: arn }, Action: 'execute-api:Invoke', Resource: 'execute-api:/prod/GET/' });

function callerReports(apiStatements: unknown[], format: DocumentFormat): { messageId: string; path: (string | number)[]; data: Record<string, unknown> }[] {
  const roles = parse(asBothFormats(ROLES)[format], format);
  const documents = [
    { uri: 'roles', doc: roles },
    { uri: 'api', doc: parse(asBothFormats(api(apiStatements))[format], format) },
  ];
  const workspace = { documents, self: 'roles', environmentsOf: (uri: string) => (uri === 'api' ? [PROD] : [DEV]), environmentsKey: 'roles-api' };
  return analyzer
    .analyze(roles, { workspace })
    .filter((f) => f.ruleId === RULE)
    .map((f) => ({ messageId: f.messageId, path: [...f.path], data: f.data }));
}

for (const format of ['json', 'yaml'] as const) {
  test(`${RULE} (${format}): a resource policy naming the role, whose own policy is silent`, () => {
    assert.deepEqual(callerReports([allowRole('arn:aws:iam::111122223333:role/partner-caller')], format), [
      { messageId: 'identityPolicy', path: ['Resources', 'Caller'], data: { principal: 'Caller (dev)', callerAccount: '111122223333', apiAccount: '444455556666', method: 'GET', path: '/', stage: 'prod', api: 'Partner' } },
    ]);
  });

  test(`${RULE} (${format}): naming only the account, or another role, says nothing about this role`, () => {
    assert.deepEqual(callerReports([allowAccount('111122223333')], format), []);
    assert.deepEqual(callerReports([allowRole('arn:aws:iam::111122223333:role/someone-else')], format), []);
  });
}

/** An integration role in the dev account; `trust` lists its trusted services. */
const integrationRole = (...services: string[]): unknown => ({
  Resources: {
    Integration: {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: 'partner-integration',
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: services.map((service) => ({ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' })) },
      },
    },
  },
});
/** The prod API, whose method's integration runs as the dev account's role. */
const INTEGRATED = {
  Resources: {
    Partner: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'partner' } },
    Get: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Partner' },
        ResourceId: { 'Fn::GetAtt': ['Partner', 'RootResourceId'] },
        HttpMethod: 'GET',
        AuthorizationType: 'AWS_IAM',
        Integration: { Type: 'AWS', IntegrationHttpMethod: 'POST', Uri: 'arn:aws:apigateway:us-east-1:sqs:path/444455556666/q', Credentials: 'arn:aws:iam::111122223333:role/partner-integration' },
      },
    },
  },
};

function integrationWorkspace(roleText: string, format: DocumentFormat) {
  const role = parse(roleText, format);
  const documents = [
    { uri: 'role', doc: role },
    { uri: 'api', doc: parse(asBothFormats(INTEGRATED)[format], format) },
  ];
  return { role, workspace: { documents, self: 'role', environmentsOf: (uri: string) => (uri === 'api' ? [PROD] : [DEV]), environmentsKey: 'role-api' } };
}

for (const format of ['json', 'yaml'] as const) {
  test(`${RULE} (${format}): another account's integration role must trust API Gateway, and the fix writes it`, () => {
    const { role, workspace } = integrationWorkspace(asBothFormats(integrationRole('lambda.amazonaws.com'))[format], format);
    const found = analyzer.analyze(role, { workspace }).filter((f) => f.ruleId === RULE);
    assert.deepEqual(
      found.map((f) => ({ messageId: f.messageId, path: f.path, data: f.data })),
      [{ messageId: 'trust', path: ['Resources', 'Integration', 'Properties', 'AssumeRolePolicyDocument'], data: { role: 'Integration', callerAccount: '111122223333', apiAccount: '444455556666', api: 'Partner', method: 'GET', path: '/' } }],
    );
    const [fix] = analyzer.quickFixes(role, { ruleId: RULE, root: found[0]!.root, path: found[0]!.path, messageId: 'trust' }, { workspace });
    assert.ok(fix);
    const after = integrationWorkspace(applyEdits(role.text, fix.edits), format);
    assert.deepEqual(after.role.syntaxFindings, []);
    assert.deepEqual(analyzer.analyze(after.role, { workspace: after.workspace }).filter((f) => f.ruleId === RULE || f.severity === 'error').map((f) => f.ruleId), []);
  });

  test(`${RULE} (${format}): an integration role that trusts API Gateway, or one in the API's account`, () => {
    const trusted = integrationWorkspace(asBothFormats(integrationRole('lambda.amazonaws.com', 'apigateway.amazonaws.com'))[format], format);
    assert.deepEqual(analyzer.analyze(trusted.role, { workspace: trusted.workspace }).filter((f) => f.ruleId === RULE), []);
    const role = parse(asBothFormats(integrationRole('lambda.amazonaws.com'))[format], format);
    const sameAccount = { documents: [{ uri: 'role', doc: role }, { uri: 'api', doc: parse(asBothFormats(INTEGRATED)[format], format) }], self: 'role', environmentsOf: () => [PROD], environmentsKey: 'same' };
    assert.deepEqual(analyzer.analyze(role, { workspace: sameAccount }).filter((f) => f.ruleId === RULE), []);
  });
}

for (const format of ['json', 'yaml'] as const) {
  test(`${RULE} (${format}): the caller's half has a fix that grants the role the call, and the call is then allowed`, () => {
    const apiText = asBothFormats(api([allowRole('arn:aws:iam::111122223333:role/partner-caller')]))[format];
    const build = (rolesText: string): { roles: ReturnType<typeof parse>; workspace: Parameters<typeof analyzer.analyze>[1] } => {
      const roles = parse(rolesText, format);
      const documents = [
        { uri: 'roles', doc: roles },
        { uri: 'api', doc: parse(apiText, format) },
      ];
      return { roles, workspace: { workspace: { documents, self: 'roles', environmentsOf: (uri: string) => (uri === 'api' ? [PROD] : [DEV]), environmentsKey: 'roles-api' } } };
    };
    const before = build(asBothFormats(ROLES)[format]);
    const finding = analyzer.analyze(before.roles, before.workspace).find((f) => f.ruleId === RULE);
    assert.equal(finding?.messageId, 'identityPolicy');
    const [fix] = analyzer.quickFixes(before.roles, { ruleId: RULE, root: finding.root, path: finding.path, messageId: finding.messageId }, { workspace: before.workspace?.workspace });
    assert.ok(fix, 'a fix is offered');
    const fixed = applyEdits(before.roles.text, fix.edits);
    // Final text only: the API's account, Region, stage and method, and `*` for the API id no configuration names.
    assert.ok(fixed.includes('arn:aws:execute-api:us-east-1:444455556666:*/prod/GET/'), fixed);
    const after = build(fixed);
    assert.deepEqual(after.roles.syntaxFindings, []);
    const left = analyzer.analyze(after.roles, after.workspace).filter((f) => f.ruleId === RULE || f.severity === 'error' || f.ruleId.startsWith('iam/'));
    assert.deepEqual(left.map((f) => `${f.ruleId} ${f.messageId}`), []);
  });
}
