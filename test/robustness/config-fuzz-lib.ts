/**
 * The configuration fuzzer behind test/robustness/config-fuzz.test.ts (a short seeded run)
 * and `npm run fuzz` (a longer one). Three kinds of case, deterministic for a seed:
 *
 * - random and mutated `.gatewarden.yaml` / `.gatewarden.json` texts go through the shells'
 *   loader (`configFromText`) and, when they load, `scopeOf` on random paths: nothing may throw;
 * - random glob patterns (brackets, braces, stars, slashes, lone surrogates) against random
 *   paths: parsing never throws, and every match stays within its step budget, which is
 *   counted, not timed: `stepBudget`;
 * - random patterns of the reference's subset (no braces, no backslashes, no lone brackets)
 *   in ordered lists against random paths: the matcher agrees with `referenceExcludes`, a
 *   direct recursive matcher with memoisation over the pattern and path text.
 */
import * as path from 'node:path';
import { configFromText, scopeOf } from '../../server/src/config/load';
import { compilePathGlobList, parsePathGlob } from '../../server/src/core/util/path-glob';
import { MUTATIONS, prng } from './fuzz-lib';

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

export interface ConfigFuzzFailure {
  readonly kind: 'loader' | 'budget' | 'reference';
  readonly iteration: number;
  readonly input: string;
  readonly reason: string;
}

export interface ConfigFuzzResult {
  readonly cases: number;
  /** Reference comparisons made (the subset both matchers accept). */
  readonly compared: number;
  /** The highest share of its budget any match used. */
  readonly maxBudgetUse: number;
  readonly failures: ConfigFuzzFailure[];
}

const DIR = path.resolve('/gatewarden-fuzz/repo');

const BASE_TEXTS: readonly { readonly name: string; readonly text: string }[] = [
  {
    name: '.gatewarden.yaml',
    text: 'rules:\n  iam/duplicate-sid: warning\nignore:\n  - generated/\n  - "*.snapshot.json"\n  - "!keep.snapshot.json"\noverrides:\n  - files: ["policies/legacy/**"]\n    rules: { iam/invalid-version: off }\napis:\n  a1b2c3d4e5: infra/api.yaml#PetsApi\nproductionStages: [prod, live]\n',
  },
  { name: '.gatewarden.yaml', text: `ignore:\n  - "${'*a'.repeat(12)}*b"\n  - "${'**/'.repeat(8)}z.json"\n  - "[z-a]"\n  - "{a,b}/[!c]?.yml"\n` },
  { name: '.gatewarden.json', text: '{"ignore": ["/top.json", "build/", "src/**/gen/*.yaml", "!src/x/gen/keep.yaml"], "overrides": [{"files": ["*.{yml,yaml}"], "rules": {}}]}' },
  { name: 'package.json', text: '{"name": "x", "gatewarden": {"ignore": ["a[b", "c{d"], "rules": {"iam/invalid-sid": "info"}}}' },
];

/** Pieces of patterns for the budget cases: anything, including what makes a pattern invalid. */
const WILD_PIECES = ['a', 'b', 'ab', '*', '**', '?', '/', '**/', '[', ']', '[a-c]', '[!b]', '[^a]', '[z-a]', '{', '}', ',', '{a,b}', '{a,{b,c}}', '!', '.', '-', '\\', ' ', 'é', '😀', '\ud800', '.json'];
/** Pieces of the reference's subset. */
const SAFE_PIECES = ['a', 'b', 'ab', 'ba', '*', '**', '?', '/', '**/', '/**', '[ab]', '[!a]', '[a-b]', '[^b]', '[]a]', '.json', 'x', 'é', '😀', '*a*', '*b'];
const PATH_SEGMENTS = ['a', 'b', 'ab', 'ba', 'aab', 'x.json', 'a.json', '.h', 'é', '😀', 'a b', '*', '[', ']', '!', 'x', 'bb', 'a]'];

function randomPattern(random: Random, pieces: readonly string[], maxPieces: number): string {
  let out = random() < 0.15 ? '!' : '';
  out += random() < 0.15 ? '/' : '';
  for (let n = 1 + int(random, maxPieces); n > 0; n--) {
    out += pick(random, pieces);
  }
  return out + (random() < 0.15 ? '/' : '');
}

function randomPath(random: Random, maxDepth: number): string {
  return Array.from({ length: 1 + int(random, maxDepth) }, () => pick(random, PATH_SEGMENTS)).join('/');
}

function randomConfigText(random: Random): string {
  const list = (): string => Array.from({ length: int(random, 5) }, () => `  - ${JSON.stringify(randomPattern(random, WILD_PIECES, 8))}\n`).join('');
  const parts = [`ignore:\n${list()}`, `overrides:\n  - files:\n${list().replace(/^ {2}/gm, '      ')}    rules: {}\n`, 'rules:\n  iam/invalid-sid: info\n', `ignore: ${JSON.stringify(randomPattern(random, WILD_PIECES, 6))}\n`];
  return parts.filter(() => random() < 0.6).join('');
}

/**
 * What one match may cost: per brace alternative (each no longer than the pattern), one step
 * per pattern position and path character, plus one per pattern position and path name
 * (at most half the characters), the implicit `**` of an unanchored pattern included.
 */
export function stepBudget(pattern: string, target: string, alternatives: number): number {
  return Math.max(1, alternatives) * 2 * (pattern.length + 2) * (target.length + 2);
}

export function runConfigFuzz(options: { seed: number; iterations: number; maxFailures?: number }): ConfigFuzzResult {
  const random = prng(options.seed);
  const failures: ConfigFuzzFailure[] = [];
  let cases = 0;
  let compared = 0;
  let maxBudgetUse = 0;
  const fail = (failure: ConfigFuzzFailure): boolean => {
    failures.push(failure);
    return failures.length >= (options.maxFailures ?? 20);
  };
  const mutations = Object.keys(MUTATIONS);

  for (let iteration = 0; iteration < options.iterations; iteration++) {
    // 1. A configuration text, mutated or generated, through the loader.
    const base = pick(random, BASE_TEXTS);
    let text = random() < 0.5 ? base.text : randomConfigText(random);
    for (let n = int(random, 3); n > 0; n--) {
      text = MUTATIONS[pick(random, mutations)]!(text, base.name.endsWith('.json') ? 'json' : 'yaml', random);
    }
    const file = path.join(DIR, random() < 0.5 ? base.name : '.gatewarden.yaml');
    cases++;
    try {
      const lookup = configFromText(file, text);
      if (lookup?.kind === 'loaded') {
        for (let n = 0; n < 5; n++) {
          scopeOf(lookup, path.join(DIR, ...randomPath(random, 6).split('/')));
        }
      }
    } catch (error) {
      if (fail({ kind: 'loader', iteration, input: text, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) })) {
        break;
      }
    }

    // 2. A wild pattern: never throws, and matching stays within its step budget.
    const wild = random() < 0.1 ? `${'*a'.repeat(1 + int(random, 40))}*b` : randomPattern(random, WILD_PIECES, 12);
    const wildPath = random() < 0.1 ? 'a'.repeat(1 + int(random, 200)) : randomPath(random, 12);
    cases++;
    try {
      const parsed = parsePathGlob(wild);
      if ('glob' in parsed) {
        const counter = { steps: 0 };
        compilePathGlobList([wild]).list.matches(wildPath, random() < 0.3, counter);
        const budget = stepBudget(wild, wildPath, parsed.glob.alternatives.length);
        maxBudgetUse = Math.max(maxBudgetUse, counter.steps / budget);
        if (counter.steps > budget && fail({ kind: 'budget', iteration, input: `${wild} ~ ${wildPath}`, reason: `${counter.steps} steps, budget ${budget}` })) {
          break;
        }
      }
    } catch (error) {
      if (fail({ kind: 'loader', iteration, input: wild, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) })) {
        break;
      }
    }

    // 3. An ordered list of the reference's subset against a path: both agree.
    const patterns = Array.from({ length: 1 + int(random, 3) }, () => randomPattern(random, SAFE_PIECES, 5));
    const target = randomPath(random, 5);
    const isDirectory = random() < 0.3;
    cases++;
    const expected = referenceExcludes(patterns, target, isDirectory);
    const { list, errors } = compilePathGlobList(patterns);
    const valid = errors.length === 0;
    if (expected === 'invalid' ? valid : !valid || list.matches(target, isDirectory) !== expected) {
      const got = valid ? String(list.matches(target, isDirectory)) : 'invalid';
      if (fail({ kind: 'reference', iteration, input: `${JSON.stringify(patterns)} ~ ${JSON.stringify(target)}${isDirectory ? ' (folder)' : ''}`, reason: `matcher ${got}, reference ${String(expected)}` })) {
        break;
      }
    }
    compared++;
  }
  return { cases, compared, maxBudgetUse, failures };
}

/**
 * The reference: the documented semantics written the direct way, a recursive matcher over
 * the pattern's and the path's characters with memoisation, applied to each prefix of the
 * path (the folders above it, then the path), the last matching pattern deciding and an
 * excluded folder excluding everything below it. Braces and backslashes are not covered.
 */
export function referenceExcludes(patterns: readonly string[], target: string, isDirectory: boolean): boolean | 'invalid' {
  const compiled = patterns.map(referenceCompile);
  if (compiled.some((c) => c === undefined)) {
    return 'invalid';
  }
  const segments = target.split('/').filter((s) => s !== '');
  for (let k = 1; k <= segments.length; k++) {
    const prefix = Array.from(segments.slice(0, k).join('/'));
    const folder = k < segments.length || isDirectory;
    let excluded = false;
    for (let j = compiled.length - 1; j >= 0; j--) {
      const c = compiled[j]!;
      if ((folder || !c.directoryOnly) && referenceMatch(c.body, prefix)) {
        excluded = !c.negated;
        break;
      }
    }
    if (excluded || k === segments.length) {
      return excluded;
    }
  }
  return false;
}

interface ReferencePattern {
  readonly negated: boolean;
  readonly directoryOnly: boolean;
  readonly body: readonly string[];
}

function referenceCompile(pattern: string): ReferencePattern | undefined {
  let p = pattern.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const negated = p.startsWith('!');
  p = negated ? p.slice(1) : p;
  let anchored = false;
  if (p.startsWith('./') || p.startsWith('/')) {
    anchored = true;
    p = p.slice(p.startsWith('./') ? 2 : 1);
  }
  const directoryOnly = p.endsWith('/');
  // Paths have no empty names, so neither do patterns.
  p = p.replace(/\/+$/, '').replace(/^\/+/, '').replace(/\/{2,}/g, '/');
  if (p === '') {
    return undefined;
  }
  const body = Array.from(!anchored && !p.includes('/') ? `**/${p}` : p);
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '[') {
      const cls = referenceClass(body, i);
      if (!cls) {
        return undefined;
      }
      i = cls.end - 1;
    }
  }
  return { negated, directoryOnly, body };
}

function referenceClass(p: readonly string[], at: number): { test: (c: string) => boolean; end: number } | undefined {
  let i = at + 1;
  const negated = p[i] === '!' || p[i] === '^';
  i += negated ? 1 : 0;
  const ranges: [number, number][] = [];
  for (let first = true; ; first = false) {
    if (i >= p.length) {
      return undefined;
    }
    if (p[i] === ']' && !first) {
      return { test: (c) => ranges.some(([lo, hi]) => c.codePointAt(0)! >= lo && c.codePointAt(0)! <= hi) !== negated, end: i + 1 };
    }
    const lo = p[i]!.codePointAt(0)!;
    if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']') {
      const hi = p[i + 2]!.codePointAt(0)!;
      if (hi < lo) {
        return undefined;
      }
      ranges.push([lo, hi]);
      i += 3;
    } else {
      ranges.push([lo, lo]);
      i += 1;
    }
  }
}

/** Pattern characters against path characters; `**` only as a whole name, and at the end one or more names. */
function referenceMatch(p: readonly string[], s: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const m = (pi: number, si: number): boolean => {
    const key = pi * (s.length + 1) + si;
    const known = memo.get(key);
    if (known !== undefined) {
      return known;
    }
    let result: boolean;
    const atName = pi === 0 || p[pi - 1] === '/';
    if (pi === p.length) {
      result = si === s.length;
    } else if (atName && p[pi] === '*' && p[pi + 1] === '*' && (pi + 2 === p.length || p[pi + 2] === '/')) {
      if (pi + 2 === p.length) {
        result = si < s.length;
      } else {
        const slash = s.indexOf('/', si);
        result = m(pi + 3, si) || (slash !== -1 && m(pi, slash + 1));
      }
    } else if (p[pi] === '*') {
      result = m(pi + 1, si) || (si < s.length && s[si] !== '/' && m(pi, si + 1));
    } else if (si === s.length || (s[si] === '/' && p[pi] !== '/')) {
      // Only a `/` in the pattern crosses into the next name.
      result = false;
    } else if (p[pi] === '?') {
      result = m(pi + 1, si + 1);
    } else if (p[pi] === '[') {
      const cls = referenceClass(p, pi)!;
      result = cls.test(s[si]!) && m(cls.end, si + 1);
    } else {
      result = p[pi] === s[si] && m(pi + 1, si + 1);
    }
    memo.set(key, result);
    return result;
  };
  return m(0, 0);
}
