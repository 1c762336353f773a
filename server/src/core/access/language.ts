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
  // The pattern's automaton keeps its transitions, so asking again is cheap: no result cache.
  return coverageUncached(pattern, pieces);
}

const NONE: CoverageResult = { coverage: 'none', approximate: false };

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
  const automaton = automatonFor(pattern);
  // The set of pattern states the method's strings can lead to, piece by piece: literal
  // text moves every state deterministically; a parameter moves each state to everything
  // one or more allowed characters can reach.
  let states = new Set<number>([automaton.start]);
  for (const piece of pieces) {
    const next = new Set<number>();
    for (const state of states) {
      if (piece.kind === 'text') {
        next.add(automaton.stepText(state, piece.text));
      } else {
        for (const t of automaton.afterParameter(state, piece.kind === 'segment')) {
          next.add(t);
        }
      }
    }
    states = next;
    if (states.size > STATE_BUDGET) {
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
  return { coverage: some ? (notAll ? 'some' : 'all') : 'none', approximate: false };
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
  private readonly chars = new Map<string, number>();
  private readonly texts = new Map<string, number>();
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
    const key = `${state}\u0000${c}`;
    let next = this.chars.get(key);
    if (next === undefined) {
      next = this.id(globStep(this.pattern, this.sets[state]!, c));
      this.chars.set(key, next);
    }
    return next;
  }

  stepText(state: number, text: string): number {
    const key = `${state}\u0000${text}`;
    let next = this.texts.get(key);
    if (next === undefined) {
      next = state;
      for (const ch of text) {
        next = this.stepChar(next, ch);
      }
      this.texts.set(key, next);
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

const automata = new Map<string, GlobAutomaton>();

function automatonFor(pattern: string): GlobAutomaton {
  let automaton = automata.get(pattern);
  if (!automaton) {
    if (automata.size >= 10_000) {
      automata.clear();
    }
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
