import { definePolicyRule, type PolicyRuleContext } from '../define';
import type { ObjectNode, Path } from '../../model/node';
import { POLICY_ELEMENTS, STATEMENT_ELEMENTS } from '../../policy/statements';
import { renameKey } from '../../util/edits';
import { closestMatch } from '../../util/similar';

type Messages = 'unknown' | 'misspelt' | 'wrongCase';

export default definePolicyRule<Messages>({
  id: 'iam/unknown-element',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    unknown: '"{{key}}" is not a {{level}} element; IAM rejects the policy. Allowed: {{allowed}}.',
    misspelt: '"{{key}}" is not a {{level}} element; did you mean "{{suggestion}}"? IAM rejects the policy as written.',
    wrongCase: 'Element names are case-sensitive: write "{{suggestion}}", not "{{key}}".',
  },
  docs: { summary: 'Disallow unknown or misspelt element names in policies and statements, such as "Condtion".' },
  fixable: true,
  check(ctx) {
    for (const site of ctx.policies()) {
      if (site.node.kind === 'object') {
        checkKeys(ctx, site.root, site.path, site.node, POLICY_ELEMENTS, 'policy');
      }
    }
    for (const statement of ctx.statements()) {
      if (statement.node.kind === 'object') {
        checkKeys(ctx, statement.site.root, statement.path, statement.node, STATEMENT_ELEMENTS, 'statement');
      }
    }
  },
});

function checkKeys(
  ctx: PolicyRuleContext<Messages>,
  root: number,
  path: Path,
  obj: ObjectNode,
  allowed: readonly string[],
  level: string,
): void {
  for (const prop of obj.properties) {
    if (allowed.includes(prop.key)) {
      continue;
    }
    // Only suggest elements the object does not have yet: renaming "Efect" to "Effect"
    // next to an existing Effect would only trade one error for a duplicate key.
    const candidates = allowed.filter((a) => !obj.properties.some((p) => p.key === a));
    const suggestion = prop.key.length >= 3 ? closestMatch(prop.key, candidates) : undefined;
    const messageId: Messages = !suggestion
      ? 'unknown'
      : suggestion.toLowerCase() === prop.key.toLowerCase()
        ? 'wrongCase'
        : 'misspelt';
    ctx.report({
      root,
      path: [...path, prop.key],
      target: 'key',
      messageId,
      data: { key: prop.key, level, allowed: allowed.join(', '), suggestion: suggestion ?? '' },
      fix: suggestion
        ? () => [{ title: `Rename to "${suggestion}"`, edits: [renameKey(ctx.doc, prop, suggestion)], isPreferred: true }]
        : undefined,
    });
  }
}
