/**
 * The plainest templates (block mappings and sequences, one-line scalars and flow
 * collections, comments, CloudFormation short-form tags) read line by line, without `yaml`'s
 * lexer and parser: those cost most of a cold parse of a large template, and a template of
 * this kind needs none of their generality.
 *
 * The result must be the tree parse-yaml.ts gives through the composer, node for node, and
 * parse-yaml-cst.ts gives the same from `yaml`'s CST: this shares that module's scalar
 * resolution and entry building, and computes the composer's ranges the way the CST's tokens
 * would give them. Where a comment or blank line lands follows `yaml`'s parser: after a
 * value that ends its line, a comment line indented more than the value's collection (with
 * only blank lines before it) belongs to the value; the rest belong to the innermost open
 * collection unless that collection goes on after them.
 *
 * Anything else declines (parseYamlCst then tries, then the composer): a tab, a carriage
 * return or byte-order mark anywhere, an anchor, alias, explicit or merge key, a directive or
 * document end, a value on the line after its key that is not a block collection, an empty
 * value, a multi-line plain or quoted scalar or flow collection, a comment inside a flow
 * collection, a tag `yaml` is not told of (parse-yaml.ts declares the short forms but
 * `!ForEach`), a plain scalar that starts like an indicator, a duplicate key, a key longer
 * than 1,000
 * characters, and any line indented where the block structure does not expect it.
 * test/core/model/parse-yaml-cst.test.ts compares all three over the corpus and random edits.
 */
import { CST } from 'yaml';
import type { ArrayNode, DocNode, ObjectNode } from './node';
import { shortFormFunction, shortFormNode, wrapLongFormIntrinsic } from './intrinsics';
import { addProperty, type Built, BAD_PLAIN_START, Decline, decline, place, plainValue, type Range, scalarNode, scalarStyle } from './parse-yaml-cst';

/** The root of `text` (one document, a block mapping), or undefined where it declines. */
export function parseYamlScan(text: string): DocNode | undefined {
  if (/[\t\r\uFEFF]/.test(text)) {
    return undefined;
  }
  try {
    return new Scanner(text).document();
  } catch (error) {
    if (error instanceof Decline || error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

const BLANK = 0;
const COMMENT = 1;
const CONTENT = 2;

/** One line: where it starts, its indentation, where its content starts and ends. */
interface Line {
  readonly start: number;
  readonly indent: number;
  /** First character after the indentation. */
  readonly content: number;
  /** The line break's offset, or the text's length on the last line. */
  readonly end: number;
  /** Start of the next line (the text's length after the last). */
  readonly next: number;
  readonly kind: typeof BLANK | typeof COMMENT | typeof CONTENT;
}

/**
 * Blank and comment lines after a collection's last value that the value did not take: they
 * end a collection unless it goes on after them. A collection that ends hands them to its
 * parent when none of their comments is indented as far as it is (or it is at column 0).
 */
interface Trivia {
  /** Where they end: the next content line's first character (its indentation is theirs). */
  readonly end: number;
  /** The largest indentation of a comment line among them, -1 when there is none. */
  readonly commentIndent: number;
}

/** What follows a value that ends its line: where the next content line is, and the trivia before it. */
interface After {
  /** The next content line, or undefined at the end of the text. */
  readonly next: Line | undefined;
  /** Where the value's own trailing tokens end (its line, and comment lines it takes). */
  readonly valueEnd: number;
  readonly trivia: Trivia | undefined;
}

/** A value as parsed: its node, its range, the line after it, and trivia not yet placed. */
interface Parsed {
  readonly built: Built;
  readonly next: Line | undefined;
  readonly trivia: Trivia | undefined;
}

/** A key on a line: its text and range, and where the `:` after it is. */
interface Key {
  readonly text: string;
  readonly range: Range;
  readonly colon: number;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

/** First characters that end a plain scalar in a flow collection, or make it something else. */
const FLOW_INDICATORS = ',[]{}';

class Scanner {
  private readonly length: number;
  /** Whether the document has begun: a `---` line may open it, and no marker may come after. */
  private begun = false;

  constructor(private readonly text: string) {
    this.length = text.length;
  }

  document(): DocNode {
    let line = this.nextContent(0);
    if (!line) {
      return decline();
    }
    if (line.indent === 0 && this.isMarker(line, '---')) {
      this.onlyComment(line.content + 3, line.end);
      this.begun = true;
      line = this.nextContent(line.next);
      if (!line) {
        return decline();
      }
    }
    this.begun = true;
    if (this.isDash(line.content, line.end)) {
      decline();
    }
    const root = this.map(line, line.content);
    if (root.next) {
      decline();
    }
    return root.built.node;
  }

  private lineAt(start: number): Line {
    const t = this.text;
    const i = this.skip(start);
    let end = t.indexOf('\n', i);
    if (end < 0) {
      end = this.length;
    }
    const kind = i >= end ? BLANK : t.charCodeAt(i) === HASH ? COMMENT : CONTENT;
    const line: Line = { start, indent: i - start, content: i, end, next: end < this.length ? end + 1 : end, kind };
    if (kind === CONTENT && line.indent === 0 && (this.isMarker(line, '---') || this.isMarker(line, '...'))) {
      // A document marker inside the document: another document, or its end.
      if (this.begun || !this.isMarker(line, '---')) {
        decline();
      }
    }
    return line;
  }

  /** The first content line from `at` on, skipping blank and comment lines. */
  private nextContent(at: number): Line | undefined {
    while (at < this.length) {
      const line = this.lineAt(at);
      if (line.kind === CONTENT) {
        return line;
      }
      at = line.next;
    }
    return undefined;
  }

  private isMarker(line: Line, marker: string): boolean {
    const after = this.text.charCodeAt(line.content + 3);
    return this.text.startsWith(marker, line.content) && (line.content + 3 >= line.end || after === SPACE);
  }

  /** A `-` item indicator at `at`: followed by a space or the line's end. */
  private isDash(at: number, end: number): boolean {
    return this.text.charCodeAt(at) === DASH && (at + 1 >= end || this.text.charCodeAt(at + 1) === SPACE);
  }

  /** From `at` to the line's end: spaces, then at most a comment after a space. */
  private onlyComment(at: number, end: number): void {
    const t = this.text;
    let i = at;
    while (i < end && t.charCodeAt(i) === SPACE) {
      i++;
    }
    if (i < end && (t.charCodeAt(i) !== HASH || i === at)) {
      decline();
    }
  }

  /**
   * After a value that ends on `line` (the value's last character before `at`): the rest of
   * its line, then the blank and comment lines up to the next content line. A comment line
   * indented more than `indent` (the value's collection), with only blank lines before it,
   * is the value's; once a comment line is not, none after it is.
   */
  private after(at: number, line: Line, indent: number): After {
    this.onlyComment(at, line.end);
    return this.trivia(line.next, indent, true);
  }

  /**
   * The blank and comment lines from `from` up to the next content line, which may be indented
   * no more than `indent`. With `attach` (after a value whose line tokens take comments), the
   * comment lines the value takes, as `after` says; without (after a block scalar), none.
   */
  private trivia(from: number, indent: number, attach: boolean): After {
    let valueEnd = from;
    let pending = false;
    let commentIndent = -1;
    let next: Line | undefined;
    while (from < this.length) {
      const l = this.lineAt(from);
      if (l.kind === CONTENT) {
        if (l.indent > indent) {
          decline(); // A continuation of the value, or a misplaced line.
        }
        next = l;
        break;
      }
      if (attach && l.kind === COMMENT && commentIndent < 0 && l.indent > indent) {
        valueEnd = l.next;
        pending = false;
      } else {
        pending = true;
        if (l.kind === COMMENT) {
          commentIndent = Math.max(commentIndent, l.indent);
        }
      }
      from = l.next;
    }
    // The next line's indentation is lexed before the parser sees that line's content.
    return { next, valueEnd, trivia: pending ? { end: next?.content ?? from, commentIndent } : undefined };
  }

  /** A block mapping whose first key is at `keyAt` on `line`; its indent is that key's column. */
  private map(line: Line, keyAt: number): Parsed {
    const indent = keyAt - line.start;
    const obj: ObjectNode = { kind: 'object', offset: 0, length: 0, properties: [], flow: false, parent: undefined };
    const seen = new Set<string>();
    let offset = keyAt;
    let current: Line = line;
    let at = keyAt;
    for (;;) {
      const key = this.key(at, current.end) ?? decline();
      const entry = this.value(current, key.colon + 1, indent);
      addProperty(this.text, obj, seen, key, entry.built);
      offset = entry.built.range[2];
      const next = entry.next;
      const goesOn = next !== undefined && next.indent === indent && !this.isDash(next.content, next.end);
      if (!goesOn) {
        place(obj, keyAt, Math.min(offset, this.length));
        return this.ended(wrapLongFormIntrinsic(obj), keyAt, offset, indent, entry);
      }
      current = next;
      at = next.content;
    }
  }

  /** A block sequence whose first `-` is at `dashAt` on `line`; its indent is that column. */
  private seq(line: Line, dashAt: number): Parsed {
    const indent = dashAt - line.start;
    const arr: ArrayNode = { kind: 'array', offset: 0, length: 0, items: [], flow: false, parent: undefined };
    let offset = dashAt;
    let current: Line = line;
    let at = dashAt;
    for (;;) {
      const entry = this.item(current, at + 1, indent);
      entry.built.node.parent = arr;
      arr.items.push(entry.built.node);
      offset = entry.built.range[2];
      const next = entry.next;
      const goesOn = next !== undefined && next.indent === indent && this.isDash(next.content, next.end);
      if (!goesOn) {
        place(arr, dashAt, Math.min(offset, this.length));
        return this.ended(arr, dashAt, offset, indent, entry);
      }
      current = next;
      at = next.content;
    }
  }

  /** A collection that ends after `last`: the trivia after it is its own, or its parent's. */
  private ended(node: DocNode, start: number, offset: number, indent: number, last: Parsed): Parsed {
    const trivia = last.trivia;
    if (trivia && indent > 0 && trivia.commentIndent >= indent) {
      return { built: { node, range: [start, offset, trivia.end] }, next: last.next, trivia: undefined };
    }
    return { built: { node, range: [start, offset, offset] }, next: last.next, trivia };
  }

  /**
   * A mapping's value, after the `:` at `at - 1` on `line`, in a mapping indented `indent`:
   * on the same line, or a block collection on the lines after.
   */
  private value(line: Line, at: number, indent: number): Parsed {
    const t = this.text;
    let i = this.skip(at);
    const tag = this.tag(i, line.end);
    if (tag !== undefined) {
      i += tag.length;
      i = this.skip(i);
    }
    if (i >= line.end || (t.charCodeAt(i) === HASH && i > at)) {
      if (tag !== undefined && i < line.end) {
        decline(); // A comment after a tag.
      }
      return this.below(line, indent, tag, true);
    }
    return this.sameLine(i, line, indent, tag);
  }

  /** A value that starts on its indicator's line at `at`, in a collection indented `indent`. */
  private sameLine(at: number, line: Line, indent: number, tag: string | undefined): Parsed {
    const c = this.text.charCodeAt(at);
    if (c === 124 /* | */ || c === 62 /* > */) {
      return this.blockScalar(at, line, indent, tag);
    }
    const inline = this.inline(at, line, tag);
    const after = this.after(inline.end, line, indent);
    return { built: this.closed(inline.built, after), next: after.next, trivia: after.trivia };
  }

  /**
   * A block scalar whose header is at `at`, in a collection indented `indent`. Its lines are
   * the ones `yaml`'s lexer gives it (parseBlockScalar), and its value and range are `yaml`'s
   * own (resolveAsScalar). Nothing after it is its own: the blank and comment lines that
   * follow are the collection's.
   */
  private blockScalar(at: number, line: Line, indent: number, tag: string | undefined): Parsed {
    const t = this.text;
    let i = at + 1;
    let explicit = 0;
    let keep = false;
    let chomp = false;
    for (; i < line.end && t.charCodeAt(i) !== SPACE; i++) {
      const ch = t[i]!;
      if ((ch === '-' || ch === '+') && !chomp) {
        chomp = true;
        keep = ch === '+';
      } else if (ch >= '1' && ch <= '9' && explicit === 0) {
        explicit = Number(ch);
      } else {
        decline();
      }
    }
    const headerEnd = i;
    this.onlyComment(headerEnd, line.end);
    const pos = line.next;
    // The first line that is not blank, and the line break before it.
    let nl = pos - 1;
    let first = 0;
    for (let k = pos; k < this.length; k++) {
      const ch = t.charCodeAt(k);
      if (ch === SPACE) {
        first++;
      } else if (ch === 10) {
        nl = k;
        first = 0;
      } else {
        break;
      }
    }
    let indentNext = indent + 1;
    if (first >= indentNext) {
      indentNext = explicit > 0 ? explicit - 1 + indentNext : first;
      for (;;) {
        // Blank lines, and lines indented as far as the content, go on.
        let k = nl + 1;
        while (t.charCodeAt(k) === SPACE) {
          k++;
        }
        if (!(t.charCodeAt(k) === 10 || k - (nl + 1) >= indentNext)) {
          break;
        }
        nl = t.indexOf('\n', k);
        if (nl < 0) {
          nl = this.length;
          break;
        }
      }
    }
    if (!keep) {
      // Trailing blank lines no more indented than the first line are not the scalar's.
      for (;;) {
        const lastChar = nl - 1;
        let k = lastChar;
        while (t.charCodeAt(k) === SPACE) {
          k--;
        }
        if (t.charCodeAt(k) === 10 && k >= pos && k + 1 + first > lastChar) {
          nl = k;
        } else {
          break;
        }
      }
    }
    const sourceEnd = Math.min(nl + 1, this.length);
    const props: { type: string; offset: number; indent: number; source: string }[] = [{ type: 'block-scalar-header', offset: at, indent, source: t.slice(at, headerEnd) }];
    const k = this.skip(headerEnd);
    if (k > headerEnd) {
      props.push({ type: 'space', offset: headerEnd, indent, source: t.slice(headerEnd, k) });
    }
    if (k < line.end) {
      props.push({ type: 'comment', offset: k, indent, source: t.slice(k, line.end) });
    }
    if (line.next > line.end) {
      props.push({ type: 'newline', offset: line.end, indent, source: '\n' });
    }
    const token = { type: 'block-scalar', offset: at, indent, props, source: pos < sourceEnd ? t.slice(pos, sourceEnd) : '' } as unknown as CST.BlockScalar;
    const resolved = CST.resolveAsScalar(token, false, decline) ?? decline();
    const end = Math.min(resolved.range[1], this.length);
    const built = this.tagged({ node: scalarNode(t, at, end, resolved.value, 'block'), range: [at, end, end] }, tag);
    // What follows: blank and comment lines, then a line no more indented than the collection.
    const after = this.trivia(Math.max(end, pos), indent, false);
    return { built, next: after.next, trivia: after.trivia };
  }

  /** A sequence item's value, after the `-` at `at - 1` on `line`, in a sequence indented `indent`. */
  private item(line: Line, at: number, indent: number): Parsed {
    const t = this.text;
    let i = this.skip(at);
    if (i >= line.end || t.charCodeAt(i) === HASH) {
      return this.below(line, indent, undefined, false);
    }
    if (this.isDash(i, line.end)) {
      // `- - a`: a sequence at the inner dash's column.
      return this.seq(line, i);
    }
    const tag = this.tag(i, line.end);
    const c = t.charCodeAt(i);
    if (tag === undefined && c !== 91 && c !== 123 && c !== 124 && c !== 62 && this.key(i, line.end)) {
      // `- a: 1`: a mapping at the key's column.
      return this.map(line, i);
    }
    if (tag !== undefined) {
      i += tag.length;
      i = this.skip(i);
      if (i >= line.end || t.charCodeAt(i) === HASH) {
        if (i < line.end) {
          decline(); // A comment after a tag.
        }
        return this.below(line, indent, tag, false);
      }
    }
    return this.sameLine(i, line, indent, tag);
  }

  /** A same-line value's range, now that what follows it on its line and after is known. */
  private closed(built: Built, after: After): Built {
    return { node: built.node, range: [built.range[0], built.range[1], after.valueEnd] };
  }

  /**
   * A value on the lines after its indicator: a block mapping or sequence indented more than
   * `indent`, or in a mapping a sequence at `indent` itself.
   */
  private below(line: Line, indent: number, tag: string | undefined, inMap: boolean): Parsed {
    // Comment lines before the value are the indicator's; after a tag they decline.
    let from = line.next;
    let next: Line | undefined;
    while (from < this.length) {
      const l = this.lineAt(from);
      if (l.kind === CONTENT) {
        next = l;
        break;
      }
      if (l.kind === COMMENT && tag !== undefined) {
        decline();
      }
      from = l.next;
    }
    if (!next || next.indent < indent || (next.indent === indent && !(inMap && this.isDash(next.content, next.end)))) {
      return decline(); // An empty value.
    }
    const parsed = this.isDash(next.content, next.end) ? this.seq(next, next.content) : this.map(next, next.content);
    return { built: this.tagged(parsed.built, tag), next: parsed.next, trivia: parsed.trivia };
  }

  private tagged(built: Built, tag: string | undefined): Built {
    if (tag === undefined) {
      return built;
    }
    const fn = shortFormFunction(tag) ?? decline();
    return { node: shortFormNode(this.text, fn, tag, built.node), range: built.range };
  }

  /** A short-form tag at `at` (followed by a space or the line's end), or undefined if none is there. */
  private tag(at: number, end: number): string | undefined {
    const t = this.text;
    if (t.charCodeAt(at) !== 33 /* ! */) {
      return undefined;
    }
    let i = at + 1;
    while (i < end && t.charCodeAt(i) !== SPACE) {
      i++;
    }
    const tag = t.slice(at, i);
    if (shortFormFunction(tag) === undefined) {
      decline();
    }
    return tag;
  }

  /**
   * A key at `at`: a one-line plain or quoted scalar followed by `:` and a space or the
   * line's end. Undefined when what is there is no key (it is a value).
   */
  private key(at: number, end: number): Key | undefined {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 34 /* " */ || c === 39 /* ' */) {
      const close = this.closingQuote(at, end);
      const i = this.skip(close + 1);
      if (t.charCodeAt(i) !== COLON || (i + 1 < end && t.charCodeAt(i + 1) !== SPACE)) {
        return undefined;
      }
      return { text: this.quoted(at, close + 1).value, range: [at, close + 1, close + 1], colon: i };
    }
    const { last, colon } = this.blockPlain(at, end);
    if (colon === undefined) {
      return undefined;
    }
    if (last - at > 1000) {
      decline(); // Past the length an implicit key may have.
    }
    const text = t.slice(at, last);
    if (text === '<<') {
      decline(); // A merge key.
    }
    return { text, range: [at, last, last], colon };
  }

  /**
   * A plain scalar in block context from `at` to the line's end `end`: where its text ends
   * (before trailing spaces and a comment), and the `:` after it when one follows with a space
   * or the line's end (then it is a key).
   */
  private blockPlain(at: number, end: number): { last: number; colon: number | undefined } {
    const t = this.text;
    this.plainStart(at, end, false);
    let last = at;
    for (let i = at; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === COLON && (i + 1 >= end || t.charCodeAt(i + 1) === SPACE)) {
        return { last, colon: i };
      }
      if (ch === HASH && t.charCodeAt(i - 1) === SPACE) {
        break;
      }
      if (ch !== SPACE) {
        last = i + 1;
      }
    }
    return { last, colon: undefined };
  }

  /** A plain scalar may start at `at` (nothing the composer reads as an indicator or an error). */
  private plainStart(at: number, end: number, inFlow: boolean): void {
    const t = this.text;
    const ch = t[at]!;
    if (BAD_PLAIN_START.includes(ch) || '?:[]{}#&*!\'"'.includes(ch) || (inFlow && FLOW_INDICATORS.includes(ch))) {
      decline();
    }
    // `-` followed by a space or the line's end is an item; in a flow collection, followed by
    // `,` `]` `}` `[` `{` too (yaml's lexer reads it so, and reports an error).
    if (ch === '-' && (at + 1 >= end || t.charCodeAt(at + 1) === SPACE || (inFlow && FLOW_INDICATORS.includes(t[at + 1]!)))) {
      decline();
    }
  }

  /** The closing quote of the quoted scalar opening at `at`, on its line. */
  private closingQuote(at: number, end: number): number {
    const t = this.text;
    const q = t.charCodeAt(at);
    for (let i = at + 1; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (q === 39 && ch === 39) {
        if (t.charCodeAt(i + 1) === 39) {
          i++;
          continue;
        }
        return i;
      }
      if (q === 34) {
        if (ch === 92 /* \ */) {
          i++;
          continue;
        }
        if (ch === 34) {
          return i;
        }
      }
    }
    return decline(); // Over more than one line.
  }

  /** A quoted scalar from `at` to `end` (after its closing quote), resolved by `yaml`'s own functions. */
  private quoted(at: number, end: number): { value: string; type: string | undefined } {
    const token = { type: this.text.charCodeAt(at) === 34 ? 'double-quoted-scalar' : 'single-quoted-scalar', offset: at, indent: 0, source: this.text.slice(at, end), end: [] } as unknown as CST.FlowScalar;
    const resolved = CST.resolveAsScalar(token, false, decline) ?? decline();
    return { value: resolved.value, type: resolved.type ?? undefined };
  }

  /** A quoted scalar opening at `at` and closing before `lineEnd`, and where it ends. */
  private quotedScalar(at: number, lineEnd: number): { built: Built; end: number } {
    const end = this.closingQuote(at, lineEnd) + 1;
    const { value, type } = this.quoted(at, end);
    return { built: { node: scalarNode(this.text, at, end, value, scalarStyle(type)), range: [at, end, end] }, end };
  }

  /**
   * A value written on `line` from `at`: a quoted or plain scalar or a flow collection, with
   * its tag. Its range's third place is set by the caller.
   */
  private inline(at: number, line: Line, tag: string | undefined): { built: Built; end: number } {
    const t = this.text;
    const c = t.charCodeAt(at);
    let built: Built;
    let end: number;
    if (c === 91 /* [ */ || c === 123 /* { */) {
      const flow = this.flow(at, line.end);
      built = flow.built;
      end = flow.end;
    } else if (c === 34 || c === 39) {
      ({ built, end } = this.quotedScalar(at, line.end));
    } else {
      const { last, colon } = this.blockPlain(at, line.end);
      if (colon !== undefined) {
        // `a: b: c`, or a key after a tag: another mapping where a scalar must be.
        decline();
      }
      const raw = t.slice(at, last);
      const value = tag === undefined ? plainValue(raw, false) : raw;
      built = { node: scalarNode(t, at, last, value, 'plain'), range: [at, last, last] };
      end = last;
    }
    if (c === 34 || c === 39 || c === 91 || c === 123) {
      // A quoted or flow key: `"a": 1` where a value must be.
      const i = this.skip(end);
      if (t.charCodeAt(i) === COLON) {
        decline();
      }
    }
    return { built: this.tagged(built, tag), end };
  }

  /** A flow collection opening at `at` and closing on its line. */
  private flow(at: number, lineEnd: number): { built: Built; end: number } {
    const t = this.text;
    const isMap = t.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    const obj: ObjectNode | undefined = isMap ? { kind: 'object', offset: 0, length: 0, properties: [], flow: true, parent: undefined } : undefined;
    const arr: ArrayNode | undefined = isMap ? undefined : { kind: 'array', offset: 0, length: 0, items: [], flow: true, parent: undefined };
    const seen = new Set<string>();
    let i = this.spaces(at + 1, lineEnd);
    if (t.charCodeAt(i) !== close) {
      for (;;) {
        if (isMap) {
          const key = this.flowKey(i, lineEnd);
          i = this.spaces(key.colon + 1, lineEnd);
          if (i === key.colon + 1) {
            decline(); // `a:b` is one plain scalar; `"a":b` is left to the composer.
          }
          const value = this.flowValue(i, lineEnd);
          addProperty(t, obj!, seen, key, value.built);
          i = value.end;
        } else {
          const value = this.flowValue(i, lineEnd);
          value.built.node.parent = arr;
          arr!.items.push(value.built.node);
          i = value.end;
          if (t.charCodeAt(i) === COLON) {
            decline(); // A pair in a flow sequence.
          }
        }
        const ch = t.charCodeAt(i);
        if (ch === close) {
          break;
        }
        if (ch !== 44 /* , */) {
          decline();
        }
        i = this.spaces(i + 1, lineEnd);
        if (t.charCodeAt(i) === close) {
          decline(); // A trailing comma.
        }
      }
    }
    const end = i + 1;
    const node = obj ?? arr!;
    place(node, at, end);
    return { built: { node: obj ? wrapLongFormIntrinsic(obj) : node, range: [at, end, end] }, end };
  }

  /** The first offset from `at` that is not a space. */
  private skip(at: number): number {
    let i = at;
    while (this.text.charCodeAt(i) === SPACE) {
      i++;
    }
    return i;
  }

  /** The first offset from `at` that is not a space, which must be before `end`. */
  private spaces(at: number, end: number): number {
    let i = at;
    while (i < end && this.text.charCodeAt(i) === SPACE) {
      i++;
    }
    if (i >= end) {
      decline(); // The collection goes on to the next line.
    }
    return i;
  }

  /** A key in a flow mapping, followed by `:`. */
  private flowKey(at: number, end: number): Key {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 34 || c === 39) {
      const close = this.closingQuote(at, end);
      const i = this.spaces(close + 1, end);
      if (t.charCodeAt(i) !== COLON) {
        decline();
      }
      return { text: this.quoted(at, close + 1).value, range: [at, close + 1, close + 1], colon: i };
    }
    const scalar = this.flowPlain(at, end);
    const i = this.spaces(scalar.end, end);
    if (t.charCodeAt(i) !== COLON) {
      decline();
    }
    if (scalar.raw === '<<') {
      decline();
    }
    return { text: scalar.raw, range: [at, scalar.last, scalar.last], colon: i };
  }

  /** A value in a flow collection (with its tag), and the offset after the spaces that follow it. */
  private flowValue(at: number, end: number): { built: Built; end: number } {
    const t = this.text;
    let i = at;
    const tag = this.tag(i, end);
    if (tag !== undefined) {
      i = this.spaces(i + tag.length, end);
      if (i === at + tag.length) {
        decline();
      }
    }
    const c = t.charCodeAt(i);
    let built: Built;
    let after: number;
    if (c === 91 || c === 123) {
      const flow = this.flow(i, end);
      built = flow.built;
      after = flow.end;
    } else if (c === 34 || c === 39) {
      ({ built, end: after } = this.quotedScalar(i, end));
    } else {
      const scalar = this.flowPlain(i, end);
      const value = tag === undefined ? plainValue(scalar.raw, false) : scalar.raw;
      built = { node: scalarNode(t, i, scalar.last, value, 'plain'), range: [i, scalar.last, scalar.last] };
      after = scalar.end;
    }
    return { built: this.tagged(built, tag), end: this.spaces(after, end) };
  }

  /** A plain scalar in a flow collection: its text, where its text ends, and where it stops. */
  private flowPlain(at: number, end: number): { raw: string; last: number; end: number } {
    const t = this.text;
    this.plainStart(at, end, true);
    let last = at;
    let i = at;
    for (; i < end; i++) {
      const ch = t.charCodeAt(i);
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) {
        break;
      }
      if (ch === COLON) {
        const next = t[i + 1];
        if (next === undefined || next === ' ' || next === '\n' || FLOW_INDICATORS.includes(next)) {
          break;
        }
      }
      if (ch === HASH && t.charCodeAt(i - 1) === SPACE) {
        decline(); // A comment inside a flow collection.
      }
      if (ch !== SPACE) {
        last = i + 1;
      }
    }
    if (last === at) {
      decline();
    }
    return { raw: t.slice(at, last), last, end: i };
  }
}
