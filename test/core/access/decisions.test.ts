/**
 * A table of access decisions, each derived by hand from AWS's documented evaluation logic,
 * not from the implementation. One template per scenario: a REST API with four IAM-authorised
 * methods on two stages, roles R1 (named `r1`), R2 (no name: CloudFormation makes one up),
 * R3 (named `r3`, often without any identity policy) and a user U1 (named `u1`); the scenario
 * writes the API's resource policy and the identity policies. The workspace deploys to
 * account 123456789012.
 *
 * The rules the comments cite:
 * - [same-account] API Gateway Developer Guide, "How API Gateway resource policies affect
 *   authorization workflow", outcome table for IAM authentication, same account: identity
 *   Allow OR resource policy Allow allows; an explicit Deny in either denies; neither is an
 *   implicit deny.
 * - [explicit-deny] IAM User Guide, "Policy evaluation logic": an explicit Deny in any policy
 *   overrides any Allow.
 * - [account-delegation] IAM User Guide, "AWS account principals": naming an account "delegates
 *   authority to the account"; its identities need identity-policy permission. So an account
 *   Allow grants nothing alone in the same account, and an account Deny denies all of them.
 * - [not-principal] IAM User Guide, "NotPrincipal" with Deny: AWS may validate the account
 *   first and a role acts through its assumed-role session, so only listing the account leaves
 *   a role's callers out; a role ARN alone does not.
 * - [arn-fields] IAM User Guide, ArnLike: each colon-delimited field is compared on its own, so
 *   a `*` in the region or account never reaches into the resource part.
 * - [rejected] IAM refuses a policy with an invalid Effect, Version or condition operator, and
 *   everything in it grants nothing (Gatewarden reports each as an error).
 * - [template-condition] A statement under `Fn::If` (or a policy document under it) exists only
 *   when the Condition holds: the decision depends on it.
 * - [request-context] A Condition on a request key, or a Resource covering part of a method's
 *   paths, makes the decision depend on the request; a Deny covering an Allow entirely does not.
 *
 * Each expectation is eight cells, the prod stage then the dev stage, each in the order GET
 * /items, POST /items, DELETE /items/{id}, GET /{proxy+}: A allow, C conditional, D explicit
 * deny, I implicit deny (the principal's statements or a resource policy naming it reach the
 * API, nothing allows this method), - no row (nothing connects the principal to the API).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../helpers';
import { accessMatrix, type AccessMatrix } from '../../../server/src/core/access/matrix';
import type { AccessEnvironment } from '../../../server/src/core/access/environments';

const ACCOUNT = '123456789012';
const PRINCIPALS = ['R1', 'R2', 'R3', 'U1'] as const;
type PrincipalId = (typeof PRINCIPALS)[number];
const METHODS = ['GET /items', 'POST /items', 'DELETE /items/{id}', 'GET /{proxy+}'];
const STAGES = ['prod', 'dev'];

interface Scenario {
  readonly name: string;
  /** Statements of the API's resource policy, as YAML flow mappings. */
  readonly resource?: readonly string[];
  /** Identity statements per principal, as YAML flow mappings. */
  readonly identity?: Partial<Record<PrincipalId, readonly string[]>>;
  /** A whole PolicyDocument per principal, as YAML flow (overrides `identity`). */
  readonly documents?: Partial<Record<PrincipalId, string>>;
  readonly expect: Record<PrincipalId, string>;
  /** The rule of the evaluation logic that decides. */
  readonly why: string;
}

const API_ALL = "!Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*'";
const INVOKE_ALL = `{Effect: Allow, Action: execute-api:Invoke, Resource: ${API_ALL}}`;
const INVOKE_GET = "{Effect: Allow, Action: execute-api:Invoke, Resource: !Sub 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/*'}";
const rp = (effect: string, principal: string, resource: string, extra = ''): string => `{Effect: ${effect}, ${principal}, Action: execute-api:Invoke, Resource: '${resource}'${extra}}`;

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'Deny naming a role by !GetAtt, identity allows everything',
    resource: [rp('Deny', 'Principal: {AWS: !GetAtt R2.Arn}', 'execute-api:/*')],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_ALL] },
    // [explicit-deny] R2; [same-account] R1 by its identity policy; R3 and U1 are named by nothing.
    expect: { R1: 'AAAA AAAA', R2: 'DDDD DDDD', R3: '---- ----', U1: '---- ----' },
    why: 'explicit-deny',
  },
  {
    name: 'Deny naming a named role by !Sub ARN on POST only',
    resource: [rp('Deny', "Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:role/r1'}", 'execute-api:/*/POST/*')],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_ALL] },
    // [explicit-deny] R1's POST; the rest by identity [same-account]. R3 is not r1. Within the
    // resource part `*` crosses `/` [arn-fields], so `*/POST/*` also covers the GET requests
    // whose greedy path holds `/POST/` (`GET /a/POST/b`): {proxy+} depends on the request path.
    expect: { R1: 'ADAC ADAC', R2: 'AAAA AAAA', R3: '---- ----', U1: '---- ----' },
    why: 'explicit-deny',
  },
  {
    name: 'Deny naming a role ARN literally with the configured account',
    resource: [rp('Deny', `Principal: {AWS: 'arn:aws:iam::${ACCOUNT}:role/r1'}`, 'execute-api:/prod/*')],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_ALL] },
    // [explicit-deny] R1 on prod; dev by identity [same-account].
    expect: { R1: 'DDDD AAAA', R2: 'AAAA AAAA', R3: '---- ----', U1: '---- ----' },
    why: 'explicit-deny',
  },
  {
    name: 'Allow naming a role with no identity policy',
    resource: [rp('Allow', `Principal: {AWS: 'arn:aws:iam::${ACCOUNT}:role/r3'}`, 'execute-api:/prod/GET/*')],
    // [same-account] the resource policy alone allows R3 its GETs on prod; the rest of the
    // API is an implicit deny for it (the policy names it). Nobody else is named.
    expect: { R1: '---- ----', R2: '---- ----', R3: 'AIIA IIII', U1: '---- ----' },
    why: 'same-account',
  },
  {
    name: 'Allow naming the account root delegates to identity policies',
    resource: [rp('Allow', `Principal: {AWS: 'arn:aws:iam::${ACCOUNT}:root'}`, 'execute-api:/*')],
    identity: { R1: [INVOKE_GET] },
    // [account-delegation] the account Allow grants nothing by itself: R1 gets its GETs from its
    // identity policy; R2, R3 and U1 (named through their account) nothing.
    expect: { R1: 'AIIA AIIA', R2: 'IIII IIII', R3: 'IIII IIII', U1: 'IIII IIII' },
    why: 'account-delegation',
  },
  {
    name: 'Deny naming the account root on DELETE',
    resource: [rp('Deny', "Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'}", 'execute-api:/*/DELETE/*')],
    identity: { R1: [INVOKE_ALL] },
    // [account-delegation] a Deny naming the account denies every principal in it [explicit-deny];
    // `*/DELETE/*` reaches GET /{proxy+} paths holding `/DELETE/` (request path).
    expect: { R1: 'AADC AADC', R2: 'IIDI IIDI', R3: 'IIDI IIDI', U1: 'IIDI IIDI' },
    why: 'account-delegation',
  },
  {
    name: 'Deny naming a bare account id on the dev stage',
    resource: [rp('Deny', `Principal: {AWS: '${ACCOUNT}'}`, 'execute-api:/dev/*')],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_GET] },
    // [account-delegation] + [explicit-deny] on dev; prod by identity [same-account].
    expect: { R1: 'AAAA DDDD', R2: 'AIIA DDDD', R3: 'IIII DDDD', U1: 'IIII DDDD' },
    why: 'account-delegation',
  },
  {
    name: 'NotPrincipal Deny listing only a role ARN',
    resource: [rp('Deny', 'NotPrincipal: {AWS: [!GetAtt R1.Arn]}', 'execute-api:/*')],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_ALL] },
    // [not-principal] R1's sessions are not left out by its role ARN alone: everyone is denied.
    expect: { R1: 'DDDD DDDD', R2: 'DDDD DDDD', R3: 'DDDD DDDD', U1: 'DDDD DDDD' },
    why: 'not-principal',
  },
  {
    name: 'NotPrincipal Deny listing the account and a role',
    resource: [rp('Deny', `NotPrincipal: {AWS: ['arn:aws:iam::${ACCOUNT}:root', !GetAtt R1.Arn]}`, 'execute-api:/*')],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_GET] },
    // [not-principal] the account is listed: its principals are left out, identity decides [same-account].
    expect: { R1: 'AAAA AAAA', R2: 'AIIA AIIA', R3: '---- ----', U1: '---- ----' },
    why: 'not-principal',
  },
  {
    name: 'NotPrincipal Deny listing a user ARN',
    resource: [rp('Deny', "NotPrincipal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:user/u1'}", 'execute-api:/*/POST/*')],
    identity: { U1: [INVOKE_ALL], R1: [INVOKE_ALL] },
    // [not-principal] a user acts as itself: U1 is left out; everyone else is denied POST
    // [explicit-deny]. "Everyone but U1" names R2 and R3 for POST only: no other rows.
    // R1's GET /{proxy+}: the Deny's `*/POST/*` holds for paths with `/POST/` in them.
    // R2 and R3 have no Allow: their GET /{proxy+} rows (the Deny reaching part of it) are implicit denies.
    expect: { R1: 'ADAC ADAC', R2: '-D-I -D-I', R3: '-D-I -D-I', U1: 'AAAA AAAA' },
    why: 'not-principal',
  },
  {
    name: 'Allow naming a user by !Sub ARN',
    resource: [rp('Allow', "Principal: {AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:user/u1'}", 'execute-api:/*/GET/items')],
    // [same-account] the resource policy alone allows U1 GET /items; it names no one else.
    // The stage `*` crosses `/`, so it also allows GET /{proxy+} paths ending in `/GET/items`.
    expect: { R1: '---- ----', R2: '---- ----', R3: '---- ----', U1: 'AIIC AIIC' },
    why: 'same-account',
  },
  {
    name: 'Allow to everyone with Principal *',
    resource: [rp('Allow', "Principal: '*'", 'execute-api:/prod/*')],
    identity: { R2: [INVOKE_GET] },
    // [same-account] everyone is allowed on prod by the resource policy; on dev only R2's GETs by identity.
    expect: { R1: 'AAAA ----', R2: 'AAAA AIIA', R3: 'AAAA ----', U1: 'AAAA ----' },
    why: 'same-account',
  },
  {
    name: 'Statements under Fn::If',
    identity: {
      R1: [`!If [IsProd, ${INVOKE_ALL}, !Ref AWS::NoValue]`],
      R2: [`!If [IsProd, !Ref AWS::NoValue, ${INVOKE_GET}]`],
    },
    documents: { R3: `!If [IsProd, {Version: '2012-10-17', Statement: [${INVOKE_ALL}]}, !Ref AWS::NoValue]` },
    // [template-condition] each grant exists only under IsProd (or its negation): conditional where it would allow.
    expect: { R1: 'CCCC CCCC', R2: 'CIIC CIIC', R3: 'CCCC CCCC', U1: '---- ----' },
    why: 'template-condition',
  },
  {
    name: 'Policies IAM rejects',
    identity: {
      R1: [INVOKE_ALL.replace('Allow', 'Alow')],
      R2: [INVOKE_ALL, '{Effect: Allow, Action: s3:GetObject, Resource: "*", Condition: {StringEqualz: {aws:SourceVpce: vpce-1}}}'],
    },
    documents: { R3: `{Version: '2012-10-18', Statement: [${INVOKE_ALL}]}`, U1: `{Version: '2012-10-17', Statement: [${INVOKE_ALL}, {Effect: Allow, Action: s3:GetObject}]}` },
    // [rejected] an invalid Effect, a sibling's unknown operator, an invalid Version, a sibling
    // missing its Resource: each policy grants nothing; the statements still reach the API.
    expect: { R1: 'IIII IIII', R2: 'IIII IIII', R3: 'IIII IIII', U1: 'IIII IIII' },
    why: 'rejected',
  },
  {
    name: 'Wildcards in ARN fields',
    identity: {
      R1: ["{Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:999988887777:*/*'}"],
      R2: ["{Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:*:*:*/prod/GET/*'}"],
      R3: ["{Effect: Allow, Action: execute-api:Invoke, Resource: !Sub 'arn:aws:execute-api:${AWS::Region}:*:${Api}/*/GET/items/*'}"],
      U1: ["{Effect: Allow, Action: 'execute-api:*', Resource: 'arn:aws:execute-api:*:*:*'}"],
    },
    // [arn-fields] R1 names another account: it never matches, not even the greedy path.
    // R2: every API's prod GETs. R3: GET items/* covers part of {proxy+} (conditional on the
    // path) and not /items itself; on dev, R2's `*/prod/GET/*` still covers greedy paths
    // holding `/prod/GET/` (request path). U1: everything.
    expect: { R1: '---- ----', R2: 'AIIA IIIC', R3: 'IIIC IIIC', U1: 'AAAA AAAA' },
    why: 'arn-fields',
  },
  {
    name: 'Allow and Deny under the same condition',
    identity: {
      R1: [`${INVOKE_ALL.slice(0, -1)}, Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}}`, `${INVOKE_ALL.slice(0, -1).replace('Allow', 'Deny')}, Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}}`],
      R2: [INVOKE_ALL, `${INVOKE_ALL.slice(0, -1).replace('Allow', 'Deny')}, Condition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}}`],
      R3: [INVOKE_GET, INVOKE_GET.replace('Allow', 'Deny')],
    },
    // [request-context] R1: the Deny covers the Allow for every request: denied. R2: denied
    // only from 10/8: conditional. R3: an identical Allow and Deny [explicit-deny].
    expect: { R1: 'DDDD DDDD', R2: 'CCCC CCCC', R3: 'DIID DIID', U1: '---- ----' },
    why: 'request-context',
  },
  {
    name: 'Allow naming a parameter without a default',
    resource: [rp('Allow', 'Principal: {AWS: !Ref CallerArn}', 'execute-api:/*')],
    // [same-account] whoever the parameter names is allowed; which principal that is only the
    // deployment knows: every principal is conditional on the parameter.
    expect: { R1: 'CCCC CCCC', R2: 'CCCC CCCC', R3: 'CCCC CCCC', U1: 'CCCC CCCC' },
    why: 'same-account',
  },
  {
    name: 'Deny naming a role by !Ref (its name, not a principal)',
    resource: [rp('Deny', 'Principal: {AWS: !Ref R2}', 'execute-api:/*')],
    identity: { R2: [INVOKE_ALL] },
    // IAM User Guide, Principal: a role is named by its ARN; `Ref` of AWS::IAM::Role returns its
    // name, which names no principal, so the Deny applies to nobody [same-account].
    expect: { R1: '---- ----', R2: 'AAAA AAAA', R3: '---- ----', U1: '---- ----' },
    why: 'same-account',
  },
  {
    name: 'Resource policy Deny under a template Condition',
    resource: [`!If [IsProd, ${rp('Deny', 'Principal: {AWS: !GetAtt R1.Arn}', 'execute-api:/*')}, !Ref AWS::NoValue]`],
    identity: { R1: [INVOKE_ALL], R2: [INVOKE_ALL] },
    // [template-condition] the Deny exists only under IsProd: R1 is conditional; R2 by identity.
    expect: { R1: 'CCCC CCCC', R2: 'AAAA AAAA', R3: '---- ----', U1: '---- ----' },
    why: 'template-condition',
  },
];

function template(s: Scenario): string {
  const trust = "{Version: '2012-10-17', Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}";
  const policies = (id: PrincipalId): string[] => {
    const document = s.documents?.[id] ?? (s.identity?.[id] ? `{Version: '2012-10-17', Statement: [${s.identity[id]!.join(', ')}]}` : undefined);
    return document ? ['      Policies:', '        - PolicyName: p', `          PolicyDocument: ${document}`] : [];
  };
  const method = (id: string, verb: string, resource: string): string =>
    `  ${id}:\n    Type: AWS::ApiGateway::Method\n    Properties: {RestApiId: !Ref Api, ResourceId: ${resource}, HttpMethod: ${verb}, AuthorizationType: AWS_IAM}`;
  return [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Parameters:',
    '  Env: {Type: String}',
    '  CallerArn: {Type: String}',
    'Conditions:',
    '  IsProd: !Equals [!Ref Env, prod]',
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties:',
    '      Name: api',
    ...(s.resource ? [`      Policy: {Version: '2012-10-17', Statement: [${s.resource.join(', ')}]}`] : []),
    '  Items: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}}',
    "  ItemId: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !Ref Items, PathPart: '{id}'}}",
    "  Proxy: {Type: AWS::ApiGateway::Resource, Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: '{proxy+}'}}",
    method('GetItems', 'GET', '!Ref Items'),
    method('PostItems', 'POST', '!Ref Items'),
    method('DeleteItem', 'DELETE', '!Ref ItemId'),
    method('GetProxy', 'GET', '!Ref Proxy'),
    '  Prod: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: prod}}',
    '  Dev: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Api, StageName: dev}}',
    ...(['R1', 'R2', 'R3'] as const).flatMap((id) => [
      `  ${id}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      ...(id === 'R2' ? [] : [`      RoleName: ${id.toLowerCase()}`]),
      `      AssumeRolePolicyDocument: ${trust}`,
      ...policies(id),
    ]),
    '  U1:',
    '    Type: AWS::IAM::User',
    '    Properties:',
    '      UserName: u1',
    ...policies('U1'),
    '',
  ].join('\n');
}

const LETTER: Record<string, string> = { allow: 'A', conditional: 'C', deny: 'D' };

/** The matrix's cell for one principal, stage and method, in the table's letters. */
function cell(m: AccessMatrix, principal: string, stage: string, method: string): string {
  const found = m.rows.filter((r) => r.principal.id === principal && r.stage === stage && `${r.method.method} ${r.method.path}` === method);
  assert.ok(found.length <= 1, `${principal} ${stage} ${method}: ${found.length} rows`);
  const row = found[0];
  return row ? (row.implicit ? 'I' : LETTER[row.decision]!) : '-';
}

let cases = 0;
for (const scenario of SCENARIOS) {
  test(`access decisions [${scenario.why}]: ${scenario.name}`, () => {
    const matrix = accessMatrix([{ uri: 't.yaml', doc: parse(template(scenario), 'yaml') }], { account: ACCOUNT });
    for (const principal of PRINCIPALS) {
      const expected = scenario.expect[principal].replace(' ', '');
      const got = STAGES.flatMap((stage) => METHODS.map((method) => cell(matrix, principal, stage, method))).join('');
      assert.equal(got, expected, `${principal} (prod | dev): ${got.slice(0, 4)} ${got.slice(4)}`);
    }
  });
  cases += PRINCIPALS.length * STAGES.length * METHODS.length;
}

test('the decision table has at least 200 (principal, method, stage) cases', () => {
  assert.ok(cases >= 200, String(cases));
});

/** What a row says beyond its decision: what it depends on, or why statements were ignored. */
const DETAILS: readonly { scenario: string; principal: PrincipalId; method: string; dependsOn?: string[]; ignored?: string[] }[] = [
  // [template-condition] named by the Condition.
  { scenario: 'Statements under Fn::If', principal: 'R1', method: 'GET /items', dependsOn: ['template-condition:IsProd'] },
  { scenario: 'Statements under Fn::If', principal: 'R3', method: 'POST /items', dependsOn: ['template-condition:IsProd'] },
  { scenario: 'Resource policy Deny under a template Condition', principal: 'R1', method: 'GET /items', dependsOn: ['template-condition:IsProd'] },
  // [request-context] the key, and the request path for a partial grant.
  { scenario: 'Allow and Deny under the same condition', principal: 'R2', method: 'GET /items', dependsOn: ['condition-key:aws:SourceIp'] },
  { scenario: 'Wildcards in ARN fields', principal: 'R3', method: 'GET /{proxy+}', dependsOn: ['request-path'] },
  { scenario: 'Allow naming a parameter without a default', principal: 'U1', method: 'POST /items', dependsOn: ['parameter:CallerArn'] },
  // [rejected] the rule that reports why IAM rejects each policy.
  { scenario: 'Policies IAM rejects', principal: 'R1', method: 'GET /items', ignored: ['iam/invalid-effect'] },
  { scenario: 'Policies IAM rejects', principal: 'R2', method: 'GET /items', ignored: ['iam/unknown-condition-operator'] },
  { scenario: 'Policies IAM rejects', principal: 'R3', method: 'GET /items', ignored: ['iam/invalid-version'] },
  { scenario: 'Policies IAM rejects', principal: 'U1', method: 'GET /items', ignored: ['iam/missing-element'] },
  // [account-delegation] the account Allow is listed, marked as delegating.
  { scenario: 'Allow naming the account root delegates to identity policies', principal: 'R2', method: 'GET /items', ignored: ['account-delegation'] },
];

test('access decisions: conditional rows name what they depend on, ignored statements say why', () => {
  for (const d of DETAILS) {
    const scenario = SCENARIOS.find((s) => s.name === d.scenario)!;
    const matrix = accessMatrix([{ uri: 't.yaml', doc: parse(template(scenario), 'yaml') }], { account: ACCOUNT });
    const row = matrix.rows.find((r) => r.principal.id === d.principal && r.stage === 'prod' && `${r.method.method} ${r.method.path}` === d.method);
    assert.ok(row, `${d.scenario} ${d.principal} ${d.method}`);
    assert.deepEqual(
      row.dependsOn.map((x) => ('name' in x ? `${x.kind}:${x.name}` : x.kind)),
      d.dependsOn ?? [],
      `${d.scenario} ${d.principal}`,
    );
    assert.deepEqual(
      row.via.flatMap((v) => (v.ignored ? [v.ignored.reason] : [])),
      d.ignored ?? [],
      `${d.scenario} ${d.principal}`,
    );
  }
});

// --- Cross-account callers -----------------------------------------------------------------
//
// The same API template (the scenario's resource policy; its own roles have no policies),
// deployed to account 123456789012, and a callers' template deployed to another account,
// 111122223333, with R1 (named `r1`), R2 (no name), R3 (named `r3`) and U1 (named `u1`) and the
// scenario's identity statements. Both in us-east-1; environments say so. The cells are the
// callers' rows.
//
// - [cross-account] API Gateway Developer Guide, "How API Gateway resource policies affect
//   authorization workflow", outcome table for IAM authentication across accounts: the
//   caller's identity policy AND the API's resource policy must both allow; an explicit Deny
//   in either denies; either side's silence is an implicit deny.
// - [account-principal] IAM User Guide, "AWS account principals": naming the caller's account
//   (root ARN or id) in the resource policy is the resource side's Allow for every principal
//   of that account; its identity policies must still allow.

const PARTNER = '111122223333';
const PARTNER_ALL = "{Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:us-east-1:123456789012:*/*'}";

const CROSS_SCENARIOS: readonly Scenario[] = [
  {
    name: 'Identity Allow, no resource policy',
    identity: { R1: [PARTNER_ALL], R2: [PARTNER_ALL] },
    // [cross-account] the resource side is silent: implicitly denied. R3 and U1: nothing connects them.
    expect: { R1: 'IIII IIII', R2: 'IIII IIII', R3: '---- ----', U1: '---- ----' },
    why: 'cross-account',
  },
  {
    name: 'Identity Allow and a resource policy Allow for the caller account',
    resource: [rp('Allow', `Principal: {AWS: 'arn:aws:iam::${PARTNER}:root'}`, 'execute-api:/*')],
    identity: { R1: [PARTNER_ALL], R2: [PARTNER_ALL] },
    // [cross-account] + [account-principal] both halves allow R1 and R2; R3 and U1 have the
    // resource half only: implicitly denied.
    expect: { R1: 'AAAA AAAA', R2: 'AAAA AAAA', R3: 'IIII IIII', U1: 'IIII IIII' },
    why: 'cross-account',
  },
  {
    name: 'Resource policy Allow for r1 by ARN on GET',
    resource: [rp('Allow', `Principal: {AWS: 'arn:aws:iam::${PARTNER}:role/r1'}`, 'execute-api:/*/GET/*')],
    identity: { R1: [PARTNER_ALL], R2: [PARTNER_ALL] },
    // [cross-account] R1: both allow the GETs (`*/GET/*` covers GET /{proxy+} whole); POST and
    // DELETE lack the resource half. R2 is not named: implicit everywhere. R3 is not r1.
    expect: { R1: 'AIIA AIIA', R2: 'IIII IIII', R3: '---- ----', U1: '---- ----' },
    why: 'cross-account',
  },
  {
    name: 'Resource policy Allow for r1 by ARN, r1 without an identity grant',
    resource: [rp('Allow', `Principal: {AWS: 'arn:aws:iam::${PARTNER}:role/r1'}`, 'execute-api:/*')],
    documents: { R1: "{Version: '2012-10-17', Statement: [{Effect: Allow, Action: s3:GetObject, Resource: 'arn:aws:s3:::b/*'}]}" },
    // [cross-account] the identity half is missing: implicitly denied though the API allows r1.
    expect: { R1: 'IIII IIII', R2: '---- ----', R3: '---- ----', U1: '---- ----' },
    why: 'cross-account',
  },
  {
    name: 'Resource policy Deny of POST for the caller account',
    resource: [rp('Allow', `Principal: {AWS: '${PARTNER}'}`, 'execute-api:/*'), rp('Deny', `Principal: {AWS: '${PARTNER}'}`, 'execute-api:/*/POST/*')],
    identity: { R1: [PARTNER_ALL], R2: [PARTNER_ALL] },
    // [explicit-deny] POST for every principal of the account; [cross-account] the rest allowed
    // where both halves allow (R1, R2), implicit where the identity half is missing (R3, U1).
    // [request-context] the Deny's `*/POST/*` covers GET /{proxy+} paths holding `/POST/`.
    expect: { R1: 'ADAC ADAC', R2: 'ADAC ADAC', R3: 'IDII IDII', U1: 'IDII IDII' },
    why: 'cross-account',
  },
  {
    name: 'Identity Allow naming another region',
    resource: [rp('Allow', `Principal: {AWS: 'arn:aws:iam::${PARTNER}:root'}`, 'execute-api:/*')],
    identity: { R1: ["{Effect: Allow, Action: execute-api:Invoke, Resource: 'arn:aws:execute-api:eu-west-1:123456789012:*/*'}"] },
    // [arn-fields] R1's grant is for eu-west-1, not this API; [cross-account] so every principal
    // of the account has the resource half only: implicitly denied.
    expect: { R1: 'IIII IIII', R2: 'IIII IIII', R3: 'IIII IIII', U1: 'IIII IIII' },
    why: 'cross-account',
  },
];

/** The callers' template: the four principals with the scenario's identity policies. */
function callersTemplate(s: Scenario): string {
  const full = template(s);
  return ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', full.slice(full.indexOf('  R1:\n'))].join('\n');
}

const CROSS_ENVIRONMENTS: Record<string, AccessEnvironment> = {
  't.yaml': { name: 'api', account: ACCOUNT, region: 'us-east-1', stages: [] },
  'callers.yaml': { name: 'partner', account: PARTNER, region: 'us-east-1', stages: [] },
};

for (const scenario of CROSS_SCENARIOS) {
  test(`access decisions [${scenario.why}]: ${scenario.name}`, () => {
    const documents = [
      { uri: 't.yaml', doc: parse(template({ ...scenario, identity: {}, documents: {} }), 'yaml') },
      { uri: 'callers.yaml', doc: parse(callersTemplate(scenario), 'yaml') },
    ];
    const matrix = accessMatrix(documents, { environmentsOf: (uri) => [CROSS_ENVIRONMENTS[uri]!], environmentsKey: 'cross' });
    const callers = { ...matrix, rows: matrix.rows.filter((r) => r.principal.uri === 'callers.yaml') };
    for (const principal of PRINCIPALS) {
      const expected = scenario.expect[principal].replace(' ', '');
      const got = STAGES.flatMap((stage) => METHODS.map((method) => cell(callers, principal, stage, method))).join('');
      assert.equal(got, expected, `${principal} (prod | dev): ${got.slice(0, 4)} ${got.slice(4)}`);
    }
    // The API's own principals (no identity policies, another account than any Principal names) get no rows.
    assert.deepEqual(matrix.rows.filter((r) => r.principal.uri === 't.yaml').map((r) => r.principal.id), []);
  });
  cases += PRINCIPALS.length * STAGES.length * METHODS.length;
}
