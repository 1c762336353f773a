/**
 * The contract of rule scopes (rules/define.ts). A policy-scoped rule sees one policy through
 * `PolicyRuleContext`, so it cannot look across policies (test/core/rules/scope-types.ts
 * holds the compile-time half); here its kept per-policy reports must equal a computation from
 * nothing (engine `fresh`) on every corpus file. A resource-scoped rule, run in parts (the
 * rest, then each resource), must report what it reports over the whole document. The other
 * half (kept reports still right after edits) is the typing chain in
 * test/core/model/reparse.test.ts and test/core/engine.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, quickFixes, wholeDocumentRule } from '../../../server/src/core/services/analyze';
import { rules } from '../../../server/src/core/rules';
import type { Rule } from '../../../server/src/core/rules/define';
import { fresh } from '../../../server/src/core/engine';
import type { Finding } from '../../../server/src/core/types';
import { analyzer, parse } from '../../helpers';
import { corpusFiles } from '../../robustness/fuzz-lib';

const summary = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.ruleId} ${f.messageId} ${f.offset}+${f.length} ${f.root}:${f.path.join('/')} ${JSON.stringify(f.data)} ${f.fixable}`);

/**
 * Runs the rules of one scope as analyze runs them (in parts) and as whole-document rules,
 * over the corpus: the findings must be the same. Returns how many there were.
 */
function compareInPartsAndWhole(scope: 'policy' | 'resource', atLeastRules: number): number {
  const scoped = rules.filter((r) => r.scope === scope);
  assert.ok(scoped.length >= atLeastRules, `${scope}-scoped rules (${scoped.length})`);
  // A resource-scoped rule also runs over the whole document; a policy-scoped one only ever
  // sees one policy, so its whole-document twin is the same rules computed from nothing.
  const whole = scope === 'resource' ? scoped.map((r) => (r.scope === 'resource' ? wholeDocumentRule(r) : r)) : scoped;
  let compared = 0;
  for (const file of corpusFiles()) {
    const doc = parse(file.text, file.format);
    analyze(doc, { registry: scoped, catalog: analyzer.catalog });
    // The second analysis of the same parse hands back the reports kept per policy.
    const inParts = analyze(doc, { registry: scoped, catalog: analyzer.catalog });
    const expected = fresh(() => analyze(parse(file.text, file.format), { registry: whole, catalog: analyzer.catalog }));
    assert.deepEqual(summary(inParts), summary(expected), file.name);
    compared += expected.length;
  }
  return compared;
}

test('every rule of policy scope reports, from the reports kept per policy, what it reports computed from nothing', () => {
  // The IAM rules are policy-scoped.
  const compared = compareInPartsAndWhole('policy', 25);
  assert.ok(compared > 100, `the corpus gives these rules something to report (${compared})`);
});

test('every rule of resource scope reports in parts (rest, then each resource) what it reports over the whole document', () => {
  const compared = compareInPartsAndWhole('resource', 3);
  assert.ok(compared > 20, `the corpus gives these rules something to report (${compared})`);
});

test('a policy-scoped rule that throws costs one internal finding, as any rule', () => {
  const throwing = { ...rules.find((r) => r.id === 'iam/invalid-effect')!, check: () => assert.fail('boom') } as Rule;
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  const found = analyze(parse(text, 'json'), { registry: [throwing], catalog: analyzer.catalog });
  assert.deepEqual(
    found.map((f) => f.ruleId),
    ['internal/rule-error'],
  );
});

test('a quick fix runs its policy-scoped rule on the policies holding the finding, and finds what running it on every policy finds', () => {
  // fixableReports' `near`: sound only if every report of a policy-scoped rule lies inside
  // the policy it ran on. Compared on every fixable finding of the corpus.
  const scoped = new Set(rules.filter((r) => r.scope === 'policy').map((r) => r.id));
  let compared = 0;
  for (const file of corpusFiles()) {
    const doc = parse(file.text, file.format);
    for (const f of analyzer.analyze(doc)) {
      if (!f.fixable || !scoped.has(f.ruleId)) {
        continue;
      }
      const request = { ruleId: f.ruleId, root: f.root, path: f.path, messageId: f.messageId };
      const near = quickFixes(doc, request, { catalog: analyzer.catalog });
      assert.deepEqual(near, quickFixes(doc, request, { catalog: analyzer.catalog }, true), `${file.name}: ${f.ruleId} ${f.path.join('/')}`);
      assert.ok(near.length > 0, `${file.name}: ${f.ruleId} is fixable`);
      compared++;
    }
  }
  assert.ok(compared > 100, `compared ${compared}`);
});
