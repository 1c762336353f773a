/**
 * Parallel checking: the same output, byte for byte and in the same order, whatever
 * `--jobs` is, in every format; how many threads a run gets; the progress line.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { MIN_FILES_PER_THREAD, threadCount } from '../../server/src/cli/workers';
import { createProgress, PROGRESS_DELAY_MS } from '../../server/src/cli/progress';
import { makeTempDir, policyJson, removeDir, runBin, runCli } from './run';

/** Enough files of every kind for three threads: policies (good, bad, broken), YAML, templates. */
function tree(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < MIN_FILES_PER_THREAD * 3 + 5; i++) {
    const folder = `f${i % 7}`;
    switch (i % 5) {
      case 0:
        files[`${folder}/p${i}.json`] = policyJson(i % 2 === 0 ? 'Alow' : 'Allow');
        break;
      case 1:
        files[`${folder}/y${i}.yaml`] = `Version: "2012-10-17"\nStatement:\n  - Sid: S\n    Effect: Deny\n    Action: s3:*\n    Resource: "*"\n  - Sid: S\n    Effect: Alow\n    Action: s3:*\n    Resource: "*"\n`;
        break;
      case 2:
        files[`${folder}/broken${i}.json`] = '{"Version": "2012-10-17", "Statement": [';
        break;
      case 3:
        files[`${folder}/t${i}.json`] = JSON.stringify({
          Resources: { P: { Type: 'AWS::IAM::ManagedPolicy', Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condtion: {} }] } } } },
        });
        break;
      default:
        files[`${folder}/unrelated${i}.json`] = '{"name": "x"}';
    }
  }
  return files;
}

let dir = '';
before(() => {
  dir = makeTempDir(tree());
});
after(() => removeDir(dir));

for (const format of ['json', 'sarif', 'text']) {
  test(`workers: --jobs 3 prints exactly what --jobs 1 prints (${format})`, async () => {
    const single = await runCli(['check', '.', '--jobs', '1', '--format', format], { cwd: dir });
    const parallel = await runCli(['check', '.', '--jobs', '3', '--format', format], { cwd: dir });
    assert.equal(single.code, 1);
    assert.equal(parallel.code, single.code);
    assert.equal(parallel.stderr, single.stderr);
    assert.equal(parallel.stdout, single.stdout);
  });
}

test('workers: the bundled command spawns workers from dist/cli.js and agrees with one thread', () => {
  const single = runBin(['check', '.', '--jobs', '1', '--format', 'json'], { cwd: dir });
  const parallel = runBin(['check', '.', '--jobs', '2', '--format', 'json'], { cwd: dir });
  assert.equal(parallel.stderr, '');
  assert.equal(parallel.code, 1);
  assert.equal(parallel.stdout, single.stdout);
});

const counts: ReadonlyArray<readonly [number, number, boolean, number]> = [
  [1000, 1, false, 1],
  [1000, 4, false, 4],
  [MIN_FILES_PER_THREAD * 2 - 1, 8, false, 1],
  [MIN_FILES_PER_THREAD * 2, 8, false, 2],
  [MIN_FILES_PER_THREAD * 3, 2, false, 2],
  [1000, 4, true, 1],
  [0, 4, false, 1],
];

for (const [files, jobs, injected, expected] of counts) {
  test(`threadCount(${files} files, --jobs ${jobs}${injected ? ', injected analyzer' : ''}) = ${expected}`, () => {
    assert.equal(threadCount(files, jobs, injected), expected);
  });
}

test('progress: nothing before a second, then a line at most every 100 ms, erased at the end', () => {
  let now = 0;
  let written = '';
  const progress = createProgress(50, (s) => (written += s), () => now);
  progress.update(1);
  now = PROGRESS_DELAY_MS - 1;
  progress.update(10);
  assert.equal(written, '');
  now = PROGRESS_DELAY_MS;
  progress.update(20);
  assert.equal(written, '\r\u001b[Kgatewarden: 20/50 files');
  now += 50;
  progress.update(21);
  assert.equal(written, '\r\u001b[Kgatewarden: 20/50 files');
  now += 50;
  progress.update(30);
  progress.done();
  assert.equal(written, '\r\u001b[Kgatewarden: 20/50 files\r\u001b[Kgatewarden: 30/50 files\r\u001b[K');
});

test('progress: a short run writes nothing at all', () => {
  let written = '';
  const progress = createProgress(3, (s) => (written += s), () => 0);
  progress.update(3);
  progress.done();
  assert.equal(written, '');
});
