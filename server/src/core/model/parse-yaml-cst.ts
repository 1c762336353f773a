/**
 * The common case of YAML → DocNode without `yaml`'s composer: a template of block mappings
 * and sequences, one-line flow collections, plain, quoted and block scalars and
 * CloudFormation short-form tags is built straight from `yaml`'s CST (its Parser). The
 * composer builds a whole Document of its own first, and is about half of a parse.
 *
 * The result must be the tree and findings parse-yaml.ts gives through the composer, node
 * for node: the same scalar resolution (`yaml`'s own functions and core schema tags), the
 * same ranges (the composer's, computed the same way), the same intrinsic wrapping. So this
 * takes only what it can prove clean: any token, shape or scalar outside that list (an
 * anchor, an alias, a merge key, a directive, a second document, an empty value, an
 * explicit key, a duplicate key, a tab, a multi-line plain or quoted scalar or flow
 * collection, a comment inside a flow collection, another tag, any error the scalar
 * resolution reports) declines, and the composer parses the text as before. A short-form
 * tag keeps its scalar's text as written (parse-yaml.ts resolves every one to its value).
 * A `---` line opening the one document is taken.
 * test/core/model/parse-yaml-cst.test.ts compares the two over the corpus and random edits.
 */
import { CST, isScalar, Parser, Schema } from 'yaml';
import type { ArrayNode, DocNode, ObjectNode, ScalarNode, ScalarStyle } from './node';
import { shortFormFunction, shortFormNode, wrapLongFormIntrinsic } from './intrinsics';
import { cell } from '../engine';

/** The composer's range of a node: start, end of the value, end of what follows it on its line. */
export type Range = readonly [number, number, number];

export interface Built {
  readonly node: DocNode;
  readonly range: Range;
}

/** Thrown where only the composer can be trusted; the parse declines the text. */
export class Decline extends Error {}

export const decline = (): never => {
  throw new Decline();
};

type Token = CST.Token;
type SourceToken = CST.SourceToken;

/** The root of `text` (one document, a block mapping), or undefined where only the composer can be trusted. */
export function parseYamlCst(text: string): DocNode | undefined {
  try {
    let doc: CST.Document | undefined;
    for (const token of new Parser().parse(text)) {
      // Comment lines before or after the document stand alone in the stream.
      if (token.type === 'comment' || token.type === 'newline' || token.type === 'space') {
        continue;
      }
      if (token.type !== 'document' || doc) {
        return undefined;
      }
      doc = token;
    }
    if (!doc || !doc.value || doc.value.type !== 'block-map') {
      return undefined;
    }
    // A `---` line may open the document; nothing may follow it on its line but a comment.
    const marker = doc.start.findIndex((t) => t.type === 'doc-start');
    onlyBlank(marker < 0 ? doc.start : [...doc.start.slice(0, marker), ...doc.start.slice(marker + 1)]);
    onlyBlank(doc.end ?? []);
    return new CstConverter(text).node(doc.value, undefined).node;
  } catch (error) {
    // A RangeError is the stack running out on pathological nesting: the composer path
    // reports that as it always has.
    if (error instanceof Decline || error instanceof RangeError) {
      return undefined;
    }
    throw error;
  }
}

/** Spaces (no tabs), line breaks and comments only. */
function onlyBlank(tokens: readonly SourceToken[]): void {
  for (const t of tokens) {
    if (t.type === 'space' ? t.source.includes('\t') : t.type !== 'newline' && t.type !== 'comment') {
      decline();
    }
  }
}

/** The YAML 1.2 core schema, whose tests say which plain scalars are null, booleans or numbers. */
const coreSchema = cell('model/parse-yaml-cst.coreSchema', () => new Schema({ schema: 'core' }));

/**
 * What an untagged plain scalar written `raw` is, as the composer resolves it: the core
 * schema's tests (findScalarTagByTest; no key-only tags here), else the text itself.
 */
export function plainValue(raw: string, atKey: boolean): unknown {
  if (!mayBeTyped(raw)) {
    return raw;
  }
  const tag = coreSchema.get().tags.find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(raw));
  if (!tag?.resolve) {
    return raw;
  }
  const res: unknown = (tag.resolve as (value: string, onError: (message: string) => void, options: object) => unknown)(raw, decline, { intAsBigInt: false });
  return isScalar(res) ? res.value : res;
}

/** The node of a scalar resolved to `value`, written `text.slice(start, end)`. */
export function scalarNode(text: string, start: number, end: number, value: unknown, style: ScalarStyle): ScalarNode {
  const source = text.slice(start, end);
  const length = end - start;
  if (typeof value === 'string') {
    return { kind: 'string', offset: start, length, value, source, style, parent: undefined };
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return { kind: 'number', offset: start, length, value: Number(value), source, style, parent: undefined };
  }
  if (typeof value === 'boolean') {
    return { kind: 'boolean', offset: start, length, value, source, style, parent: undefined };
  }
  if (value === null || value === undefined) {
    return { kind: 'null', offset: start, length, value: null, source, style, parent: undefined };
  }
  return { kind: 'string', offset: start, length, value: source, source, style, parent: undefined };
}

class CstConverter {
  constructor(private readonly text: string) {}

  /** A value token with the tag its props gave it (a short-form intrinsic, or none). */
  node(token: Token, tag: string | undefined): Built {
    let built: Built;
    switch (token.type) {
      case 'block-map':
        built = this.blockMap(token);
        break;
      case 'block-seq':
        built = this.blockSeq(token);
        break;
      case 'flow-collection':
        built = this.flow(token);
        break;
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        built = this.scalar(token, tag !== undefined);
        break;
      default:
        return decline();
    }
    if (tag === undefined) {
      return built;
    }
    const fn = shortFormFunction(tag) ?? decline();
    return { node: shortFormNode(this.text, fn, tag, built.node), range: built.range };
  }

  /** A scalar's value and range, as the composer resolves them (its core schema tests included, unless tagged). */
  private resolve(token: CST.FlowScalar | CST.BlockScalar, tagged: boolean, atKey: boolean): { value: unknown; type: string | undefined; range: Range } {
    let raw: string;
    let type: string | undefined;
    let range: Range;
    if (token.type === 'scalar') {
      // A one-line plain scalar is its source (resolveFlowScalar's plainValue), unless it
      // starts with a character that makes it an error there.
      const source = token.source;
      if (source === '' || source.includes('\n') || BAD_PLAIN_START.includes(source[0]!)) {
        return decline();
      }
      const valueEnd = token.offset + source.length;
      raw = source;
      type = 'PLAIN';
      range = [token.offset, valueEnd, endOfLine(token.end, valueEnd)];
    } else {
      if (token.type !== 'block-scalar' && token.source.includes('\n')) {
        decline();
      }
      const resolved = CST.resolveAsScalar(token, false, decline) ?? decline();
      raw = resolved.value;
      type = resolved.type ?? undefined;
      range = resolved.range as Range;
    }
    const value = !tagged && token.type === 'scalar' ? plainValue(raw, atKey) : raw;
    return { value, type, range };
  }

  private scalar(token: CST.FlowScalar | CST.BlockScalar, tagged: boolean): Built {
    const { value, type, range } = this.resolve(token, tagged, false);
    const [start, end] = this.clamp(range);
    return { node: scalarNode(this.text, start, end, value, scalarStyle(type)), range };
  }

  /** The key of a block or flow mapping item: one line, plain or quoted, no props. */
  private key(token: Token | null | undefined, indent: number | undefined): { text: string; range: Range } {
    if (!token || (token.type !== 'scalar' && token.type !== 'single-quoted-scalar' && token.type !== 'double-quoted-scalar')) {
      return decline();
    }
    if (indent !== undefined && token.indent !== indent) {
      decline();
    }
    const { value, range } = this.resolve(token, false, true);
    // parse-yaml.ts keyText: a string's value, else the key as written (`200:`, `0123:`).
    const text = typeof value === 'string' ? value : this.text.slice(range[0], range[1]);
    if (token.type === 'scalar' && text === '<<') {
      decline(); // A merge key.
    }
    return { text, range };
  }

  private blockMap(bm: CST.BlockMap): Built {
    const obj: ObjectNode = { kind: 'object', offset: 0, length: 0, properties: [], flow: false, parent: undefined };
    const seen = new Set<string>();
    let offset = bm.offset;
    let commentEnd: number | undefined;
    bm.items.forEach((item, i) => {
      if (!item.key && !item.sep && !item.value) {
        // Comment lines after the last entry (anywhere else the composer may complain).
        if (i !== bm.items.length - 1) {
          decline();
        }
        onlyBlank(item.start);
        commentEnd = end(item.start, offset);
        return;
      }
      onlyBlank(item.start);
      const key = this.key(item.key, bm.indent);
      const { tag, newline } = this.valueProps(item.sep ?? decline(), 'map-value-ind', false);
      const value = item.value ?? decline();
      if (value.type === 'block-map' && !newline) {
        decline();
      }
      const built = this.node(value, tag);
      offset = built.range[2];
      addProperty(this.text, obj, seen, key, built);
    });
    if (commentEnd !== undefined && commentEnd < offset) {
      decline();
    }
    const [start, valueEnd] = this.clamp([bm.offset, offset]);
    place(obj, start, valueEnd);
    return { node: wrapLongFormIntrinsic(obj), range: [bm.offset, offset, commentEnd ?? offset] };
  }

  private blockSeq(bs: CST.BlockSequence): Built {
    const arr: ArrayNode = { kind: 'array', offset: 0, length: 0, items: [], flow: false, parent: undefined };
    let offset = bs.offset;
    let commentEnd: number | undefined;
    bs.items.forEach((item, i) => {
      const dash = item.start.findIndex((t) => t.type === 'seq-item-ind');
      if (dash < 0 && !item.value) {
        if (i !== bs.items.length - 1) {
          decline();
        }
        onlyBlank(item.start);
        commentEnd = end(item.start, offset);
        return;
      }
      if (dash < 0) {
        decline();
      }
      onlyBlank(item.start.slice(0, dash));
      const { tag } = this.valueProps(item.start.slice(dash), 'seq-item-ind', false);
      const built = this.node(item.value ?? decline(), tag);
      offset = built.range[2];
      built.node.parent = arr;
      arr.items.push(built.node);
    });
    if (commentEnd !== undefined && commentEnd < offset) {
      decline();
    }
    const [start, valueEnd] = this.clamp([bs.offset, offset]);
    place(arr, start, valueEnd);
    return { node: arr, range: [bs.offset, offset, commentEnd ?? offset] };
  }

  private flow(fc: CST.FlowCollection): Built {
    const isMap = fc.start.source === '{';
    const obj: ObjectNode | undefined = isMap ? { kind: 'object', offset: 0, length: 0, properties: [], flow: true, parent: undefined } : undefined;
    const arr: ArrayNode | undefined = isMap ? undefined : { kind: 'array', offset: 0, length: 0, items: [], flow: true, parent: undefined };
    const seen = new Set<string>();
    fc.items.forEach((item, i) => {
      // A comma before every item but the first; blanks on the same line only.
      let at = 0;
      if (i > 0) {
        if (item.start[0]?.type !== 'comma') {
          decline();
        }
        at = 1;
      }
      const rest = item.start.slice(at);
      let tag: string | undefined;
      if (isMap) {
        sameLineSpaces(rest);
        const key = this.key(item.key, undefined);
        tag = this.valueProps(item.sep ?? decline(), 'map-value-ind', true).tag;
        const built = this.node(item.value ?? decline(), tag);
        flowOnly(item.value!);
        addProperty(this.text, obj!, seen, key, built);
      } else {
        if (item.key || item.sep) {
          decline(); // A pair in a flow sequence.
        }
        tag = this.flowItemTag(rest);
        const built = this.node(item.value ?? decline(), tag);
        flowOnly(item.value!);
        built.node.parent = arr;
        arr!.items.push(built.node);
      }
    });
    const [ce, ...ee] = fc.end;
    if (!ce || ce.source !== (isMap ? '}' : ']')) {
      decline();
    }
    onlyBlank(ee);
    const cePos = ce!.offset + ce!.source.length;
    const after = end(ee, cePos);
    const node = obj ?? arr!;
    const [start, valueEnd] = this.clamp([fc.offset, cePos]);
    place(node, start, valueEnd);
    return { node: obj ? wrapLongFormIntrinsic(obj) : node, range: [fc.offset, cePos, after] };
  }

  /** The tag of a flow sequence item: `[!Ref a]`, spaces around, nothing else. */
  private flowItemTag(tokens: readonly SourceToken[]): string | undefined {
    let tag: string | undefined;
    for (const [i, t] of tokens.entries()) {
      if (t.type === 'tag' && tag === undefined && tokens[i + 1]?.type === 'space') {
        tag = t.source;
      } else if (t.type !== 'space' || t.source.includes('\t')) {
        decline();
      }
    }
    return tag;
  }

  /**
   * The tokens between an indicator (`:`, `-`) and its value: the indicator, then blanks, and
   * at most one tag followed by a space or a line break. Says the tag, and whether a line
   * break follows the indicator.
   */
  private valueProps(tokens: readonly SourceToken[], indicator: 'map-value-ind' | 'seq-item-ind', inFlow: boolean): { tag: string | undefined; newline: boolean } {
    let tag: string | undefined;
    let newline = false;
    let found = false;
    let spaced = false;
    tokens.forEach((t, i) => {
      switch (t.type) {
        case indicator:
          if (found || tag !== undefined) {
            decline();
          }
          found = true;
          spaced = false;
          break;
        case 'space':
          if (t.source.includes('\t')) {
            decline();
          }
          spaced = true;
          break;
        case 'newline':
          if (inFlow) {
            decline();
          }
          newline ||= found;
          spaced = true;
          break;
        case 'comment':
          if (inFlow || !spaced || tag !== undefined) {
            decline();
          }
          break;
        case 'tag':
          if (!found || tag !== undefined || (tokens[i + 1]?.type !== 'space' && tokens[i + 1]?.type !== 'newline')) {
            decline();
          }
          tag = t.source;
          spaced = false;
          break;
        default:
          decline();
      }
    });
    if (!found) {
      decline();
    }
    return { tag, newline };
  }

  private clamp(range: readonly number[]): [number, number] {
    const start = Math.min(range[0]!, this.text.length);
    return [start, Math.min(Math.max(range[1]!, start), this.text.length)];
  }
}

/**
 * A mapping's entry, as parse-yaml.ts writes it: from its key to where its value is written.
 * A key seen before in the mapping declines (parse-yaml.ts reports it).
 */
export function addProperty(text: string, obj: ObjectNode, seen: Set<string>, key: { text: string; range: Range }, built: Built): void {
  if (seen.has(key.text)) {
    decline();
  }
  seen.add(key.text);
  const keyOffset = key.range[0];
  const keyLength = key.range[1] - key.range[0];
  const valueEnd = Math.min(Math.max(built.range[1], keyOffset + keyLength), text.length);
  built.node.parent = obj;
  obj.properties.push({ key: key.text, keyOffset, keyLength, value: built.node, offset: keyOffset, length: valueEnd - keyOffset });
}

/** A value inside a flow collection holds no block collection, and nothing follows it on its line. */
function flowOnly(token: Token): void {
  if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'block-scalar') {
    decline();
  }
  if ('end' in token && token.type !== 'flow-collection' && token.end?.some((t) => t.type !== 'space' || t.source.includes('\t'))) {
    decline();
  }
}

function sameLineSpaces(tokens: readonly SourceToken[]): void {
  for (const t of tokens) {
    if (t.type !== 'space' || t.source.includes('\t')) {
      decline();
    }
  }
}

/** First characters that make a plain scalar an error (resolveFlowScalar's plainValue). */
export const BAD_PLAIN_START = '\t,%|>@`';

/** Null, booleans and numbers start so, or are these words; anything else plain is a string. */
const TYPED_WORDS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

function mayBeTyped(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // 0-9 + - . ~
  return (c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126 || TYPED_WORDS.has(raw);
}

/** The end of a scalar's line tokens (resolveEnd): spaces, a comment, the line break. */
function endOfLine(tokens: readonly SourceToken[] | undefined, from: number): number {
  let offset = from;
  for (const t of tokens ?? []) {
    if (t.type !== 'space' && t.type !== 'comment' && t.type !== 'newline') {
      decline();
    }
    offset += t.source.length;
  }
  return offset;
}

/** Sets a collection's place once its end is known (its children point at it already). */
export function place(node: ObjectNode | ArrayNode, start: number, valueEnd: number): void {
  const m = node as { offset: number; length: number };
  m.offset = start;
  m.length = valueEnd - start;
}

/** Where a run of tokens ends (`from` when there are none). */
function end(tokens: readonly SourceToken[], from: number): number {
  const last = tokens[tokens.length - 1];
  return last ? last.offset + last.source.length : from;
}

export function scalarStyle(type: string | undefined): ScalarStyle {
  switch (type) {
    case 'QUOTE_SINGLE':
      return 'single';
    case 'QUOTE_DOUBLE':
      return 'double';
    case 'BLOCK_FOLDED':
    case 'BLOCK_LITERAL':
      return 'block';
    default:
      return 'plain';
  }
}

