/**
 * Nodes for policies that are not written out but generated (SAM policy templates, SAM
 * resource policies): built from plain values, every node carrying the offsets of the
 * source node that caused it, so a finding inside lands on what the user wrote. Strings
 * holding `${…}` become `Fn::Sub` nodes, so their placeholders resolve as template values.
 */
import type { ArrayNode, DocNode, IntrinsicNode, ObjectNode, ScalarNode } from './node';

export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue | DocNode };

/** Builds a node tree from a plain value; DocNodes found inside are used as they are. */
export function synthesize(value: PlainValue | DocNode, at: { offset: number; length: number }): DocNode {
  const base = { offset: at.offset, length: at.length, parent: undefined };
  if (isDocNode(value)) {
    return value;
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && value.includes('${')) {
      const arg: ScalarNode = { ...base, kind: 'string', value, source: value, style: 'double' };
      const node: IntrinsicNode = { ...base, kind: 'intrinsic', fn: 'Fn::Sub', arg, shortForm: false, keyOffset: at.offset, keyLength: 0 };
      arg.parent = node;
      return node;
    }
    const kind = value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
    return { ...base, kind, value, source: String(value), style: 'double' } as ScalarNode;
  }
  if (Array.isArray(value)) {
    const arr: ArrayNode = { ...base, kind: 'array', items: [], flow: true };
    for (const item of value as readonly PlainValue[]) {
      const child = synthesize(item, at);
      child.parent = arr;
      arr.items.push(child);
    }
    return arr;
  }
  const obj: ObjectNode = { ...base, kind: 'object', properties: [], flow: true };
  for (const [key, v] of Object.entries(value as Record<string, PlainValue | DocNode>)) {
    const child = isDocNode(v) ? v : synthesize(v, at);
    if (!isDocNode(v)) {
      child.parent = obj;
    }
    obj.properties.push({ key, keyOffset: at.offset, keyLength: at.length, value: child, offset: at.offset, length: at.length });
  }
  return obj;
}

function isDocNode(value: unknown): value is DocNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'offset' in value && 'length' in value;
}
