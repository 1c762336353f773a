/**
 * Policies written as a JSON string inside a template (`PolicyDocument: |` block scalars,
 * ECR's `RepositoryPolicyText`, a JSON string inside a JSON template). The string's value is
 * parsed as JSON and hung under the scalar as `embedded`, with offsets mapped back into the
 * host document, so findings inside the policy land on the right characters of the template.
 */
import type { DocNode, ScalarNode } from '../model/node';
import { parseJson } from '../model/parse-json';
import { walkNodes } from '../model/walk';
import type { RawFinding } from '../types';
import { weakTable } from '../engine';

interface Embedded {
  readonly root: DocNode | undefined;
  readonly findings: readonly RawFinding[];
  /** The string's offset when it was parsed: an incremental reparse may move the node since. */
  readonly at: number;
}

const parsed = weakTable<ScalarNode, Embedded>('template/embedded.parsed');

/**
 * Parses a string scalar that holds JSON (once; memoised on the node). Returns undefined
 * when the string does not look like a JSON object, so ordinary strings stay strings.
 */
export function embedJson(host: string, node: ScalarNode, rootIndex: number): { root: DocNode | undefined; findings: readonly RawFinding[] } | undefined {
  if (node.kind !== 'string' || !/^\s*\{/.test(node.value as string)) {
    return undefined;
  }
  let result = parsed.get(node);
  if (result?.root && node.embedded !== result.root) {
    // Taken off the node (forgetEmbedded) since: an edit may have moved the node without
    // the tree, so the tree's offsets cannot be trusted. Parse it again.
    result = undefined;
  }
  if (result && result.at !== node.offset) {
    // The node, and the tree hung under it, moved with an edit before them (model/reparse.ts
    // moves embedded trees too); the findings move with them.
    const delta = node.offset - result.at;
    result = { root: result.root, findings: result.findings.map((f) => ({ ...f, offset: f.offset + delta })), at: node.offset };
    parsed.set(node, result);
  }
  if (!result) {
    const value = node.value as string;
    const map = offsetMap(host, node, value);
    const json = parseJson(value, (offset) => map(offset));
    if (json.root) {
      json.root.parent = node;
      node.embedded = json.root;
    }
    result = { root: json.root, findings: json.findings.map((f) => ({ ...f, root: rootIndex })), at: node.offset };
    parsed.set(node, result);
  }
  // Set on every call: a node kept across an edit may have lost it (forgetEmbedded).
  if (result.root) {
    node.embedded = result.root;
  }
  return result;
}

/**
 * Maps offsets in a string's decoded value to offsets in the host text. The value is
 * aligned with the scalar's source greedily: each decoded character is looked for a few
 * characters ahead in the source, which steps over quotes, escapes (`\"` decodes to `"`)
 * and the indentation a YAML block scalar strips. Exact for block scalars and plain or
 * quoted strings without escapes, and within a character or two otherwise.
 */
function offsetMap(host: string, node: ScalarNode, value: string): (offset: number) => number {
  const start = node.offset;
  const end = node.offset + node.length;
  const positions = new Int32Array(value.length + 1);
  let p = start;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    let found = -1;
    for (let q = p; q < Math.min(end, p + 256); q++) {
      if (host[q] === c) {
        found = q;
        break;
      }
      // Within a line, only quotes, backslashes and spaces are skipped.
      if (host[q] !== ' ' && host[q] !== '\\' && host[q] !== '"' && host[q] !== "'" && host[q] !== '\n' && host[q] !== '\r' && host[q] !== '|' && host[q] !== '>' && host[q] !== '-' && host[q] !== '+') {
        if (q > p + 8) {
          break;
        }
      }
    }
    positions[i] = found >= 0 ? found : p;
    p = found >= 0 ? found + 1 : p;
  }
  positions[value.length] = Math.min(end, p);
  return (offset) => positions[Math.max(0, Math.min(value.length, offset))]!;
}

/**
 * Drops the parsed documents hung under the strings of a subtree. Whether a string is a
 * policy depends on where it stands (a resource's type, a property name), and an edit
 * elsewhere in the resource keeps the string node (model/reparse.ts): before a resource's
 * policies are found again, its strings start plain, as in a fresh parse.
 */
export function forgetEmbedded(root: DocNode): void {
  // Taken off before the walk looks under the string, so it does not descend into it.
  walkNodes(root, [], (node) => {
    if (node.kind === 'string' && node.embedded) {
      delete node.embedded;
    }
  });
}
