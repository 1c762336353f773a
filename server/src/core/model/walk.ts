/**
 * Visits every node under a root with its path, depth first, without recursion (the
 * tree's depth is bounded by the parser, but an explicit stack costs nothing).
 * Embedded documents are visited too; their nodes share the host string's path.
 */
import type { DocNode, Path } from './node';

export function walkNodes(root: DocNode, rootPath: Path, visit: (node: DocNode, path: Path) => void | 'skip'): void {
  const stack: { node: DocNode; path: Path }[] = [{ node: root, path: rootPath }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (visit(node, path) === 'skip') {
      continue;
    }
    switch (node.kind) {
      case 'object':
        for (let i = node.properties.length - 1; i >= 0; i--) {
          const p = node.properties[i]!;
          stack.push({ node: p.value, path: [...path, p.key] });
        }
        break;
      case 'array':
        for (let i = node.items.length - 1; i >= 0; i--) {
          stack.push({ node: node.items[i]!, path: [...path, i] });
        }
        break;
      case 'intrinsic':
        stack.push({ node: node.arg, path: [...path, node.fn] });
        break;
      case 'string':
        if (node.embedded) {
          stack.push({ node: node.embedded, path });
        }
        break;
      default:
        break;
    }
  }
}
