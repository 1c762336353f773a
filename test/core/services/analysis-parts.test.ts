/**
 * The two parts of an analysis (AnalysisSettings.part) are exactly one whole run: the
 * editor publishes the local part at once and the cross-file part later (issue 13), so
 * together they must say what `gatewarden check` says. Checked over every file of the
 * corpus and over templates with cross-file findings and suppressions of them; plus how
 * findings of an earlier text are carried to a new one by path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../server/src/core/types';
import { analyzer, parse } from '../../helpers';
import { corpusFiles } from '../../robustness/fuzz-lib';
import { STALE_GRANT } from '../../helpers/templates';

const key = (f: Finding): string => `${f.ruleId} ${f.messageId} ${f.root} ${JSON.stringify(f.path)} ${f.offset}+${f.length} ${f.severity} ${f.message}`;

function assertPartsEqualWhole(text: string, format: 'json' | 'yaml', label: string): { local: Finding[]; cross: Finding[] } {
  const doc = parse(text, format);
  const whole = analyzer.analyze(doc).map(key).sort();
  const local = analyzer.analyze(doc, { part: 'local' });
  const cross = analyzer.analyze(doc, { part: 'cross-file' });
  assert.deepEqual([...local, ...cross].map(key).sort(), whole, label);
  return { local, cross };
}

const STALE = STALE_GRANT;

test('local and cross-file parts together equal a whole analysis, on every corpus file', () => {
  const files = corpusFiles();
  assert.ok(files.length > 50, `the corpus is there (${files.length} files)`);
  for (const file of files) {
    assertPartsEqualWhole(file.text, file.format, file.name);
  }
});

test('a cross-file finding is in the cross-file part only; the local part has the rest', () => {
  const { local, cross } = assertPartsEqualWhole(STALE, 'yaml', 'stale grant');
  assert.deepEqual(cross.map((f) => f.ruleId), ['apigw/invoke-unmatched']);
  assert.deepEqual(local, []);
});

test('a suppression is judged unused only in the part that runs its rule', () => {
  const cases = [
    // Suppresses the cross-file finding: used in the cross-file part, not judged in the local one.
    { name: 'used cross-file suppression', text: STALE.replace('GET/cats"', 'GET/cats" # gatewarden-ignore apigw/invoke-unmatched'), unused: [] as string[] },
    // A cross-file rule with nothing to hide: unused, reported by the cross-file part.
    { name: 'idle cross-file suppression', text: STALE.replace('GET/pets"', 'GET/pets" # gatewarden-ignore apigw/invoke-unmatched'), unused: ['cross-file'] },
    // A local rule with nothing to hide: reported by the local part.
    { name: 'idle local suppression', text: `# gatewarden-ignore iam/invalid-effect\n${STALE}`, unused: ['local'] },
    // No rule named, an unknown rule: the local part says so, once.
    { name: 'malformed suppressions', text: `# gatewarden-ignore\n# gatewarden-ignore apigw/no-such-rule\n${STALE}`, unused: ['local', 'local'] },
  ];
  for (const c of cases) {
    const { local, cross } = assertPartsEqualWhole(c.text, 'yaml', c.name);
    const parts = [...local.map((f) => ['local', f] as const), ...cross.map((f) => ['cross-file', f] as const)];
    assert.deepEqual(
      parts.filter(([, f]) => f.ruleId === 'meta/unused-suppression').map(([part]) => part),
      c.unused,
      c.name,
    );
  }
});

test('findings carried to a new text by path: kept where they underline the same text, dropped elsewhere', () => {
  const before = parse(STALE, 'yaml');
  const stale = analyzer.analyze(before, { part: 'cross-file' }).find((f) => f.ruleId === 'apigw/invoke-unmatched');
  assert.ok(stale, 'the stale grant is reported');
  const cases = [
    { name: 'an edit above moves it', text: STALE.replace('Name: a', 'Name: a-longer-name'), kept: true },
    { name: 'an edit to the ARN drops it', text: STALE.replace('GET/cats', 'GET/dogs'), kept: false },
    { name: 'its statement removed drops it', text: STALE.slice(0, STALE.indexOf('        Statement:')), kept: false },
  ];
  for (const c of cases) {
    const after = parse(c.text, 'yaml');
    const carried = analyzer.carry([stale], STALE, after);
    if (!c.kept) {
      assert.deepEqual(carried, [], c.name);
      continue;
    }
    const ruleId: string = stale.ruleId;
    const fresh: Finding[] = analyzer.analyze(after, { part: 'cross-file' }).filter((f) => f.ruleId === ruleId);
    assert.deepEqual(carried.map(key), fresh.map(key), c.name);
  }
});
