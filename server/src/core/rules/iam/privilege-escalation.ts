import { definePolicyRule } from '../define';
import type { Path } from '../../model/node';
import { findProperty, getProperty } from '../../model/node';
import type { PolicySite } from '../../policy/sites';
import { statementsOf, type StatementRef } from '../../policy/statements';
import { effectOf } from '../../policy/statement-parts';
import { stringValues } from '../../policy/values';
import { compileGlob, hasWildcard } from '../../util/glob';
import { ESCALATION_METHODS, RESOURCE_POLICY_ACTIONS } from '../../policy/escalation';
import { administratorGrant } from '../../policy/admin';
import { boundedTable } from '../../engine';
import type { DocLike } from '../../policy/view';

export default definePolicyRule({
  id: 'iam/privilege-escalation',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    combination: 'With "{{action}}" the policy allows {{methods}}: known ways for a principal to raise its own privileges. Keep each action only if it is needed, limited to named resources.',
    resourcePolicy: '"{{action}}" lets the principal rewrite resource policies or ACLs ({{actions}}), and so grant itself or anyone else access to those resources.',
  },
  docs: { summary: 'Warn when a policy allows known privilege-escalation combinations, such as iam:CreatePolicyVersion or iam:PassRole with lambda:CreateFunction and lambda:InvokeFunction.' },
  check(ctx) {
    for (const site of ctx.policies()) {
      if (site.policyType === 'trust') {
        continue;
      }
      const grants = grantsOf(ctx.doc, site);
      const found = new Map<string, { path: Path; action: string; methods: string[]; resourceActions: string[] }>();
      const at = (action: string): ReturnType<typeof found.get> => {
        const where = grants.allowedAt(action);
        if (!where) {
          return undefined;
        }
        const key = JSON.stringify(where.path);
        const entry = found.get(key) ?? { ...where, methods: [], resourceActions: [] };
        found.set(key, entry);
        return entry;
      };
      for (const method of ESCALATION_METHODS) {
        if (method.actions.every((a) => grants.allows(a))) {
          at(method.actions[0]!)?.methods.push(method.name);
        }
      }
      for (const action of RESOURCE_POLICY_ACTIONS) {
        if (grants.allows(action)) {
          at(action)?.resourceActions.push(action);
        }
      }
      for (const { path, action, methods, resourceActions } of found.values()) {
        if (methods.length > 0) {
          ctx.report({ root: site.root, path, messageId: 'combination', data: { action, methods: list(methods), count: methods.length } });
        }
        if (resourceActions.length > 0) {
          ctx.report({ root: site.root, path, messageId: 'resourcePolicy', data: { action, actions: list(resourceActions), count: resourceActions.length } });
        }
      }
    }
  },
});

function list(items: readonly string[]): string {
  return items.length <= 3 ? items.join(', ') : `${items.slice(0, 3).join(', ')} and ${items.length - 3} more`;
}

interface Grants {
  /** Allowed by some Allow statement and not denied by an unconditional Deny on "*". */
  allows(action: string): boolean;
  /** The Action item (or NotAction key) of the first Allow statement that allows `action`. */
  allowedAt(action: string): { path: Path; action: string } | undefined;
}

/** Every action the rule asks about, lower-cased: only these are ever matched. */
const ASKED: readonly string[] = [...new Set([...ESCALATION_METHODS.flatMap((m) => m.actions), ...RESOURCE_POLICY_ACTIONS].map((a) => a.toLowerCase()))];
const ASKED_SET: ReadonlySet<string> = new Set(ASKED);
const NOTHING: ReadonlySet<string> = new Set();

/**
 * The asked-about actions a pattern matches. The answer depends on the pattern's text only,
 * so it is kept (bounded): policies repeat the same patterns, and so does every edit.
 */
const hitsByPattern = boundedTable<string, ReadonlySet<string>>('rules/iam/privilege-escalation.hitsByPattern', 20_000);

function hitsOf(lower: string): ReadonlySet<string> {
  if (!hasWildcard(lower)) {
    return ASKED_SET.has(lower) ? new Set([lower]) : NOTHING;
  }
  let hits = hitsByPattern.get(lower);
  if (!hits) {
    const glob = compileGlob(lower, { ignoreCase: true });
    const found = ASKED.filter((a) => glob.matches(a));
    hits = found.length > 0 ? new Set(found) : NOTHING;
    hitsByPattern.set(lower, hits);
  }
  return hits;
}

interface Matcher {
  readonly statement: StatementRef;
  readonly not: boolean;
  /** Each asked-about action the statement's patterns match → the first pattern that does. */
  readonly first: ReadonlyMap<string, { path: Path; text: string }>;
}

/**
 * What a policy allows, read from action patterns alone: resources and conditions are not
 * weighed (as in Parliament and Rhino Security Labs' list), except that a Deny on every
 * resource with no condition removes what it names, since nothing can then be escalated.
 */
function grantsOf(doc: DocLike, site: PolicySite): Grants {
  const allow: Matcher[] = [];
  const deny: Matcher[] = [];
  for (const statement of statementsOf(site)) {
    const effect = effectOf(statement);
    const element = getProperty(statement.node, 'Action') ? 'Action' : getProperty(statement.node, 'NotAction') ? 'NotAction' : undefined;
    if (!effect || !element) {
      continue;
    }
    // Everything but a few actions on every resource is iam/full-admin's finding; listing the
    // escalation methods it lets through would add nothing (as for "*" below).
    if (effect === 'Allow' && element === 'NotAction' && administratorGrant(doc, statement)) {
      continue;
    }
    const first = new Map<string, { path: Path; text: string }>();
    for (const v of stringValues(doc, getProperty(statement.node, element), [...statement.path, element])) {
      // An Allow of "*" grants everything, which is iam/wildcard-action's finding; listing
      // every method under it would add nothing.
      if (v.origin === 'partial' || (effect === 'Allow' && v.text === '*')) {
        continue;
      }
      for (const action of hitsOf(v.text.toLowerCase())) {
        if (!first.has(action)) {
          first.set(action, { path: v.path, text: v.text });
        }
      }
    }
    const matcher = { statement, not: element === 'NotAction', first };
    if (effect === 'Allow') {
      allow.push(matcher);
    } else if (!findProperty(statement.node, 'Condition') && stringValues(doc, getProperty(statement.node, 'Resource'), []).some((v) => v.text === '*')) {
      deny.push(matcher);
    }
  }
  const covers = (m: Matcher, lower: string): boolean => m.first.has(lower) !== m.not;
  const allows = (action: string): boolean => {
    const lower = action.toLowerCase();
    return allow.some((m) => covers(m, lower)) && !deny.some((m) => covers(m, lower));
  };
  return {
    allows,
    allowedAt(action) {
      const lower = action.toLowerCase();
      const m = allow.find((candidate) => covers(candidate, lower));
      if (!m) {
        return undefined;
      }
      if (m.not) {
        return { path: [...m.statement.path, 'NotAction'], action: 'NotAction' };
      }
      const at = m.first.get(lower)!;
      return { path: at.path, action: at.text };
    },
  };
}
