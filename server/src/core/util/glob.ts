/**
 * IAM wildcard matching: `*` matches any run of characters (including none, and including
 * `/` and `:`), `?` exactly one. No regular expressions and no backtracking: a pattern
 * `s0*s1*…*sk` matches when `s0` is a prefix, `sk` a suffix, and the middle segments occur
 * in order between them. Taking each middle segment at its leftmost occurrence is always
 * right (leaves the most room for the rest), so one left-to-right pass decides. Each segment
 * is found with a bit-parallel (shift-and) scan that treats `?` as "any character", so the
 * cost is O(text × ⌈segment/32⌉) per segment and O(text + pattern) for the usual short
 * segments, however many stars the pattern has (`*a*a*a*…*b` cannot explode).
 */

export interface GlobOptions {
  /** IAM action names are case-insensitive; ARNs and most condition values are not. */
  readonly ignoreCase?: boolean;
}

export interface CompiledGlob {
  readonly source: string;
  readonly hasWildcard: boolean;
  matches(text: string): boolean;
}

export function compileGlob(pattern: string, options: GlobOptions = {}): CompiledGlob {
  const ignoreCase = options.ignoreCase === true;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const parts = p.split('*');
  const hasWildcard = parts.length > 1 || p.includes('?');
  if (parts.length === 1) {
    return { source: pattern, hasWildcard, matches: (text) => equalsAt(fold(text, ignoreCase), 0, p) && text.length === p.length };
  }
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((s) => s.length > 0).map(compileSegment);
  const minLength = first.length + last.length + middle.reduce((n, s) => n + s.length, 0);
  return {
    source: pattern,
    hasWildcard,
    matches(raw: string): boolean {
      const text = fold(raw, ignoreCase);
      if (text.length < minLength || !equalsAt(text, 0, first) || !equalsAt(text, text.length - last.length, last)) {
        return false;
      }
      let from = first.length;
      const end = text.length - last.length;
      for (const segment of middle) {
        const at = segment.find(text, from, end);
        if (at < 0) {
          return false;
        }
        from = at + segment.length;
      }
      return true;
    },
  };
}

/** One-off match; compile once with `compileGlob` when matching many texts. */
export function globMatch(pattern: string, text: string, options?: GlobOptions): boolean {
  return compileGlob(pattern, options).matches(text);
}

export function hasWildcard(text: string): boolean {
  return text.includes('*') || text.includes('?');
}

function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

/** Whether `segment` (with `?` as any character) occurs in `text` at `at`. */
function equalsAt(text: string, at: number, segment: string): boolean {
  if (at < 0 || at + segment.length > text.length) {
    return false;
  }
  for (let i = 0; i < segment.length; i++) {
    const c = segment.charCodeAt(i);
    if (c !== 63 /* ? */ && c !== text.charCodeAt(at + i)) {
      return false;
    }
  }
  return true;
}

interface Segment {
  readonly length: number;
  /** Leftmost start of the segment within text[from, end), or -1. */
  find(text: string, from: number, end: number): number;
}

/**
 * Shift-and over 32-bit words: bit j of the state says "the last j+1 characters match the
 * first j+1 of the segment". A `?` position accepts every character.
 */
function compileSegment(segment: string): Segment {
  const m = segment.length;
  const words = Math.ceil(m / 32);
  const masks = new Map<number, Uint32Array>();
  const any = new Uint32Array(words);
  for (let j = 0; j < m; j++) {
    if (segment.charCodeAt(j) === 63) {
      any[j >>> 5]! |= 1 << (j & 31);
    }
  }
  for (let j = 0; j < m; j++) {
    const c = segment.charCodeAt(j);
    if (c === 63) {
      continue;
    }
    let mask = masks.get(c);
    if (!mask) {
      mask = Uint32Array.from(any);
      masks.set(c, mask);
    }
    mask[j >>> 5]! |= 1 << (j & 31);
  }
  const lastWord = (m - 1) >>> 5;
  const lastBit = 1 << ((m - 1) & 31);
  const state = new Uint32Array(words);
  return {
    length: m,
    find(text: string, from: number, end: number): number {
      state.fill(0);
      for (let i = from; i < end; i++) {
        const mask = masks.get(text.charCodeAt(i)) ?? any;
        // state = ((state << 1) | 1) & mask, carried across words.
        let carry = 1;
        for (let w = 0; w < words; w++) {
          const s = state[w]!;
          const next = ((s << 1) | carry) >>> 0;
          carry = s >>> 31;
          state[w] = (next & mask[w]!) >>> 0;
        }
        if ((state[lastWord]! & lastBit) !== 0) {
          return i - m + 1;
        }
      }
      return -1;
    },
  };
}

/**
 * One position of a pattern, for intersecting two patterns: a literal character, `?` (any
 * one character), or a run of any characters, optionally excluding some (an ARN template's
 * `${BucketName}` never holds a `/`).
 */
export type GlobToken =
  | { readonly kind: 'char'; readonly char: string }
  | { readonly kind: 'one' }
  | { readonly kind: 'star'; readonly exclude?: string };

/** The tokens of a user pattern: `*` and `?` are wildcards, everything else literal. */
export function globTokens(pattern: string): GlobToken[] {
  const tokens: GlobToken[] = [];
  for (const char of pattern) {
    if (char === '*') {
      // `**` is the same as `*`; collapsing keeps the product below small.
      if (tokens.at(-1)?.kind !== 'star') {
        tokens.push({ kind: 'star' });
      }
    } else {
      tokens.push(char === '?' ? { kind: 'one' } : { kind: 'char', char });
    }
  }
  return tokens;
}

/**
 * Whether some text matches both patterns. This walks the product of the two patterns'
 * automata: a state is a pair of positions, each visited once, so the cost is
 * O(|a| × |b|) whatever the wildcards (no backtracking, no regular expressions).
 */
export function globsIntersect(a: readonly GlobToken[], b: readonly GlobToken[], options: GlobOptions = {}): boolean {
  const width = b.length + 1;
  // Visited pairs as a bit set: a long resource against an ARN template makes a large
  // product (a 1 MB resource × a 50-token template is 50 M pairs), and a byte per pair
  // allocated and cleared 50 MB per call; a bit per pair is an eighth of that.
  const seen = new Uint32Array(Math.ceil(((a.length + 1) * width) / 32));
  const stack: number[] = [0];
  seen[0] = 1;
  const visit = (i: number, j: number): void => {
    const k = i * width + j;
    const bit = 1 << (k & 31);
    if ((seen[k >>> 5]! & bit) === 0) {
      seen[k >>> 5]! |= bit;
      stack.push(k);
    }
  };
  const same = (x: string, y: string): boolean => x === y || (options.ignoreCase === true && x.toLowerCase() === y.toLowerCase());
  const accepts = (t: GlobToken, char: string | undefined): boolean =>
    t.kind === 'one' || (t.kind === 'star' && (char === undefined || !t.exclude?.includes(char))) || (t.kind === 'char' && char !== undefined && same(t.char, char));
  while (stack.length > 0) {
    const k = stack.pop()!;
    const i = Math.floor(k / width);
    const j = k % width;
    if (i === a.length && j === b.length) {
      return true;
    }
    const ta = a[i];
    const tb = b[j];
    // A star may match nothing.
    if (ta?.kind === 'star') {
      visit(i + 1, j);
    }
    if (tb?.kind === 'star') {
      visit(i, j + 1);
    }
    if (!ta || !tb) {
      continue;
    }
    // One character consumed by both sides: a star stays where it is.
    const charA = ta.kind === 'char' ? ta.char : undefined;
    const charB = tb.kind === 'char' ? tb.char : undefined;
    if (ta.kind === 'star' && tb.kind === 'star') {
      continue; // Both stay: no new state.
    }
    if (ta.kind === 'star') {
      if (accepts(ta, charB)) {
        visit(i, j + 1);
      }
    } else if (tb.kind === 'star') {
      if (accepts(tb, charA)) {
        visit(i + 1, j);
      }
    } else if (charA === undefined || accepts(tb, charA)) {
      // `?` against anything, or two characters that agree.
      visit(i + 1, j + 1);
    }
  }
  return false;
}
