/**
 * Conformance over the third-party corpus in ../shared/corpus (see its README): every
 * file parses and is analysed without an exception, AWS managed policies get no errors,
 * and the two deliberately malformed files get syntax/parse-error.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createAnalyzer, formatFor, type Finding } from '../../server/src/core/index';
import { collectFiles, readText } from '../../server/src/cli/files';
import { repoRoot, runBin } from '../cli/run';
import { loadCatalogSync, loadServicesSync, locateIamData } from '../../server/src/node/iam-data';

const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus');
/** Generous: the slowest file takes milliseconds; only a near-hang takes this long. */
const MAX_MS_PER_FILE = 2000;

interface Result {
  readonly file: string;
  readonly findings: readonly Finding[];
  readonly error?: unknown;
  readonly ms: number;
}

const results = new Map<string, Result>();

before(() => {
  assert.ok(
    fs.existsSync(corpus),
    `The corpus folder ${corpus} is missing. It holds the third-party conformance files and is always present in CI; restore ../shared/corpus next to the repository.`,
  );
  const ruleErrors: string[] = [];
  // With AWS's reference loaded, as the CLI and the server run: the managed policies are the
  // ground truth that the IAM-knowledge rules must not call wrong.
  const iamData = locateIamData(repoRoot);
  assert.ok(iamData, 'dist/iam is missing; run `npm run build` first.');
  const analyzer = createAnalyzer({
    onRuleError: (ruleId, error) => ruleErrors.push(`${ruleId}: ${String(error)}`),
    catalog: loadCatalogSync(iamData),
  });
  for (const file of collectFiles([corpus], corpus).files) {
    const rel = path.relative(corpus, file).split(path.sep).join('/');
    const started = performance.now();
    try {
      const text = readText(file);
      const doc = analyzer.parse(text, { format: formatFor(file, text), assumeRelevant: true });
      loadServicesSync(analyzer, doc, iamData);
      const findings = analyzer.analyze(doc);
      results.set(rel, { file: rel, findings, ms: performance.now() - started });
    } catch (error) {
      results.set(rel, { file: rel, findings: [], error, ms: performance.now() - started });
    }
  }
});

function describeFinding(file: string, f: Finding): string {
  return `${file} ${f.severity} ${f.ruleId}/${f.messageId} at ${JSON.stringify(f.path)}: ${f.message}`;
}

test('corpus: every file is analysed without an exception or internal/rule-error', (t) => {
  assert.ok(results.size > 0, 'no files found in the corpus');
  const problems: string[] = [];
  const perRule = new Map<string, number>();
  for (const r of results.values()) {
    if (r.error !== undefined) {
      problems.push(`${r.file} threw: ${r.error instanceof Error ? (r.error.stack ?? r.error.message) : String(r.error)}`);
    }
    for (const f of r.findings) {
      perRule.set(`${f.ruleId} (${f.severity})`, (perRule.get(`${f.ruleId} (${f.severity})`) ?? 0) + 1);
      if (f.ruleId === 'internal/rule-error') {
        problems.push(describeFinding(r.file, f));
      }
    }
  }
  t.diagnostic(`${results.size} files; findings per rule: ${[...perRule].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`);
  assert.deepEqual(problems, []);
});

test('corpus: every file in MANIFEST.tsv exists and was checked', () => {
  const manifest = fs.readFileSync(path.join(corpus, 'MANIFEST.tsv'), 'utf8');
  const listed = manifest
    .split(/\r?\n/)
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t')[0] as string);
  assert.ok(listed.length > 100, `MANIFEST.tsv lists only ${listed.length} files`);
  const missing = listed.filter((f) => !fs.existsSync(path.join(corpus, f)));
  assert.deepEqual(missing, [], 'files listed in MANIFEST.tsv but absent');
  const unchecked = listed.filter((f) => !results.has(f));
  assert.deepEqual(unchecked, [], 'files listed in MANIFEST.tsv that the walk did not check');
});

test('corpus: no error-severity finding on AWS managed policies', () => {
  const managed = [...results.values()].filter((r) => /^policies\/awsmanaged__.*\.json$/.test(r.file));
  assert.ok(managed.length > 0, 'no policies/awsmanaged__*.json files found');
  const errors = managed.flatMap((r) => r.findings.filter((f) => f.severity === 'error').map((f) => describeFinding(r.file, f)));
  assert.deepEqual(errors, [], `false errors on AWS managed policies:\n${errors.join('\n')}`);
});

const malformed = [
  'parliament-cases/formatting__analyze_policy_string_not_json.json',
  'parliament-cases/advanced_policy_elements__notprincipal_allow__2.json',
];

for (const file of malformed) {
  test(`corpus: ${file} gets syntax/parse-error`, () => {
    const r = results.get(file);
    assert.ok(r, `${file} was not checked`);
    assert.ok(
      r.findings.some((f) => f.ruleId === 'syntax/parse-error' && f.severity === 'error'),
      `expected syntax/parse-error, got:\n${r.findings.map((f) => describeFinding(file, f)).join('\n')}`,
    );
  });
}

test(`corpus: each file is analysed in under ${MAX_MS_PER_FILE} ms`, () => {
  const slow = [...results.values()].filter((r) => r.ms > MAX_MS_PER_FILE).map((r) => `${r.file}: ${Math.round(r.ms)} ms`);
  assert.deepEqual(slow, []);
});

test('corpus: `gatewarden check <corpus> --format json` runs to the end and prints one JSON array', () => {
  // The child's 60 s timeout is the hang detector for the whole run; in-process timings
  // above cannot interrupt a synchronous loop.
  const { code, signal, stdout, stderr } = runBin(['check', corpus, '--format', 'json']);
  assert.equal(signal, null, `killed by ${signal}; stderr:\n${stderr}`);
  assert.ok(code === 0 || code === 1, `exit code ${code}; stderr:\n${stderr}`);
  const parsed: unknown = JSON.parse(stdout);
  assert.ok(Array.isArray(parsed), 'stdout is not a JSON array');
  assert.ok(!parsed.some((f: { ruleId?: string }) => f.ruleId === 'internal/rule-error'), 'the CLI reported internal/rule-error');
});
