/**
 * Whether IAM would reject a statement or the policy holding it, for the access analysis:
 * a policy IAM refuses to store grants and denies nothing (CloudFormation fails to create
 * the role, the policy resource or the API's resource policy), so the matrix must not count
 * it. The checks are the ones Gatewarden itself reports as errors, and each rejection names
 * the rule that reports it, so hovers and the CLI can say why with a code rather than words.
 * Values written with intrinsics are given the benefit of the doubt (the rules stay silent
 * on them too).
 */
import { getProperty, type Path } from '../model/node';
import { parseOperator } from './operators';
import type { PolicySite } from './sites';
import { STATEMENT_ELEMENTS, statementsOf, type StatementRef } from './statements';

export interface Rejection {
  /** The id of the rule that reports the problem (a stable reason code). */
  readonly rule: string;
  /** Where the problem is, from the document root. */
  readonly path: Path;
  /** True when the problem is in this statement; false when it is elsewhere in its policy. */
  readonly own: boolean;
}

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const ELEMENTS = new Set<string>(STATEMENT_ELEMENTS);

/**
 * The first problem that makes IAM reject this statement's policy: in the statement itself,
 * else in the policy's Version, else in another statement of the same policy. `policy` is
 * the policy's own answer when the caller has it already (it is the same for every statement).
 */
export function statementRejection(statement: StatementRef, policy: Rejection | undefined | null = policyRejection(statement.site)): Rejection | undefined {
  const own = ownProblem(statement);
  if (own) {
    return { rule: own.rule, path: own.path, own: true };
  }
  return policy ?? undefined;
}

/** The first problem in a policy's Version or any of its statements, as seen from another statement. */
export function policyRejection(site: PolicySite): Rejection | undefined {
  const problem = policyProblem(site) ?? statementsOf(site).map(ownProblem).find((p) => p !== undefined);
  return problem ? { rule: problem.rule, path: problem.path, own: false } : undefined;
}

function policyProblem(site: PolicySite): { rule: string; path: Path } | undefined {
  const version = getProperty(site.node, 'Version');
  if (version && version.kind !== 'intrinsic' && (version.kind !== 'string' || !VERSIONS.has(version.value as string))) {
    return { rule: 'iam/invalid-version', path: [...site.path, 'Version'] };
  }
  return undefined;
}

function ownProblem(statement: StatementRef): { rule: string; path: Path } | undefined {
  const node = statement.node;
  const at = (element: string): Path => [...statement.path, element];
  if (node.kind !== 'object') {
    // A branch of a conditional that is not a statement (AWS::NoValue) is not a statement at all.
    return node.kind === 'intrinsic' ? undefined : { rule: 'iam/invalid-statement', path: statement.path };
  }
  for (const prop of node.properties) {
    if (!ELEMENTS.has(prop.key)) {
      return { rule: 'iam/unknown-element', path: at(prop.key) };
    }
  }
  const effect = getProperty(node, 'Effect');
  if (!effect || (effect.kind !== 'intrinsic' && (effect.kind !== 'string' || (effect.value !== 'Allow' && effect.value !== 'Deny')))) {
    return { rule: 'iam/invalid-effect', path: at('Effect') };
  }
  const has = (element: string): boolean => getProperty(node, element) !== undefined || getProperty(node, `Not${element}`) !== undefined;
  const { policyType, policyTypeKnown, impliedResource } = statement.site;
  if (!has('Action')) {
    return { rule: 'iam/missing-element', path: at('Action') };
  }
  if (policyType !== 'trust' && !impliedResource && !has('Resource')) {
    return { rule: 'iam/missing-element', path: at('Resource') };
  }
  if (policyType !== 'identity' && !has('Principal')) {
    return { rule: 'iam/missing-element', path: at('Principal') };
  }
  if (policyType === 'identity' && policyTypeKnown && has('Principal')) {
    return { rule: 'iam/element-not-allowed', path: at(getProperty(node, 'Principal') ? 'Principal' : 'NotPrincipal') };
  }
  const condition = getProperty(node, 'Condition');
  if (condition?.kind === 'object') {
    for (const operator of condition.properties) {
      if (!parseOperator(operator.key).ok) {
        return { rule: 'iam/unknown-condition-operator', path: [...at('Condition'), operator.key] };
      }
    }
  }
  return undefined;
}
