/**
 * The string values of a policy element, the way rules should read them. An element is a
 * string or a list of strings, and in templates any of them may be an intrinsic function.
 * Rules ask for values through here so that they see what the template resolves to, and
 * report at the path of the source node the value came from.
 */
import { asList, nodeAtPath, type DocNode, type Path } from '../model/node';
import { replayReading, sameReads, templateReads, WRITTEN } from '../template/reads';
import { checkingReads } from '../engine';
import type { SourceDocument } from '../types';
import { templateModel, type TemplateModel } from '../template/model';
import { resolveString } from '../template/resolve';
import { documentOf, type DocLike } from './view';

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
export function stringValues(docLike: DocLike, element: DocNode | undefined, path: Path): StringValue[] {
  const doc = documentOf(docLike);
  if (!element) {
    return [];
  }
  const out: StringValue[] = [];
  if (element.kind === 'array') {
    const items = element.items;
    for (let i = 0; i < items.length; i++) {
      valuesOf(doc, items[i]!, path, i, out);
    }
  } else {
    valuesOf(doc, element, path, -1, out);
  }
  return out;
}

function valuesOf(doc: SourceDocument, node: DocNode, base: Path, index: number, out: StringValue[]): void {
  if (node.kind === 'string') {
    out.push(new Value(node.value as string, base, index, node, 'literal'));
  } else if (node.kind === 'intrinsic') {
    for (const r of resolveString(node, templateFor(doc, node))) {
      out.push(new Value(r.text, base, index, node, r.complete ? 'resolved' : 'partial'));
    }
  }
}

/**
 * A value whose path is made when asked for: most values are read and never reported, and
 * a policy may list thousands of them.
 */
class Value implements StringValue {
  readonly #base: Path;
  readonly #index: number;
  #path: Path | undefined;
  constructor(
    readonly text: string,
    base: Path,
    index: number,
    readonly node: DocNode,
    readonly origin: StringValue['origin'],
  ) {
    this.#base = base;
    this.#index = index;
  }
  get path(): Path {
    return (this.#path ??= this.#index < 0 ? this.#base : [...this.#base, this.#index]);
  }
}

/** The items of an element, for rules that need each node whatever its kind. */
export function elementItems(element: DocNode | undefined): DocNode[] {
  return asList(element);
}

/**
 * What the string values under a node read besides the node's own subtree: whether it sits
 * in a template, and the definitions of the parameters and mappings its intrinsics name
 * (template/resolve.ts), as `[name, definition node, …]`. A memo on a node that an
 * incremental reparse keeps stays true while these are the same: an edit to one parameter
 * reaches only what names it, not every value of the template. Keeping these nodes rather
 * than the document keeps old versions of the document from being held.
 */
export interface ValueInputs {
  readonly model: boolean;
  readonly reads: readonly unknown[];
}

export function valueInputs(doc: SourceDocument, node: DocNode): ValueInputs {
  const model = templateFor(doc, node);
  return { model: model !== undefined, reads: model ? templateReads(model, node) : [] };
}

export function sameValueInputs(a: ValueInputs, b: ValueInputs): boolean {
  return a.model === b.model && sameReads(a.reads, b.reads);
}

/**
 * A memo kept against `reads` (of the template `node` of `doc` is in) used instead of
 * computed (template/reads.ts `replayReading`). Asked on every hit: finds the template only
 * while checking.
 */
export function usedReading(doc: SourceDocument, node: DocNode, reads: readonly unknown[]): void {
  if (checkingReads()) {
    replayReading(templateFor(doc, node), reads);
  }
}

/** The same for a memo of a whole policy site (the template of root `root`). */
export function usedSiteReading(doc: SourceDocument, root: number, reads: readonly unknown[]): void {
  if (checkingReads()) {
    replayReading(templateAt(doc, root), reads);
  }
}


/**
 * What the values of a policy site read of its template. A generated policy (a SAM policy
 * template) is read from what is written at its path too, which its own nodes do not span.
 */
export function siteReads(doc: SourceDocument, site: { readonly root: number; readonly node: DocNode; readonly path: Path; readonly synthetic?: boolean }): unknown[] {
  const model = templateAt(doc, site.root);
  if (!model) {
    return [];
  }
  const reads = templateReads(model, site.node);
  const written = site.synthetic === true ? nodeAtPath(doc.roots[site.root]!, site.path) : undefined;
  return written ? [...reads, WRITTEN, ...templateReads(model, written)] : reads;
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
