/**
 * `gatewarden check --fix` and `--fix-dry-run` on files in a temporary folder: the files'
 * exact contents afterwards (JSON and YAML, each in its own style), the diff a dry run prints,
 * the applied and skipped counts (JSON output), and exit codes on what is left. The pass
 * logic (cli/fix.ts) is also driven with a scripted analyzer: overlapping fixes wait for a
 * later pass, a fix that would leave the text not parsing is skipped, a fix that does not hold
 * is not applied twice.
 */
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, runCli } from './run';
import { fixText, type Analysed } from '../../server/src/cli/fix';
import { unifiedDiff } from '../../server/src/cli/diff';
import type { Analyzer, Finding, Fix, SourceDocument } from '../../server/src/core/index';

const JSON_BEFORE = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Alow", "Action": ["s3:GetObjectt"], "Resource": "arn:aws:s3:::b/*"}\n  ]\n}\n';
const JSON_AFTER = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}\n  ]\n}\n';
const YAML_BEFORE = "Version: '2012-10-17'\nStatement:\n  - Effect: Alow\n    Action:\n      - 'lamda:InvokeFunction'\n    Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f'\n";
const YAML_AFTER = "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action:\n      - 'lambda:InvokeFunction'\n    Resource: 'arn:aws:lambda:us-east-1:123456789012:function:f'\n";
/** A finding without a fix: --fix leaves it, and it still fails the run. */
const UNFIXABLE = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}\n';

interface JsonReport {
  findings: { file: string; ruleId: string }[];
  fixes: { mode: string; applied: number; skipped: number; files: { file: string; applied: number; skipped: number; diff?: string }[] };
}

describe('check --fix', () => {
  let dir = '';
  beforeEach(() => {
    dir = makeTempDir({ 'p.json': JSON_BEFORE, 'q.yaml': YAML_BEFORE, 'clean.json': JSON_AFTER });
  });
  afterEach(() => removeDir(dir));
  const read = (name: string): string => fs.readFileSync(path.join(dir, name), 'utf8');

  test('writes each preferred fix in the file\'s own style and reports the counts', async () => {
    const { code, stdout } = await runCli(['check', '.', '--fix', '--format', 'json'], { cwd: dir });
    assert.equal(read('p.json'), JSON_AFTER);
    assert.equal(read('q.yaml'), YAML_AFTER);
    assert.equal(read('clean.json'), JSON_AFTER);
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.fixes, {
      mode: 'write',
      applied: 4,
      skipped: 0,
      files: [
        { file: 'p.json', applied: 2, skipped: 0 },
        { file: 'q.yaml', applied: 2, skipped: 0 },
      ],
    });
    assert.equal(code, 0);
  });

  test('a second run has nothing left to fix', async () => {
    await runCli(['check', '.', '--fix'], { cwd: dir });
    const { code, stdout } = await runCli(['check', '.', '--fix', '--format', 'json'], { cwd: dir });
    assert.deepEqual((JSON.parse(stdout) as JsonReport).fixes, { mode: 'write', applied: 0, skipped: 0, files: [] });
    assert.equal(code, 0);
  });

  test('findings without a fix are left, reported, and fail the run', async () => {
    fs.writeFileSync(path.join(dir, 'r.json'), UNFIXABLE);
    const { code, stdout } = await runCli(['check', 'r.json', 'p.json', '--fix', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(read('r.json'), UNFIXABLE);
    assert.equal(read('p.json'), JSON_AFTER);
    assert.deepEqual(report.findings.map((f) => [f.file, f.ruleId]), [['r.json', 'iam/missing-element']]);
    assert.equal(code, 1);
  });

  test('--fix-dry-run writes nothing and prints the unified diff', async () => {
    const { code, stdout } = await runCli(['check', 'p.json', '--fix-dry-run'], { cwd: dir });
    assert.equal(read('p.json'), JSON_BEFORE);
    const diff = [
      '--- a/p.json',
      '+++ b/p.json',
      '@@ -1,6 +1,6 @@',
      ' {',
      '   "Version": "2012-10-17",',
      '   "Statement": [',
      '-    {"Effect": "Alow", "Action": ["s3:GetObjectt"], "Resource": "arn:aws:s3:::b/*"}',
      '+    {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}',
      '   ]',
      ' }',
      '',
    ].join('\n');
    assert.ok(stdout.startsWith(diff), stdout);
    assert.equal(code, 0);
    const json = await runCli(['check', '.', '--fix-dry-run', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(json.stdout) as JsonReport;
    assert.equal(report.fixes.mode, 'dry-run');
    assert.equal(report.fixes.applied, 4);
    assert.equal(report.fixes.files[0]?.diff, diff);
    assert.equal(read('q.yaml'), YAML_BEFORE);
  });

  test('--fix on standard input is a usage error', async () => {
    const { code, stderr } = await runCli(['check', '-', '--fix'], { cwd: dir, readStdin: () => Promise.resolve({ kind: 'ok', text: JSON_BEFORE }) });
    assert.equal(code, 2);
    assert.match(stderr, /--fix-dry-run/);
  });
});

/**
 * A scripted analyzer over plain text: every `aa` is a fixable finding whose preferred fix
 * replaces it with the finding's replacement, and every `!` is a syntax error. What each
 * case's fixes do is in `replace`.
 */
function scripted(replace: (at: number) => string): { analyzer: Analyzer; analyse: (text: string) => Analysed } {
  const finding = (ruleId: string, offset: number): Finding => ({ ruleId, messageId: 'm', message: '', severity: 'error', offset, length: 2, root: 0, path: [offset], data: {}, fixable: ruleId === 'test/aa' });
  const analyse = (text: string): Analysed => {
    const doc = { format: 'json', text, roots: [], syntaxFindings: [], kinds: [] } as unknown as SourceDocument;
    const findings: Finding[] = [];
    for (let i = text.indexOf('aa'); i !== -1; i = text.indexOf('aa', i + 1)) {
      findings.push(finding('test/aa', i));
    }
    for (let i = text.indexOf('!'); i !== -1; i = text.indexOf('!', i + 1)) {
      findings.push(finding('syntax/parse-error', i));
    }
    return { doc, findings };
  };
  const analyzer = {
    quickFixes: (_doc: SourceDocument, request: { path: readonly (string | number)[] }): Fix[] => {
      const at = request.path[0] as number;
      return [{ title: 'fix', edits: [{ offset: at, length: 2, newText: replace(at) }], isPreferred: true }];
    },
  } as unknown as Analyzer;
  return { analyzer, analyse };
}

const passCases: ReadonlyArray<readonly [name: string, text: string, replace: (at: number) => string, expected: { text: string; applied: number; skipped: number }]> = [
  ['separate fixes apply in one pass', 'aa-aa', () => 'b', { text: 'b-b', applied: 2, skipped: 0 }],
  ['overlapping fixes: the later one waits, then is found again on the new text', 'aaaa', () => 'b', { text: 'bb', applied: 2, skipped: 0 }],
  ['a fix that would not parse is skipped, the others applied', 'aa-aa', (at) => (at === 0 ? '!' : 'b'), { text: 'aa-b', applied: 1, skipped: 1 }],
  ['a fix that does not hold is applied once', 'aa', () => 'aa', { text: 'aa', applied: 0, skipped: 1 }],
  ['a fix that brings its finding back elsewhere stops at the pass limit', 'aa', () => 'baa', { text: 'bbbbbbbbbbaa', applied: 10, skipped: 1 }],
];

for (const [name, text, replace, expected] of passCases) {
  test(`fix passes: ${name}`, () => {
    const { analyzer, analyse } = scripted(replace);
    const outcome = fixText(analyzer, text, analyse);
    assert.deepEqual({ text: outcome.text, applied: outcome.applied, skipped: outcome.skipped }, expected);
  });
}

const diffCases: ReadonlyArray<readonly [name: string, before: string, after: string, expected: string]> = [
  ['same text', 'a\n', 'a\n', ''],
  ['one line changed', 'a\nb\nc\n', 'a\nB\nc\n', '--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n'],
  ['far apart changes make two hunks', 'a\n1\n2\n3\n4\n5\n6\n7\n8\nz\n', 'A\n1\n2\n3\n4\n5\n6\n7\n8\nZ\n', '--- x\n+++ y\n@@ -1,4 +1,4 @@\n-a\n+A\n 1\n 2\n 3\n@@ -7,4 +7,4 @@\n 6\n 7\n 8\n-z\n+Z\n'],
  ['a line added at the end without a newline', 'a\n', 'a\nb', '--- x\n+++ y\n@@ -1,1 +1,2 @@\n a\n+b\n\\ No newline at end of file\n'],
  ['everything removed', 'a\nb\n', '', '--- x\n+++ y\n@@ -1,2 +0,0 @@\n-a\n-b\n'],
];

for (const [name, before, after, expected] of diffCases) {
  test(`unified diff: ${name}`, () => {
    assert.equal(unifiedDiff(before, after, 'x', 'y'), expected);
  });
}
