/**
 * Does an IAM resource pattern cover all, some or none of the ARNs a method can be called
 * with? A method's ARNs form a small regular language: literal text, `{param}` (one or more
 * characters other than `/`), `{proxy+}` (one or more of anything), and opaque symbols for
 * values only deployment knows (`${AWS::Region}`, the API id `${MyApi}`). The pattern is a
 * glob (`*` any run, `?` one character). Both become automata and one breadth-first walk
 * over their product answers both questions at once: the set of pattern states the method's
 * strings can end in; an accepting one means "some", a non-accepting one "not all". The
 * pattern is determinised lazily (sets of glob positions) and its transitions are kept, so
 * the work is linear in the method's text plus the pattern states parameters reach, with no
 * backtracking.
 */
import { boundedTable, weakTable } from '../engine';

import { compileGlob } from '../util/glob';

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

  /** How many names have symbols. */
  get size(): number {
    return this.codes.size;
  }

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
  // IAM compares the five colon-separated fields before the resource (arn, partition,
  // service, region, account) each on its own: ArnLike "checks each of the six
  // colon-delimited components of the ARN separately", so a `*` in the region or account
  // matches within that field only and never reaches into the API id or the path. Taken as
  // one glob over the whole string, `arn:aws:execute-api:*:999988887777:api/*` would
  // "partly" cover a `{proxy+}` method of another account, by lining the literal account
  // up with text in the path. A pattern with fewer fields (`arn:aws:execute-api:*`) keeps
  // whole-string matching: a `*` ending the last field written expands across the colons.
  const fields = arnFields(pattern, pieces);
  if (fields === false) {
    return NONE;
  }
  // The pattern's automaton keeps its transitions, so asking again is cheap: no result cache.
  return fields ? coverageUncached(pattern.slice(fields.pattern), pieces, fields.method) : coverageUncached(pattern, pieces);
}

/**
 * Where the resource part starts in the pattern and in the method's first text piece, when
 * both have all five fields before it; false when a field of the pattern cannot match the
 * method's; undefined when the pattern is not a full ARN (then it is matched whole).
 */
function arnFields(pattern: string, pieces: readonly Piece[]): { readonly pattern: number; readonly method: number } | false | undefined {
  const first = pieces[0];
  if (first?.kind !== 'text' || !pattern.startsWith('arn:')) {
    return undefined;
  }
  const p = fifthColon(pattern);
  const m = fifthColon(first.text);
  if (p < 0 || m < 0) {
    return undefined;
  }
  let pStart = 0;
  let mStart = 0;
  for (let field = 0; field < 5; field++) {
    const pEnd = pattern.indexOf(':', pStart);
    const mEnd = first.text.indexOf(':', mStart);
    const written = pattern.slice(pStart, pEnd);
    const actual = first.text.slice(mStart, mEnd);
    if (written !== actual && written !== '*' && !(hasWildcardChar(written) && compileGlob(written).matches(actual))) {
      return false;
    }
    pStart = pEnd + 1;
    mStart = mEnd + 1;
  }
  return { pattern: p + 1, method: m + 1 };
}

function fifthColon(text: string): number {
  let at = -1;
  for (let i = 0; i < 5; i++) {
    at = text.indexOf(':', at + 1);
    if (at < 0) {
      return -1;
    }
  }
  return at;
}

function hasWildcardChar(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

const NONE: CoverageResult = { coverage: 'none', approximate: false };

/**
 * Most patterns are about other APIs or other paths: when the literal text before the
 * pattern's first wildcard (or after its last) cannot agree with the method's own literal
 * start (or end), nothing matches, and the automaton need not run.
 */
function literalEndsDisagree(pattern: string, pieces: readonly Piece[]): boolean {
  return endsDisagree(patternEnds(pattern), pieceEnds(pieces));
}

/** A literal start and end: of a pattern (before its first wildcard, after its last) or of a method language. */
export interface LiteralEnds {
  readonly head: string;
  readonly tail: string;
  /** For a pattern: whether it has a wildcard (without one, its head is all of it). */
  readonly wild?: boolean;
}

/**
 * Whether a pattern with literal ends `p` can match nothing of a language with ends `m`
 * (coverage's own first check, for callers that ask about one pattern and many methods and
 * keep the ends of both).
 */
export function endsDisagree(p: LiteralEnds, m: LiteralEnds): boolean {
  // The shorter literal must start (end) the longer one.
  const headsAgree = p.head.length <= m.head.length ? m.head.startsWith(p.head) : p.head.startsWith(m.head);
  if (!headsAgree) {
    return true;
  }
  if (!p.wild) {
    return false;
  }
  return !(p.tail.length <= m.tail.length ? m.tail.endsWith(p.tail) : p.tail.endsWith(m.tail));
}

/** A pattern's literal text before its first wildcard and after its last (kept: the same patterns are asked about every method). */
export function patternEnds(pattern: string): LiteralEnds {
  let ends = patternEndsMemo.get(pattern);
  if (!ends) {
    const firstWild = pattern.search(/[*?]/);
    const lastWild = Math.max(pattern.lastIndexOf('*'), pattern.lastIndexOf('?'));
    ends = firstWild === -1 ? { head: pattern, tail: '', wild: false } : { head: pattern.slice(0, firstWild), tail: pattern.slice(lastWild + 1), wild: true };
    patternEndsMemo.set(pattern, ends);
  }
  return ends;
}
const patternEndsMemo = boundedTable<string, LiteralEnds>('access/language.patternEnds', 50_000);

/** A method language's literal start and end (kept per pieces array: methodPieces hands out the same one). */
export function pieceEnds(pieces: readonly Piece[]): LiteralEnds {
  let ends = pieceEndsMemo.get(pieces);
  if (!ends) {
    let head = '';
    for (const p of pieces) {
      if (p.kind !== 'text') {
        break;
      }
      head += p.text;
    }
    let tail = '';
    for (let i = pieces.length - 1; i >= 0; i--) {
      const p = pieces[i]!;
      if (p.kind !== 'text') {
        break;
      }
      tail = p.text + tail;
    }
    ends = { head, tail };
    pieceEndsMemo.set(pieces, ends);
  }
  return ends;
}
const pieceEndsMemo = weakTable<readonly Piece[], LiteralEnds>('access/language.pieceEndsMemo');

/** `skip`: characters of the first (text) piece already matched field by field. */
function coverageUncached(pattern: string, pieces: readonly Piece[], skip = 0): CoverageResult {
  const automaton = automatonFor(pattern);
  // The set of pattern states the method's strings can lead to, piece by piece: literal
  // text moves every state deterministically; a parameter moves each state to everything
  // one or more allowed characters can reach. The set is usually one state or a few: a
  // plain array with a membership scan, turned into a set only when it grows.
  let states: number[] = [automaton.start];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i]!;
    let next: number[];
    if (piece.kind === 'text') {
      const text = i === 0 && skip > 0 ? piece.text.slice(skip) : piece.text;
      if (states.length === 1) {
        next = [automaton.stepText(states[0]!, text)];
      } else {
        next = unique(states.map((state) => automaton.stepText(state, text)));
      }
    } else {
      const segment = piece.kind === 'segment';
      next = states.length === 1 ? automaton.afterParameter(states[0]!, segment) : unique(states.flatMap((state) => automaton.afterParameter(state, segment)));
    }
    states = next;
    if (states.length > STATE_BUDGET) {
      return { coverage: 'some', approximate: true };
    }
  }
  let some = false;
  let notAll = false;
  for (const state of states) {
    if (automaton.accepting(state)) {
      some = true;
    } else {
      notAll = true;
    }
  }
  return some ? (notAll ? SOME : ALL) : NONE;
}

const SOME: CoverageResult = { coverage: 'some', approximate: false };
const ALL: CoverageResult = { coverage: 'all', approximate: false };

function unique(states: number[]): number[] {
  return states.length < 16 ? states.filter((s, i) => states.indexOf(s) === i) : [...new Set(states)];
}

/**
 * A glob's deterministic automaton, built lazily: a state is a set of glob positions
 * (numbered on first sight), transitions are computed once and kept. Every method a pattern
 * is asked about reuses what earlier ones built, so shared ARN prefixes cost almost nothing.
 */
class GlobAutomaton {
  readonly start: number;
  private readonly sets: number[][] = [];
  private readonly ids = new Map<string, number>();
  /** By state: character → next state. */
  private readonly chars: Map<string, number>[] = [];
  /** By text: state → state after the text. */
  private readonly texts = new Map<string, Map<number, number>>();
  private readonly params = new Map<string, number[]>();
  /** Characters the pattern names, '/', and one standing for every other character. */
  private readonly letters: string[];

  constructor(private readonly pattern: string) {
    const alphabet = new Set<string>(['/', '\u0000']);
    for (const ch of pattern) {
      if (ch !== '*' && ch !== '?') {
        alphabet.add(ch);
      }
    }
    this.letters = [...alphabet];
    this.start = this.id(globClosure(pattern, [0]));
  }

  accepting(state: number): boolean {
    return this.sets[state]!.includes(this.pattern.length);
  }

  stepChar(state: number, c: string): number {
    let byChar = this.chars[state];
    if (!byChar) {
      byChar = new Map();
      this.chars[state] = byChar;
    }
    let next = byChar.get(c);
    if (next === undefined) {
      next = this.id(globStep(this.pattern, this.sets[state]!, c));
      byChar.set(c, next);
    }
    return next;
  }

  stepText(state: number, text: string): number {
    let byState = this.texts.get(text);
    if (!byState) {
      byState = new Map();
      this.texts.set(text, byState);
    }
    let next = byState.get(state);
    if (next === undefined) {
      next = state;
      for (const ch of text) {
        next = this.stepChar(next, ch);
      }
      byState.set(state, next);
    }
    return next;
  }

  /** States reachable by one or more characters (other than '/' for a one-segment parameter). */
  afterParameter(state: number, segment: boolean): number[] {
    const key = `${state}\u0000${segment ? 's' : 'g'}`;
    let reached = this.params.get(key);
    if (!reached) {
      const letters = segment ? this.letters.filter((c) => c !== '/') : this.letters;
      const found = new Set<number>();
      let frontier = [state];
      while (frontier.length > 0) {
        const next: number[] = [];
        for (const s of frontier) {
          for (const c of letters) {
            const t = this.stepChar(s, c);
            if (!found.has(t)) {
              found.add(t);
              next.push(t);
            }
          }
        }
        frontier = next;
      }
      reached = [...found];
      this.params.set(key, reached);
    }
    return reached;
  }

  private id(positions: number[]): number {
    const key = positions.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(positions);
      this.ids.set(key, id);
    }
    return id;
  }
}

const automata = boundedTable<string, GlobAutomaton>('access/language.automata', 10_000);

function automatonFor(pattern: string): GlobAutomaton {
  let automaton = automata.get(pattern);
  if (!automaton) {
    automaton = new GlobAutomaton(pattern);
    automata.set(pattern, automaton);
  }
  return automaton;
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
