/**
 * Text edits written in the document's own style: JSON or YAML, its quoting and its
 * indentation. Quick fixes build on these so a fix looks as if the user had typed it.
 */
import { stringify as yamlStringify } from 'yaml';
import type { SourceDocument, TextEdit } from '../types';
import type { ArrayNode, DocNode, ObjectNode, PropertyNode, ScalarNode, ScalarStyle } from '../model/node';
import { weakTable } from '../engine';
import { documentOf, type DocLike } from '../policy/view';

/** Replaces a scalar's value, keeping its quote style where the new text allows it. */
export function replaceScalar(docLike: DocLike, node: DocNode, value: string): TextEdit {
  const doc = documentOf(docLike);
  const style: ScalarStyle = node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean' ? node.style : 'plain';
  return { offset: node.offset, length: node.length, newText: scalarText(doc, value, style) };
}

/** Renames a property's key, keeping the key's quoting. */
export function renameKey(docLike: DocLike, prop: PropertyNode, key: string): TextEdit {
  const doc = documentOf(docLike);
  const raw = doc.text.slice(prop.keyOffset, prop.keyOffset + prop.keyLength);
  const style: ScalarStyle = raw.startsWith('"') ? 'double' : raw.startsWith("'") ? 'single' : 'plain';
  return { offset: prop.keyOffset, length: prop.keyLength, newText: scalarText(doc, key, style) };
}

/** A string value as it should be written in this document, in the given (or preferred) style. */
export function scalarText(docLike: DocLike, value: string, style: ScalarStyle = preferredStyle(documentOf(docLike))): string {
  const doc = documentOf(docLike);
  if (doc.format === 'json' || style === 'double') {
    return JSON.stringify(value);
  }
  if (style === 'single') {
    return `'${value.replace(/'/g, "''")}'`;
  }
  return plainYaml(value);
}

/** A plain YAML scalar where one reads back as the same string, else a quoted one. */
function plainYaml(value: string): string {
  const out = yamlStringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return out.includes('\n') ? JSON.stringify(value) : out;
}

/**
 * Inserts `key: value` as the first property of an object, in the object's layout:
 * a new line at the indentation of its first property for block YAML and multi-line
 * JSON, inline for flow mappings and one-line JSON. `valueText` is already formatted.
 */
export function insertFirstProperty(docLike: DocLike, obj: ObjectNode, key: string, valueText: string): TextEdit {
  const doc = documentOf(docLike);
  const first = obj.properties[0];
  const keyText = doc.format === 'json' ? JSON.stringify(key) : key;
  if (doc.format === 'yaml' && !obj.flow && first) {
    const indent = indentationAt(doc.text, first.keyOffset);
    return { offset: first.keyOffset, length: 0, newText: `${keyText}: ${valueText}\n${indent}` };
  }
  // JSON and YAML flow mappings: after the opening brace.
  const brace = doc.text.indexOf('{', obj.offset);
  const at = brace >= 0 ? brace + 1 : obj.offset;
  if (!first) {
    return { offset: at, length: 0, newText: `${keyText}: ${valueText}` };
  }
  const between = doc.text.slice(at, first.keyOffset);
  if (between.includes('\n')) {
    const indent = indentationAt(doc.text, first.keyOffset);
    return { offset: at, length: 0, newText: `\n${indent}${keyText}: ${valueText},` };
  }
  return { offset: at, length: 0, newText: `${between}${keyText}: ${valueText},` };
}

/** The run of spaces and tabs before `offset` on its line, when nothing else precedes it there. */
export function indentationAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const match = /^[ \t]*/.exec(before);
  const indent = match ? match[0] : '';
  // A YAML sequence entry (`- Key: v`) counts its dash as indentation for the next key.
  return before.length > indent.length && /^[ \t]*(-[ \t]+)+$/.test(before) ? ' '.repeat(before.length) : indent;
}

/**
 * The quoting most strings in the document use: a fix then matches what surrounds it.
 * JSON is always double-quoted; YAML counts plain, single and double string scalars.
 */
export function preferredStyle(docLike: DocLike): ScalarStyle {
  const doc = documentOf(docLike);
  if (doc.format === 'json') {
    return 'double';
  }
  // Each fix asks, and "fix all" builds one fix per finding: counted once per parse, the
  // 200 fixes of a 10,000-line template no longer walk 2,000 nodes each.
  let style = styles.get(doc);
  if (style === undefined) {
    style = countStyle(doc);
    styles.set(doc, style);
  }
  return style;
}

const styles = weakTable<SourceDocument, ScalarStyle>('util/edits.styles');

function countStyle(doc: SourceDocument): ScalarStyle {
  const counts: Record<ScalarStyle, number> = { plain: 0, single: 0, double: 0, block: 0 };
  let seen = 0;
  const visit = (node: DocNode): void => {
    if (seen > 2000) {
      return;
    }
    seen++;
    switch (node.kind) {
      case 'object':
        node.properties.forEach((p) => visit(p.value));
        break;
      case 'array':
        node.items.forEach(visit);
        break;
      case 'intrinsic':
        visit(node.arg);
        break;
      case 'string':
        counts[(node as ScalarNode).style]++;
        break;
      default:
        break;
    }
  };
  doc.roots.forEach(visit);
  if (counts.double > counts.plain && counts.double >= counts.single) {
    return 'double';
  }
  if (counts.single > counts.plain) {
    return 'single';
  }
  return 'plain';
}

/** A part of a value with placeholders: literal text, or a numbered placeholder with its default. */
export type SnippetPart = string | { readonly placeholder: number; readonly text: string };

/** A string value the user is meant to fill in: its placeholders become snippet tab stops. */
export class SnippetValue {
  constructor(readonly parts: readonly SnippetPart[]) {}
  get text(): string {
    return this.parts.map((p) => (typeof p === 'string' ? p : p.text)).join('');
  }
}

/** A value a fix writes: strings (or strings with placeholders), lists and mappings of them. */
/** A value already written out in the document's syntax (`!Sub …`, `{"Fn::Sub": …}`), placed as it is. */
export class RawValue {
  constructor(readonly text: string) {}
}

export type EditValue = string | SnippetValue | RawValue | readonly EditValue[] | { readonly [key: string]: EditValue };

/**
 * Replaces `item` by several values. `item` is either one item of the list `element`, and
 * the new values take its place in the list's own layout (one per line in a block or
 * multi-line list, inline otherwise), or `element` itself, a single string, which becomes
 * a list written the way the document writes lists.
 */
export function replaceWithValues(docLike: DocLike, element: DocNode, item: DocNode, values: readonly (string | SnippetValue | RawValue)[]): TextEdit {
  const doc = documentOf(docLike);
  const text = doc.text;
  const out = new Builder();
  if (element.kind === 'array' && item !== element) {
    let separator: string;
    if (!element.flow) {
      const before = text.slice(text.lastIndexOf('\n', item.offset - 1) + 1, item.offset);
      separator = `\n${/^[ \t]*-[ \t]+$/.test(before) ? before : `${' '.repeat(Math.max(0, before.length - 2))}- `}`;
    } else if (element.items.length > 1) {
      const [a, b] = element.items as [DocNode, DocNode];
      separator = text.slice(a.offset + a.length, b.offset);
    } else {
      const open = text.slice(element.offset, item.offset);
      separator = open.includes('\n') ? `,\n${indentationAt(text, item.offset)}` : jsonSpacing(doc, element).comma;
    }
    values.forEach((v, i) => {
      if (i > 0) {
        out.literal(separator);
      }
      out.scalar(doc, v);
    });
    return out.edit(item.offset, item.length);
  }
  if (values.length === 1) {
    out.scalar(doc, values[0]!, item.kind === 'string' ? item.style : preferredStyle(doc));
    return out.edit(item.offset, item.length);
  }
  const owner = element.parent;
  const prop = owner?.kind === 'object' ? owner.properties.find((p) => p.value === element) : undefined;
  const indent = prop ? indentationAt(text, prop.keyOffset) : '';
  if (doc.format === 'yaml' && owner?.kind === 'object' && !owner.flow && prop) {
    // `Key: value` becomes `Key:` followed by a block sequence; the space after the colon goes too.
    const colon = text.indexOf(':', prop.keyOffset + prop.keyLength);
    const seqIndent = indentlessSequences(doc) ? indent : indent + indentUnit(doc);
    values.forEach((v) => {
      out.literal(`\n${seqIndent}- `);
      out.scalar(doc, v);
    });
    return out.edit(colon + 1, element.offset + element.length - colon - 1);
  }
  const multiline = doc.format === 'json' && owner?.kind === 'object' && isMultiline(doc, owner);
  writeFlowList(doc, out, values, multiline ? indent : undefined, element);
  return out.edit(element.offset, element.length);
}

/**
 * Adds `key: value` as the last property of an object, laid out like the object: a new
 * line at its properties' indentation in block YAML and multi-line JSON, inline otherwise.
 * Mappings and lists in `value` are written in the same layout.
 */
export function appendProperty(docLike: DocLike, obj: ObjectNode, key: string, value: EditValue): TextEdit {
  const doc = documentOf(docLike);
  const text = doc.text;
  const last = obj.properties[obj.properties.length - 1];
  const out = new Builder();
  const keyText = doc.format === 'json' ? JSON.stringify(key) : plainYaml(key);
  if (doc.format === 'yaml' && !obj.flow && last) {
    let end = last.offset + last.length;
    while (end > last.offset && /\s/.test(text[end - 1]!)) {
      end--;
    }
    const indent = indentationAt(text, obj.properties[0]!.keyOffset);
    out.literal(`\n${indent}${keyText}:`);
    writeYamlBlock(doc, out, value, indent);
    return out.edit(end, 0);
  }
  const spacing = jsonSpacing(doc, obj);
  if (!last) {
    const brace = text.indexOf('{', obj.offset);
    out.literal(`${keyText}${spacing.colon}`);
    writeFlow(doc, out, value, undefined, obj);
    return out.edit(brace + 1, 0);
  }
  const multiline = isMultiline(doc, obj);
  const indent = indentationAt(text, obj.properties[0]!.keyOffset);
  out.literal(multiline ? `,\n${indent}${keyText}${spacing.colon}` : `${spacing.comma}${keyText}${spacing.colon}`);
  writeFlow(doc, out, value, multiline ? indent : undefined, obj);
  return out.edit(last.offset + last.length, 0);
}

/**
 * Adds `value` as the last item of a list, laid out like the list: in a block YAML sequence a
 * new `- ` line at the items' indentation (a mapping's first key on the dash line, as people
 * write statements), in multi-line JSON a new line at the items' indentation, inline otherwise.
 */
export function appendItem(doc: SourceDocument, list: ArrayNode, value: EditValue): TextEdit {
  const text = doc.text;
  const last = list.items[list.items.length - 1];
  const out = new Builder();
  if (doc.format === 'yaml' && !list.flow && last) {
    let end = last.offset + last.length;
    while (end > last.offset && /\s/.test(text[end - 1]!)) {
      end--;
    }
    const before = text.slice(text.lastIndexOf('\n', last.offset - 1) + 1, last.offset);
    const dash = /^([ \t]*)-[ \t]+$/.exec(before)?.[1] ?? indentationAt(text, last.offset);
    const itemIndent = ' '.repeat(dash.length + 2);
    if (!isLeaf(value) && !Array.isArray(value)) {
      Object.entries(value as Record<string, EditValue>).forEach(([k, v], i) => {
        out.literal(i === 0 ? `\n${dash}- ${plainYaml(k)}:` : `\n${itemIndent}${plainYaml(k)}:`);
        writeYamlBlock(doc, out, v, itemIndent);
      });
    } else {
      out.literal(`\n${dash}-`);
      writeYamlBlock(doc, out, value, dash);
    }
    return out.edit(end, 0);
  }
  if (!last) {
    const bracket = text.indexOf('[', list.offset);
    writeFlow(doc, out, value, undefined, list);
    return out.edit(bracket + 1, 0);
  }
  const multiline = text.slice(list.offset, last.offset).includes('\n');
  const indent = indentationAt(text, last.offset);
  out.literal(multiline ? `,\n${indent}` : jsonSpacing(doc, list).comma);
  writeFlow(doc, out, value, multiline ? indent : undefined, list);
  return out.edit(last.offset + last.length, 0);
}

/** Accumulates the plain text of an edit and, alongside, the same text as a snippet. */
class Builder {
  private plain = '';
  private snippet = '';
  private placeholders = false;

  literal(text: string): void {
    this.plain += text;
    this.snippet += escapeSnippetText(text);
  }

  /** A string value, quoted as the document quotes; placeholders stay tab stops inside the quotes. */
  scalar(doc: SourceDocument, value: string | SnippetValue | RawValue, style?: ScalarStyle): void {
    if (value instanceof RawValue) {
      this.literal(value.text);
      return;
    }
    const full = typeof value === 'string' ? value : value.text;
    const quoted = scalarText(doc, full, style === 'block' ? undefined : style);
    if (typeof value === 'string' || quoted.length === 0) {
      this.literal(quoted);
      return;
    }
    const open = quoted[0] === '"' || quoted[0] === "'" ? quoted[0] : '';
    const encode = (s: string): string => (open === '"' ? JSON.stringify(s).slice(1, -1) : open === "'" ? s.replace(/'/g, "''") : s);
    this.literal(open);
    for (const part of value.parts) {
      if (typeof part === 'string') {
        this.literal(encode(part));
      } else {
        this.plain += encode(part.text);
        this.snippet += `\${${part.placeholder}:${escapeSnippetText(encode(part.text))}}`;
        this.placeholders = true;
      }
    }
    this.literal(open);
  }

  edit(offset: number, length: number): TextEdit {
    return this.placeholders ? { offset, length, newText: this.plain, snippet: this.snippet } : { offset, length, newText: this.plain };
  }
}

function escapeSnippetText(text: string): string {
  return text.replace(/[\\$}]/g, (c) => `\\${c}`);
}

function isLeaf(value: EditValue): value is string | SnippetValue | RawValue {
  return typeof value === 'string' || value instanceof SnippetValue || value instanceof RawValue;
}

/** JSON, or YAML flow style: one line, or one entry per line at `indent` plus one unit. */
function writeFlow(doc: SourceDocument, out: Builder, value: EditValue, indent: string | undefined, near: DocNode): void {
  if (isLeaf(value)) {
    out.scalar(doc, value);
  } else if (Array.isArray(value)) {
    writeFlowList(doc, out, value as readonly EditValue[], indent, near);
  } else {
    const entries = Object.entries(value as Record<string, EditValue>);
    const spacing = jsonSpacing(doc, near);
    const inner = indent === undefined ? undefined : indent + indentUnit(doc);
    out.literal('{');
    entries.forEach(([k, v], i) => {
      out.literal(`${i > 0 ? (inner === undefined ? spacing.comma : ',') : ''}${inner === undefined ? '' : `\n${inner}`}`);
      out.literal(`${doc.format === 'json' ? JSON.stringify(k) : plainYaml(k)}${spacing.colon}`);
      writeFlow(doc, out, v, inner, near);
    });
    out.literal(inner === undefined ? '}' : `\n${indent}}`);
  }
}

function writeFlowList(doc: SourceDocument, out: Builder, values: readonly EditValue[], indent: string | undefined, near: DocNode): void {
  const spacing = jsonSpacing(doc, near);
  const inner = indent === undefined ? undefined : indent + indentUnit(doc);
  out.literal('[');
  values.forEach((v, i) => {
    out.literal(`${i > 0 ? (inner === undefined ? spacing.comma : ',') : ''}${inner === undefined ? '' : `\n${inner}`}`);
    writeFlow(doc, out, v, inner, near);
  });
  out.literal(inner === undefined ? ']' : `\n${indent}]`);
}

/** Block YAML after `key:`: a scalar on the same line, collections on the lines below. */
function writeYamlBlock(doc: SourceDocument, out: Builder, value: EditValue, indent: string): void {
  if (isLeaf(value)) {
    out.literal(' ');
    out.scalar(doc, value);
    return;
  }
  const inner = indent + indentUnit(doc);
  if (Array.isArray(value)) {
    const dash = indentlessSequences(doc) ? indent : inner;
    for (const item of value as readonly EditValue[]) {
      out.literal(`\n${dash}-`);
      writeYamlBlock(doc, out, item, dash);
    }
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, EditValue>)) {
    out.literal(`\n${inner}${plainYaml(k)}:`);
    writeYamlBlock(doc, out, v, inner);
  }
}

/** Whether an object's first property starts on a new line (`{` then a line break). */
function isMultiline(doc: SourceDocument, obj: ObjectNode): boolean {
  const first = obj.properties[0];
  return first !== undefined && doc.text.slice(obj.offset, first.keyOffset).includes('\n');
}

/**
 * The separators the document writes in JSON and flow YAML: `": "` or `":"` after keys and
 * `", "` or `","` between entries, read from the nearest object (and list) around `near`.
 */
export function jsonSpacing(doc: SourceDocument, near: DocNode): { colon: string; comma: string } {
  const text = doc.text;
  let colon: string | undefined;
  let comma: string | undefined;
  for (let node: DocNode | undefined = near; node && (colon === undefined || comma === undefined); node = node.parent as DocNode | undefined) {
    if (node.kind === 'object' && node.flow) {
      const [a, b] = node.properties;
      if (a && colon === undefined) {
        const between = text.slice(a.keyOffset + a.keyLength, a.value.offset);
        colon = between.includes(' ') ? ': ' : ':';
      }
      if (a && b && comma === undefined && !text.slice(a.offset + a.length, b.keyOffset).includes('\n')) {
        comma = text.slice(a.offset + a.length, b.keyOffset);
      }
    } else if (node.kind === 'array' && node.flow && comma === undefined) {
      const [a, b] = node.items;
      if (a && b && !text.slice(a.offset + a.length, b.offset).includes('\n')) {
        comma = text.slice(a.offset + a.length, b.offset);
      }
    }
  }
  // YAML needs the space: in a flow mapping `a:1` is one plain scalar, not a pair.
  colon = doc.format === 'yaml' ? ': ' : (colon ?? ': ');
  return { colon, comma: comma ?? (colon === ':' ? ',' : ', ') };
}

const units = weakTable<SourceDocument, string>('util/edits.units');

/**
 * The document's indentation step: the smallest increase of indentation from one line to
 * the next, over the first lines (2 when the document has no nesting to learn from).
 */
export function indentUnit(doc: SourceDocument): string {
  let unit = units.get(doc);
  if (unit === undefined) {
    const lines = doc.text.split('\n', 400);
    let best = Number.POSITIVE_INFINITY;
    let tabs = false;
    for (let i = 1; i < lines.length; i++) {
      const prev = /^[ \t]*/.exec(lines[i - 1]!)![0];
      const curr = /^[ \t]*/.exec(lines[i]!)![0];
      if (lines[i]!.trim() !== '' && curr.length > prev.length) {
        best = Math.min(best, curr.length - prev.length);
        tabs ||= curr.includes('\t');
      }
    }
    unit = Number.isFinite(best) ? (tabs ? '\t' : ' '.repeat(best)) : '  ';
    units.set(doc, unit);
  }
  return unit;
}

const sequenceStyles = weakTable<SourceDocument, boolean>('util/edits.sequenceStyles');

/** Whether the document writes block sequences at their key's own indentation (`Key:\n- a`). */
function indentlessSequences(doc: SourceDocument): boolean {
  let indentless = sequenceStyles.get(doc);
  if (indentless === undefined) {
    const m = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\n\1- /m.exec(doc.text);
    const indented = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\n\1[ \t]+- /m.exec(doc.text);
    indentless = sequenceStyles.set(doc, m !== null && (indented === null || m.index < indented.index));
  }
  return indentless;
}
