/**
 * A failing rule must not take the others down, whatever it throws and wherever it sits in
 * the registry: each thrower yields exactly one internal/rule-error naming it, is passed to
 * onRuleError (the server logs it there), and every other rule's findings are the same as
 * without it. Extends test/core/rules/internal/rule-error.test.ts (one thrower after the
 * registry, on policies) to several throwers of different kinds, interleaved with the real
 * rules, on a policy, a SAM template and an OpenAPI file, and a thrower that overflows the
 * stack. Through the server this is not tested: the bundled server has no way to add a
 * rule, and adding one only for tests would ship a test-only code path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../server/src/core/services/analyze';
import { definePolicyRule, defineRule, type Rule } from '../../server/src/core/rules/define';
import { rules } from '../../server/src/core/rules';
import type { DocumentFormat, Finding } from '../../server/src/core/index';
import { analyzer, parse } from '../helpers';

const kinds = ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'] as const;

function thrower(id: string, check: () => void): Rule {
  return defineRule({
    id,
    appliesTo: [...kinds],
    defaultSeverity: 'warning',
    messages: { never: 'never reported' },
    docs: { summary: 'Throws.' },
    check(ctx) {
      // Reports first: those partial findings must be dropped.
      ctx.report({ root: 0, path: [], messageId: 'never' });
      check();
    },
  }) as Rule;
}

const recurse = (n: number): number => recurse(n + 1) + 1;
const throwers: Rule[] = [
  thrower('test/error', () => {
    throw new Error('boom');
  }),
  thrower('test/type-error', () => {
    (undefined as unknown as { x: () => void }).x();
  }),
  thrower('test/non-error', () => {
    // eslint-disable-next-line no-throw-literal -- the point: a rule that throws a non-Error
    throw { not: 'an error' };
  }),
  thrower('test/stack-overflow', () => {
    recurse(0);
  }),
];
const throwerIds = throwers.map((r) => r.id).sort();

/** The registry with the throwers spread through it, not just appended. */
const interleaved: Rule[] = [...rules];
throwers.forEach((t, i) => interleaved.splice(Math.floor(((i + 1) * interleaved.length) / (throwers.length + 1)), 0, t));

const key = (f: Finding): string => JSON.stringify([f.ruleId, f.messageId, f.root, f.path, f.offset, f.length, f.severity]);

const documents: { name: string; format: DocumentFormat; text: string }[] = [
  {
    name: 'policy',
    format: 'json',
    text: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObjekt', Resource: '*' }, { Effect: 'Allow', Action: '*', Resource: '*' }] }),
  },
  {
    name: 'SAM template',
    format: 'yaml',
    text: [
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Handler: index.handler',
      '      Policies:',
      '        - Statement:',
      '            - Effect: Allow',
      '              Action: iam:PassRole',
      "              Resource: '*'",
      '      Events:',
      '        Get: {Type: Api, Properties: {Path: /x, Method: get}}',
      '  Role:',
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      RoleName: !Ref Missing',
      '',
    ].join('\n'),
  },
  {
    name: 'OpenAPI',
    format: 'json',
    text: JSON.stringify({ openapi: '3.0.1', info: { title: 't', version: '1' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } }),
  },
];

for (const d of documents) {
  test(`robustness: four throwing rules interleaved in the registry cost only their own findings (${d.name})`, () => {
    const doc = parse(d.text, d.format);
    const catalog = analyzer.catalog;
    const baseline = analyze(doc, { catalog, onRuleError: (id, error) => assert.fail(`${id} threw ${String(error)}`) });
    assert.ok(baseline.length > 0, 'the document should have findings of its own');
    const logged: string[] = [];
    const got = analyze(doc, { catalog, registry: interleaved, onRuleError: (id) => logged.push(id) });
    assert.deepEqual(logged.sort(), throwerIds, 'each thrower is logged once');
    const internal = got.filter((f) => f.ruleId === 'internal/rule-error');
    assert.deepEqual(internal.map((f) => String(f.data.rule)).sort(), throwerIds, 'one internal/rule-error per thrower');
    assert.deepEqual(got.filter((f) => f.ruleId.startsWith('test/')), [], "a thrower's partial findings are dropped");
    assert.deepEqual(got.filter((f) => f.ruleId !== 'internal/rule-error').map(key).sort(), baseline.map(key).sort(), 'the other rules report as without the throwers');
  });
}

test('robustness: internal/rule-error can be turned off, and throwers still do not take others down', () => {
  const doc = parse(documents[0]!.text, 'json');
  const got = analyze(doc, { catalog: analyzer.catalog, registry: interleaved, rules: { 'internal/rule-error': 'off' } });
  assert.deepEqual(got.filter((f) => f.ruleId === 'internal/rule-error' || f.ruleId.startsWith('test/')), []);
  assert.ok(got.some((f) => f.ruleId === 'iam/invalid-effect'));
});

test('robustness: a policy-scoped rule that throws on its second policy keeps the first policy\'s findings, once, in every analysis', () => {
  // The SAM template has two policies: the function's inline policy, then the role's trust policy.
  const doc = parse(documents[1]!.text, 'yaml');
  const second = definePolicyRule({
    id: 'test/second-policy',
    appliesTo: [...kinds],
    defaultSeverity: 'warning',
    messages: { seen: 'policy seen' },
    docs: { summary: 'Reports on each policy; throws on the second.' },
    check(ctx) {
      for (const site of ctx.policies()) {
        ctx.report({ root: site.root, path: site.path, messageId: 'seen' });
        if (site.path[1] === 'Role') {
          throw new Error('second policy');
        }
      }
    },
  }) as Rule;
  const registry = [...rules.filter((r) => r.scope === 'policy').slice(0, 5), second, ...rules.filter((r) => r.scope === 'policy').slice(5)];
  const baseline = analyze(doc, { catalog: analyzer.catalog, registry: registry.filter((r) => r !== second) });
  // The second run meets the same sites: the first policy's reports come from what was kept.
  for (const run of [1, 2]) {
    const logged: string[] = [];
    const got = analyze(doc, { catalog: analyzer.catalog, registry, onRuleError: (id) => logged.push(id) });
    assert.deepEqual(logged, ['test/second-policy'], `run ${run}: logged once`);
    assert.deepEqual(got.filter((f) => f.ruleId === 'internal/rule-error').map((f) => String(f.data.rule)), ['test/second-policy'], `run ${run}: one internal finding`);
    assert.deepEqual(got.filter((f) => f.ruleId === 'test/second-policy').map((f) => f.path), [['Resources', 'Fn', 'Properties', 'Policies', 0]], `run ${run}: the first policy's finding stays`);
    assert.deepEqual(got.filter((f) => f.ruleId !== 'internal/rule-error' && f.ruleId !== 'test/second-policy').map(key).sort(), baseline.map(key).sort(), `run ${run}: the other policy rules report as without it`);
  }
});
