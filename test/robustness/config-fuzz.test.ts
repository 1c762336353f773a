/**
 * A short, fixed-seed run of the configuration fuzzer (config-fuzz-lib.ts): mutated and
 * random configuration texts never make the loader throw, random globs never exceed their
 * counted step budget, and the glob matcher agrees with the reference matcher. `npm run
 * fuzz` runs the same fuzzer for longer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referenceExcludes, runConfigFuzz } from './config-fuzz-lib';

const SEED = 0x5eed_0014;

test('robustness: the glob reference matcher itself follows the documented semantics', () => {
  const cases: ReadonlyArray<readonly [readonly string[], string, boolean | 'invalid']> = [
    [['*.json'], 'a/b.json', true],
    [['/b.json'], 'a/b.json', false],
    [['a/**'], 'a', false],
    [['a/**'], 'a/b', true],
    [['**/b'], 'b', true],
    [['build/', '!build/x'], 'build/x', true],
    [['build/*', '!build/x'], 'build/x', false],
    [['[z-a]'], 'a', 'invalid'],
  ];
  for (const [patterns, target, expected] of cases) {
    assert.equal(referenceExcludes(patterns, target, false), expected, `${patterns.join(', ')} ~ ${target}`);
  }
});

test(`robustness: fuzzed configurations and globs (seed ${SEED})`, () => {
  const result = runConfigFuzz({ seed: SEED, iterations: 800 });
  const report = result.failures.map((f) => `${f.kind} (iteration ${f.iteration}): ${f.input}\n${f.reason}`).join('\n\n');
  assert.equal(result.failures.length, 0, `seed ${SEED}:\n${report}`);
  // Enough agreement checks that a wrong matcher would show.
  assert.ok(result.compared >= 700, `only ${result.compared} comparisons`);
});
