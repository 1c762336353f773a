/**
 * Text edits written in the document's own style: JSON or YAML, its quoting and its
 * indentation. Quick fixes build on these so a fix looks as if the user had typed it.
 */
import { stringify as yamlStringify } from 'yaml';
import type { SourceDocument, TextEdit } from '../types';
import type { DocNode, ObjectNode, PropertyNode, ScalarNode, ScalarStyle } from '../model/node';

/** Replaces a scalar's value, keeping its quote style where the new text allows it. */
export function replaceScalar(doc: SourceDocument, node: DocNode, value: string): TextEdit {
  const style: ScalarStyle = node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean' ? node.style : 'plain';
  return { offset: node.offset, length: node.length, newText: scalarText(doc, value, style) };
}

/** Renames a property's key, keeping the key's quoting. */
export function renameKey(doc: SourceDocument, prop: PropertyNode, key: string): TextEdit {
  const raw = doc.text.slice(prop.keyOffset, prop.keyOffset + prop.keyLength);
  const style: ScalarStyle = raw.startsWith('"') ? 'double' : raw.startsWith("'") ? 'single' : 'plain';
  return { offset: prop.keyOffset, length: prop.keyLength, newText: scalarText(doc, key, style) };
}

/** A string value as it should be written in this document, in the given (or preferred) style. */
export function scalarText(doc: SourceDocument, value: string, style: ScalarStyle = preferredStyle(doc)): string {
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
export function insertFirstProperty(doc: SourceDocument, obj: ObjectNode, key: string, valueText: string): TextEdit {
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
export function preferredStyle(doc: SourceDocument): ScalarStyle {
  if (doc.format === 'json') {
    return 'double';
  }
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
