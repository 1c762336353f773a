/**
 * Visits every node under a root, depth first, without recursion (the tree's depth is
 * bounded by the parser, but an explicit stack costs nothing). Embedded documents are
 * visited too; their nodes share the host string's path.
 *
 * Each node's path is built only when asked for (`at.path()`): the rules that walk a whole
 * template look at every node but report on few, and copying a path per node was most of
 * their time (and garbage) on a large template.
 */
import type { DocNode, Path, PathSegment } from './node';

export interface NodeAt {
  /** Segments below the root path (0 for the root). */
  readonly depth: number;
  /** The node's path from the document root; built on first call. */
  path(): Path;
}

class Frame implements NodeAt {
  private built: Path | undefined;

  constructor(
    readonly node: DocNode,
    private readonly parent: Frame | undefined,
    private readonly segment: PathSegment | undefined,
    readonly depth: number,
    rootPath?: Path,
  ) {
    this.built = rootPath;
  }

  path(): Path {
    if (!this.built) {
      const above = this.parent!.path();
      this.built = this.segment === undefined ? above : [...above, this.segment];
    }
    return this.built;
  }
}

export function walkNodes(root: DocNode, rootPath: Path, visit: (node: DocNode, at: NodeAt) => void | 'skip'): void {
  const stack: Frame[] = [new Frame(root, undefined, undefined, 0, rootPath)];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (visit(node, frame) === 'skip') {
      continue;
    }
    const depth = frame.depth + 1;
    switch (node.kind) {
      case 'object':
        for (let i = node.properties.length - 1; i >= 0; i--) {
          const p = node.properties[i]!;
          stack.push(new Frame(p.value, frame, p.key, depth));
        }
        break;
      case 'array':
        for (let i = node.items.length - 1; i >= 0; i--) {
          stack.push(new Frame(node.items[i]!, frame, i, depth));
        }
        break;
      case 'intrinsic':
        stack.push(new Frame(node.arg, frame, node.fn, depth));
        break;
      case 'string':
        if (node.embedded) {
          // The embedded document shares the host string's path (and depth).
          stack.push(new Frame(node.embedded, frame, undefined, frame.depth));
        }
        break;
      default:
        break;
    }
  }
}
