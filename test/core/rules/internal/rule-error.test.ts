import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBothFormats, parse, ruleTester, type Expected } from '../../../helpers';
import { analyze } from '../../../../server/src/core/services/analyze';
import { defineRule } from '../../../../server/src/core/rules/define';
import { rules } from '../../../../server/src/core/rules';
import type { AnalysisSettings, DocumentFormat } from '../../../../server/src/core/index';

/*
 * internal/rule-error is raised only when a rule throws. The registry's rules must never
 * throw, and the test helpers' analyzer fails any test in which one does, so the valid
 * table doubles as a robustness check: malformed policies that every rule must survive.
 */
ruleTester('internal/rule-error', {
  valid: [
    { name: 'well-formed policy', code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
    { name: 'Statement is a number', code: { Version: '2012-10-17', Statement: 5 } },
    { name: 'Statement is null', code: { Version: '2012-10-17', Statement: null } },
    { name: 'statement items of every type', code: { Version: '2012-10-17', Statement: [null, 1, 'x', true, [], {}] } },
    {
      name: 'every element of the wrong type',
      code: {
        Version: ['2012-10-17'],
        Id: {},
        Statement: [
          {
            Sid: [],
            Effect: {},
            Principal: [null],
            NotPrincipal: { AWS: { a: 1 }, '': null },
            Action: { a: [] },
            NotAction: [[]],
            Resource: null,
            NotResource: [{}],
            Condition: { '': null, StringEquals: [], Bool: { '': [[]] } },
          },
        ],
      },
    },
    {
      name: 'intrinsics everywhere (long form)',
      code: {
        Version: { Ref: 'V' },
        Id: { 'Fn::Sub': 'x' },
        Statement: [
          {
            Sid: { Ref: 'S' },
            Effect: { 'Fn::If': ['C', 'Allow', 'Deny'] },
            Principal: { Ref: 'P' },
            Action: { 'Fn::Split': [',', 'a,b'] },
            Resource: [{ 'Fn::GetAtt': ['B', 'Arn'] }],
            Condition: { StringEquals: { Ref: 'X' } },
          },
          { 'Fn::If': ['C', {}, {}] },
        ],
      },
    },
    { name: 'Statement is an intrinsic', code: { Version: '2012-10-17', Statement: { Ref: 'Statements' } } },
    {
      name: 'YAML short forms and empty values',
      code: "Version:\nStatement:\n  - Effect: !If [C, Allow, Deny]\n    Action:\n    Resource: !Ref\n    Condition:\n      StringEquals: !Ref Cond\n  -\n",
      format: 'yaml',
    },
    {
      name: 'an alias to the sequence that contains it',
      code: "Version: '2012-10-17'\nStatement: &s\n  - Effect: Allow\n    Action: *s\n    Resource: *undefined\n",
      format: 'yaml',
    },
    {
      name: 'a YAML stream of policies and other documents',
      code: "Version: '2012-10-17'\nStatement: []\n---\n- 1\n---\nStatement: {Effect: Allow}\n---\n",
      format: 'yaml',
    },
  ],
  // A rule that throws cannot be put through ruleTester (its analyzer fails the test on a
  // throw), so the invalid cases run below with a stand-in rule through analyze's
  // `registry` seam.
  invalid: [],
});

const throwing = defineRule({
  id: 'test/throws',
  appliesTo: ['iam-policy'],
  defaultSeverity: 'error',
  messages: { seen: 'Statement seen.' },
  docs: { summary: 'Reports every statement, then throws.' },
  check(ctx) {
    for (const s of ctx.statements()) {
      ctx.report({ root: s.site.root, path: s.path, messageId: 'seen' });
    }
    throw new Error('boom');
  },
});

interface RuleErrorCase {
  readonly name: string;
  readonly code: unknown;
  readonly settings?: AnalysisSettings;
  readonly expected: readonly Expected[];
}

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: '*' }] };

const invalid: readonly RuleErrorCase[] = [
  {
    name: 'a rule that throws',
    code: policy,
    expected: [{ messageId: 'threw', path: [], data: { rule: 'test/throws', error: 'boom' }, severity: 'error' }],
  },
  {
    name: 'severity configured',
    code: policy,
    settings: { rules: { 'internal/rule-error': 'warning' } },
    expected: [{ messageId: 'threw', path: [], data: { rule: 'test/throws', error: 'boom' }, severity: 'warning' }],
  },
  { name: 'turned off', code: policy, settings: { rules: { 'internal/rule-error': 'off' } }, expected: [] },
];

for (const c of invalid) {
  for (const [format, text] of Object.entries(asBothFormats(c.code)) as [DocumentFormat, string][]) {
    test(`internal/rule-error invalid ${c.name} (${format})`, () => {
      const errors: string[] = [];
      const got = analyze(parse(text, format), {
        ...c.settings,
        registry: [...rules, throwing],
        onRuleError: (ruleId) => errors.push(ruleId),
      });
      const ruleErrors = got.filter((f) => f.ruleId === 'internal/rule-error');
      assert.deepEqual(
        ruleErrors.map((f) => ({ messageId: f.messageId, path: f.path, data: f.data, severity: f.severity })),
        c.expected.map((e) => ({ messageId: e.messageId, path: e.path, data: e.data, severity: e.severity })),
      );
      assert.deepEqual(errors, ['test/throws'], 'onRuleError is told which rule threw');
      // The thrower's partial findings are dropped; the other rules still report theirs.
      assert.deepEqual(got.filter((f) => f.ruleId === 'test/throws'), []);
      assert.deepEqual(
        got.filter((f) => f.ruleId === 'iam/invalid-effect').map((f) => f.messageId),
        ['invalid'],
      );
    });
  }
}
