/**
 * Nodes for policies that are not written out but generated (SAM policy templates, SAM
 * resource policies): built from plain values, every node carrying the offsets of the
 * source node that caused it, so a finding inside lands on what the user wrote. Strings
 * holding `${…}` become `Fn::Sub` nodes, so their placeholders resolve as template values.
 */
import type { ArrayNode, DocNode, IntrinsicNode, ObjectNode, PropertyNode, ScalarNode } from './node';

export type PlainValue = string | number | boolean | null | readonly PlainValue[] | { readonly [key: string]: PlainValue | DocNode };

/** Where a generated node stands: read on each access, so it follows its source when an edit moves it. */
export interface Locator {
  readonly offset: number;
  readonly length: number;
}

/**
 * Builds a node tree from a plain value; DocNodes found inside are used as they are.
 * The offsets of the generated nodes are read from `at` whenever they are asked for, not
 * copied: an incremental reparse (model/reparse.ts) moves the source node in place, and
 * a policy generated from it earlier (and memoised) must move with it.
 */
export function synthesize(value: PlainValue | DocNode, at: Locator): DocNode {
  if (isDocNode(value)) {
    return value;
  }
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && value.includes('${')) {
      const arg = located({ kind: 'string', value, source: value, style: 'double', parent: undefined }, at) as ScalarNode;
      const node = located({ kind: 'intrinsic', fn: 'Fn::Sub', arg, shortForm: false, keyLength: 0, parent: undefined }, at, true) as IntrinsicNode;
      arg.parent = node;
      return node;
    }
    const kind = value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'boolean';
    return located({ kind, value, source: String(value), style: 'double', parent: undefined }, at) as ScalarNode;
  }
  if (Array.isArray(value)) {
    const arr = located({ kind: 'array', items: [], flow: true, parent: undefined }, at) as ArrayNode;
    for (const item of value as readonly PlainValue[]) {
      const child = synthesize(item, at);
      child.parent = arr;
      arr.items.push(child);
    }
    return arr;
  }
  const obj = located({ kind: 'object', properties: [], flow: true, parent: undefined }, at) as ObjectNode;
  for (const [key, v] of Object.entries(value as Record<string, PlainValue | DocNode>)) {
    const child = isDocNode(v) ? v : synthesize(v, at);
    if (!isDocNode(v)) {
      child.parent = obj;
    }
    const prop = located({ key, value: child }, at, true) as PropertyNode & { keyLength: number };
    Object.defineProperty(prop, 'keyLength', { get: () => at.length, enumerable: true });
    obj.properties.push(prop);
  }
  return obj;
}

/** Gives `node` offset and length (and keyOffset) that read `at`. */
function located(node: object, at: Locator, keyed = false): object {
  Object.defineProperty(node, 'offset', { get: () => at.offset, enumerable: true });
  Object.defineProperty(node, 'length', { get: () => at.length, enumerable: true });
  if (keyed) {
    Object.defineProperty(node, 'keyOffset', { get: () => at.offset, enumerable: true });
  }
  return node;
}

function isDocNode(value: unknown): value is DocNode {
  return typeof value === 'object' && value !== null && 'kind' in value && 'offset' in value && 'length' in value;
}
