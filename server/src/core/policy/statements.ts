import { getProperty, type DocNode, type Path } from '../model/node';
import type { PolicySite } from './sites';
import { weakTable } from '../engine';

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
  // A statement, or the whole list, may be written under `Fn::If`: each branch is a
  // statement IAM may receive, so every rule and the access matrix see both (the matrix
  // reads the Condition from the path). A branch of `AWS::NoValue` holds no statement.
  const refs: StatementRef[] = [];
  for (const list of branches(statement, base)) {
    if (list.node.kind === 'array') {
      list.node.items.forEach((item, i) => {
        for (const one of branches(item, [...list.path, i])) {
          refs.push({ site, node: one.node, path: one.path });
        }
      });
    } else {
      refs.push({ site, node: list.node, path: list.path });
    }
  }
  kept.set(site, { statement, refs });
  return refs;
}

/**
 * Whether two statements sit in opposite branches of the same `Fn::If`, so that at most one
 * of them is ever deployed.
 */
export function exclusiveBranches(a: Path, b: Path): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) {
    if (a[i] !== b[i]) {
      return i > 0 && a[i - 1] === 'Fn::If' && typeof a[i] === 'number' && typeof b[i] === 'number' && a[i] !== 0 && b[i] !== 0;
    }
  }
  return false;
}

/** A value, or each branch of an `Fn::If` (recursively) other than `AWS::NoValue`, with its path. */
function branches(node: DocNode, path: Path): { node: DocNode; path: Path }[] {
  if (node.kind === 'intrinsic' && node.fn === 'Fn::If' && node.arg.kind === 'array') {
    const [, yes, no] = node.arg.items;
    return [...(yes ? branches(yes, [...path, 'Fn::If', 1]) : []), ...(no ? branches(no, [...path, 'Fn::If', 2]) : [])];
  }
  if (node.kind === 'intrinsic' && node.fn === 'Ref' && node.arg.kind === 'string' && node.arg.value === 'AWS::NoValue') {
    return [];
  }
  return [{ node, path }];
}

const kept = weakTable<PolicySite, { readonly statement: DocNode; readonly refs: readonly StatementRef[] }>('policy/statements.kept');


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
