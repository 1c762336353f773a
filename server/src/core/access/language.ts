/**
 * Does an IAM resource pattern cover all, some or none of the ARNs a method can be called
 * with? A method's ARNs form a small regular language: literal text, `{param}` (one or more
 * characters other than `/`), `{proxy+}` (one or more of anything), and opaque symbols for
 * values only deployment knows (`${AWS::Region}`, the API id `${MyApi}`). The pattern is a
 * glob (`*` any run, `?` one character). Both become automata and one breadth-first walk
 * over their product answers both questions at once: a reachable pair where the method's
 * automaton accepts and the pattern's accepts means "some"; one where the method's accepts
 * and the pattern's does not means "not all". The pattern side is determinised on the fly
 * (sets of glob positions), the method side stays nondeterministic, so the work is bounded
 * by (method states × pattern states reached) × alphabet classes, with no backtracking.
 */

/** One piece of a method's ARN language. */
export type Piece =
  | { readonly kind: 'text'; readonly text: string }
  /** `{param}`: one or more characters, none of them `/`. */
  | { readonly kind: 'segment' }
  /** `{proxy+}`: one or more characters, `/` included. */
  | { readonly kind: 'greedy' };

export type Coverage = 'all' | 'some' | 'none';

/** Above this many product states the answer is "some" and marked approximate. */
const STATE_BUDGET = 200_000;

/**
 * Symbols stand for placeholders (`${MyApi}`): each distinct name becomes one character of
 * Unicode's private use area, equal only to itself, so a pattern's `${MyApi}` matches the
 * method's `${MyApi}` and nothing else does, while `*` and `?` match it as any character.
 */
export class SymbolTable {
  private readonly codes = new Map<string, string>();

  /**
   * Replaces every `${Name}` in a text by its symbol character. Names are qualified by
   * `scope` (the file they are written in), so `${MyApi}` of one template differs from
   * another's; pseudo parameters (`${AWS::Region}`) are shared, as one workspace is taken
   * to deploy to one account and region. IAM policy variables (`${aws:username}`) stay.
   */
  encode(text: string, scope = ''): string {
    return text.replace(/\$\{([^}]*)\}/g, (whole, name: string) => {
      // Everything here is in the commercial partition; ARNs written with a literal "aws"
      // and with ${AWS::Partition} must compare equal.
      if (name === 'AWS::Partition') {
        return 'aws';
      }
      if (name.startsWith('AWS::')) {
        return this.symbol(name);
      }
      return name.includes(':') ? whole : this.symbol(`${scope}#${name}`);
    });
  }

  symbol(name: string): string {
    let code = this.codes.get(name);
    if (!code) {
      code = String.fromCharCode(0xe000 + this.codes.size);
      this.codes.set(name, code);
    }
    return code;
  }
}

interface MethodNfa {
  /** Per state: transitions as [class test, target]. */
  readonly step: ((c: string) => number[])[];
  /** Per state: the one character a literal state accepts (others accept classes). */
  readonly literal: (string | undefined)[];
  readonly epsilon: number[][];
  readonly accept: number;
}

/** Builds the method's automaton; states are 2 per piece (before it, inside a run). */
function methodNfa(pieces: readonly Piece[]): MethodNfa {
  const chars: { test: (c: string) => boolean; loop: boolean; literal?: string }[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      for (const ch of piece.text) {
        chars.push({ test: (c) => c === ch, loop: false, literal: ch });
      }
    } else {
      const test = piece.kind === 'segment' ? (c: string): boolean => c !== '/' : (): boolean => true;
      // One required character, then any number more: "x+" as "x x*".
      chars.push({ test, loop: false });
      chars.push({ test, loop: true });
    }
  }
  const n = chars.length;
  const step: ((c: string) => number[])[] = [];
  const epsilon: number[][] = [];
  for (let i = 0; i < n; i++) {
    const { test, loop } = chars[i]!;
    step.push(loop ? (c) => (test(c) ? [i] : []) : (c) => (test(c) ? [i + 1] : []));
    epsilon.push(loop ? [i + 1] : []);
  }
  step.push(() => []);
  epsilon.push([]);
  return { step, epsilon, accept: n, literal: [...chars.map((c) => c.literal), undefined] };
}

function closure(nfa: MethodNfa, states: Iterable<number>): number[] {
  const seen = new Set<number>();
  const stack = [...states];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) {
      continue;
    }
    seen.add(s);
    stack.push(...nfa.epsilon[s]!);
  }
  return [...seen];
}

/** Glob positions reachable after epsilon moves (a `*` may match nothing). */
function globClosure(pattern: string, positions: Iterable<number>): number[] {
  const out = new Set<number>();
  for (let p of positions) {
    out.add(p);
    while (p < pattern.length && pattern[p] === '*') {
      p++;
      out.add(p);
    }
  }
  return [...out].sort((a, b) => a - b);
}

function globStep(pattern: string, positions: readonly number[], c: string): number[] {
  const next: number[] = [];
  for (const p of positions) {
    const ch = pattern[p];
    if (ch === '*') {
      next.push(p);
    } else if (ch === '?' || (ch !== undefined && ch === c)) {
      next.push(p + 1);
    }
  }
  return globClosure(pattern, next);
}

export interface CoverageResult {
  readonly coverage: Coverage;
  /** True when the state budget ran out and "some" stands for "could not tell". */
  readonly approximate: boolean;
}

/**
 * How much of the method language a pattern covers. Texts must already have their
 * placeholders encoded with the same `SymbolTable`.
 */
export function coverage(pattern: string, pieces: readonly Piece[]): CoverageResult {
  if (literalEndsDisagree(pattern, pieces)) {
    return NONE;
  }
  const key = `${pattern}\u0001${piecesKey(pieces)}`;
  const cached = cache.get(key);
  if (cached) {
    return cached;
  }
  const result = coverageUncached(pattern, pieces);
  if (cache.size >= CACHE_LIMIT) {
    cache.clear();
  }
  cache.set(key, result);
  return result;
}

const NONE: CoverageResult = { coverage: 'none', approximate: false };
const CACHE_LIMIT = 100_000;
/** Workspaces ask the same pattern about the same method again and again (every principal, every edit). */
const cache = new Map<string, CoverageResult>();

function piecesKey(pieces: readonly Piece[]): string {
  return pieces.map((p) => (p.kind === 'text' ? `t${p.text}` : p.kind === 'segment' ? '\u0002' : '\u0003')).join('\u0004');
}

/**
 * Most patterns are about other APIs or other paths: when the literal text before the
 * pattern's first wildcard (or after its last) cannot agree with the method's own literal
 * start (or end), nothing matches, and the automaton need not run.
 */
function literalEndsDisagree(pattern: string, pieces: readonly Piece[]): boolean {
  const firstWild = pattern.search(/[*?]/);
  const head = firstWild === -1 ? pattern : pattern.slice(0, firstWild);
  let text = '';
  for (const p of pieces) {
    if (p.kind !== 'text') {
      break;
    }
    text += p.text;
  }
  const n = Math.min(head.length, text.length);
  if (head.slice(0, n) !== text.slice(0, n)) {
    return true;
  }
  if (firstWild === -1) {
    return false;
  }
  const lastWild = Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?'));
  const tail = pattern.slice(lastWild + 1);
  let end = '';
  for (let i = pieces.length - 1; i >= 0; i--) {
    const p = pieces[i]!;
    if (p.kind !== 'text') {
      break;
    }
    end = p.text + end;
  }
  const m = Math.min(tail.length, end.length);
  return tail.slice(tail.length - m) !== end.slice(end.length - m);
}

function coverageUncached(pattern: string, pieces: readonly Piece[]): CoverageResult {
  const nfa = methodNfa(pieces);
  // The alphabet classes that matter: every literal character on either side, '/', and
  // one character that appears on neither (standing for all the others).
  const alphabet = new Set<string>(['/', '\u0000']);
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      for (const ch of piece.text) {
        alphabet.add(ch);
      }
    }
  }
  for (const ch of pattern) {
    if (ch !== '*' && ch !== '?') {
      alphabet.add(ch);
    }
  }
  const letters = [...alphabet];
  const start = { m: closure(nfa, [0]), p: globClosure(pattern, [0]) };
  const seen = new Set<string>();
  const queue: { m: number; p: number[] }[] = start.m.map((m) => ({ m, p: start.p }));
  let some = false;
  let notAll = false;
  let budget = STATE_BUDGET;
  while (queue.length > 0) {
    const { m, p } = queue.pop()!;
    const key = `${m}|${p.join(',')}`;
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    if (--budget <= 0) {
      return { coverage: 'some', approximate: true };
    }
    if (m === nfa.accept) {
      if (p.includes(pattern.length)) {
        some = true;
      } else {
        notAll = true;
      }
      if (some && notAll) {
        return { coverage: 'some', approximate: false };
      }
    }
    // A literal state moves on its one character only; only parameter states try them all.
    const literal = nfa.literal[m];
    for (const c of literal !== undefined ? [literal] : letters) {
      const targets = nfa.step[m]!(c);
      if (targets.length === 0) {
        continue;
      }
      const nextP = globStep(pattern, p, c);
      for (const t of closure(nfa, targets)) {
        queue.push({ m: t, p: nextP });
      }
    }
  }
  return { coverage: some ? (notAll ? 'some' : 'all') : 'none', approximate: false };
}

/**
 * The pieces of a method path template: `/pets/{petId}` → `pets/` + segment; the leading
 * slash is dropped (the ARN has `VERB/path`), the root is the empty path, and a trailing
 * slash of a non-root path is dropped, as API Gateway does.
 */
export function pathPieces(path: string): Piece[] {
  let p = path.startsWith('/') ? path.slice(1) : path;
  if (p.endsWith('/') && p.length > 0) {
    p = p.slice(0, -1);
  }
  const pieces: Piece[] = [];
  const pattern = /\{([^}]*)\}/g;
  let last = 0;
  for (let m = pattern.exec(p); m; m = pattern.exec(p)) {
    if (m.index > last) {
      pieces.push({ kind: 'text', text: p.slice(last, m.index) });
    }
    pieces.push(m[1]!.endsWith('+') ? { kind: 'greedy' } : { kind: 'segment' });
    last = m.index + m[0].length;
  }
  if (last < p.length) {
    pieces.push({ kind: 'text', text: p.slice(last) });
  }
  return pieces;
}
