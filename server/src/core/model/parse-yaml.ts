/**
 * YAML text → DocNode roots (one per document of the stream), through the `yaml` package.
 *
 * CloudFormation short-form tags are registered as custom tags so `yaml` keeps them on
 * the node; the converter turns `!Sub x` into the same intrinsic node `{"Fn::Sub": x}`
 * gives. Aliases and merge keys are expanded here, within a node budget, so an alias
 * bomb costs a bounded amount of work and ends in one finding.
 */
import type {
  Alias} from 'yaml';
import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  type Document,
  type Node as YamlNode,
  type Tags,
  type YAMLError,
} from 'yaml';
import type { ArrayNode, DocNode, ObjectNode, PropertyNode, ScalarNode, ScalarStyle } from './node';
import { longNameOfTag, shortFormNode, SHORT_FORM_TAGS, wrapLongFormIntrinsic } from './intrinsics';
import { syntaxFinding, type RawFinding } from './syntax-findings';
import { firstTooDeepOffset, MAX_ALIAS_EXPANSION_NODES, MAX_NESTING_DEPTH } from './limits';
import { parseYamlCst } from './parse-yaml-cst';
import { parseYamlScan } from './parse-yaml-scan';

export interface ParsedYaml {
  readonly roots: DocNode[];
  readonly findings: RawFinding[];
  /**
   * No anchors, aliases or merge keys: every node was written exactly once, where it
   * stands, so a part of the text can be parsed again on its own (model/reparse.ts).
   */
  readonly plain: boolean;
}

const CFN_TAGS: Tags = SHORT_FORM_TAGS.flatMap((tag) => [
  { tag, resolve: (value: string): string => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown): unknown => value },
  { tag, collection: 'map' as const, resolve: (value: unknown): unknown => value },
]);

export function parseYaml(
  text: string,
  /**
   * Which parses may be tried, fastest first: the line scan (parse-yaml-scan.ts), then the
   * CST (parse-yaml-cst.ts), then the composer. The tests that compare them name one.
   */
  via: 'scan' | 'cst' | 'composer' = 'scan',
): ParsedYaml {
  const findings: RawFinding[] = [];
  const tooDeep = firstTooDeepOffset(text, MAX_NESTING_DEPTH, false);
  if (tooDeep !== undefined) {
    findings.push(syntaxFinding('syntax/too-deep', 'tooDeep', tooDeep, 1, { limit: MAX_NESTING_DEPTH }));
    return { roots: [], findings, plain: false };
  }
  // Most templates are plain enough to be read line by line, or built from the CST alone.
  const fast = (via === 'scan' ? parseYamlScan(text) : undefined) ?? (via !== 'composer' ? parseYamlCst(text) : undefined);
  if (fast) {
    return { roots: [fast], findings, plain: true };
  }
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      customTags: CFN_TAGS,
      uniqueKeys: false,
      prettyErrors: false,
      strict: false,
      schema: 'core',
    }) as Document.Parsed[];
  } catch (e) {
    // A stack overflow on pathological block nesting is the one way `yaml` can throw.
    findings.push(syntaxFinding('syntax/parse-error', 'yaml', 0, Math.min(1, text.length), { detail: String((e as Error).message ?? e) }));
    return { roots: [], findings, plain: false };
  }
  const roots: DocNode[] = [];
  let plain = true;
  docs.forEach((doc, index) => {
    for (const e of doc.errors) {
      findings.push(yamlFinding('syntax/parse-error', 'yaml', e, index, text.length));
    }
    for (const w of doc.warnings) {
      findings.push(yamlFinding('syntax/yaml-warning', 'warning', w, index, text.length));
    }
    const converter = new Converter(text, doc, findings, index);
    let root: DocNode;
    try {
      root = doc.contents ? converter.convert(doc.contents, 0) : emptyRoot(doc);
    } catch (e) {
      findings.push(syntaxFinding('syntax/parse-error', 'yaml', 0, Math.min(1, text.length), { detail: String((e as Error).message ?? e) }, index));
      root = emptyRoot(doc);
    }
    roots.push(root);
    plain &&= converter.plain;
  });
  return { roots, findings, plain };
}

function emptyRoot(doc: Document.Parsed): ScalarNode {
  const offset = doc.range?.[0] ?? 0;
  return { kind: 'null', offset, length: 0, value: null, source: '', style: 'plain', parent: undefined };
}

function yamlFinding(ruleId: string, messageId: string, e: YAMLError, root: number, textLength: number): RawFinding {
  const start = Math.min(e.pos[0], textLength);
  const end = Math.min(Math.max(e.pos[1], start), textLength);
  // yaml's messages end with a source excerpt when prettyErrors is on; it is off, so the first line is the message.
  const detail = e.message.split('\n')[0] ?? e.message;
  return syntaxFinding(ruleId, messageId, start, Math.max(1, end - start), { detail, code: e.code }, root);
}

class Converter {
  private aliasBudget = MAX_ALIAS_EXPANSION_NODES;
  private aliasDepth = 0;
  private reportedAliasLimit = false;
  /** Cleared by the first anchor, alias or merge key (see ParsedYaml.plain). */
  plain = true;

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly findings: RawFinding[],
    private readonly rootIndex: number,
  ) {}

  convert(node: YamlNode | null, fallbackOffset: number): DocNode {
    if (node === null || node === undefined) {
      return nullAt(fallbackOffset);
    }
    if (this.aliasDepth > 0) {
      this.aliasBudget--;
    }
    if (isAlias(node)) {
      this.plain = false;
      return this.convertAlias(node);
    }
    if ((node as { anchor?: string }).anchor) {
      this.plain = false;
    }
    const range = node.range ?? [fallbackOffset, fallbackOffset];
    // `yaml` can report a range past the end on some broken input; nodes stay inside the text.
    const start = Math.min(range[0], this.text.length);
    const valueEnd = Math.min(Math.max(range[1], start), this.text.length);
    let converted: DocNode;
    if (isMap(node)) {
      converted = this.convertMap(node.items, start, valueEnd, node.flow === true);
    } else if (isSeq(node)) {
      const arr: ArrayNode = { kind: 'array', offset: start, length: valueEnd - start, items: [], flow: node.flow === true, parent: undefined };
      for (const item of node.items) {
        const child = this.convert(item as YamlNode | null, valueEnd);
        child.parent = arr;
        arr.items.push(child);
      }
      converted = arr;
    } else if (isScalar(node)) {
      converted = this.convertScalar(node, start, valueEnd);
    } else {
      converted = nullAt(start);
    }
    const tag = (node as { tag?: string }).tag;
    if (tag) {
      const fn = longNameOfTag(tag);
      if (fn) {
        return shortFormNode(this.text, fn, tag, converted);
      }
    }
    return converted;
  }

  private convertScalar(node: Scalar, start: number, end: number): ScalarNode {
    const style = scalarStyle(node.type);
    const value = node.value;
    const source = this.text.slice(start, end);
    let kind: ScalarNode['kind'];
    let v: ScalarNode['value'];
    if (typeof value === 'string') {
      kind = 'string';
      v = value;
    } else if (typeof value === 'number' || typeof value === 'bigint') {
      kind = 'number';
      v = Number(value);
    } else if (typeof value === 'boolean') {
      kind = 'boolean';
      v = value;
    } else if (value === null || value === undefined) {
      kind = 'null';
      v = null;
    } else {
      kind = 'string';
      v = source;
    }
    return { kind, offset: start, length: end - start, value: v, source, style, parent: undefined };
  }

  private convertMap(items: readonly unknown[], start: number, end: number, flow: boolean): DocNode {
    const obj: ObjectNode = { kind: 'object', offset: start, length: end - start, properties: [], flow, parent: undefined };
    const seen = new Set<string>();
    const merged: PropertyNode[] = [];
    for (const item of items) {
      if (!isPair(item)) {
        continue;
      }
      const keyNode = item.key as YamlNode | null;
      if (keyNode && (isAlias(keyNode) || (keyNode as { anchor?: string }).anchor)) {
        this.plain = false;
      }
      const keyRange = keyNode && !isAlias(keyNode) ? keyNode.range : undefined;
      const keyOffset = keyRange ? keyRange[0] : start;
      const keyLength = keyRange ? keyRange[1] - keyRange[0] : 0;
      const key = keyText(keyNode, this.text);
      if (key === '<<' && isScalar(keyNode) && keyNode.type === 'PLAIN') {
        this.plain = false;
        merged.push(...this.mergeSources(item.value as YamlNode | null, keyOffset));
        continue;
      }
      const value = this.convert(item.value as YamlNode | null, keyOffset + keyLength);
      if (seen.has(key)) {
        this.findings.push(syntaxFinding('syntax/duplicate-key', 'duplicate', keyOffset, keyLength, { key }, this.rootIndex));
      }
      seen.add(key);
      // The property ends where its value is written: for an alias that is the alias
      // itself, not the anchored node it expands to (which may lie earlier in the text).
      const written = item.value as YamlNode | null;
      const valueEnd = written?.range ? written.range[1] : value.offset + value.length;
      const end = Math.min(Math.max(valueEnd, keyOffset + keyLength), this.text.length);
      obj.properties.push({ key, keyOffset, keyLength, value, offset: keyOffset, length: end - keyOffset });
    }
    // Merge keys (`<<: *base`) add the properties the map does not set itself.
    for (const p of merged) {
      if (!seen.has(p.key)) {
        seen.add(p.key);
        obj.properties.push(p);
      }
    }
    return wrapLongFormIntrinsic(obj);
  }

  private mergeSources(value: YamlNode | null, at: number): PropertyNode[] {
    const sources = value && isSeq(value) ? (value.items as YamlNode[]) : [value];
    const props: PropertyNode[] = [];
    for (const source of sources) {
      const converted = this.convert(source, at);
      if (converted.kind === 'object') {
        props.push(...converted.properties);
      }
    }
    return props;
  }

  private convertAlias(alias: Alias): DocNode {
    const [start, end] = alias.range ?? [0, 0];
    if (this.aliasBudget <= 0 || this.aliasDepth > MAX_NESTING_DEPTH) {
      return this.aliasLimit(start, end);
    }
    let target: YamlNode | undefined;
    try {
      target = alias.resolve(this.doc) as YamlNode | undefined;
    } catch {
      target = undefined;
    }
    if (!target) {
      return nullAt(start);
    }
    this.aliasDepth++;
    try {
      const node = this.convert(target, start);
      return this.aliasBudget < 0 ? this.aliasLimit(start, end) : node;
    } finally {
      this.aliasDepth--;
    }
  }

  private aliasLimit(start: number, end: number): DocNode {
    if (!this.reportedAliasLimit) {
      this.reportedAliasLimit = true;
      this.findings.push(
        syntaxFinding('syntax/alias-limit', 'tooManyAliases', start, Math.max(1, end - start), { limit: MAX_ALIAS_EXPANSION_NODES }, this.rootIndex),
      );
    }
    return nullAt(start);
  }
}

function nullAt(offset: number): ScalarNode {
  return { kind: 'null', offset, length: 0, value: null, source: '', style: 'plain', parent: undefined };
}

function keyText(key: YamlNode | null, text: string): string {
  if (key === null || key === undefined) {
    return '';
  }
  if (isScalar(key)) {
    const v = key.value;
    if (typeof v === 'string') {
      return v;
    }
    // `200:` is the key "200", as in JSON, and `0123:` keeps its zero; a null key is "".
    return key.range ? text.slice(key.range[0], key.range[1]) : v === null || v === undefined ? '' : String(v);
  }
  return String(key);
}

function scalarStyle(type: Scalar['type']): ScalarStyle {
  switch (type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
      return 'block';
    default:
      return 'plain';
  }
}
