/**
 * What resolving a template's values reads of the template besides the values' own subtree
 * (template/resolve.ts): the definitions of the parameters and mappings they name. Memos of
 * resolved values, policy sites, rule reports and access decisions are kept against these,
 * so an edit to one parameter reaches only what names it.
 */
import { getProperty, type DocNode } from '../model/node';
import type { TemplateModel } from './model';
import { walkNodes } from '../model/walk';
import { weakTable } from '../engine';

/**
 * The definitions in `model` that resolving the values under `node` may read: for each name
 * the subtree's intrinsics mention (`Ref`, `${Name}` in `Fn::Sub`), the parameter's node (or
 * undefined, so that a parameter added under that name later is seen); for each mapping
 * `Fn::FindInMap` names, the mapping's node; the whole Mappings section where the mapping's
 * name is not written out. `Fn::GetAtt` and pseudo parameters read nothing of the template.
 */
export function templateReads(model: TemplateModel, node: DocNode): unknown[] {
  const reads: unknown[] = [];
  const seen = new Set<string>();
  // A parameter's Default may itself name others (CloudFormation refuses it, our resolution
  // follows it): what it names is read too.
  const pending: DocNode[] = [node];
  while (pending.length > 0) {
    const { parameters, mappings } = namesRead(pending.pop()!);
    for (const name of parameters) {
      if (seen.has(name)) {
        continue;
      }
      seen.add(name);
      const definition = model.parameters.get(name)?.node;
      reads.push(name, definition);
      if (definition) {
        pending.push(definition);
      }
    }
    for (const name of mappings) {
      if (!seen.has(`map ${name}`)) {
        seen.add(`map ${name}`);
        reads.push(`map ${name}`, name === '' ? model.mappings : getProperty(model.mappings, name));
      }
    }
  }
  return reads;
}

interface NamesRead {
  readonly parameters: readonly string[];
  /** Mapping names; '' for a mapping named by an expression. */
  readonly mappings: readonly string[];
}

/** Kept per node: a subtree an incremental reparse keeps names what it named. */
const namesMemo = weakTable<DocNode, NamesRead>('template/reads.namesMemo');

function namesRead(node: DocNode): NamesRead {
  const hit = namesMemo.get(node);
  if (hit) {
    return hit;
  }
  const parameters = new Set<string>();
  const mappings = new Set<string>();
  walkNodes(node, [], (n) => {
    if (n.kind !== 'intrinsic') {
      return;
    }
    const arg = n.arg;
    if (n.fn === 'Ref' && arg.kind === 'string') {
      parameters.add(String(arg.value));
    } else if (n.fn === 'Fn::Sub') {
      const template = arg.kind === 'array' ? arg.items[0] : arg;
      if (template?.kind === 'string') {
        for (const m of String(template.value).matchAll(/\$\{([^}!][^}]*)\}/g)) {
          parameters.add(m[1]!.trim());
        }
      }
    } else if (n.fn === 'Fn::FindInMap') {
      const name = arg.kind === 'array' ? arg.items[0] : undefined;
      mappings.add(name?.kind === 'string' ? String(name.value) : '');
    }
  });
  const found: NamesRead = { parameters: [...parameters].sort(), mappings: [...mappings].sort() };
  namesMemo.set(node, found);
  return found;
}

export function sameReads(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
