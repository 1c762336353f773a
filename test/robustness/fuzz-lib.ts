/**
 * The corpus fuzzer behind test/robustness/fuzz.test.ts (a short run with a fixed seed)
 * and `npm run fuzz` (a longer one, seed and iterations from argv). Each mutant of a
 * ../shared/corpus file is parsed and analysed with the IAM catalog; a mutant fails when
 * anything throws or when it takes longer than the time bound. Deterministic for a seed:
 * a failure is replayed with the seed and iteration it prints.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { formatFor, type DocumentFormat } from '../../server/src/core/index';
import { analyzer, parse } from '../helpers';

/** ../shared/corpus beside the repository (compiled tests live in out/test/robustness). */
export const CORPUS_DIR = resolve(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface CorpusFile {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly text: string;
}

/** Every JSON and YAML file of the corpus, in name order. */
export function corpusFiles(dir = CORPUS_DIR): CorpusFile[] {
  const out: CorpusFile[] = [];
  const walk = (d: string, rel: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        walk(full, `${rel}${name}/`);
      } else if (/\.(json|ya?ml|template)$/i.test(name)) {
        const text = readFileSync(full, 'utf8');
        out.push({ name: rel + name, format: formatFor(name, text), text });
      }
    }
  };
  walk(dir, '');
  return out;
}

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);

/** Replacements for "swap types": a scalar becomes a list, a map, null, a number … */
const SWAPS = ['[]', '{}', 'null', '0', 'true', '"x"', '[1, [2]]', '{"a": {"b": []}}', '-1e999', '"*"', '"${X}"'];
const YAML_SWAPS = ['[]', '{}', '~', '0', 'yes', '!Ref X', '!Sub "${X}"', '!GetAtt [A, B]', '&a x', '*a', '<<: *a', '|\n  x', '!If [C, [], {}]'];

/** The mutations, each (text, format, random) → text. */
export const MUTATIONS: Record<string, (text: string, format: DocumentFormat, random: Random) => string> = {
  truncate: (t, _f, r) => t.slice(0, int(r, t.length + 1)),
  deleteRange: (t, _f, r) => {
    const a = int(r, t.length + 1);
    const b = Math.min(t.length, a + 1 + int(r, 200));
    return t.slice(0, a) + t.slice(b);
  },
  duplicateRange: (t, _f, r) => {
    const a = int(r, t.length + 1);
    const b = Math.min(t.length, a + 1 + int(r, 400));
    const at = int(r, t.length + 1);
    return t.slice(0, at) + t.slice(a, b).repeat(1 + int(r, 3)) + t.slice(at);
  },
  flipBytes: (t, _f, r) => {
    const chars = t.split('');
    for (let i = 0, n = 1 + int(r, 8); i < n && chars.length > 0; i++) {
      const at = int(r, chars.length);
      // Flip one bit of the UTF-16 unit: may produce control characters and lone surrogates.
      chars[at] = String.fromCharCode(chars[at]!.charCodeAt(0) ^ (1 << int(r, 16)));
    }
    return chars.join('');
  },
  deepNesting: (t, f, r) => {
    const at = int(r, t.length + 1);
    const depth = [10, 100, 255, 256, 257, 1000, 5000][int(r, 7)]!;
    const [open, close] = f === 'json' ? (r() < 0.5 ? ['[', ']'] : ['{"a":', '}']) : r() < 0.5 ? ['[', ']'] : ['{a: ', '}'];
    const closed = r() < 0.8;
    return `${t.slice(0, at)}${open.repeat(depth)}1${closed ? close.repeat(depth) : ''}${t.slice(at)}`;
  },
  swapTypes: (t, f, r) => {
    // Replace the value after a random `:` up to the end of its line (or the next , } ]).
    const colons: number[] = [];
    for (let i = t.indexOf(':'); i !== -1 && colons.length < 5000; i = t.indexOf(':', i + 1)) {
      colons.push(i);
    }
    if (colons.length === 0) {
      return t;
    }
    let out = t;
    for (let n = 1 + int(r, 4); n > 0; n--) {
      const at = colons[int(r, colons.length)]! + 1;
      if (at > out.length) {
        continue;
      }
      let end = at;
      while (end < out.length && !'\n,}]'.includes(out[end]!)) {
        end++;
      }
      const pool = f === 'json' ? SWAPS : YAML_SWAPS;
      out = `${out.slice(0, at)} ${pool[int(r, pool.length)]!}${out.slice(end)}`;
    }
    return out;
  },
};

const NAMES = Object.keys(MUTATIONS);

export interface FuzzFailure {
  readonly file: string;
  readonly iteration: number;
  readonly mutations: readonly string[];
  readonly reason: string;
}

export interface FuzzResult {
  readonly mutants: number;
  readonly maxMs: number;
  readonly slowest: string;
  readonly failures: FuzzFailure[];
}

/**
 * `iterations` rounds over every corpus file; each round applies one to three random
 * mutations to each file, then parses and analyses the mutant (JSON files sometimes as
 * YAML too, since JSON is YAML). Stops early after `maxFailures`.
 */
export function runFuzz(options: { seed: number; iterations: number; /** Per-mutant time bound (scripts/fuzz.mjs); none in tests, whose timeout guards hangs. */ timeBoundMs?: number; files?: CorpusFile[]; maxFailures?: number; onProgress?: (done: number) => void }): FuzzResult {
  const files = options.files ?? corpusFiles();
  const random = prng(options.seed);
  const failures: FuzzFailure[] = [];
  let mutants = 0;
  let maxMs = 0;
  let slowest = '';
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    for (const file of files) {
      const applied: string[] = [];
      let text = file.text;
      for (let n = 1 + int(random, 3); n > 0; n--) {
        const name = NAMES[int(random, NAMES.length)]!;
        applied.push(name);
        text = MUTATIONS[name]!(text, file.format, random);
      }
      const format: DocumentFormat = file.format === 'json' && random() < 0.2 ? 'yaml' : file.format;
      const start = performance.now();
      try {
        // `parse` loads the IAM services the mutant names, as the shells do; analysis is
        // then done by the helpers' analyzer, whose onRuleError rethrows: a rule that
        // throws on a mutant is a failure here, not an internal/rule-error finding.
        const doc = parse(text, format);
        const found = analyzer.analyze(doc);
        // The editor's other entry points on the same broken tree: a hover and a completion
        // at a random offset, and the quick fixes of the first few findings.
        const offset = int(random, text.length + 1);
        analyzer.hover(doc, offset);
        analyzer.completion(doc, offset);
        for (const f of found.slice(0, 3)) {
          analyzer.quickFixes(doc, { ruleId: f.ruleId, root: f.root, path: f.path });
        }
      } catch (error) {
        failures.push({ file: file.name, iteration, mutations: applied, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      }
      const elapsed = performance.now() - start;
      mutants++;
      if (elapsed > maxMs) {
        maxMs = elapsed;
        slowest = `${file.name} (iteration ${iteration}, ${applied.join('+')})`;
      }
      if (options.timeBoundMs !== undefined && elapsed > options.timeBoundMs) {
        failures.push({ file: file.name, iteration, mutations: applied, reason: `took ${Math.round(elapsed)} ms (bound ${options.timeBoundMs} ms)` });
      }
      if (failures.length >= (options.maxFailures ?? 20)) {
        return { mutants, maxMs, slowest, failures };
      }
    }
    options.onProgress?.(iteration + 1);
  }
  return { mutants, maxMs, slowest, failures };
}
