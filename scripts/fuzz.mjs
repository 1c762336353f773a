// A longer fuzz run over ../shared/corpus than the test suite's (test/robustness/fuzz.test.ts),
// with the same mutations and checks, then of configuration files and path globs
// (test/robustness/config-fuzz.test.ts): `--config-iterations` cases of each kind. Usage:
//   npm run fuzz -- [--seed N] [--iterations N] [--bound MS] [--config-iterations N]
// Needs the compiled tests and dist/iam: `npx tsc -b && npm run build`. Exits 1 on any
// failure, printing the seed, file, iteration and mutations to replay it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'out', 'test', 'robustness', 'fuzz-lib.js');
const configLib = join(root, 'out', 'test', 'robustness', 'config-fuzz-lib.js');
const { values } = parseArgs({
  options: { seed: { type: 'string', default: String(Date.now() % 1_000_000) }, iterations: { type: 'string', default: '20' }, bound: { type: 'string', default: '2000' }, 'config-iterations': { type: 'string', default: '20000' } },
});
if (!existsSync(lib) || !existsSync(configLib)) {
  console.error(`${lib} is missing; run \`npx tsc -b\` (and \`npm run build\` for dist/iam) first.`);
  process.exit(1);
}
const { runFuzz, corpusFiles } = createRequire(import.meta.url)(lib);
const seed = Number(values.seed);
const iterations = Number(values.iterations);
const files = corpusFiles();
console.log(`fuzzing ${files.length} corpus files × ${iterations} iterations, seed ${seed}, bound ${values.bound} ms`);
const started = Date.now();
const result = runFuzz({ seed, iterations, timeBoundMs: Number(values.bound), files, maxFailures: 50, onProgress: (done) => process.stdout.write(`\r${done}/${iterations}`) });
console.log(`\n${result.mutants} mutants in ${((Date.now() - started) / 1000).toFixed(1)} s; slowest ${result.maxMs.toFixed(1)} ms: ${result.slowest}`);
for (const f of result.failures) {
  console.log(`\nFAIL seed ${seed} ${f.file} iteration ${f.iteration} (${f.mutations.join('+')}):\n${f.reason}`);
}

const { runConfigFuzz } = createRequire(import.meta.url)(configLib);
const configIterations = Number(values['config-iterations']);
console.log(`fuzzing configuration files and globs: ${configIterations} iterations, seed ${seed}`);
const configStarted = Date.now();
const config = runConfigFuzz({ seed, iterations: configIterations, maxFailures: 50 });
console.log(
  `${config.cases} cases, ${config.compared} compared with the reference, in ${((Date.now() - configStarted) / 1000).toFixed(1)} s; ` +
    `the costliest match used ${(config.maxBudgetUse * 100).toFixed(0)}% of its step budget`,
);
for (const f of config.failures) {
  console.log(`\nFAIL seed ${seed} config ${f.kind} iteration ${f.iteration}: ${JSON.stringify(f.input)}\n${f.reason}`);
}
process.exit(result.failures.length > 0 || config.failures.length > 0 ? 1 : 0);
