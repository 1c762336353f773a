// Analysis time over bare parse time, in a process of its own.
//
//   node bench/ratio.mjs [sets.json] [--rounds N] [--warmup N]
//
// Without a file it measures ../shared/corpus; bench/run.mjs hands it the corpus, the
// generated 1,000-file tree and the SAM template as {"name": [{"text", "format"}]}.
// Per set: the IAM services are loaded first (the server caches them), then `warmup` untimed
// rounds let both sides reach compiled code, then `rounds` timed rounds. Each timed round runs
// three phases over every file: bare parse (jsonc-parser or yaml alone), our parse, and our
// parse plus every rule. The ratio is the median of the last phase over the median of the
// first. The first (cold) round is reported too, as measured. No collection is forced
// between phases: a forced full collection shrinks the young generation, which made the
// next phase (bare parse first) up to three times slower and the ratio look better than it is.
// Prints one JSON object on stdout.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseTree } from 'jsonc-parser';
import { parseAllDocuments } from 'yaml';
import { analysableFiles, loadCore, quantileOf } from './lib/core.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = option('--rounds', 15);
const WARMUP = option('--warmup', 3);
const input = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));

const corpusSet = () =>
  analysableFiles(resolve(root, '..', 'shared', 'corpus')).map((full) => ({ text: readFileSync(full, 'utf8'), format: /\.json$/i.test(full) ? 'json' : 'yaml' }));
const sets = input ? JSON.parse(readFileSync(input, 'utf8')) : { corpus: corpusSet() };

const core = loadCore();
const iamDir = join(root, 'dist', 'iam');
const analyzer = core.createAnalyzer({ catalog: core.loadCatalogSync(iamDir), onRuleError: (id, e) => console.error(`rule ${id} threw: ${e}`) });
const round = (n) => Math.round(n * 10) / 10;

const phases = {
  bare(files) {
    for (const f of files) {
      if (f.format === 'json') {
        parseTree(f.text, [], { allowTrailingComma: true, disallowComments: false });
      } else {
        parseAllDocuments(f.text);
      }
    }
  },
  parse(files) {
    for (const f of files) {
      analyzer.parse(f.text, { format: f.format, assumeRelevant: true });
    }
  },
  full(files) {
    for (const f of files) {
      analyzer.analyze(analyzer.parse(f.text, { format: f.format, assumeRelevant: true }));
    }
  },
};

const results = {};
for (const [name, files] of Object.entries(sets)) {
  let filesWithSyntaxFindings = 0;
  for (const f of files) {
    const doc = analyzer.parse(f.text, { format: f.format, assumeRelevant: true });
    filesWithSyntaxFindings += doc.syntaxFindings.length > 0 ? 1 : 0;
    core.loadServicesSync(analyzer, doc, iamDir);
  }
  const samples = { bare: [], parse: [], full: [] };
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    for (const [phase, run] of Object.entries(phases)) {
      const start = performance.now();
      run(files);
      const ms = performance.now() - start;
      if (r === 0 || r >= WARMUP) {
        samples[phase].push(ms);
      }
    }
  }
  const cold = { bare: samples.bare.shift(), parse: samples.parse.shift(), full: samples.full.shift() };
  const median = (phase) => quantileOf(samples[phase], 0.5);
  const perRound = samples.full.map((ms, i) => ms / samples.bare[i]);
  results[name] = {
    files: files.length,
    filesWithSyntaxFindings,
    rounds: ROUNDS,
    warmup: WARMUP,
    bareParseMs: round(median('bare')),
    ourParseMs: round(median('parse')),
    parseAndAnalyseMs: round(median('full')),
    ratio: Math.round((median('full') / median('bare')) * 100) / 100,
    parseRatio: Math.round((median('parse') / median('bare')) * 100) / 100,
    perRoundRatio: { min: round(Math.min(...perRound)), median: round(quantileOf(perRound, 0.5)), max: round(Math.max(...perRound)) },
    coldRound: { bareParseMs: round(cold.bare), parseAndAnalyseMs: round(cold.full), ratio: Math.round((cold.full / cold.bare) * 100) / 100 },
  };
  console.error(`ratio ${name}: ${results[name].ratio} (bare ${results[name].bareParseMs} ms, ours ${results[name].parseAndAnalyseMs} ms)`);
}
process.stdout.write(`${JSON.stringify(results)}\n`);
