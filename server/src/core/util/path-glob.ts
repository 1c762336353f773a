/**
 * Path globs with `.gitignore` semantics, for the configuration file's `ignore` and
 * `overrides[].files` and the editor's `gatewarden.index.exclude`. Patterns come from a
 * repository, so nothing here may be slow or throw on any text: no regular expression is
 * built from a pattern, and matching simulates every way a pattern could match at once
 * (a set of positions, never backtracking), so one match costs O(pattern × path) steps.
 *
 * The language: `*` is any run of characters within one folder name, `?` one character,
 * `[a-z]` a class (`[!…]` or `[^…]` negated; a `]` right after `[` or its negation is
 * literal), `**` as a whole segment any number of folders (`**` at the end: everything
 * below, not the folder itself), `{a,b}` alternatives as in shells (expanded, at most
 * {@link MAX_ALTERNATIVES}). A leading `/` (or `./`) anchors a pattern to the folder it is
 * relative to; a pattern without a `/` otherwise matches a name at any depth; a trailing
 * `/` matches folders only. A leading `!` re-includes what an earlier pattern excluded.
 * Backslashes are taken as folder separators (Windows paths written into YAML), so there
 * are no escapes: a class (`[*]`, `[[]`) matches a special character literally.
 *
 * Pure: used by the core's configuration validation and by the shells' matchers.
 */

/** Brace alternatives a pattern may expand to; more is a configuration error. */
export const MAX_ALTERNATIVES = 64;

export type PathGlobProblem = 'empty' | 'unclosedClass' | 'badRange' | 'unclosedBrace' | 'tooManyAlternatives';

/** Why a pattern is invalid, and where: offsets are UTF-16 units into the pattern as written. */
export interface PathGlobError {
  readonly problem: PathGlobProblem;
  readonly offset: number;
  readonly length: number;
}

/** A parsed pattern. */
export interface PathGlob {
  readonly source: string;
  /** `!pattern`: a match re-includes instead of excluding. */
  readonly negated: boolean;
  /** `pattern/`: matches folders only. */
  readonly directoryOnly: boolean;
  /** After brace expansion: each alternative's segments. */
  readonly alternatives: readonly (readonly Segment[])[];
}

/** Counts the matcher's elementary steps, so tests and the fuzzer can bound work without timing it. */
export interface StepCounter {
  steps: number;
}

export type Segment = { readonly kind: 'globstar' } | { readonly kind: 'name'; readonly tokens: readonly Token[] };

export type Token =
  | { readonly kind: 'char'; readonly code: number }
  | { readonly kind: 'any' }
  | { readonly kind: 'star' }
  /** `ranges` holds inclusive code point pairs: lo0, hi0, lo1, hi1 … */
  | { readonly kind: 'class'; readonly negated: boolean; readonly ranges: readonly number[] };

/** An ordered list of patterns, as a .gitignore file is read. */
export interface PathGlobList {
  /**
   * Whether the list excludes a `/`-separated path relative to the patterns' folder: the
   * last pattern that matches decides, and a path inside an excluded folder stays excluded
   * whatever comes later (as in git, which never looks inside an ignored folder).
   */
  matches(relativePath: string, isDirectory?: boolean, counter?: StepCounter): boolean;
}

export function parsePathGlob(pattern: string): { readonly glob: PathGlob } | { readonly error: PathGlobError } {
  let start = 0;
  let end = pattern.length;
  while (start < end && isSpace(pattern.charCodeAt(start))) {
    start++;
  }
  while (end > start && isSpace(pattern.charCodeAt(end - 1))) {
    end--;
  }
  const whole = { offset: start, length: end - start };
  let negated = false;
  if (pattern[start] === '!') {
    negated = true;
    start++;
  }
  // Backslashes become slashes in place, so offsets into `body` plus `start` stay offsets into the pattern.
  const body = pattern.slice(0, end).replace(/\\/g, '/');
  let anchored = false;
  if (body.startsWith('./', start)) {
    anchored = true;
    start += 2;
  } else if (body[start] === '/') {
    anchored = true;
    start += 1;
  }
  let directoryOnly = false;
  while (end > start && body[end - 1] === '/') {
    directoryOnly = true;
    end--;
  }
  if (end <= start) {
    return { error: { problem: 'empty', ...whole } };
  }
  const items = tokenize(body, start, end);
  if ('error' in items) {
    return items;
  }
  const expanded = expand(items.items);
  if ('error' in expanded) {
    return expanded;
  }
  const alternatives: Segment[][] = [];
  for (const alternative of expanded.alternatives) {
    const segments = toSegments(alternative);
    if (segments.length === 0) {
      continue;
    }
    // A single name, not anchored, is looked for at any depth (`*.json`, `build`).
    alternatives.push(!anchored && segments.length === 1 ? [GLOBSTAR, ...segments] : segments);
  }
  return { glob: { source: pattern, negated, directoryOnly, alternatives } };
}

/**
 * For a path of segments, which prefixes the glob matches: entry k is the path's first k+1
 * segments. One pass over the segments decides every prefix, so the ancestors of a path cost
 * nothing extra.
 */
export function matchPrefixes(glob: PathGlob, segments: readonly string[], counter?: StepCounter): boolean[] {
  const result = segments.map(() => false);
  for (const alternative of glob.alternatives) {
    matchAlternative(alternative, segments, result, counter);
  }
  return result;
}

/** Compiles a list; invalid patterns are reported with their index and left out. */
export function compilePathGlobList(patterns: readonly string[]): { readonly list: PathGlobList; readonly errors: readonly { readonly index: number; readonly error: PathGlobError }[] } {
  const globs: PathGlob[] = [];
  const errors: { index: number; error: PathGlobError }[] = [];
  patterns.forEach((pattern, index) => {
    const parsed = parsePathGlob(pattern);
    if ('error' in parsed) {
      errors.push({ index, error: parsed.error });
    } else {
      globs.push(parsed.glob);
    }
  });
  return { list: { matches: (relativePath, isDirectory = false, counter) => listMatches(globs, relativePath, isDirectory, counter) }, errors };
}

/** A sentence for each problem, naming the offset, for configuration messages. */
export function describePathGlobError(pattern: string, error: PathGlobError): string {
  const at = `at offset ${error.offset} of "${pattern}"`;
  switch (error.problem) {
    case 'empty':
      return `The glob "${pattern}" names no path; write a name, or remove the entry.`;
    case 'unclosedClass':
      return `The "[" ${at} opens a character class that is never closed; close it with "]", or write "[[]" to match a "[".`;
    case 'badRange':
      return `The range "${pattern.slice(error.offset, error.offset + error.length)}" ${at} runs backwards and matches nothing; write it from low to high.`;
    case 'unclosedBrace':
      return `The "{" ${at} opens alternatives that are never closed; close them with "}", or write "[{]" to match a "{".`;
    case 'tooManyAlternatives':
      return `The braces ${at} expand to more than ${MAX_ALTERNATIVES} alternatives; split the entry into several.`;
  }
}

const GLOBSTAR: Segment = { kind: 'globstar' };

type Item = { readonly kind: 'token'; readonly token: Token } | { readonly kind: 'separator' } | { readonly kind: 'open'; readonly offset: number } | { readonly kind: 'comma' } | { readonly kind: 'close' };

const SEPARATOR: Item = { kind: 'separator' };
const STAR: Item = { kind: 'token', token: { kind: 'star' } };
const ANY: Item = { kind: 'token', token: { kind: 'any' } };

function tokenize(body: string, start: number, end: number): { items: Item[] } | { error: PathGlobError } {
  const items: Item[] = [];
  const open: number[] = [];
  for (let i = start; i < end; ) {
    const c = body.codePointAt(i)!;
    const width = c > 0xffff ? 2 : 1;
    if (c === 0x2f /* / */) {
      items.push(SEPARATOR);
    } else if (c === 0x2a /* * */) {
      items.push(STAR);
    } else if (c === 0x3f /* ? */) {
      items.push(ANY);
    } else if (c === 0x5b /* [ */) {
      const parsed = parseClass(body, i, end);
      if ('error' in parsed) {
        return parsed;
      }
      items.push({ kind: 'token', token: parsed.token });
      i = parsed.next;
      continue;
    } else if (c === 0x7b /* { */) {
      open.push(i);
      items.push({ kind: 'open', offset: i });
    } else if (c === 0x2c /* , */ && open.length > 0) {
      items.push({ kind: 'comma' });
    } else if (c === 0x7d /* } */ && open.length > 0) {
      open.pop();
      items.push({ kind: 'close' });
    } else {
      items.push({ kind: 'token', token: { kind: 'char', code: c } });
    }
    i += width;
  }
  if (open.length > 0) {
    return { error: { problem: 'unclosedBrace', offset: open[0]!, length: 1 } };
  }
  return { items };
}

/** `[…]` starting at `at`; its body never holds a separator, since names are matched one at a time. */
function parseClass(body: string, at: number, end: number): { token: Token; next: number } | { error: PathGlobError } {
  let i = at + 1;
  let negated = false;
  if (body[i] === '!' || body[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: number[] = [];
  let first = true;
  for (;;) {
    if (i >= end) {
      return { error: { problem: 'unclosedClass', offset: at, length: 1 } };
    }
    const lo = body.codePointAt(i)!;
    if (lo === 0x5d /* ] */ && !first) {
      return { token: { kind: 'class', negated, ranges }, next: i + 1 };
    }
    first = false;
    const loStart = i;
    i += lo > 0xffff ? 2 : 1;
    if (body[i] === '-' && i + 1 < end && body[i + 1] !== ']') {
      const hi = body.codePointAt(i + 1)!;
      i += 1 + (hi > 0xffff ? 2 : 1);
      if (hi < lo) {
        return { error: { problem: 'badRange', offset: loStart, length: i - loStart } };
      }
      ranges.push(lo, hi);
    } else {
      ranges.push(lo, lo);
    }
  }
}

/** Brace expansion, bounded: a product over MAX_ALTERNATIVES is an error before it is built. */
function expand(items: readonly Item[]): { alternatives: Item[][] } | { error: PathGlobError } {
  let pos = 0;
  const tooMany = (offset: number): { error: PathGlobError } => ({ error: { problem: 'tooManyAlternatives', offset, length: 1 } });
  // A sequence up to a `,` or `}` of the enclosing braces (or the end), as its alternatives.
  const sequence = (): Item[][] | { error: PathGlobError } => {
    let alternatives: Item[][] = [[]];
    while (pos < items.length) {
      const item = items[pos]!;
      if (item.kind === 'comma' || item.kind === 'close') {
        return alternatives;
      }
      pos++;
      if (item.kind !== 'open') {
        alternatives.forEach((a) => a.push(item));
        continue;
      }
      const choices: Item[][] = [];
      for (;;) {
        const inner = sequence();
        if (!Array.isArray(inner)) {
          return inner;
        }
        if (choices.length + inner.length > MAX_ALTERNATIVES) {
          return tooMany(item.offset);
        }
        choices.push(...inner);
        // tokenize() balanced the braces, so a `,` or `}` is next.
        const stop = items[pos++]!;
        if (stop.kind === 'close') {
          break;
        }
      }
      if (alternatives.length * choices.length > MAX_ALTERNATIVES) {
        return tooMany(item.offset);
      }
      alternatives = alternatives.flatMap((a) => choices.map((c) => [...a, ...c]));
    }
    return alternatives;
  };
  const result = sequence();
  return Array.isArray(result) ? { alternatives: result } : result;
}

function toSegments(items: readonly Item[]): Segment[] {
  const segments: Segment[] = [];
  let tokens: Token[] = [];
  const flush = (): void => {
    // Empty segments (`a//b`) are dropped, as paths never have them.
    if (tokens.length === 2 && tokens[0]!.kind === 'star' && tokens[1]!.kind === 'star') {
      segments.push(GLOBSTAR);
    } else if (tokens.length > 0) {
      segments.push({ kind: 'name', tokens });
    }
    tokens = [];
  };
  for (const item of items) {
    if (item.kind === 'separator') {
      flush();
    } else if (item.kind === 'token') {
      tokens.push(item.token);
    }
  }
  flush();
  return segments;
}

/**
 * The segment automaton: state i means "the first i pattern segments are matched". A `**`
 * state consumes any segment and stays or moves on; before anything is consumed, and after
 * each segment, a `**` that is not the last may also match no folder at all. Every active
 * state is advanced once per path segment, so the cost is the sum over states of one name
 * match: O(pattern × path) in all.
 */
function matchAlternative(segments: readonly Segment[], path: readonly string[], result: boolean[], counter?: StepCounter): void {
  const m = segments.length;
  let active = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  active[0] = 1;
  closeOver(segments, active);
  for (let k = 0; k < path.length; k++) {
    next.fill(0);
    let any = false;
    for (let i = 0; i < m; i++) {
      if (active[i] === 0) {
        continue;
      }
      if (counter) {
        counter.steps++;
      }
      const segment = segments[i]!;
      if (segment.kind === 'globstar') {
        next[i] = 1;
        next[i + 1] = 1;
        any = true;
      } else if (matchName(segment.tokens, path[k]!, counter)) {
        next[i + 1] = 1;
        any = true;
      }
    }
    if (!any) {
      return;
    }
    closeOver(segments, next);
    if (next[m] === 1) {
      result[k] = true;
    }
    [active, next] = [next, active];
  }
}

/** A `**` that is not the pattern's last segment may match no folder. */
function closeOver(segments: readonly Segment[], states: Uint8Array): void {
  for (let i = 0; i < segments.length - 1; i++) {
    if (states[i] === 1 && segments[i]!.kind === 'globstar') {
      states[i + 1] = 1;
    }
  }
}

/** One folder or file name against one pattern segment: a position-set simulation over code points. */
function matchName(tokens: readonly Token[], name: string, counter?: StepCounter): boolean {
  const t = tokens.length;
  let active = new Uint8Array(t + 1);
  let next = new Uint8Array(t + 1);
  active[0] = 1;
  starClosure(tokens, active);
  for (let i = 0; i < name.length; ) {
    const c = name.codePointAt(i)!;
    i += c > 0xffff ? 2 : 1;
    next.fill(0);
    let any = false;
    for (let j = 0; j < t; j++) {
      if (active[j] === 0) {
        continue;
      }
      const token = tokens[j]!;
      if (counter) {
        counter.steps += token.kind === 'class' ? 1 + token.ranges.length / 2 : 1;
      }
      if (token.kind === 'star') {
        next[j] = 1;
        any = true;
      } else if (token.kind === 'any' || (token.kind === 'char' ? token.code === c : inClass(token, c))) {
        next[j + 1] = 1;
        any = true;
      }
    }
    if (!any) {
      return false;
    }
    starClosure(tokens, next);
    [active, next] = [next, active];
  }
  return active[t] === 1;
}

/** A `*` may match nothing, so being before it is being after it too. */
function starClosure(tokens: readonly Token[], states: Uint8Array): void {
  for (let j = 0; j < tokens.length; j++) {
    if (states[j] === 1 && tokens[j]!.kind === 'star') {
      states[j + 1] = 1;
    }
  }
}

function inClass(token: { readonly negated: boolean; readonly ranges: readonly number[] }, c: number): boolean {
  let found = false;
  for (let r = 0; r < token.ranges.length && !found; r += 2) {
    found = c >= token.ranges[r]! && c <= token.ranges[r + 1]!;
  }
  return found !== token.negated;
}

function listMatches(globs: readonly PathGlob[], relativePath: string, isDirectory: boolean, counter?: StepCounter): boolean {
  const segments = relativePath.split('/').filter((s) => s !== '' && s !== '.');
  const n = segments.length;
  if (n === 0 || globs.length === 0) {
    return false;
  }
  const matched = globs.map((g) => matchPrefixes(g, segments, counter));
  for (let k = 0; k < n; k++) {
    const folder = k < n - 1 || isDirectory;
    let excluded = false;
    for (let j = globs.length - 1; j >= 0; j--) {
      const glob = globs[j]!;
      if (matched[j]![k] && (folder || !glob.directoryOnly)) {
        excluded = !glob.negated;
        break;
      }
    }
    // A folder the list excludes is never looked into, so nothing below it comes back.
    if (excluded || k === n - 1) {
      return excluded;
    }
  }
  return false;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}
