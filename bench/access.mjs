// Benchmarks for templates and access analysis, in-process through the core:
//  - analysing the largest template of ../shared/corpus, and a generated SAM template with
//    200 functions and 400 routes (about 10,000 lines);
//  - building the access matrix of a generated workspace of 200 templates with 2,000
//    methods and 500 roles (each run on a fresh parse), building it again after a keystroke
//    in one role's grant (decisions of untouched statements kept), and the hover latency on it.
// Medians (and p95) over repeated runs; prints a table and writes bench-results/access.json.
import { readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { loadCore, median, quantileOf } from './lib/core.mjs';
import { samTemplate, workspace } from './lib/generate.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const core = loadCore();
const analyzer = core.createAnalyzer();
const time = (fn, runs) => {
  const samples = [];
  let value;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    samples.push(performance.now() - start);
  }
  return { median: median(samples), p95: quantileOf(samples, 0.95), value };
};
const round = (n) => Math.round(n * 10) / 10;

const templates = resolve(root, '..', 'shared', 'corpus', 'templates');
const largest = readdirSync(templates)
  .map((f) => ({ f, size: statSync(join(templates, f)).size }))
  .sort((a, b) => b.size - a.size)[0];
const largestText = readFileSync(join(templates, largest.f), 'utf8');
const format = largest.f.endsWith('.json') ? 'json' : 'yaml';
const corpusRun = time(() => analyzer.analyze(analyzer.parse(largestText, { format })), 20);

const generated = samTemplate();
const generatedRun = time(() => analyzer.analyze(analyzer.parse(generated, { format: 'yaml' })), 10);
const generatedMethods = core.apiInventory(analyzer.parse(generated, { format: 'yaml' })).methods.length;

const ws = workspace();
const parseRun = time(() => ws.map((d) => ({ uri: d.uri, doc: analyzer.parse(d.text, { format: 'yaml' }) })), 3);
// Each run on freshly parsed documents: decisions are kept per method object across
// matrices (access/matrix.ts), so a second matrix of the same parse would measure the reuse.
const matrixSamples = [];
let documents = parseRun.value;
let matrix;
for (let run = 0; run < 5; run++) {
  documents = run === 0 ? documents : ws.map((d) => ({ uri: d.uri, doc: analyzer.parse(d.text, { format: 'yaml' }) }));
  const start = performance.now();
  matrix = core.accessMatrix(documents);
  matrixSamples.push(performance.now() - start);
}
const matrixRun = { median: median(matrixSamples) };
// Then what the editor does after a keystroke in one role's grant: that template reparsed
// (incrementally), every other document as it was; decisions of untouched statements reused.
const grantSamples = [];
const grant = ws[0].text.indexOf("/*/*/r") + 3;
let grantText = ws[0].text;
for (let run = 0; run < 10; run++) {
  grantText = grantText.slice(0, grant) + (run % 2 === 0 ? 'GET' : '*') + grantText.slice(grant + (run % 2 === 0 ? 1 : 3));
  const edited = [{ uri: documents[0].uri, doc: analyzer.reparse(documents[0].doc, grantText, { format: 'yaml' }) }, ...documents.slice(1)];
  const start = performance.now();
  core.accessMatrix(edited);
  grantSamples.push(performance.now() - start);
  documents = edited;
}
const hoverSamples = [];
for (let i = 0; i < 200; i++) {
  const d = documents[i % documents.length];
  const text = ws[i % ws.length].text;
  const offset = text.indexOf(`Method${i % 10}:`) + 2;
  const start = performance.now();
  core.accessHover(matrix, d.uri, d.doc, offset);
  hoverSamples.push(performance.now() - start);
}

const result = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
  largestCorpusTemplate: { file: largest.f, bytes: largest.size, analyseMedianMs: round(corpusRun.median), p95Ms: round(corpusRun.p95) },
  generatedSam: { lines: generated.split('\n').length, methods: generatedMethods, analyseMedianMs: round(generatedRun.median), p95Ms: round(generatedRun.p95) },
  workspace: {
    templates: ws.length,
    methods: matrix.methods.length,
    principals: matrix.principals.length,
    rows: matrix.rows.length,
    parseAllMedianMs: round(parseRun.median),
    matrixMedianMs: round(matrixRun.median),
    matrixAfterGrantEditMedianMs: round(median(grantSamples)),
    hoverMedianMs: round(median(hoverSamples)),
    hoverP95Ms: round(quantileOf(hoverSamples, 0.95)),
  },
};
console.log(`Gatewarden template and access bench: ${result.machine.cpu}, ${result.machine.cores} cores, Node ${result.machine.node}`);
console.table({
  [`analyse largest corpus template (${largest.f})`]: { median_ms: result.largestCorpusTemplate.analyseMedianMs, p95_ms: result.largestCorpusTemplate.p95Ms },
  [`analyse generated SAM (${result.generatedSam.lines} lines, ${generatedMethods} methods)`]: { median_ms: result.generatedSam.analyseMedianMs, p95_ms: result.generatedSam.p95Ms },
  [`parse workspace (${ws.length} templates)`]: { median_ms: result.workspace.parseAllMedianMs, p95_ms: '' },
  [`access matrix (${result.workspace.methods} methods × ${result.workspace.principals} principals → ${result.workspace.rows} rows)`]: { median_ms: result.workspace.matrixMedianMs, p95_ms: '' },
  ['access matrix again after a keystroke in one role\'s grant (10 edits)']: { median_ms: result.workspace.matrixAfterGrantEditMedianMs, p95_ms: '' },
  ['hover on a method (200 samples)']: { median_ms: result.workspace.hoverMedianMs, p95_ms: result.workspace.hoverP95Ms },
});
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'access.json'), `${JSON.stringify(result, null, 2)}\n`);
