/**
 * The string values of a policy element, the way rules should read them. An element is a
 * string or a list of strings, and in templates any of them may be an intrinsic function.
 * Rules ask for values through here so that they see what the template resolves to, and
 * report at the path of the source node the value came from.
 */
import { asList, type DocNode, type Path } from '../model/node';
import type { SourceDocument } from '../types';
import { templateModel, type TemplateModel } from '../template/model';
import { resolveString } from '../template/resolve';

export interface StringValue {
  /** The value, with any part that cannot be known statically written as `${Name}`. */
  readonly text: string;
  /** Where to report a problem with this value. */
  readonly path: Path;
  readonly node: DocNode;
  /**
   * `literal`: written as a plain string. `resolved`: computed from intrinsic functions
   * with every part known. `partial`: computed, but some parts (a resource's physical id,
   * a parameter without a default) are placeholders; judge only what is known.
   */
  readonly origin: 'literal' | 'resolved' | 'partial';
}

/**
 * The string values of an element (`Action`, `Resource`, a condition value …) found at
 * `path`: each list item, or the element itself when it is a single value. Non-string
 * scalars and structures are skipped (the grammar rules report those).
 */
export function stringValues(doc: SourceDocument, element: DocNode | undefined, path: Path): StringValue[] {
  if (!element) {
    return [];
  }
  const out: StringValue[] = [];
  const items = element.kind === 'array' ? element.items.map((item, i) => [item, [...path, i]] as const) : [[element, path] as const];
  for (const [node, itemPath] of items) {
    if (node.kind === 'string') {
      out.push({ text: node.value as string, path: itemPath, node, origin: 'literal' });
    } else if (node.kind === 'intrinsic') {
      for (const r of resolveString(node, templateFor(doc, node))) {
        out.push({ text: r.text, path: itemPath, node, origin: r.complete ? 'resolved' : 'partial' });
      }
    }
  }
  return out;
}

/** The items of an element, for rules that need each node whatever its kind. */
export function elementItems(element: DocNode | undefined): DocNode[] {
  return asList(element);
}

/** The template a node belongs to, if its document root is a CloudFormation or SAM template. */
export function templateFor(doc: SourceDocument, node: DocNode): TemplateModel | undefined {
  let root: DocNode = node;
  while (root.parent) {
    root = root.parent;
  }
  return templateAt(doc, doc.roots.indexOf(root));
}

/** The template of root `index`, if that root is a CloudFormation or SAM template. */
export function templateAt(doc: SourceDocument, index: number): TemplateModel | undefined {
  const root = doc.roots[index];
  const kind = doc.kinds[index];
  return root && (kind === 'cfn' || kind === 'sam') ? templateModel(root) : undefined;
}
