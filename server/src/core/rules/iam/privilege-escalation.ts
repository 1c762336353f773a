import { defineRule } from '../define';
import type { Path } from '../../model/node';
import { findProperty, getProperty } from '../../model/node';
import type { PolicySite } from '../../policy/sites';
import { statementsOf, type StatementRef } from '../../policy/statements';
import { effectOf } from '../../policy/statement-parts';
import { stringValues } from '../../policy/values';
import type { SourceDocument } from '../../types';
import { compileGlob, hasWildcard, type CompiledGlob } from '../../util/glob';
import { ESCALATION_METHODS, RESOURCE_POLICY_ACTIONS } from '../../policy/escalation';

export default defineRule({
  id: 'iam/privilege-escalation',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  scope: 'policy',
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

interface Matcher {
  readonly statement: StatementRef;
  readonly not: boolean;
  readonly patterns: { glob: CompiledGlob | undefined; path: Path; text: string; lower: string }[];
  /** Lower-cased names written without wildcards: most entries, looked up without matching. */
  readonly exact: ReadonlySet<string>;
}

/**
 * What a policy allows, read from action patterns alone: resources and conditions are not
 * weighed (as in Parliament and Rhino Security Labs' list), except that a Deny on every
 * resource with no condition removes what it names, since nothing can then be escalated.
 */
function grantsOf(doc: SourceDocument, site: PolicySite): Grants {
  const allow: Matcher[] = [];
  const deny: Matcher[] = [];
  for (const statement of statementsOf(site)) {
    const effect = effectOf(statement);
    const element = getProperty(statement.node, 'Action') ? 'Action' : getProperty(statement.node, 'NotAction') ? 'NotAction' : undefined;
    if (!effect || !element) {
      continue;
    }
    // An Allow of "*" grants everything, which is iam/wildcard-action's finding; listing
    // every method under it would add nothing.
    const patterns = stringValues(doc, getProperty(statement.node, element), [...statement.path, element])
      .filter((v) => v.origin !== 'partial' && !(effect === 'Allow' && v.text === '*'))
      .map((v) => ({ glob: hasWildcard(v.text) ? compileGlob(v.text, { ignoreCase: true }) : undefined, path: v.path, text: v.text, lower: v.text.toLowerCase() }));
    const exact = new Set(patterns.filter((p) => !p.glob).map((p) => p.lower));
    const matcher = { statement, not: element === 'NotAction', patterns, exact };
    if (effect === 'Allow') {
      allow.push(matcher);
    } else if (!findProperty(statement.node, 'Condition') && stringValues(doc, getProperty(statement.node, 'Resource'), []).some((v) => v.text === '*')) {
      deny.push(matcher);
    }
  }
  const matches = (m: Matcher, action: string): boolean => m.exact.has(action.toLowerCase()) || m.patterns.some((p) => p.glob?.matches(action) === true);
  const covers = (m: Matcher, action: string): boolean => matches(m, action) !== m.not;
  const allows = (action: string): boolean => allow.some((m) => covers(m, action)) && !deny.some((m) => covers(m, action));
  return {
    allows,
    allowedAt(action) {
      const m = allow.find((candidate) => covers(candidate, action));
      if (!m) {
        return undefined;
      }
      if (m.not) {
        return { path: [...m.statement.path, 'NotAction'], action: 'NotAction' };
      }
      const lower = action.toLowerCase();
      const p = m.patterns.find((candidate) => (candidate.glob ? candidate.glob.matches(action) : candidate.lower === lower))!;
      return { path: p.path, action: p.text };
    },
  };
}
