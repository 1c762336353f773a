/**
 * The contract of `scope: 'policy'` (rules/define.ts): a rule so marked reports, run one
 * policy at a time, exactly what it reports run over the whole document. Checked for every
 * such rule on every corpus file, so a rule that starts to look across policies (and would
 * then be wrong when analyze keeps its per-policy reports across edits) fails here.
 * The other half (kept reports still right after edits) is the typing chain in
 * test/core/model/reparse.test.ts, which compares findings with a fresh analysis.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../../server/src/core/services/analyze';
import { rules } from '../../../server/src/core/rules';
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
  const whole = scoped.map((r) => ({ ...r, scope: undefined }));
  let compared = 0;
  for (const file of corpusFiles()) {
    const inParts = analyze(parse(file.text, file.format), { registry: scoped, catalog: analyzer.catalog });
    const expected = analyze(parse(file.text, file.format), { registry: whole, catalog: analyzer.catalog });
    assert.deepEqual(summary(inParts), summary(expected), file.name);
    compared += expected.length;
  }
  return compared;
}

test('every rule of policy scope reports per policy what it reports over the whole document', () => {
  // The IAM rules are policy-scoped.
  const compared = compareInPartsAndWhole('policy', 25);
  assert.ok(compared > 100, `the corpus gives these rules something to report (${compared})`);
});

test('every rule of resource scope reports in parts (rest, then each resource) what it reports over the whole document', () => {
  const compared = compareInPartsAndWhole('resource', 3);
  assert.ok(compared > 20, `the corpus gives these rules something to report (${compared})`);
});

test('a policy-scoped rule that throws costs one internal finding, as any rule', () => {
  const throwing = { ...rules.find((r) => r.id === 'iam/invalid-effect')!, check: () => assert.fail('boom') };
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}';
  const found = analyze(parse(text, 'json'), { registry: [throwing], catalog: analyzer.catalog });
  assert.deepEqual(
    found.map((f) => f.ruleId),
    ['internal/rule-error'],
  );
});
