/**
 * The one document model shared by JSON and YAML.
 *
 * Offsets are UTF-16 code units into the document text, the unit LSP positions use,
 * so nothing is converted until the LSP edge. A node that was parsed out of a string
 * (a policy written as a JSON string inside a template) still carries offsets into the
 * host document: the embedded parser maps them back.
 */
import { weakTable } from '../engine';

export type PathSegment = string | number;
export type Path = readonly PathSegment[];

interface NodeBase {
  /** Start of the node's text, in UTF-16 code units. */
  readonly offset: number;
  readonly length: number;
  parent: ContainerNode | undefined;
}

export interface PropertyNode {
  readonly key: string;
  readonly keyOffset: number;
  readonly keyLength: number;
  readonly value: DocNode;
  /** Start of the key to the end of the value. */
  readonly offset: number;
  readonly length: number;
}

export interface ObjectNode extends NodeBase {
  readonly kind: 'object';
  /** In source order. Duplicate keys are all kept; lookups take the last, as JSON.parse does. */
  readonly properties: PropertyNode[];
  /** YAML flow (`{a: 1}`) or block style; JSON objects are always flow. */
  readonly flow: boolean;
}

export interface ArrayNode extends NodeBase {
  readonly kind: 'array';
  readonly items: DocNode[];
  readonly flow: boolean;
}

export type ScalarStyle = 'plain' | 'single' | 'double' | 'block';

export interface ScalarNode extends NodeBase {
  readonly kind: 'string' | 'number' | 'boolean' | 'null';
  readonly value: string | number | boolean | null;
  /** The scalar exactly as written in the source (for numbers: "0123" stays "0123"). */
  readonly source: string;
  readonly style: ScalarStyle;
  /**
   * A document parsed out of this string's content, when a policy or template is
   * written as a JSON string. Path lookups descend into it transparently.
   */
  embedded?: DocNode;
}

/**
 * A CloudFormation intrinsic function. `!Ref x` (YAML short form) and `{"Ref": "x"}`
 * (long form, either format) both become this node; `shortForm` keeps the user's style.
 * For path purposes it behaves as an object with the single key `fn`.
 */
export interface IntrinsicNode extends NodeBase {
  readonly kind: 'intrinsic';
  /** Long-form name: "Ref", "Condition", "Fn::Sub", "Fn::GetAtt" … */
  readonly fn: string;
  readonly arg: DocNode;
  readonly shortForm: boolean;
  /** Offset and length of the key (`"Fn::Sub"`) or tag (`!Sub`). */
  readonly keyOffset: number;
  readonly keyLength: number;
}

export type ContainerNode = ObjectNode | ArrayNode | IntrinsicNode | ScalarNode;
export type DocNode = ObjectNode | ArrayNode | ScalarNode | IntrinsicNode;

/** Returns the value of the last property named `key`. */
export function getProperty(node: DocNode | undefined, key: string): DocNode | undefined {
  return findProperty(node, key)?.value;
}

/**
 * Objects with this many properties or more (a template's Resources) are looked up through
 * a map, built on first lookup; smaller ones by a scan from the end.
 */
const INDEXED_FROM = 24;
const keyIndexes = weakTable<ObjectNode, { readonly size: number; readonly byKey: Map<string, PropertyNode> }>('model/node.keyIndexes');

export function findProperty(node: DocNode | undefined, key: string): PropertyNode | undefined {
  if (!node || node.kind !== 'object') {
    return undefined;
  }
  const properties = node.properties;
  if (properties.length >= INDEXED_FROM) {
    let index = keyIndexes.get(node);
    // Property lists are only appended to while an object is built; a size change means a rebuild.
    if (!index || index.size !== properties.length) {
      const byKey = new Map<string, PropertyNode>();
      for (const p of properties) {
        byKey.set(p.key, p); // The last one wins, as in JSON.parse.
      }
      index = { size: properties.length, byKey };
      keyIndexes.set(node, index);
    }
    return index.byKey.get(key);
  }
  for (let i = properties.length - 1; i >= 0; i--) {
    const p = properties[i]!;
    if (p.key === key) {
      return p;
    }
  }
  return undefined;
}

export function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/** Whether `path` is `prefix` or lies below it. */
export function pathStartsWith(path: Path, prefix: Path): boolean {
  return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

/** The node a container holds under one path segment, looking through embedded documents. */
export function childAt(node: DocNode, segment: PathSegment): DocNode | undefined {
  const n = node.kind === 'string' && node.embedded ? node.embedded : node;
  switch (n.kind) {
    case 'object':
      return typeof segment === 'string' ? getProperty(n, segment) : undefined;
    case 'array':
      return typeof segment === 'number' ? n.items[segment] : undefined;
    case 'intrinsic':
      return segment === n.fn ? n.arg : undefined;
    default:
      return undefined;
  }
}

export function nodeAtPath(root: DocNode, path: Path): DocNode | undefined {
  let node: DocNode | undefined = root;
  for (const segment of path) {
    if (!node) {
      return undefined;
    }
    node = childAt(node, segment);
  }
  return node;
}

/** The deepest node on the path that exists, and the part of the path that does not. */
export function closestNodeAtPath(root: DocNode, path: Path): { node: DocNode; missing: Path } {
  let node: DocNode = root;
  for (let i = 0; i < path.length; i++) {
    const next = childAt(node, path[i]!);
    if (!next) {
      return { node, missing: path.slice(i) };
    }
    node = next;
  }
  return { node, missing: [] };
}

/** The property (key and value) that holds the node at `path`, when the last segment is a key. */
export function propertyAtPath(root: DocNode, path: Path): PropertyNode | undefined {
  if (path.length === 0) {
    return undefined;
  }
  const last = path[path.length - 1];
  if (typeof last !== 'string') {
    return undefined;
  }
  const parent = nodeAtPath(root, path.slice(0, -1));
  const container = parent && parent.kind === 'string' && parent.embedded ? parent.embedded : parent;
  return findProperty(container, last);
}

/** Children in source order, looking through embedded documents. */
export function children(node: DocNode): DocNode[] {
  switch (node.kind) {
    case 'object':
      return node.properties.map((p) => p.value);
    case 'array':
      return node.items;
    case 'intrinsic':
      return [node.arg];
    case 'string':
      return node.embedded ? [node.embedded] : [];
    default:
      return [];
  }
}

/** The innermost node whose text contains `offset` (end inclusive, as a cursor at a token's end is on it). */
export function nodeAtOffset(root: DocNode, offset: number): DocNode | undefined {
  if (offset < root.offset || offset > root.offset + root.length) {
    return undefined;
  }
  let node: DocNode = root;
  for (;;) {
    let next: DocNode | undefined;
    for (const child of children(node)) {
      if (offset >= child.offset && offset <= child.offset + child.length) {
        next = child;
        break;
      }
    }
    if (!next) {
      return node;
    }
    node = next;
  }
}

/** The path of a node from its root, following parent links. */
export function pathOf(node: DocNode): PathSegment[] {
  const path: PathSegment[] = [];
  let current: DocNode = node;
  while (current.parent) {
    const parent: ContainerNode = current.parent;
    switch (parent.kind) {
      case 'object': {
        const p = parent.properties.find((prop) => prop.value === current);
        path.push(p ? p.key : '');
        break;
      }
      case 'array':
        path.push(parent.items.indexOf(current));
        break;
      case 'intrinsic':
        path.push(parent.fn);
        break;
      case 'string':
        // An embedded document adds no segment: paths look through it.
        break;
      default:
        break;
    }
    current = parent;
  }
  return path.reverse();
}

/** The property whose key text contains `offset`, if any. */
export function propertyKeyAtOffset(root: DocNode, offset: number): PropertyNode | undefined {
  const node = nodeAtOffset(root, offset);
  let current: DocNode | undefined = node;
  while (current) {
    const obj = current.kind === 'string' && current.embedded ? current.embedded : current;
    if (obj.kind === 'object') {
      for (const p of obj.properties) {
        if (offset >= p.keyOffset && offset <= p.keyOffset + p.keyLength) {
          return p;
        }
      }
    }
    current = current.parent;
  }
  return undefined;
}

export function isString(node: DocNode | undefined): node is ScalarNode & { value: string } {
  return !!node && node.kind === 'string';
}

/** Strings, or numbers written where a string was meant (YAML `Version: 2012-10-17` is fine; `Account: 0123` keeps its zero). */
export function scalarText(node: DocNode | undefined): string | undefined {
  if (!node) {
    return undefined;
  }
  if (node.kind === 'string') {
    return node.value as string;
  }
  if (node.kind === 'number' || node.kind === 'boolean') {
    return node.source;
  }
  return undefined;
}

/** A node or, for arrays, each of its items: IAM lets most elements be a value or a list. */
export function asList(node: DocNode | undefined): DocNode[] {
  if (!node) {
    return [];
  }
  return node.kind === 'array' ? node.items : [node];
}

export function kindName(node: DocNode): string {
  switch (node.kind) {
    case 'object':
      return 'object';
    case 'array':
      return 'array';
    case 'intrinsic':
      return `intrinsic function ${node.fn}`;
    default:
      return node.kind;
  }
}
