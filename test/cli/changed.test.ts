/**
 * `--changed [ref]` in a throw-away git repository: modified and untracked files are
 * checked, committed-and-unchanged, deleted and git-ignored ones are not; a ref may be
 * given; a path after `--changed` that is no ref limits the files; outside a repository,
 * or with an unknown ref, the run is a usage error.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { makeTempDir, policyJson, removeDir, runCli, writeFiles } from './run';

const BAD = policyJson('Alow');
const GOOD = policyJson('Allow');

let repo = '';
let firstCommit = '';

function git(...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The files with findings, `/`-separated, sorted. */
async function checked(...argv: string[]): Promise<{ code: number; files: string[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['check', ...argv, '--format', 'json'], { cwd: repo });
  if (code === 2) {
    return { code, files: [], stderr };
  }
  const files = [...new Set((JSON.parse(stdout) as JsonFinding[]).map((f) => f.file.split(path.sep).join('/')))].sort();
  return { code, files, stderr };
}

before(() => {
  repo = makeTempDir({
    '.gitignore': 'ignored.json\n',
    'committed-bad.json': BAD,
    'to-modify.json': GOOD,
    'to-delete.json': BAD,
    'sub/to-modify.yaml': 'Version: "2012-10-17"\nStatement: []\n',
    'notes.txt': 'hello',
  });
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'first');
  firstCommit = git('rev-parse', 'HEAD').trim();
  writeFiles(repo, {
    'to-modify.json': BAD,
    'sub/to-modify.yaml': 'Version: "2012-10-17"\nStatement:\n  - Effect: Alow\n    Action: s3:GetObject\n    Resource: "*"\n',
    'untracked.json': BAD,
    'untracked/deeper/x.yaml': 'Version: "2012-10-17"\nStatement:\n  - Effect: Alow\n    Action: s3:GetObject\n    Resource: "*"\n',
    'ignored.json': BAD,
    '.hidden/untracked.json': BAD,
    'notes.txt': 'changed',
  });
  fs.rmSync(path.join(repo, 'to-delete.json'));
});
after(() => removeDir(repo));

test('--changed: modified and untracked files against HEAD, not ignored, deleted or unchanged ones', async () => {
  assert.deepEqual(await checked('--changed'), {
    code: 1,
    files: ['sub/to-modify.yaml', 'to-modify.json', 'untracked.json', 'untracked/deeper/x.yaml'],
    stderr: '',
  });
});

test('--changed PATH: a path that is no ref limits the changed files', async () => {
  assert.deepEqual((await checked('--changed', 'sub')).files, ['sub/to-modify.yaml']);
  assert.deepEqual((await checked('--changed=HEAD', 'untracked', 'to-modify.json')).files, ['to-modify.json', 'untracked/deeper/x.yaml']);
});

test('--changed REF: against another commit, staged changes included', async () => {
  git('add', 'to-modify.json');
  git('commit', '-q', '-m', 'second');
  try {
    // Against HEAD the committed change is gone; against the first commit it is back.
    assert.ok(!(await checked('--changed')).files.includes('to-modify.json'));
    assert.ok((await checked('--changed', firstCommit)).files.includes('to-modify.json'));
    assert.ok((await checked(`--changed=${firstCommit.slice(0, 12)}`)).files.includes('to-modify.json'));
  } finally {
    git('reset', '-q', '--soft', 'HEAD~1');
  }
});

test('--changed with nothing changed checks nothing and exits 0', async () => {
  const { code, stdout } = await runCli(['check', '--changed', 'committed-bad.json'], { cwd: repo });
  assert.equal(code, 0);
  assert.match(stdout, /^no files to check\.?\n$/i);
});

test('--changed with an unknown ref, or outside a repository, is a usage error', async () => {
  const unknown = await runCli(['check', '--changed=no-such-branch'], { cwd: repo });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no-such-branch/);
  const outside = makeTempDir({ 'a.json': BAD });
  try {
    const { code, stderr } = await runCli(['check', '--changed'], { cwd: outside });
    assert.equal(code, 2);
    assert.match(stderr, /git repository/);
  } finally {
    removeDir(outside);
  }
});

test('--changed in a repository without commits checks every staged and untracked file', async () => {
  const fresh = makeTempDir({ 'a.json': BAD, 'b.json': GOOD });
  try {
    execFileSync('git', ['init', '-q'], { cwd: fresh });
    execFileSync('git', ['add', 'a.json'], { cwd: fresh });
    const { code, stdout } = await runCli(['check', '--changed'], { cwd: fresh });
    assert.equal(code, 1);
    assert.match(stdout, /\(2 files checked\)\n$/);
  } finally {
    removeDir(fresh);
  }
});
