import { getProperty, type DocNode, type Path } from '../model/node';
import type { PolicySite } from './sites';

export interface StatementRef {
  readonly site: PolicySite;
  readonly node: DocNode;
  /** Path from the document root to the statement. */
  readonly path: Path;
}

/** The statements of a policy: `Statement` may be one object or a list of them. */
export function statementsOf(site: PolicySite): StatementRef[] {
  const statement = getProperty(site.node, 'Statement');
  if (!statement) {
    return [];
  }
  const base = [...site.path, 'Statement'];
  if (statement.kind === 'array') {
    return statement.items.map((node, i) => ({ site, node, path: [...base, i] }));
  }
  return [{ site, node: statement, path: base }];
}

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
