/**
 * Baselines: `--write-baseline` records today's findings and exits 0; `--baseline` then
 * reports only new ones. Records are keyed by file, rule, path and the text of the
 * finding's line, so lines added above a finding keep it baselined, and changing the
 * finding's own line makes it new.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { makeTempDir, removeDir, runCli, writeFiles } from './run';

const yamlPolicy = (...statements: string[]): string => `Version: "2012-10-17"\nStatement:\n${statements.join('')}`;
const statement = (effect: string, action = 's3:GetObject'): string => `  - Effect: ${effect}\n    Action: ${action}\n    Resource: "*"\n`;

let dir = '';
before(() => {
  dir = makeTempDir({
    'infra/a.yaml': yamlPolicy(statement('Alow'), statement('Alow', 's3:PutObject')),
    'infra/b.json': '{"Version": "2012-10-17", "Statement": {"Effect": "Deny", "Action": "s3:*", "Resource": "*", "Condtion": {}}}\n',
  });
});
after(() => removeDir(dir));

async function findings(...argv: string[]): Promise<{ code: number; got: string[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['check', 'infra', ...argv, '--format', 'json'], { cwd: dir });
  const got = code === 2 ? [] : (JSON.parse(stdout) as JsonFinding[]).map((f) => `${f.file.split(path.sep).join('/')}:${f.range.start.line} ${f.ruleId}`);
  return { code, got, stderr };
}

test('baseline round trip: write, then nothing is new', async () => {
  const write = await runCli(['check', 'infra', '--write-baseline', 'baseline.json'], { cwd: dir });
  assert.equal(write.code, 0);
  assert.equal(write.stdout, '');
  assert.match(write.stderr, /recorded 3 findings/);
  const recorded = JSON.parse(fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8')) as { version: number; findings: { file: string; ruleId: string; path: unknown[]; lineHash: string }[] };
  assert.equal(recorded.version, 1);
  assert.deepEqual(
    recorded.findings.map((f) => `${f.file} ${f.ruleId} ${JSON.stringify(f.path)}`),
    [
      'infra/a.yaml iam/invalid-effect ["Statement",0,"Effect"]',
      'infra/a.yaml iam/invalid-effect ["Statement",1,"Effect"]',
      'infra/b.json iam/unknown-element ["Statement","Condtion"]',
    ],
  );
  assert.deepEqual(await findings('--baseline', 'baseline.json'), { code: 0, got: [], stderr: '' });
});

test('rewriting an unchanged baseline gives the same bytes', async () => {
  await runCli(['check', 'infra', '--write-baseline', 'again.json'], { cwd: dir });
  assert.equal(fs.readFileSync(path.join(dir, 'again.json'), 'utf8'), fs.readFileSync(path.join(dir, 'baseline.json'), 'utf8'));
});

test('lines added above a finding keep it baselined; a new finding is reported', async () => {
  writeFiles(dir, { 'infra/a.yaml': `# a comment\n# another\n${yamlPolicy(statement('Alow'), statement('Alow', 's3:PutObject'), statement('Dney'))}` });
  // Both recorded findings moved down two lines; only the third statement's is new.
  assert.deepEqual(await findings('--baseline', 'baseline.json'), { code: 1, got: ['infra/a.yaml:10 iam/invalid-effect'], stderr: '' });
});

test('changing the finding line itself makes it new again', async () => {
  writeFiles(dir, { 'infra/a.yaml': yamlPolicy(statement('Alow'), statement('"Alow"', 's3:PutObject')) });
  assert.deepEqual((await findings('--baseline', 'baseline.json')).got, ['infra/a.yaml:5 iam/invalid-effect']);
});

test('the baseline is relative to its own folder, whatever the working folder', async () => {
  writeFiles(dir, { 'infra/a.yaml': yamlPolicy(statement('Alow'), statement('Alow', 's3:PutObject')) });
  const { code, stdout } = await runCli(['check', '.', '--baseline', path.join('..', 'baseline.json'), '--format', 'json'], { cwd: path.join(dir, 'infra') });
  assert.equal(code, 0);
  assert.deepEqual(JSON.parse(stdout), []);
});

test('identical findings are counted: one record hides one finding', async () => {
  const local = makeTempDir({ 'p.yaml': yamlPolicy(statement('Alow')) });
  try {
    await runCli(['check', 'p.yaml', '--write-baseline', 'b.json'], { cwd: local });
    // Two statements now have the same line text, rule and... different paths, so the
    // copy at a new path is new; the original stays baselined.
    writeFiles(local, { 'p.yaml': yamlPolicy(statement('Alow'), statement('Alow')) });
    const { stdout } = await runCli(['check', 'p.yaml', '--baseline', 'b.json', '--format', 'json'], { cwd: local });
    assert.deepEqual(
      (JSON.parse(stdout) as JsonFinding[]).map((f) => f.range.start.line),
      [5],
    );
  } finally {
    removeDir(local);
  }
});

test('a missing or malformed baseline is a usage error', async () => {
  assert.equal((await findings('--baseline', 'nope.json')).code, 2);
  writeFiles(dir, { 'bad-baseline.json': '{"version": 7}' });
  const { code, stderr } = await findings('--baseline', 'bad-baseline.json');
  assert.equal(code, 2);
  assert.match(stderr, /bad-baseline\.json/);
});
