/**
 * Project configuration in `gatewarden check`: the nearest file wins (the three file
 * names and package.json's `gatewarden` key), the command line wins over it, `ignore`
 * and `overrides` apply by glob relative to the file, and a broken configuration stops
 * the run with exit 2 naming file:line:column.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';
import { compilePathGlob } from '../../server/src/config/glob';
import { createConfigResolver, scopeOf } from '../../server/src/config/load';
import { nodeHost } from '../../server/src/host/node';
import { makeTempDir, policyJson, removeDir, runCli } from './run';

const BAD = policyJson('Alow');
const EFFECT = 'iam/invalid-effect';

/** `file severity` of every iam/invalid-effect finding, `/`-separated. */
async function effectSeverities(argv: readonly string[], cwd: string): Promise<string[]> {
  const { stdout, stderr, code } = await runCli([...argv, '--format', 'json'], { cwd });
  assert.notEqual(code, 2, stderr);
  return (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId === EFFECT).map((f) => `${f.file.split(path.sep).join('/')} ${f.severity}`);
}

describe('configuration discovery', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      '.gatewarden.yaml': `rules:\n  ${EFFECT}: warning\nignore:\n  - ignored/\n  - "*.skip.json"\noverrides:\n  - files: ["legacy/**"]\n    rules: { ${EFFECT}: info }\n`,
      'top.json': BAD,
      'a/deep/er/bad.json': BAD,
      'b/.gatewarden.json': JSON.stringify({ rules: { [EFFECT]: 'off' } }),
      'b/bad.json': BAD,
      'c/package.json': JSON.stringify({ name: 'c', gatewarden: { rules: { [EFFECT]: 'info' } } }),
      'c/bad.json': BAD,
      'd/package.json': JSON.stringify({ name: 'd', version: '1.0.0' }),
      'd/bad.json': BAD,
      'e/.gatewarden.yml': `rules:\n  ${EFFECT}: error\n`,
      'e/package.json': JSON.stringify({ name: 'e', gatewarden: { rules: { [EFFECT]: 'off' } } }),
      'e/bad.json': BAD,
      'ignored/bad.json': BAD,
      'x/y.skip.json': BAD,
      'legacy/old/bad.json': BAD,
    });
  });
  after(() => removeDir(dir));

  test('the nearest configuration applies to each file, and package.json counts only with its key', async () => {
    assert.deepEqual(await effectSeverities(['check', '.'], dir), [
      'a/deep/er/bad.json warning',
      // b/.gatewarden.json turns the rule off, so b/bad.json has nothing.
      'c/bad.json info',
      'd/bad.json warning',
      'e/bad.json error',
      'legacy/old/bad.json info',
      'top.json warning',
    ]);
  });

  test('--rule wins over every configuration', async () => {
    const got = await effectSeverities(['check', '.', '--rule', `${EFFECT}=error`], dir);
    assert.ok(got.length === 7 && got.every((l) => l.endsWith(' error')), got.join('\n'));
  });

  test('ignored files are not checked, even when named, and not counted', async () => {
    const { stdout } = await runCli(['check', 'ignored/bad.json', 'x/y.skip.json', 'top.json'], { cwd: dir });
    assert.match(stdout, /\(1 file checked\)\n$/);
    assert.doesNotMatch(stdout, /ignored|skip/);
  });

  test('the exit code follows the configured severities', async () => {
    assert.equal((await runCli(['check', 'top.json'], { cwd: dir })).code, 0);
    assert.equal((await runCli(['check', 'e/bad.json'], { cwd: dir })).code, 1);
  });

  test('the resolver caches by folder and forgets on clear()', () => {
    const resolver = createConfigResolver({ host: nodeHost, boundary: () => dir });
    const lookup = resolver.lookup(path.join(dir, 'a', 'deep', 'er', 'bad.json'));
    assert.equal(lookup.kind, 'loaded');
    assert.equal(lookup.kind === 'loaded' && lookup.loaded.file, path.join(dir, '.gatewarden.yaml'));
    assert.equal(resolver.lookup(path.join(dir, 'a', 'other.json')), resolver.lookup(path.join(dir, 'a', 'x.json')));
    assert.deepEqual(scopeOf(lookup, path.join(dir, 'legacy', 'x.json')), { ignored: false, rules: { [EFFECT]: 'info' } });
    resolver.clear();
    assert.notEqual(resolver.lookup(path.join(dir, 'a', 'x.json')), lookup);
  });
});

describe('broken configuration', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({
      'yaml/.gatewarden.yaml': `rules:\n  ${EFFECT}: loud\n`,
      'yaml/bad.json': BAD,
      'pkg/package.json': `{\n  "name": "p",\n  "gatewarden": {\n    "rulez": {}\n  }\n}\n`,
      'pkg/bad.json': BAD,
      'syntax/.gatewarden.json': '{"rules": {\n',
      'syntax/bad.json': BAD,
      'fine/bad.json': BAD,
    });
  });
  after(() => removeDir(dir));

  const cases: ReadonlyArray<readonly [string, RegExp]> = [
    ['yaml', /^gatewarden: config error: yaml\/\.gatewarden\.yaml:2:23: .+\n$/],
    ['pkg', /^gatewarden: config error: pkg\/package\.json:4:5: .+\n$/],
    ['syntax', /^gatewarden: config error: syntax\/\.gatewarden\.json:\d+:\d+: .+\n/],
  ];
  for (const [folder, expected] of cases) {
    test(`${folder}: exit 2, file:line:column on stderr, nothing on stdout`, async () => {
      const { code, stdout, stderr } = await runCli(['check', folder, '--format', 'sarif'], { cwd: dir });
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.match(stderr.split(path.sep).join('/'), expected);
    });
  }

  test('a broken configuration fails the run even when other files are fine', async () => {
    assert.equal((await runCli(['check', 'fine', 'yaml'], { cwd: dir })).code, 2);
    assert.equal((await runCli(['check', 'fine'], { cwd: dir })).code, 1);
  });
});

const globs: ReadonlyArray<readonly [string, string, boolean]> = [
  ['*.json', 'a.json', true],
  ['*.json', 'deep/er/a.json', true],
  ['*.json', 'a.yaml', false],
  ['/top.json', 'top.json', true],
  ['/top.json', 'sub/top.json', false],
  ['build', 'build/x/y.json', true],
  ['build/', 'build/x.json', true],
  ['build/', 'build', false],
  ['build/', 'src/build/x.json', true],
  ['vendor/**', 'vendor/a/b.json', true],
  ['vendor/**', 'src/vendor/a.json', false],
  ['src/**/gen/*.yaml', 'src/gen/a.yaml', true],
  ['src/**/gen/*.yaml', 'src/x/y/gen/a.yaml', true],
  ['src/**/gen/*.yaml', 'src/x/gen/sub/a.yaml', false],
  ['a?.json', 'ab.json', true],
  ['a?.json', 'a/.json', false],
  ['*.{yml,yaml}', 'x/t.yml', true],
  ['*.{yml,yaml}', 'x/t.json', false],
  ['[ab].json', 'b.json', true],
  ['[!ab].json', 'b.json', false],
  ['file(1).json', 'file(1).json', true],
  ['./only/here.json', 'only/here.json', true],
];

for (const [pattern, file, expected] of globs) {
  test(`glob ${pattern} ${expected ? 'matches' : 'does not match'} ${file}`, () => {
    assert.equal(compilePathGlob(pattern)(file), expected);
  });
}
