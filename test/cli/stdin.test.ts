/**
 * `-` as a path: one document from standard input, named by --stdin-filename for its
 * format, its configuration and the reports; and files named on the command line that are
 * neither JSON nor YAML, which are skipped with a reason instead of passing silently; and
 * a truncated JSON file, which gets one parse error.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import type { StdinRead } from '../../server/src/cli/stdin';
import { makeTempDir, policyJson, removeDir, runBin, runCli } from './run';

const BAD_JSON = policyJson('Alow');
const BAD_YAML = 'Version: "2012-10-17"\nStatement:\n  - Effect: Alow\n    Action: s3:GetObject\n    Resource: "arn:aws:s3:::b/*"\n';

const stdinOf =
  (text: string) =>
  (maxBytes: number): Promise<StdinRead> =>
    Promise.resolve(Buffer.byteLength(text) > maxBytes ? { kind: 'too-large', limit: maxBytes } : { kind: 'ok', text });

const summary = (stdout: string): [string, string, number][] => (JSON.parse(stdout) as JsonFinding[]).map((f) => [f.file, f.ruleId, f.range.start.line]);

describe('standard input', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      'infra/.gatewarden.yaml': 'rules:\n  iam/invalid-effect: warning\n',
      'on-disk.json': BAD_JSON,
    });
  });
  after(() => removeDir(dir));

  test('`-` alone: <stdin> in the report, format from the text', async () => {
    for (const text of [BAD_JSON, BAD_YAML]) {
      const { code, stdout } = await runCli(['check', '-', '--format', 'json'], { cwd: dir, readStdin: stdinOf(text) });
      assert.equal(code, 1);
      assert.deepEqual(summary(stdout), [['<stdin>', 'iam/invalid-effect', 2 - (text === BAD_JSON ? 2 : 0)]]);
    }
  });

  test('--stdin-filename names it, and its configuration applies', async () => {
    const { code, stdout } = await runCli(['check', '-', '--stdin-filename', 'infra/policy.yaml', '--format', 'json'], { cwd: dir, readStdin: stdinOf(BAD_YAML) });
    const findings = JSON.parse(stdout) as JsonFinding[];
    assert.deepEqual(
      findings.map((f) => [f.file, f.ruleId, f.severity]),
      [[path.join('infra', 'policy.yaml'), 'iam/invalid-effect', 'warning']],
    );
    assert.equal(code, 0, 'a warning does not fail the run');
  });

  test('the name picks the format: JSON text named .yaml is read as YAML (JSON is YAML)', async () => {
    const { stdout } = await runCli(['check', '-', '--stdin-filename', 'x.yaml', '--format', 'json'], { cwd: dir, readStdin: stdinOf(BAD_JSON) });
    assert.deepEqual(summary(stdout).map(([, rule]) => rule), ['iam/invalid-effect']);
  });

  test('together with files on disk', async () => {
    const { stdout } = await runCli(['check', 'on-disk.json', '-', '--format', 'json'], { cwd: dir, readStdin: stdinOf(BAD_YAML) });
    assert.deepEqual(summary(stdout).map(([file]) => file).sort(), ['<stdin>', 'on-disk.json']);
  });

  test('more than --max-file-size: exit 2', async () => {
    const { code, stderr } = await runCli(['check', '-', '--max-file-size', '10'], { cwd: dir, readStdin: stdinOf(BAD_JSON) });
    assert.equal(code, 2);
    assert.match(stderr, /--max-file-size/);
  });

  test('an empty document: no crash, no findings', async () => {
    const { code, stdout } = await runCli(['check', '-', '--format', 'json'], { cwd: dir, readStdin: stdinOf('') });
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), []);
  });

  test('the real command reads a pipe', () => {
    const { code, stdout } = runBin(['check', '-', '--stdin-filename', 'infra/p.json', '--format', 'json'], { cwd: dir, input: BAD_JSON });
    assert.equal(code, 0, 'infra/.gatewarden.yaml makes it a warning');
    assert.deepEqual((JSON.parse(stdout) as JsonFinding[]).map((f) => [f.file, f.ruleId, f.severity]), [[path.join('infra', 'p.json'), 'iam/invalid-effect', 'warning']]);
  });
});

describe('files named on the command line that are not JSON or YAML', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      'README.md': '# Notes\n\nSome *text*: not a policy.\n',
      'main.tf': 'resource "aws_iam_policy" "p" {\n  name = "x"\n}\n',
      'policy.txt': BAD_JSON,
      'p.json': BAD_JSON,
    });
  });
  after(() => removeDir(dir));

  test('README.md: skipped with a reason on stderr, not counted as checked, exit 0', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'README.md'], { cwd: dir });
    assert.equal(code, 0);
    assert.match(stderr, /^gatewarden: skipped README\.md: .+\n$/);
    assert.match(stdout, /^no files to check\.?\n$/i);
  });

  test('beside a real file, only the real file is reported', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'README.md', 'main.tf', 'p.json', '--format', 'json'], { cwd: dir });
    assert.equal(code, 1);
    assert.deepEqual(summary(stdout).map(([file]) => file), ['p.json']);
    assert.deepEqual(stderr.split('\n').filter((l) => l !== '').map((l) => /skipped (\S+):/.exec(l)?.[1]), ['README.md', 'main.tf']);
  });

  test('a policy in a .txt file is still checked', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'policy.txt', '--format', 'json'], { cwd: dir });
    assert.deepEqual([code, stderr], [1, '']);
    assert.deepEqual(summary(stdout).map(([, rule]) => rule), ['iam/invalid-effect']);
  });
});

describe('a truncated JSON file', () => {
  test('one syntax/parse-error, at the end of the text', async () => {
    const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resou';
    const dir = makeTempDir({ 'cut.json': text });
    try {
      const { code, stdout } = await runCli(['check', 'cut.json', '--format', 'json'], { cwd: dir });
      assert.equal(code, 1);
      const parseErrors = (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId === 'syntax/parse-error');
      assert.equal(parseErrors.length, 1);
      assert.deepEqual(parseErrors[0]?.range.end, { line: 0, character: text.length });
    } finally {
      removeDir(dir);
    }
  });
});
