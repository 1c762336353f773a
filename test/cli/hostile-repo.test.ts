/**
 * Issue #14: nothing in a repository can hang, crash or trick the command line. Each test
 * runs the built bin/gatewarden.js as a child process on real temporary folders:
 * pathological globs in `.gatewarden.yaml` (`check`, `methods` and `access` answer with
 * their usual exit codes), an invalid glob (exit 2 and its position), a `!negation` that
 * re-includes a file, a git repository whose own configuration names programs (`--changed`
 * runs none of them), `--changed=main` from the merge base, and file names and contents
 * holding control characters (escaped in the text output, exact in JSON). The process
 * timeout is only a failure guard; speed is the bench's business.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { binPath, makeTempDir, policyJson, removeDir, writeFiles } from './run';

const BAD = policyJson('Alow');
const EFFECT = 'iam/invalid-effect';
/** A failure guard: the hang this file is about took minutes. */
const GUARD_MS = 10_000;

/** A minimal OpenAPI definition with one method, so `methods` and `access` have rows. */
const OPENAPI = JSON.stringify({ openapi: '3.0.1', info: { title: 'pets', version: '1' }, paths: { '/pets': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } });

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function gatewarden(args: readonly string[], cwd: string): Run {
  const result = spawnSync(process.execPath, [binPath, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: GUARD_MS });
  assert.equal(result.error, undefined, `gatewarden ${args.join(' ')}: ${String(result.error)}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `file ruleId` of each iam/invalid-effect finding (what the BAD policies draw), `/`-separated and sorted. */
function findings(run: Run): string[] {
  return (JSON.parse(run.stdout) as JsonFinding[])
    .filter((f) => f.ruleId === EFFECT)
    .map((f) => `${f.file.split(path.sep).join('/')} ${f.ruleId}`)
    .sort();
}

const A40 = 'a'.repeat(40);
const DEEP = Array.from({ length: 30 }, (_, i) => `d${i}`).join('/');

describe('pathological globs in .gatewarden.yaml', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      // A backtracking matcher takes minutes on each of these; neither matches the files below.
      '.gatewarden.yaml': `ignore:\n  - "${'*a'.repeat(12)}*b"\n  - "${'**/'.repeat(8)}z.json"\n`,
      [`${A40}/bad.json`]: BAD,
      [`${A40}.json`]: BAD,
      [`${DEEP}/y.json`]: BAD,
      // This one the second pattern does match, at depth 31.
      [`${DEEP}/z.json`]: BAD,
      [`${DEEP}/api.json`]: OPENAPI,
      // Ignored: methods and access leave it out, as check does.
      [`${DEEP}/sub/z.json`]: OPENAPI,
    });
  });
  after(() => removeDir(dir));

  test('check answers, and ignores exactly the matching file', () => {
    const run = gatewarden(['check', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(findings(run), [`${A40}.json ${EFFECT}`, `${A40}/bad.json ${EFFECT}`, `${DEEP}/y.json ${EFFECT}`]);
  });

  test('methods and access answer', () => {
    const methods = gatewarden(['methods', '.', '--format', 'json'], dir);
    assert.equal(methods.code, 0, methods.stderr);
    assert.deepEqual(
      (JSON.parse(methods.stdout) as { file: string; path: string }[]).map((m) => [m.file.split(path.sep).join('/'), m.path]),
      [[`${DEEP}/api.json`, '/pets']],
    );
    const access = gatewarden(['access', '.', '--format', 'json'], dir);
    assert.equal(access.code, 0, access.stderr);
    assert.ok(Array.isArray(JSON.parse(access.stdout)));
  });
});

describe('an invalid glob is a configuration error with its position', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({ '.gatewarden.yaml': 'rules: {}\nignore:\n  - ok/\n  - "[z-a]"\n', 'bad.json': BAD, 'api.json': OPENAPI });
  });
  after(() => removeDir(dir));

  // Line 4, `  - "[z-a]"`: the range `z-a` starts in column 7.
  for (const command of [['check', '.'], ['methods', '.'], ['access', '.'], ['check', '.', '--format', 'sarif']]) {
    test(`${command.join(' ')} exits 2 and names .gatewarden.yaml:4:7`, () => {
      const run = gatewarden(command, dir);
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^gatewarden: config error: \.gatewarden\.yaml:4:7: /m);
      // A message, not a stack trace.
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });
  }
});

describe('!negation re-includes a file', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      '.gatewarden.yaml': 'ignore:\n  - "*.json"\n  - "!keep.json"\n  - "generated/"\n  - "!generated/keep.json"\n',
      'keep.json': BAD,
      'drop.json': BAD,
      'sub/keep.json': BAD,
      // Inside an excluded folder, as in git: a later negation cannot bring it back.
      'generated/keep.json': BAD,
      'api.json': OPENAPI,
      'keep-api.yaml': OPENAPI,
    });
  });
  after(() => removeDir(dir));

  test('check', () => {
    const run = gatewarden(['check', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(findings(run), [`keep.json ${EFFECT}`, `sub/keep.json ${EFFECT}`]);
  });

  test('methods', () => {
    const run = gatewarden(['methods', '.', '--format', 'json'], dir);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(
      (JSON.parse(run.stdout) as { file: string }[]).map((m) => m.file),
      ['keep-api.yaml'],
    );
  });
});

describe('--changed in a repository whose own configuration names programs', () => {
  let repo = '';
  const markers = (): string[] => ['fsmonitor-ran', 'filter-ran', 'hook-ran'].filter((m) => fs.existsSync(path.join(repo, m)));
  const git = (...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: repo,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });

  before(() => {
    repo = makeTempDir({ 'shared.json': BAD, 'own.json': policyJson('Allow'), '.gitattributes': '*.json filter=evil\n' });
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    // The branch changes own.json; main then changes shared.json after the fork.
    git('checkout', '-q', '-b', 'feature');
    writeFiles(repo, { 'own.json': BAD });
    git('commit', '-q', '-am', 'feature');
    git('checkout', '-q', 'main');
    writeFiles(repo, { 'shared.json': policyJson('Deny') });
    git('commit', '-q', '-am', 'main moves on');
    git('checkout', '-q', 'feature');
    writeFiles(repo, { 'untracked.json': BAD });
    // Each program would leave a marker file; none may run.
    const script = (marker: string, rest: string): string => `#!/bin/sh\ntouch '${path.join(repo, marker)}'\n${rest}\n`;
    writeFiles(repo, { 'fsmonitor.sh': script('fsmonitor-ran', 'exit 1'), 'filter.sh': script('filter-ran', 'cat'), 'hooks/post-index-change': script('hook-ran', 'exit 0') });
    for (const f of ['fsmonitor.sh', 'filter.sh', 'hooks/post-index-change']) {
      fs.chmodSync(path.join(repo, f), 0o755);
    }
    git('config', 'core.fsmonitor', path.join(repo, 'fsmonitor.sh'));
    git('config', 'filter.evil.clean', path.join(repo, 'filter.sh'));
    git('config', 'core.hooksPath', path.join(repo, 'hooks'));
    git('config', 'diff.external', path.join(repo, 'filter.sh'));
    // A newer modification time makes the index entries stale, so diff reads (and would filter) the files.
    const later = new Date(Date.now() + 60_000);
    for (const f of ['shared.json', 'own.json']) {
      fs.utimesSync(path.join(repo, f), later, later);
    }
    assert.deepEqual(markers(), [], 'the setup itself ran a program');
  });
  after(() => removeDir(repo));

  test('check --changed runs none of them', () => {
    const run = gatewarden(['check', '--changed', '--format', 'json'], repo);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(findings(run), [`untracked.json ${EFFECT}`]);
    assert.deepEqual(markers(), []);
  });

  test('--changed=main is what the branch changed since it forked (untracked files included)', () => {
    const run = gatewarden(['check', '--changed=main', '--format', 'json'], repo);
    assert.equal(run.code, 1, run.stderr);
    // shared.json differs from main's tip, but only main changed it.
    assert.deepEqual(findings(run), [`own.json ${EFFECT}`, `untracked.json ${EFFECT}`]);
    assert.deepEqual(markers(), []);
  });
});

describe('control characters in names and contents', () => {
  let dir = '';
  const name = 'evil\n\u001b[2J\u0007\u202e.json';
  // Raw control characters in a JSON string are also a syntax error: two findings on the value.
  const text = policyJson('A\u001b]0;pwned\u0007low');
  const column = text.indexOf('"A\u001b') + 1;
  before(() => {
    dir = makeTempDir({ [name]: text });
  });
  after(() => removeDir(dir));

  test('text output escapes them: one header line per finding, no raw control character', () => {
    const run = gatewarden(['check', '.'], dir);
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.split('\n');
    // The header line of the finding starts with the escaped file name and its position.
    const headers = lines.filter((l) => l.startsWith('evil'));
    assert.deepEqual(
      headers.map((l) => l.split(' ')[0]),
      [`evil\\n\\x1b[2J\\x07\\u202e.json:1:${column}`, `evil\\n\\x1b[2J\\x07\\u202e.json:1:${column}`],
    );
    // Newlines end output lines; nothing else below a space (nor DEL, C1 or bidi controls) is printed raw.
    const raw = [...run.stdout].filter((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f') || (c >= '\u202a' && c <= '\u202e') || c === '\u2028' || c === '\u2029'));
    assert.deepEqual(raw, []);
    // The code frame shows the escapes, and the caret underline spans their printed width.
    const frame = lines.findIndex((l) => l.includes('"Effect": "A\\x1b]0;pwned\\x07low"'));
    assert.ok(frame > 0, run.stdout);
    const underline = lines[frame + 1]!;
    assert.equal(underline.indexOf('^'), lines[frame]!.indexOf('"A\\x1b'));
    assert.equal(underline.lastIndexOf('^') - underline.indexOf('^') + 1, '"A\\x1b]0;pwned\\x07low"'.length);
  });

  test('JSON output keeps them exact', () => {
    const run = gatewarden(['check', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      (JSON.parse(run.stdout) as JsonFinding[]).map((f) => [f.file, f.ruleId]),
      [
        [name, EFFECT],
        [name, 'syntax/parse-error'],
      ],
    );
  });
});
