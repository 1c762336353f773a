/**
 * Access assertion tests: a small REST API template built from a table (methods, stages,
 * roles and their grants, a resource policy), and assertions written as a configuration
 * file in YAML or JSON and read through `parseProjectConfig`, as the shells read them.
 */
import assert from 'node:assert/strict';
import { stringify as yamlStringify } from 'yaml';
import { parseProjectConfig, type AnalysisSettings } from '../../server/src/core/index';
import type { AccessAssertion } from '../../server/src/core/access/expect';
import type { Case, InvalidCase } from './index';

export interface StackSpec {
  /** `VERB /a/b` with an authorization type (AWS_IAM when omitted). */
  readonly methods: readonly (string | readonly [string, string])[];
  readonly stages?: readonly string[];
  /** Role logical id → its Allow statements' ARN suffixes after the API id (`prod/GET/pets`), one statement each; `?` before a suffix makes it conditional. */
  readonly roles?: Readonly<Record<string, readonly string[]>>;
  /** Statements of the API's resource policy. */
  readonly resourcePolicy?: readonly unknown[];
  /** Role logical id → RoleName. */
  readonly roleNames?: Readonly<Record<string, string>>;
}

const sub = (suffix: string): unknown => ({ 'Fn::Sub': `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/${suffix}` });

/** The logical id of a method `VERB /a/b`: `GETab`. */
export function methodId(method: string): string {
  const [verb, path] = method.split(' ');
  return `${verb}${path!.replace(/[^A-Za-z0-9]/g, '')}`;
}

export function stack(spec: StackSpec): Record<string, unknown> {
  const resources: Record<string, unknown> = {
    Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'api', ...(spec.resourcePolicy ? { Policy: { Version: '2012-10-17', Statement: spec.resourcePolicy } } : {}) } },
  };
  const resourceOf = (segments: readonly string[]): unknown => {
    if (segments.length === 0) {
      return { 'Fn::GetAtt': ['Api', 'RootResourceId'] };
    }
    const id = `R${segments.join('').replace(/[^A-Za-z0-9]/g, '')}`;
    resources[id] ??= { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: 'Api' }, ParentId: resourceOf(segments.slice(0, -1)), PathPart: segments[segments.length - 1] } };
    return { Ref: id };
  };
  for (const entry of spec.methods) {
    const [method, auth] = typeof entry === 'string' ? [entry, 'AWS_IAM'] : entry;
    const [verb, path] = method.split(' ');
    const segments = path!.split('/').filter((s) => s !== '');
    resources[methodId(method)] = { Type: 'AWS::ApiGateway::Method', Properties: { RestApiId: { Ref: 'Api' }, ResourceId: resourceOf(segments), HttpMethod: verb, AuthorizationType: auth } };
  }
  for (const stage of spec.stages ?? []) {
    resources[`Stage${stage}`] = { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Api' }, StageName: stage } };
  }
  for (const [role, grants] of Object.entries(spec.roles ?? {})) {
    const statements = grants.map((g) => ({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: sub(g.replace(/^\?/, '')),
      ...(g.startsWith('?') ? { Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ops' } } } : {}),
    }));
    resources[role] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        ...(spec.roleNames?.[role] ? { RoleName: spec.roleNames[role] } : {}),
        AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        Policies: [{ PolicyName: 'invoke', PolicyDocument: { Version: '2012-10-17', Statement: statements } }],
      },
    };
  }
  return { Resources: resources };
}

/** The path of statement `i` of a role built by `stack`. */
export function grantPath(role: string, i = 0): (string | number)[] {
  return ['Resources', role, 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', i];
}

/** The configuration file text holding `access.expect: items`. */
export function configText(items: readonly unknown[], format: 'json' | 'yaml'): string {
  const value = { access: { expect: items } };
  return format === 'json' ? JSON.stringify(value, null, 2) : yamlStringify(value);
}

/** The assertions of a configuration text; fails the test on any configuration problem. */
export function assertionsOf(items: readonly unknown[], format: 'json' | 'yaml'): readonly AccessAssertion[] {
  const { config, problems } = parseProjectConfig(configText(items, format), { format });
  assert.deepEqual(problems, [], 'the assertions are valid configuration');
  return config!.access.expect;
}

export interface ExpectCases {
  readonly valid: readonly (Case & { readonly expect: readonly unknown[] })[];
  readonly invalid: readonly (InvalidCase & { readonly expect: readonly unknown[] })[];
}

/**
 * The cases with their assertions read from a configuration file in `format`: each case then
 * runs its template as JSON and as YAML (ruleTester), so every case runs in four combinations.
 */
export function withConfig(cases: ExpectCases, format: 'json' | 'yaml'): { valid: Case[]; invalid: InvalidCase[] } {
  const settings = (expect: readonly unknown[], base?: AnalysisSettings): AnalysisSettings => ({ ...base, accessExpect: assertionsOf(expect, format) });
  return {
    valid: cases.valid.map((c) => ({ ...c, name: `${c.name ?? ''} [${format} config]`, settings: settings(c.expect, c.settings) })),
    invalid: cases.invalid.map((c) => ({ ...c, name: `${c.name ?? ''} [${format} config]`, settings: settings(c.expect, c.settings) })),
  };
}
