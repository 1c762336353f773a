/**
 * What `gatewarden check` looks at and how it ends: folder walking, exit codes, broken
 * files, internal failures, the bundled examples and the no-path default (the current folder).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createAnalyzer, type Analyzer } from '../../server/src/core/index';
import type { JsonFinding } from '../../server/src/cli/format';
import { makeTempDir, policyJson, removeDir, repoRoot, runCli } from './run';

const BAD = policyJson('Alow');
const GOOD = policyJson('Allow');
/** Two statements share a Sid: a warning in an identity policy, not an error. */
const WARNING_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Same', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' },
    { Sid: 'Same', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::example-bucket/*' },
  ],
});

function filesWithFindings(stdout: string): string[] {
  return [...new Set((JSON.parse(stdout) as JsonFinding[]).map((f) => f.file))];
}

describe('folder walking', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      'z.jsonc': BAD,
      'a/policy.json': BAD,
      'a/b/c/deep.yaml': 'Version: "2012-10-17"\nStatement:\n  - Effect: Alow\n    Action: s3:GetObject\n    Resource: "*"\n',
      'a/x.template': BAD,
      'a/unrelated.json': '{"name": "not-a-policy", "private": true}\n',
      'a/notes.txt': BAD,
      'a/policy.yml.bak': BAD,
      'node_modules/pkg/bad.json': BAD,
      '.git/bad.json': BAD,
      '.hidden/bad.yaml': BAD,
      'a/node_modules/bad.json': BAD,
    });
  });
  after(() => removeDir(dir));

  test('recurses in sorted order, skipping node_modules and dot-folders, only checked extensions', async () => {
    const { code, stdout } = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
    assert.equal(code, 1);
    assert.deepEqual(filesWithFindings(stdout), [
      path.join('a', 'b', 'c', 'deep.yaml'),
      path.join('a', 'policy.json'),
      path.join('a', 'x.template'),
      'z.jsonc',
    ]);
  });

  test('counts the unrelated JSON file as checked, without findings', async () => {
    const { stdout } = await runCli(['check', dir], { cwd: dir });
    assert.match(stdout, /in 4 files \(5 files checked\)\n$/);
  });

  test('a file named explicitly is checked whatever its folder or extension', async () => {
    const { code, stdout } = await runCli(['check', 'node_modules/pkg/bad.json', 'a/notes.txt', '--format', 'json'], { cwd: dir });
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as JsonFinding[];
    assert.ok(findings.some((f) => f.file === path.join('node_modules', 'pkg', 'bad.json') && f.ruleId === 'iam/invalid-effect'));
    assert.ok(findings.some((f) => f.file === path.join('a', 'notes.txt') && f.ruleId === 'iam/invalid-effect'));
  });

  test('a dot-folder named explicitly is walked', async () => {
    const { stdout } = await runCli(['check', '.hidden', '--format', 'json'], { cwd: dir });
    assert.deepEqual(filesWithFindings(stdout), [path.join('.hidden', 'bad.yaml')]);
  });

  test('a file named twice is checked once', async () => {
    const { stdout } = await runCli(['check', 'a/policy.json', 'a', '--format', 'json'], { cwd: dir });
    const files = (JSON.parse(stdout) as JsonFinding[]).map((f) => f.file);
    assert.equal(files.filter((f) => f === path.join('a', 'policy.json')).length, 1);
  });
});

describe('exit codes', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({ 'good.json': GOOD, 'bad.json': BAD, 'warn.json': WARNING_ONLY, 'x.json': 'not json', 'empty/readme.md': '# no policies' });
  });
  after(() => removeDir(dir));

  test('0 when there are no findings', async () => {
    assert.equal((await runCli(['check', 'good.json'], { cwd: dir })).code, 0);
  });

  test('0 when the findings are only warnings', async () => {
    const { code, stdout } = await runCli(['check', 'warn.json'], { cwd: dir });
    assert.equal(code, 0);
    assert.match(stdout, /warning iam\/duplicate-sid/);
  });

  test('1 when any finding is an error', async () => {
    assert.equal((await runCli(['check', 'good.json', 'bad.json'], { cwd: dir })).code, 1);
  });

  test('--fail-on warning fails on warnings; --fail-on info on anything', async () => {
    assert.equal((await runCli(['check', 'warn.json', '--fail-on', 'warning'], { cwd: dir })).code, 1);
    assert.equal((await runCli(['check', 'good.json', '--fail-on', 'info'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['check', 'warn.json', '--fail-on', 'info', '--rule', 'iam/duplicate-sid=info'], { cwd: dir })).code, 1);
    assert.equal((await runCli(['check', 'warn.json', '--fail-on', 'warning', '--rule', 'iam/duplicate-sid=info'], { cwd: dir })).code, 0);
  });

  test('--max-warnings N fails when there are more than N warnings', async () => {
    // warn.json has one duplicate-sid warning.
    assert.equal((await runCli(['check', 'warn.json', '--max-warnings', '1'], { cwd: dir })).code, 0);
    const over = await runCli(['check', 'warn.json', '--max-warnings', '0'], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /--max-warnings 0/);
  });

  test('--rule changes a severity, and off removes the finding', async () => {
    const down = await runCli(['check', 'bad.json', '--rule', 'iam/invalid-effect=warning', '--format', 'json'], { cwd: dir });
    assert.equal(down.code, 0);
    assert.deepEqual(
      (JSON.parse(down.stdout) as JsonFinding[]).map((f) => `${f.ruleId} ${f.severity}`),
      ['iam/invalid-effect warning'],
    );
    const off = await runCli(['check', 'bad.json', '--rule=iam/invalid-effect=off', '--format', 'json'], { cwd: dir });
    assert.deepEqual([off.code, JSON.parse(off.stdout)], [0, []]);
    const up = await runCli(['check', 'warn.json', '--rule', 'iam/duplicate-sid=error'], { cwd: dir });
    assert.equal(up.code, 1);
  });

  test('--rule with an unknown rule id is a usage error that lists near matches', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'bad.json', '--rule', 'iam/duplicate-sids=off'], { cwd: dir });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /iam\/duplicate-sid\b/);
  });

  test('0 on a folder with nothing to check', async () => {
    const text = await runCli(['check', 'empty'], { cwd: dir });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^no files to check\.?\n$/i);
    const json = await runCli(['check', 'empty', '--format', 'json'], { cwd: dir });
    assert.deepEqual(JSON.parse(json.stdout), []);
  });

  const usage: ReadonlyArray<readonly string[]> = [
    [],
    ['lint'],
    ['check', '--fix', '--fix-dry-run'],
    ['check', '--format', 'xml'],
    ['check', '--max-file-size', 'lots'],
    ['check', '--fail-on', 'never'],
    ['check', '--max-warnings', 'x'],
    ['check', '--jobs', '0'],
    ['check', '--rule', 'nope/nope=off'],
    ['check', '--baseline', 'a', '--write-baseline', 'b'],
  ];
  for (const argv of usage) {
    test(`2 for bad usage: ${JSON.stringify(argv)}`, async () => {
      const { code, stdout, stderr } = await runCli(argv, { cwd: dir });
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr, /^gatewarden: .+\nRun "gatewarden (check )?--help" for usage\.\n$/);
    });
  }

  test('2 for a path that does not exist, naming it, before checking anything', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'bad.json', 'no-such-dir', '--format', 'json'], { cwd: dir });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /no such file or folder: no-such-dir/);
  });

  test('--help and --version print to stdout and exit 0', async () => {
    const help = await runCli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: gatewarden <command>/);
    const version = await runCli(['--version']);
    assert.equal(version.code, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\S*\nIAM data: \d{4}-\d{2}-\d{2} \(@cloud-copilot\/iam-data \S+, bundled\)\n$/);
  });

  test('--max-file-size skips larger files with syntax/too-large', async () => {
    const { stdout } = await runCli(['check', 'bad.json', '--max-file-size', '10', '--format', 'json'], { cwd: dir });
    assert.deepEqual(
      (JSON.parse(stdout) as JsonFinding[]).map((f) => f.ruleId),
      ['syntax/too-large'],
    );
  });
});

describe('broken input and internal failures', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({ 'x.json': 'not json', 'sub/y.json': 'not json', 'boom.json': '{"Id": "BOOM", "Version": "2012-10-17", "Statement": []}', 'ok.json': BAD });
  });
  after(() => removeDir(dir));

  test('`not json` in x.json gives syntax/parse-error, named or found in a folder', async () => {
    const { code, stdout } = await runCli(['check', 'x.json', 'sub', '--format', 'json'], { cwd: dir });
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as JsonFinding[];
    // The JSON parser may report several errors in one broken file; all are parse errors.
    assert.deepEqual([...new Set(findings.map((f) => `${f.file} ${f.ruleId} ${f.severity}`))], [
      'x.json syntax/parse-error error',
      `${path.join('sub', 'y.json')} syntax/parse-error error`,
    ]);
  });

  test('an exception on one file becomes internal/rule-error there, and the run goes on', async () => {
    const real = createAnalyzer();
    const failing: Analyzer = {
      ...real,
      analyze: (doc, settings) => {
        if (doc.text.includes('"BOOM"')) {
          throw new Error('simulated failure');
        }
        return real.analyze(doc, settings);
      },
    };
    const { code, stdout } = await runCli(['check', 'boom.json', 'ok.json', '--format', 'json'], { cwd: dir, analyzer: failing });
    assert.equal(code, 1);
    const findings = JSON.parse(stdout) as JsonFinding[];
    const boom = findings.filter((f) => f.file === 'boom.json');
    assert.deepEqual(
      boom.map((f) => [f.ruleId, f.severity, f.range.start.line, f.range.start.character]),
      [['internal/rule-error', 'error', 0, 0]],
    );
    assert.match(boom[0]?.message ?? '', /simulated failure/);
    assert.ok(findings.some((f) => f.file === 'ok.json' && f.ruleId === 'iam/invalid-effect'));
  });
});

describe('the bundled examples', () => {
  test('`check examples` finds errors', async () => {
    const { code, stdout } = await runCli(['check', 'examples'], { cwd: repoRoot });
    assert.equal(code, 1);
    assert.match(stdout, /^examples\/policies\/s3-reader\.json:6:17 error iam\/invalid-effect /m);
  });

  test('each example shows what examples/README.md says it shows', async () => {
    const { stdout } = await runCli(['check', 'examples', '--format', 'json'], { cwd: repoRoot });
    const pairs = (JSON.parse(stdout) as JsonFinding[]).map((f) => `${f.file.split(path.sep).join('/')} ${f.ruleId}`);
    assert.deepEqual(pairs.sort(), [
      'examples/orders-api/template.yaml apigw/method-without-auth',
      'examples/orders-api/template.yaml iam/wildcard-action',
      'examples/orders-api/template.yaml iam/wildcard-resource',
      'examples/policies/bucket-policy.yaml iam/duplicate-sid',
      'examples/policies/bucket-policy.yaml iam/principal-and-not-principal',
      'examples/policies/bucket-policy.yaml iam/principal-wildcard',
      'examples/policies/s3-reader.json iam/invalid-effect',
      'examples/policies/s3-reader.json iam/unknown-condition-operator',
      'examples/policies/s3-reader.json iam/unknown-element',
    ]);
  });

  test('paths are absolute when outside the current folder', async () => {
    const elsewhere = makeTempDir();
    try {
      const { code, stdout } = await runCli(['check', path.join(repoRoot, 'examples')], { cwd: elsewhere });
      assert.equal(code, 1);
      assert.ok(stdout.startsWith(path.join(repoRoot, 'examples') + path.sep), stdout);
    } finally {
      removeDir(elsewhere);
    }
  });
});

describe('no path: the current folder', () => {
  test('checks the files under the current folder', async () => {
    const dir = makeTempDir({ 'infra/bad.json': BAD, 'good.json': GOOD });
    try {
      const { code, stdout } = await runCli(['check', '--format', 'json'], { cwd: dir });
      assert.equal(code, 1);
      assert.deepEqual(filesWithFindings(stdout), [path.join('infra', 'bad.json')]);
    } finally {
      removeDir(dir);
    }
  });

  test('an empty folder: "no files to check", exit 0, in every format', async () => {
    const dir = makeTempDir();
    try {
      const text = await runCli(['check'], { cwd: dir });
      assert.deepEqual([text.code, text.stderr], [0, '']);
      assert.match(text.stdout, /^no files to check\.?\n$/i);
      const json = await runCli(['check', '--format', 'json'], { cwd: dir });
      assert.deepEqual([json.code, JSON.parse(json.stdout)], [0, []]);
      const sarif = await runCli(['check', '--format', 'sarif'], { cwd: dir });
      assert.deepEqual([sarif.code, (JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results], [0, []]);
    } finally {
      removeDir(dir);
    }
  });
});
