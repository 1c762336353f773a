/**
 * Incremental parsing: the next version of a YAML document from the previous version's
 * tree and the new text, parsing again only the block-mapping entry the edit falls in.
 *
 * An editor sends one keystroke at a time; parsing 10,000 lines of YAML again costs more
 * than the whole latency budget of an edit. A CloudFormation template is a tree of block
 * mappings, and an entry of a block mapping (`  Fn0:` and the lines under it, up to the
 * next line that starts a sibling) means the same parsed on its own as in place, provided
 * the text is plain (no anchors, aliases or merge keys, which reach across entries) and
 * the entry still parses cleanly and starts at the same column. So:
 *
 *  1. the edit is the one changed span between the old and the new text (common prefix
 *     and suffix), however many changes the editor batched;
 *  2. the candidates are the block-mapping entries whose line range holds the whole
 *     span, from the root down; the innermost is tried first, then outwards;
 *  3. a candidate's new lines are parsed on their own (the same parser and converter as a
 *     full parse); they must give one block mapping, no findings, no anchors or aliases,
 *     every key at the entry's column and no key its siblings already have;
 *  4. the new entries replace the old one in copies of the mappings above it; the
 *     untouched subtrees are kept, and those after the edit are moved by its length.
 *
 * Anything else (JSON, an edit across entries, a broken or non-plain text, the end of the
 * document, a document marker or directive line in the slice, an edit that may cross the
 * nesting limit) parses the whole text again, so the result is always what a full parse gives:
 * test/core/model/reparse.test.ts compares the two over thousands of random edits.
 *
 * The previous document is consumed: the subtrees it shares with the result are moved
 * in place, so after the call only the result may be used.
 */
import type { SourceDocument } from '../types';
import type { DocNode, ObjectNode, PropertyNode } from './node';
import { detectKind, mightBeRelevant } from './detect';
import { isIntrinsicName } from './intrinsics';
import { DEFAULT_MAX_FILE_SIZE, isSpliceable, markSpliceable, parseDocument, type ParseOptions } from './parse';
import { parseYaml } from './parse-yaml';
import { ownString } from '../util/detach';
import { firstTooDeepOffset, MAX_NESTING_DEPTH } from './limits';

/** How the last reparse was done, for tests and the benchmark. */
export type ReparseMode = 'unchanged' | 'splice' | 'full';

export interface Reparsed {
  readonly doc: SourceDocument;
  readonly mode: ReparseMode;
  /** For a splice: the path of the mapping whose entries were replaced. */
  readonly at?: readonly string[];
}

export function reparseDocument(previous: SourceDocument, text: string, options: ParseOptions): Reparsed {
  if (previous.text === text && previous.format === options.format) {
    return { doc: previous, mode: 'unchanged' };
  }
  const found = findSplice(previous, text, options);
  if (found) {
    const { chain, depth, entries, edit } = found;
    const spliced = replaceEntry(chain, depth, entries, edit);
    const doc: SourceDocument = { format: 'yaml', text, roots: [spliced], kinds: [detectKind(spliced)], syntaxFindings: [] };
    markSpliceable(doc);
    return { doc, mode: 'splice', at: chain[depth]!.path };
  }
  return { doc: parseDocument(text, options), mode: 'full' };
}

/**
 * What a splice would give for `text`, without building it: the entry of `previous` that
 * would be replaced and the entries replacing it (new nodes, at their offsets in `text`),
 * and the new values as a tree: copies of the mappings on the path, sharing the rest of
 * `previous` unmoved, so its offsets after the edit are stale; read it for keys and
 * values only. Undefined where reparseDocument would parse in full. `previous` is left as
 * it was and stays usable. For checking a candidate edit (a quick fix) at the cost of its
 * entry rather than of the document; test/core/model/reparse.test.ts checks it against a
 * full parse.
 */
export interface SpliceView {
  /** The replaced entry in `previous`, and its new entries' span in `text`. */
  readonly replaced: PropertyNode;
  readonly entries: readonly PropertyNode[];
  readonly start: number;
  readonly end: number;
  /** The path of the mapping whose entry is replaced. */
  readonly at: readonly string[];
  /** The edited document's values (offsets after the edit stale). */
  readonly values: ObjectNode;
}

export function spliceView(
  previous: SourceDocument,
  text: string,
  options: ParseOptions,
  /** Where the texts differ, when the caller knows (it may be wider than the change); found by comparing them otherwise. */
  span?: { readonly start: number; readonly oldEnd: number; readonly newEnd: number },
): SpliceView | undefined {
  const found = previous.text === text ? undefined : findSplice(previous, text, options, span);
  if (!found) {
    return undefined;
  }
  const { chain, depth, entries, edit } = found;
  const { container, index, start, end, path } = chain[depth]!;
  let values: ObjectNode = { ...container, properties: [...container.properties.slice(0, index), ...entries, ...container.properties.slice(index + 1)] };
  for (let d = depth - 1; d >= 0; d--) {
    const { container: above, index: at } = chain[d]!;
    const entry: PropertyNode = { ...above.properties[at]!, value: values };
    values = { ...above, properties: above.properties.map((p, i) => (i === at ? entry : p)) };
  }
  return { replaced: container.properties[index]!, entries, start, end: end + edit.delta, at: path, values };
}

/**
 * The entry a splice replaces and its new entries (new nodes, nothing of `previous` touched),
 * or undefined where only a full parse can be trusted.
 */
function findSplice(
  previous: SourceDocument,
  text: string,
  options: ParseOptions,
  span?: { readonly start: number; readonly oldEnd: number; readonly newEnd: number },
): { chain: readonly Candidate[]; depth: number; entries: PropertyNode[]; edit: Edit } | undefined {
  const root = previous.roots[0];
  const eligible =
    options.format === 'yaml' &&
    previous.format === 'yaml' &&
    isSpliceable(previous) &&
    text.length <= (options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE) &&
    (options.assumeRelevant === true || mightBeRelevant(text));
  if (!eligible || previous.roots.length !== 1 || !root || root.kind !== 'object' || root.flow) {
    return undefined;
  }
  const edit = span ? { ...span, delta: text.length - previous.text.length } : changedSpan(previous.text, text);
  if (changesNestingLimit(previous.text, text, edit)) {
    return undefined;
  }
  const chain = candidates(previous.text, root, edit);
  for (let depth = chain.length - 1; depth >= 0; depth--) {
    const entries = parseEntry(text, chain, depth, edit);
    if (entries) {
      return { chain, depth, entries, edit };
    }
  }
  return undefined;
}

interface Candidate {
  /** The block mapping holding the entry, and the path to it. */
  readonly container: ObjectNode;
  readonly path: readonly string[];
  /** The entry's index among the container's properties. */
  readonly index: number;
  /** The entry's lines in the old text: from its key line's start to the next sibling's. */
  readonly start: number;
  readonly end: number;
  /** The column of the container's keys. */
  readonly column: number;
}

interface Edit {
  readonly start: number;
  /** End of the replaced span in the old text, and of its replacement in the new text. */
  readonly oldEnd: number;
  readonly newEnd: number;
  readonly delta: number;
}

const CHUNK = 1024;

/** The one span that differs: the longest common prefix, then the longest common suffix after it. */
export function changedSpan(before: string, after: string): Edit {
  const limit = Math.min(before.length, after.length);
  // Whole chunks first (a native comparison), then character by character.
  let start = 0;
  while (start + CHUNK <= limit && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) {
    start += CHUNK;
  }
  while (start < limit && before.charCodeAt(start) === after.charCodeAt(start)) {
    start++;
  }
  let suffix = 0;
  while (suffix + CHUNK <= limit - start && before.slice(before.length - suffix - CHUNK, before.length - suffix) === after.slice(after.length - suffix - CHUNK, after.length - suffix)) {
    suffix += CHUNK;
  }
  while (suffix < limit - start && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  return { start, oldEnd: before.length - suffix, newEnd: after.length - suffix, delta: after.length - before.length };
}

/** The entries whose lines hold the whole edit, outermost first. */
function candidates(text: string, root: ObjectNode, edit: Edit): Candidate[] {
  const chain: Candidate[] = [];
  let container: ObjectNode = root;
  let path: string[] = [];
  let regionEnd = text.length;
  for (;;) {
    const props = container.properties;
    const column = props.length > 0 ? keyColumn(text, props[0]!) : -1;
    if (column < 0) {
      break;
    }
    // The last entry ends with the line its container's value ends on: comment and blank
    // lines after it are nobody's (and may belong to a value further out).
    const valueEnd = lineEndAfter(text, container.offset + container.length);
    let found: Candidate | undefined;
    for (let i = 0; i < props.length; i++) {
      const start = props[i]!.keyOffset - column;
      const next = props[i + 1];
      if (next && (next.keyOffset <= props[i]!.keyOffset || keyColumn(text, next) !== column)) {
        return chain; // Not a plain block mapping with one key per line.
      }
      const end = next ? next.keyOffset - column : Math.min(regionEnd, valueEnd);
      if (edit.start >= start && edit.oldEnd <= end && start < end) {
        found = { container, path, index: i, start, end, column };
        break;
      }
    }
    if (!found) {
      break;
    }
    chain.push(found);
    const value = props[found.index]!.value;
    if (value.kind !== 'object' || value.flow) {
      break;
    }
    container = value;
    path = [...path, props[found.index]!.key];
    regionEnd = found.end;
  }
  return chain;
}

/** The start of the line after the one `offset - 1` is on (or the end of the text). */
function lineEndAfter(text: string, offset: number): number {
  if (offset <= 0 || text.charCodeAt(offset - 1) === 10) {
    return offset;
  }
  const newline = text.indexOf('\n', offset);
  return newline < 0 ? text.length : newline + 1;
}

/** The column of a block mapping key that starts its line; -1 when something precedes it. */
function keyColumn(text: string, prop: PropertyNode): number {
  let i = prop.keyOffset - 1;
  while (i >= 0 && text.charCodeAt(i) === 32 /* space */) {
    i--;
  }
  if (i >= 0 && text.charCodeAt(i) !== 10 /* \n */) {
    return -1;
  }
  return prop.keyOffset - i - 1;
}

/**
 * Empty keys (`: value`, `{: value}`) and explicit keys (`? key`): `yaml` gives an empty key
 * no range, and the converter places it where its mapping starts, which a slice moves.
 */
const EMPTY_OR_EXPLICIT_KEY = /(?:^|\n)[ \t]*(?:-[ \t]+)*[?:](?=[ \t\n]|$)|[{,][ \t]*:(?=[ \t\n,}]|$)/;

/**
 * A line that starts a document (`---`), ends one (`...`) or holds a directive (`%YAML`):
 * parsed alone, a slice holding one can look like one harmless document, while in place it
 * ends the document the slice belongs to.
 */
const DOCUMENT_MARKER = /(?:^|\n)(?:(?:---|\.\.\.)(?=[ \t\r\n]|$)|%)/;

/**
 * Whether an edit may change what the nesting limit says about the whole text. A full parse
 * refuses text whose flow brackets nest deeper than MAX_NESTING_DEPTH anywhere, counting
 * brackets before the entry too, which a slice parsed alone does not see. The previous text
 * was within the limit (it was spliceable); an edit that neither removes nor inserts a
 * bracket keeps every depth as it was, and any other is measured on the whole new text.
 */
function changesNestingLimit(before: string, after: string, edit: Edit): boolean {
  const hasBracket = (text: string, start: number, end: number): boolean => {
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 91 || c === 93 || c === 123 || c === 125) {
        return true;
      }
    }
    return false;
  };
  if (!hasBracket(before, edit.start, edit.oldEnd) && !hasBracket(after, edit.start, edit.newEnd)) {
    return false;
  }
  return firstTooDeepOffset(after, MAX_NESTING_DEPTH, false) !== undefined;
}

/** Block scalar headers with an explicit indentation indicator (`|2`, `>-1`): relative to context, so not parsed alone. */
const INDENT_INDICATOR = /[|>][+-]?[1-9]|[|>][1-9][+-]?/;

/**
 * Comment and blank lines after an entry's last value: `yaml` counts them into the value's
 * range (a block scalar's, a sequence's) or not depending on what follows, which the slice
 * alone does not show. So the slice's last line must hold content.
 */
function endsWithoutContent(slice: string): boolean {
  const body = slice.endsWith('\n') ? slice.slice(0, -1) : slice;
  const last = body.slice(body.lastIndexOf('\n') + 1).trimStart();
  return last === '' || last.startsWith('#');
}

/**
 * Parses chain[depth]'s entry again in the new text: the entries that replace it, at their
 * offsets in the new text, or undefined when the slice cannot be trusted alone. Touches
 * nothing of the previous document (the result is new nodes only).
 */
function parseEntry(text: string, chain: readonly Candidate[], depth: number, edit: Edit): PropertyNode[] | undefined {
  const candidate = chain[depth]!;
  const { container, index, column } = candidate;
  // The edit must end inside the container's own text (not in the lines after its last
  // value, which may belong to what follows), and so inside every mapping above it.
  if (edit.oldEnd >= container.offset + container.length) {
    return undefined;
  }
  const start = candidate.start;
  const end = candidate.end + edit.delta;
  if (end <= start || (end < text.length && text.charCodeAt(end - 1) !== 10)) {
    return undefined;
  }
  // Its own characters: the nodes parsed from it outlive this version of the text, and a
  // slice would keep the whole text alive with them (util/detach.ts).
  const slice = ownString(text.slice(start, end));
  if (INDENT_INDICATOR.test(slice) || EMPTY_OR_EXPLICIT_KEY.test(slice) || DOCUMENT_MARKER.test(slice) || endsWithoutContent(slice)) {
    return undefined;
  }
  const parsed = parseYaml(slice);
  const sliceRoot = parsed.roots[0];
  if (!parsed.plain || parsed.findings.length > 0 || parsed.roots.length !== 1 || !sliceRoot || sliceRoot.kind !== 'object' || sliceRoot.flow) {
    return undefined;
  }
  const entries = sliceRoot.properties;
  // The entry's first line is its key line: comment lines before it would belong, in
  // place, to the range of the value before (see TRAILING_COMMENT).
  if (entries.length === 0 || entries[0]!.keyOffset !== column) {
    return undefined;
  }
  if (endsAmbiguously(sliceRoot)) {
    return undefined;
  }
  // A mapping left with one key that names an intrinsic (`Fn::Sub:`) is that intrinsic in
  // long form: the parser wraps it, which a copy of the mapping would not.
  if (container.properties.length === 1 && entries.length === 1 && isIntrinsicName(entries[0]!.key)) {
    return undefined;
  }
  shift(sliceRoot, start);
  const siblings = new Set<string>();
  container.properties.forEach((p, i) => {
    if (i !== index) {
      siblings.add(p.key);
    }
  });
  for (const entry of entries) {
    if (keyColumn(text, entry) !== column || siblings.has(entry.key)) {
      return undefined;
    }
  }
  return entries;
}

/**
 * The new root, from chain[depth]'s new entries: copies of the mappings from the root down
 * to the entry's container, everything else shared (and moved by the edit, in place).
 */
function replaceEntry(chain: readonly Candidate[], depth: number, entries: readonly PropertyNode[], edit: Edit): ObjectNode {
  const { container, index } = chain[depth]!;
  let child: ObjectNode = rebuild(container, index, entries, edit.delta);
  // The mappings above: each gets a copy with its entry on the chain pointing at the copy below.
  for (let d = depth - 1; d >= 0; d--) {
    const { container: above, index: at } = chain[d]!;
    const old = above.properties[at]!;
    const entry: PropertyNode = { ...old, value: child, length: child.offset + child.length - old.keyOffset };
    child = rebuild(above, at, [entry], edit.delta);
  }
  child.parent = undefined;
  return child;
}

/**
 * Whether the last value of the text ends where only what follows can say: an empty value
 * (`Key:` and nothing, maybe a comment) or a plain scalar continued on further lines. The
 * ranges `yaml` gives the mappings around such a value depend on the next line, which the
 * slice does not have.
 */
function endsAmbiguously(node: DocNode): boolean {
  let n: DocNode | undefined = node;
  while (n) {
    switch (n.kind) {
      case 'object':
        n = n.properties[n.properties.length - 1]?.value;
        if (!n) {
          return true;
        }
        break;
      case 'array':
        n = n.items[n.items.length - 1];
        if (!n) {
          return true;
        }
        break;
      case 'intrinsic':
        n = n.arg;
        break;
      default:
        return n.length === 0 || (n.style === 'plain' && n.source.includes('\n'));
    }
  }
  return true;
}

/** A copy of `container` with property `index` replaced by `entries`; later properties move by `delta`. */
function rebuild(container: ObjectNode, index: number, entries: readonly PropertyNode[], delta: number): ObjectNode {
  const before = container.properties.slice(0, index);
  const after = container.properties.slice(index + 1);
  for (const p of after) {
    moveProperty(p, delta);
  }
  const offset = index === 0 ? entries[0]!.keyOffset : container.offset;
  const copy: ObjectNode = {
    kind: 'object',
    offset,
    length: container.offset + container.length + delta - offset,
    properties: [...before, ...entries, ...after],
    flow: false,
    parent: container.parent,
  };
  for (const p of copy.properties) {
    p.value.parent = copy;
  }
  return copy;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function moveProperty(p: PropertyNode, delta: number): void {
  const m = p as Mutable<PropertyNode>;
  m.offset += delta;
  m.keyOffset += delta;
  shift(p.value, delta);
}

/** Moves every node of a subtree (embedded documents included) by `delta`, in place. */
function shift(node: DocNode, delta: number): void {
  if (delta === 0) {
    return;
  }
  const stack: DocNode[] = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    (n as Mutable<DocNode>).offset += delta;
    switch (n.kind) {
      case 'object':
        for (const p of n.properties) {
          const m = p as Mutable<PropertyNode>;
          m.offset += delta;
          m.keyOffset += delta;
          stack.push(p.value);
        }
        break;
      case 'array':
        for (const item of n.items) {
          stack.push(item);
        }
        break;
      case 'intrinsic':
        (n as Mutable<typeof n>).keyOffset += delta;
        stack.push(n.arg);
        break;
      case 'string':
        if (n.embedded) {
          stack.push(n.embedded);
        }
        break;
      default:
        break;
    }
  }
}
