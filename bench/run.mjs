// `npm run bench`: how fast the real bundled server (dist/server.js, over stdio) answers.
//  - cold start: spawn → first publishDiagnostics for a policy opened right after initialize
//    (includes loading the IAM services the policy needs);
//  - per edit: didChange → publishDiagnostics of that version, over EDITS sequential edits
//    (includes the server's fixed 20 ms debounce).
// Both on the largest AWS managed policy of ../shared/corpus/policies, with that folder as
// the workspace. Prints a table and
// writes bench-results/latest.json (gitignored). Build first: `npm run build`.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { quantile, startServer } from './lib/lsp.mjs';

const EDITS = 50;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const server = join(root, 'dist', 'server.js');
const policies = resolve(root, '..', 'shared', 'corpus', 'policies');

if (!existsSync(server)) {
  console.error(`${server} is missing; run \`npm run build\` first.`);
  process.exit(1);
}
const largest = readdirSync(policies)
  .filter((f) => /^awsmanaged__.*\.json$/.test(f))
  .map((f) => ({ file: join(policies, f), size: statSync(join(policies, f)).size }))
  .sort((a, b) => b.size - a.size)[0];
const text = readFileSync(largest.file, 'utf8');
const uri = pathToFileURL(largest.file).href;

// The workspace is the policy's own folder, as when a user opens a folder of policies: the
// server also indexes it (for cross-file access checks) while answering the first request.
const lsp = await startServer(server, dirname(largest.file));
const firstDiagnostics = lsp.waitForDiagnostics(uri, (p) => p.version === 1);
const openedAt = performance.now();
await lsp.open(uri, 'json', text);
const first = await firstDiagnostics;
const cold = { spawnToFirstDiagnosticsMs: first.at - lsp.spawnedAt, openToFirstDiagnosticsMs: first.at - openedAt, diagnostics: first.params.diagnostics.length };

// Each edit adds or removes one space before the closing brace: every version parses and is
// analysed in full, as after a keystroke.
const latencies = [];
for (let version = 2; version < 2 + EDITS; version++) {
  const edited = version % 2 === 0 ? text.replace(/\}\s*$/, ' }') : text;
  const arrived = lsp.waitForDiagnostics(uri, (p) => p.version === version);
  const sentAt = performance.now();
  await lsp.change(uri, version, edited);
  latencies.push((await arrived).at - sentAt);
}
await lsp.dispose();

const round = (n) => Math.round(n * 10) / 10;
const result = {
  date: new Date().toISOString(),
  machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', platform: `${platform()} ${release()}`, node: process.version },
  document: { file: relative(root, largest.file), bytes: largest.size },
  coldStart: { spawnToFirstDiagnosticsMs: round(cold.spawnToFirstDiagnosticsMs), openToFirstDiagnosticsMs: round(cold.openToFirstDiagnosticsMs), diagnostics: cold.diagnostics },
  perEdit: { edits: EDITS, medianMs: round(quantile(latencies, 0.5)), p95Ms: round(quantile(latencies, 0.95)), maxMs: round(Math.max(...latencies)), debounceIncludedMs: 20 },
};

console.log(`Gatewarden LSP bench on ${result.document.file} (${result.document.bytes} bytes, ${result.coldStart.diagnostics} diagnostics)`);
console.log(`${result.machine.cpu}, ${result.machine.cores} cores, ${result.machine.platform}, Node ${result.machine.node}`);
console.table({
  'cold start: spawn → first diagnostics': { ms: result.coldStart.spawnToFirstDiagnosticsMs },
  'cold start: didOpen → first diagnostics': { ms: result.coldStart.openToFirstDiagnosticsMs },
  [`per edit: median of ${EDITS}`]: { ms: result.perEdit.medianMs },
  [`per edit: p95 of ${EDITS}`]: { ms: result.perEdit.p95Ms },
});
console.log('Per-edit times include the server\'s 20 ms debounce.');
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
