/**
 * API Gateway's decision for one IAM-authorised request, from the statements that apply to
 * it: the caller's identity policy statements and the API's resource policy statements,
 * each already matched (evaluate.ts) and tagged with the template Conditions it exists
 * under. The logic is AWS's table "Policy evaluation outcome tables" in the API Gateway
 * Developer Guide ("How API Gateway resource policies affect authorization workflow",
 * IAM authentication and resource policy):
 *
 * - Same account: Allow in the identity policy OR Allow in the resource policy lets the
 *   call through; an explicit Deny in either wins; neither allowing is an implicit deny.
 * - Cross account: the identity policy (in the caller's account) AND the resource policy
 *   must both allow; an explicit Deny in either wins.
 *
 * A resource policy statement that names the caller's *account* (`arn:aws:iam::111:root`
 * or `111`) rather than the caller delegates to that account: "When you use an AWS account
 * identifier as the principal in a policy, you delegate authority to the account. All
 * identities inside the account can access the resource if they have the appropriate IAM
 * permissions attached to explicitly allow access" (IAM User Guide, "AWS account
 * principals"). In the same account such an Allow therefore grants nothing by itself (the
 * identity policy decides); across accounts it is the resource policy's half. A Deny naming
 * the account denies every principal of it.
 *
 * `conditional` means the answer depends on something only known per request or per
 * deployment, and the verdict names each: condition keys, template Conditions, parameters
 * without a default, the request path (a grant covering part of a method's paths), or the
 * identity policies of another account. An Allow that a Deny covers entirely (the same
 * Resource or all of it, the same Condition or none, at least the Allow's template
 * Conditions) is denied for every request, so the decision is `deny`, not `conditional`.
 */
import type { TemplateCondition } from '../template/conditions';
import type { StatementMatch } from './evaluate';

export type Decision = 'allow' | 'conditional' | 'deny';

/** What a `conditional` decision depends on. */
export type Dependency =
  | { readonly kind: 'condition-key'; readonly name: string }
  | { readonly kind: 'template-condition'; readonly name: string }
  | { readonly kind: 'parameter'; readonly name: string }
  | { readonly kind: 'request-path' }
  /** An ANY method allowed for some verbs and not others. */
  | { readonly kind: 'request-method' }
  /** The identity policies of a caller in another account, out of sight. */
  | { readonly kind: 'caller-account' }
  /** Whoever a Lambda, Cognito or JWT authorizer admits. */
  | { readonly kind: 'authorizer'; readonly name: string };

/** A matched statement as the decision sees it. */
export interface Considered {
  readonly match: StatementMatch;
  readonly side: 'identity' | 'resource';
  /** Template Conditions the statement (or its policy, or its resource) exists under. */
  readonly conditions: readonly TemplateCondition[];
  /** Encoded Resource patterns, for telling whether a Deny covers an Allow (undefined: NotResource or none). */
  readonly patterns?: readonly string[];
  /** The statement's Condition as comparable text ('' without one). */
  readonly conditionText: string;
}

export interface DecisionInput {
  readonly identity: readonly Considered[];
  readonly resource: readonly Considered[];
  /** The caller's account and the API's account, encoded; equal means same account. */
  readonly callerAccount: string | undefined;
  readonly apiAccount: string | undefined;
  /**
   * False when the caller's identity policies are out of sight (a principal of another
   * account, known only from a resource policy): its identity half is then unknown.
   */
  readonly identityVisible: boolean;
}

export interface Verdict {
  readonly decision: Decision;
  /** A deny that no statement made: nothing that applies allows the request. */
  readonly implicit: boolean;
  /** The statements that decide, in the order they count. */
  readonly deciding: readonly Considered[];
  /** Resource policy Allows naming the caller's own account: delegation, granting nothing alone. */
  readonly delegating: readonly Considered[];
  readonly dependsOn: readonly Dependency[];
}

export function decideRequest(input: DecisionInput): Verdict {
  const all = [...input.identity, ...input.resource];
  const denies = all.filter((c) => c.match.effect === 'Deny');
  // Rule: an explicit Deny that surely applies wins over every Allow.
  const certainDeny = denies.find(certain);
  if (certainDeny) {
    return { decision: 'deny', implicit: false, deciding: [certainDeny], delegating: [], dependsOn: [] };
  }
  const sameAccount = input.callerAccount !== undefined && input.callerAccount === input.apiAccount;
  const identityAllows = input.identity.filter((c) => c.match.effect === 'Allow');
  const resourceAllows = input.resource.filter((c) => c.match.effect === 'Allow');
  // Rule: in the same account an Allow naming the account only delegates to its identity policies.
  const delegating = sameAccount ? resourceAllows.filter((c) => c.match.principalBy === 'account') : [];
  const granting = sameAccount ? resourceAllows.filter((c) => c.match.principalBy !== 'account') : resourceAllows;
  // Rule: an Allow that some Deny covers entirely never lets a request through.
  const live = (list: readonly Considered[]): Considered[] => list.filter((a) => !denies.some((d) => covers(d, a)));
  const liveIdentity = live(identityAllows);
  const liveResource = live(granting);
  const dominated = [...identityAllows, ...granting].filter((a) => !liveIdentity.includes(a) && !liveResource.includes(a));
  const explicitly = (deciding: Considered[]): Verdict => ({ decision: 'deny', implicit: false, deciding, delegating, dependsOn: [] });
  const implicitly: Verdict = { decision: 'deny', implicit: true, deciding: [], delegating, dependsOn: [] };
  if (sameAccount) {
    // Rule (same account): identity Allow OR resource Allow.
    const allows = [...liveIdentity, ...liveResource];
    if (allows.length === 0) {
      return dominated.length > 0 ? explicitly(denies.filter((d) => dominated.some((a) => covers(d, a)))) : implicitly;
    }
    if (denies.length === 0 && allows.some(certain)) {
      return { decision: 'allow', implicit: false, deciding: allows.filter(certain), delegating, dependsOn: [] };
    }
    return conditional([...allows, ...denies], delegating, allows.some(certain) ? [] : allows, denies, false);
  }
  // Rule (cross account): identity Allow AND resource Allow.
  const identityOk = input.identityVisible ? liveIdentity : [];
  if ((input.identityVisible && liveIdentity.length === 0) || liveResource.length === 0) {
    const blocked = dominated.length > 0 && (liveIdentity.length === 0 || liveResource.length === 0);
    return blocked ? explicitly(denies.filter((d) => dominated.some((a) => covers(d, a)))) : implicitly;
  }
  const surely = input.identityVisible && identityOk.some(certain) && liveResource.some(certain);
  if (denies.length === 0 && surely) {
    return { decision: 'allow', implicit: false, deciding: [...identityOk.filter(certain), ...liveResource.filter(certain)], delegating: [], dependsOn: [] };
  }
  const uncertainAllows = [...(identityOk.some(certain) ? [] : identityOk), ...(liveResource.some(certain) ? [] : liveResource)];
  return conditional([...identityOk, ...liveResource, ...denies], [], uncertainAllows, denies, !input.identityVisible);
}

function conditional(deciding: Considered[], delegating: Considered[], uncertainAllows: readonly Considered[], denies: readonly Considered[], callerAccount: boolean): Verdict {
  const dependsOn: Dependency[] = [];
  const add = (d: Dependency): void => {
    if (!dependsOn.some((x) => sameDependency(x, d))) {
      dependsOn.push(d);
    }
  };
  for (const c of [...uncertainAllows, ...denies]) {
    for (const name of c.match.conditionKeys) {
      add({ kind: 'condition-key', name });
    }
    for (const cond of c.conditions) {
      add({ kind: 'template-condition', name: cond.name });
    }
    for (const name of c.match.parameters) {
      add({ kind: 'parameter', name });
    }
    if (c.match.coverage === 'some') {
      add({ kind: 'request-path' });
    }
  }
  if (callerAccount) {
    add({ kind: 'caller-account' });
  }
  return { decision: 'conditional', implicit: false, deciding, delegating, dependsOn };
}

function sameDependency(a: Dependency, b: Dependency): boolean {
  return a.kind === b.kind && ('name' in a ? a.name : '') === ('name' in b ? b.name : '');
}

/** A statement that applies to every request of the method, whatever the context. */
export function certain(c: Considered): boolean {
  return c.match.coverage === 'all' && c.match.condition === 'true' && c.match.principal === 'true' && c.conditions.length === 0;
}

/**
 * Whether Deny `d` applies to every request Allow `a` applies to: `d` names the caller for
 * sure, exists whenever `a` does (its template Conditions are among `a`'s), holds whenever
 * `a`'s Condition holds (none, or the same), and covers at least `a`'s resources (all of the
 * method, or every pattern `a` lists).
 */
function covers(d: Considered, a: Considered): boolean {
  if (d.match.principal !== 'true') {
    return false;
  }
  if (!d.conditions.every((x) => a.conditions.some((y) => y.name === x.name && y.holds === x.holds))) {
    return false;
  }
  if (d.match.condition !== 'true' && d.conditionText !== a.conditionText) {
    return false;
  }
  if (d.match.coverage === 'all') {
    return true;
  }
  return d.patterns !== undefined && a.patterns !== undefined && a.patterns.every((p) => d.patterns!.includes(p));
}
