import { getProperty, type DocNode, type Path } from '../model/node';
import type { PolicySite } from './sites';

export interface StatementRef {
  readonly site: PolicySite;
  readonly node: DocNode;
  /** Path from the document root to the statement. */
  readonly path: Path;
}

/**
 * The statements of a policy: `Statement` may be one object or a list of them. Kept per site
 * while its `Statement` is the same node (nodes are never changed in place, model/reparse.ts),
 * so every rule, and the next edit that keeps the site, gets the same statement objects.
 */
export function statementsOf(site: PolicySite): readonly StatementRef[] {
  const statement = getProperty(site.node, 'Statement');
  if (!statement) {
    return [];
  }
  const hit = kept.get(site);
  if (hit && hit.statement === statement) {
    return hit.refs;
  }
  const base = [...site.path, 'Statement'];
  const refs = statement.kind === 'array' ? statement.items.map((node, i) => ({ site, node, path: [...base, i] })) : [{ site, node: statement, path: base }];
  kept.set(site, { statement, refs });
  return refs;
}

const kept = new WeakMap<PolicySite, { readonly statement: DocNode; readonly refs: readonly StatementRef[] }>();

/** Element names allowed at the top of a policy and in a statement. */
export const POLICY_ELEMENTS = ['Version', 'Id', 'Statement'] as const;
export const STATEMENT_ELEMENTS = [
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
] as const;
