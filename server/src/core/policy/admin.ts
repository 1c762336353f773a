/**
 * Administrator access: an Allow statement that grants every action (`"*"`, `"*:*"`) or every
 * action but a few (`NotAction`) on every resource (`"*"`). iam/full-admin reports it; the
 * rules that would otherwise say a smaller thing about the same statement (iam/wildcard-action
 * on its `"*"`, iam/allow-not-action on its NotAction, iam/privilege-escalation on what its
 * NotAction lets through) ask here and leave it to iam/full-admin, so one statement gets one
 * finding that names what it is.
 */
import { getProperty, type Path } from '../model/node';
import type { StatementRef } from './statements';
import { effectOf, resourcesOf } from './statement-parts';
import { stringValues } from './values';
import { documentOf, type DocLike } from './view';

export interface AdministratorGrant {
  /** `all`: Action `"*"`; `allBut`: NotAction, so everything except what it lists. */
  readonly kind: 'all' | 'allBut';
  /** The `"*"` item of Action, or the NotAction key. */
  readonly path: Path;
  /** The NotAction items, as written (`[]` for `all`). */
  readonly except: readonly string[];
  /** The action as written (`*`, `*:*`), or `NotAction`. */
  readonly action: string;
}

/**
 * Whether an Allow statement grants every action (or all but its NotAction) on every resource.
 * Values computed from placeholders (`origin: 'partial'`) never count: `${Action}` may be
 * anything. A Condition does not change the answer: administrator access under a condition is
 * still administrator access whenever the condition holds.
 */
export function administratorGrant(docLike: DocLike, statement: StatementRef): AdministratorGrant | undefined {
  const doc = documentOf(docLike);
  if (effectOf(statement) !== 'Allow') {
    return undefined;
  }
  const resources = resourcesOf(doc, statement);
  if (resources.element !== 'Resource' || !resources.values.some((v) => v.origin !== 'partial' && v.text === '*')) {
    return undefined;
  }
  const action = getProperty(statement.node, 'Action');
  const notAction = getProperty(statement.node, 'NotAction');
  if (action && notAction) {
    return undefined; // iam/action-and-not-action: IAM rejects the statement.
  }
  if (action) {
    const star = stringValues(doc, action, [...statement.path, 'Action']).find((v) => v.origin !== 'partial' && isEveryAction(v.text));
    return star ? { kind: 'all', path: star.path, except: [], action: star.text } : undefined;
  }
  if (notAction) {
    const except = stringValues(doc, notAction, []).map((v) => v.text);
    // `"NotAction": "*"` excludes every action, so it grants nothing.
    if (except.some(isEveryAction)) {
      return undefined;
    }
    return { kind: 'allBut', path: [...statement.path, 'NotAction'], except, action: 'NotAction' };
  }
  return undefined;
}

/** `*` and `*:*` match every action of every service. */
export function isEveryAction(text: string): boolean {
  return text === '*' || text === '*:*';
}
