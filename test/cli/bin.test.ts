/**
 * The real command: bin/gatewarden.js as a child process, over the bundle dist/cli.js
 * (built by `npm run build`, which the test scripts run first).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { binPath, makeTempDir, policyJson, removeDir, repoRoot, runBin } from './run';

let dir = '';
before(() => {
  assert.ok(fs.existsSync(path.join(repoRoot, 'dist', 'cli.js')), 'dist/cli.js is missing: run `npm run build` before the CLI tests.');
  dir = makeTempDir({ 'bad.json': policyJson('Alow'), 'good.json': policyJson('Allow') });
});
after(() => removeDir(dir));

test('bin: finds an error, prints text, exits 1', () => {
  const { code, stdout, stderr } = runBin(['check', 'bad.json'], { cwd: dir });
  assert.equal(stderr, '');
  assert.equal(code, 1);
  assert.match(stdout, /^bad\.json:1:52 error iam\/invalid-effect .+\n {2}1 \| .+\n {4}\| +\^{6}\n\n1 error in 1 file \(1 file checked\)\n$/);
});

test('bin: clean file with --format json exits 0 and prints []', () => {
  const { code, stdout } = runBin(['check', 'good.json', '--format', 'json'], { cwd: dir });
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), []);
});

test('bin: bad usage exits 2', () => {
  const { code, stderr } = runBin(['check', '--nope'], { cwd: dir });
  assert.equal(code, 2);
  assert.match(stderr, /Unknown option "--nope"/);
});

test('bin: checks the examples folder', () => {
  const { code, stdout } = runBin(['check', 'examples']);
  assert.equal(code, 1);
  assert.match(stdout, /examples\/policies\/s3-reader\.json:\d+:\d+ error /);
});

test('bin: without dist/cli.js it says how to build, and exits 2', () => {
  const copy = makeTempDir();
  try {
    const script = path.join(copy, 'bin', 'gatewarden.js');
    fs.mkdirSync(path.dirname(script));
    fs.copyFileSync(binPath, script);
    const { code, stdout, stderr } = runBin(['check'], { script, cwd: copy });
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /npm run build/);
  } finally {
    removeDir(copy);
  }
});
