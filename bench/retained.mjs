// What the analysis keeps from one keystroke to the next, in a process of its own (run with
// --expose-gc):
//
//   node --expose-gc bench/retained.mjs [--bursts N]
//
// The core (parse, reparse, local analysis) in-process on the 4.9 MB template of the rss part,
// through N bursts of the 20 keystrokes of bench/lib/sam-gen.mjs editSequence (every edit
// kind). After each keystroke the event loop turns once, so that each keystroke is a job of
// its own as it is in the server (V8 keeps every WeakRef target read during a job alive until
// the job ends: a loop without turns would measure that, not the analysis), then two forced
// collections, then the heap in use is read. A structure that grows per keystroke shows as a
// rise from burst to burst; bounded tables fill during the first bursts and then stay.
// Prints one JSON object: the heap after each burst (MB) and the last over the second.
import { join, dirname, resolve } from 'node:path';
import { setImmediate } from 'node:timers';
import { fileURLToPath } from 'node:url';
import { loadCore } from './lib/core.mjs';
import { samApplication, editSequence } from './lib/sam-gen.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('bench/retained.mjs: run with node --expose-gc');
  process.exit(2);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const bursts = Number(args[args.indexOf('--bursts') + 1] || 6);
const core = loadCore();
const analyzer = core.createAnalyzer({ catalog: core.loadCatalogSync(join(root, 'dist', 'iam')) });
let text = samApplication({ maxChars: 4_900_000 });
const edits = editSequence(text, { bursts, keystrokes: 4 });
const offsetOf = (t, { line, character }) => {
  let o = 0;
  for (let l = 0; l < line; l++) {
    o = t.indexOf('\n', o) + 1;
  }
  return o + character;
};
const turn = () => new Promise((r) => setImmediate(r));
const heapMb = async () => {
  await turn();
  globalThis.gc();
  globalThis.gc();
  return Math.round(process.memoryUsage().heapUsed / 1e5) / 10;
};
let doc = analyzer.parse(text, { format: 'yaml' });
core.loadServicesSync(analyzer, doc, join(root, 'dist', 'iam'));
analyzer.analyze(doc, { part: 'local' });
const opened = await heapMb();
const afterBurst = [];
const perBurst = edits.length / bursts;
for (const [i, { change }] of edits.entries()) {
  await turn();
  const a = offsetOf(text, change.range.start);
  const b = offsetOf(text, change.range.end);
  text = text.slice(0, a) + change.text + text.slice(b);
  doc = analyzer.reparse(doc, text, { format: 'yaml' });
  core.loadServicesSync(analyzer, doc, join(root, 'dist', 'iam'));
  analyzer.analyze(doc, { part: 'local' });
  if ((i + 1) % perBurst === 0) {
    afterBurst.push(await heapMb());
  }
}
const growth = afterBurst.length > 1 ? Math.round((afterBurst.at(-1) / afterBurst[1]) * 100) / 100 : undefined;
console.log(JSON.stringify({ chars: text.length, keystrokes: edits.length, openedMb: opened, afterBurstMb: afterBurst, lastOverSecond: growth }));
