// The longer run of the incremental differential test (test/robustness/incremental.test.ts):
// random edit sequences through the LSP to one server, each compared with a fresh server's
// answers on the same text. Usage:
//   node scripts/fuzz-incremental.mjs [--seed N] [--sequences N] [--edits N]
// Needs the compiled tests and the bundle: `npx tsc -b && npm run build`. Exits 1 on any
// difference, printing the seed, sequence, steps and text to replay it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lib = join(root, 'out', 'test', 'robustness', 'incremental-lib.js');
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    sequences: { type: 'string', default: '40' },
    edits: { type: 'string', default: '40' },
  },
});
if (!existsSync(lib)) {
  console.error(`${lib} is missing; run \`npx tsc -b\` and \`npm run build\` first.`);
  process.exit(1);
}
const { runDifferential, describeFailure } = createRequire(import.meta.url)(lib);
const seed = Number(values.seed);
console.log(`incremental differential: ${values.sequences} sequences of up to ${values.edits} edits, seed ${seed}`);
const started = Date.now();
const result = await runDifferential({
  seed,
  sequences: Number(values.sequences),
  maxEdits: Number(values.edits),
  maxFailures: 10,
  onProgress: (done) => process.stdout.write(`\r${done}/${values.sequences}`),
});
console.log(`\n${result.edits} edits in ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.failures.length} differences`);
for (const failure of result.failures) {
  console.log(`\nDIFFERENCE ${describeFailure(seed, failure)}`);
}
process.exit(result.failures.length > 0 ? 1 : 0);
