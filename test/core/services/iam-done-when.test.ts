/**
 * Issue #3's "done when", end to end through the core: the statement
 * {"Effect":"Allow","Action":["s3:Get*","execute-api:*"],"Resource":"*"} gets the expected
 * findings; every quick fix offered for them yields a policy that parses, has no error
 * finding, grants no action it did not grant before and (for the resource fixes) names
 * resources instead of "*"; and the hovers list the actions the wildcards match.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify as yamlStringify } from 'yaml';
import type { DocumentFormat, SourceDocument } from '../../../server/src/core/index';
import { getProperty, nodeAtPath } from '../../../server/src/core/model/node';
import { analyzer, applyEdits, parse } from '../../helpers';

const POLICY = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:Get*', 'execute-api:*'], Resource: '*' }] };
const TEXTS: Record<DocumentFormat, string> = {
  json: JSON.stringify(POLICY),
  yaml: yamlStringify(POLICY, { version: '1.1' }),
};

/** Every action the policy's Allow statement grants, as `service:Name`. */
function granted(doc: SourceDocument): Set<string> {
  const catalog = analyzer.catalog!;
  const statement = nodeAtPath(doc.roots[0]!, ['Statement', 0]);
  const action = getProperty(statement, 'Action');
  const values = action?.kind === 'array' ? action.items : action ? [action] : [];
  const out = new Set<string>();
  for (const v of values) {
    const [prefix, name] = String(v.kind === 'string' ? v.value : '').split(':') as [string, string];
    catalog.matchActions(prefix, name).forEach((a) => out.add(`${catalog.service(prefix)!.prefix}:${a.name}`));
  }
  return out;
}

for (const format of ['json', 'yaml'] as const) {
  const text = TEXTS[format];

  test(`done when (${format}): the expected findings`, () => {
    const found = analyzer.analyze(parse(text, format)).map((f) => `${f.ruleId}:${f.messageId}:${f.severity}@${JSON.stringify(f.path)}`);
    assert.deepEqual(found.sort(), [
      'iam/wildcard-action:partial:info@["Statement",0,"Action",0]',
      'iam/wildcard-action:service:warning@["Statement",0,"Action",1]',
      'iam/wildcard-resource:star:warning@["Statement",0,"Resource"]',
    ]);
  });

  test(`done when (${format}): every quick fix gives a narrower, valid policy`, () => {
    const doc = parse(text, format);
    const before = granted(doc);
    let applied = 0;
    for (const finding of analyzer.analyze(doc).filter((f) => f.fixable)) {
      for (const fix of analyzer.quickFixes(doc, finding)) {
        const output = applyEdits(text, fix.edits);
        const after = parse(output, format);
        const label = `${finding.ruleId} "${fix.title}"`;
        assert.deepEqual(after.syntaxFindings, [], `${label} broke the ${format}:\n${output}`);
        const errors = analyzer.analyze(after).filter((f) => f.severity === 'error');
        assert.deepEqual(errors.map((f) => `${f.ruleId}/${f.messageId}`), [], `${label} left errors:\n${output}`);
        const now = granted(after);
        assert.ok([...now].every((a) => before.has(a)), `${label} grants actions the policy did not grant`);
        assert.ok(now.size > 0, `${label} grants nothing`);
        const same = analyzer.analyze(after).filter((f) => f.ruleId === finding.ruleId && JSON.stringify(f.path) === JSON.stringify(finding.path) && f.messageId === finding.messageId);
        assert.deepEqual(same, [], `${label} did not remove its finding`);
        if (finding.ruleId === 'iam/wildcard-resource') {
          const resource = getProperty(nodeAtPath(after.roots[0]!, ['Statement', 0]), 'Resource')!;
          const arns = resource.kind === 'array' ? resource.items : [resource];
          assert.ok(arns.every((n) => n.kind === 'string' && String(n.value).startsWith('arn:aws:')), `${label} left a non-ARN resource`);
        }
        applied++;
      }
    }
    // Expand, two access-level narrowings of s3:Get* if it spans levels, Invoke, Write, and the resource fixes.
    assert.ok(applied >= 4, `only ${applied} fixes were offered`);
  });

  test(`done when (${format}): hovers list the actions the wildcards match`, () => {
    const doc = parse(text, format);
    for (const [pattern, prefix, name] of [
      ['s3:Get*', 's3', 'Get*'],
      ['execute-api:*', 'execute-api', '*'],
    ] as const) {
      const hover = analyzer.hover(doc, text.indexOf(pattern) + 1);
      assert.ok(hover, `no hover on ${pattern}`);
      const actions = analyzer.catalog!.matchActions(prefix, name);
      assert.ok(actions.length > 0);
      for (const a of actions.slice(0, 40)) {
        assert.ok(hover.markdown.includes(`\`${a.name}\``), `the hover on ${pattern} does not list ${a.name}`);
      }
      assert.match(hover.markdown, new RegExp(`matches ${actions.length} of`));
    }
  });
}
