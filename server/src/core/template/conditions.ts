/**
 * The template Conditions a value exists under: each `Fn::If` branch taken on the way from
 * the document root to it, and the `Condition` attribute of the resource holding it. A grant
 * written there is deployed only when those hold, so the access matrix reports it as
 * conditional on them, by name.
 */
import { getProperty, scalarText, type DocNode, type Path } from '../model/node';

export interface TemplateCondition {
  /** The name under `Conditions`. */
  readonly name: string;
  /** False for the second branch of `Fn::If` (the value exists when the Condition is false). */
  readonly holds: boolean;
}

export function conditionsOnPath(root: DocNode, path: Path): TemplateCondition[] {
  const out: TemplateCondition[] = [];
  let node: DocNode | undefined = root;
  for (let i = 0; i < path.length && node; i++) {
    const segment = path[i]!;
    if (node.kind === 'intrinsic') {
      if (segment !== node.fn) {
        return out;
      }
      const branch = path[i + 1];
      if (node.fn === 'Fn::If' && node.arg.kind === 'array' && (branch === 1 || branch === 2)) {
        const name = scalarText(node.arg.items[0]);
        if (name !== undefined) {
          out.push({ name, holds: branch === 1 });
        }
      }
      node = node.arg;
    } else if (node.kind === 'object' && typeof segment === 'string') {
      node = getProperty(node, segment);
      if (i === 1 && path[0] === 'Resources') {
        const name = scalarText(getProperty(node, 'Condition'));
        if (name !== undefined) {
          out.push({ name, holds: true });
        }
      }
    } else if (node.kind === 'array' && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return out;
    }
  }
  return out;
}

/** `IsProd`, or `!IsProd` for a value that exists when the Condition is false. */
export function conditionLabel(c: TemplateCondition): string {
  return c.holds ? c.name : `!${c.name}`;
}
