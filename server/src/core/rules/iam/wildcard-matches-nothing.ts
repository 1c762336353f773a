import { definePolicyRule } from '../define';
import { isAuthored } from '../../policy/statement-parts';
import { statementActions } from '../../policy/actions';
import { replaceScalar } from '../../util/edits';
import { closestMatch } from '../../util/similar';

export default definePolicyRule({
  id: 'iam/wildcard-matches-nothing',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    nothing: '"{{action}}" matches no {{service}} action, so it grants (or denies) nothing.',
    misspelt: '"{{action}}" matches no {{service}} action, so it grants (or denies) nothing; did you mean "{{suggestion}}"?',
  },
  docs: { summary: 'Disallow action wildcards that match no action of their service, such as "s3:Gett*".' },
  fixable: true,
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    for (const statement of ctx.statements().filter(isAuthored)) {
      for (const { value, resolution } of statementActions(ctx.doc, catalog, statement).items) {
        if (resolution.kind !== 'actions' || !resolution.wildcard || resolution.actions.length > 0) {
          continue;
        }
        const names = resolution.service.actions.map((a) => a.name);
        const guess = suggestPrefix(resolution.name, names);
        const suggestion = guess ? `${resolution.service.prefix}:${guess}` : undefined;
        ctx.report({
          root: statement.site.root,
          path: value.path,
          messageId: suggestion ? 'misspelt' : 'nothing',
          data: { action: value.text, service: resolution.service.name, suggestion: suggestion ?? '' },
          // As with unknown actions: with no near miss, the pattern may name retired actions.
          severity: suggestion ? undefined : 'warning',
          fix:
            suggestion && value.origin === 'literal'
              ? () => [{ title: `Change to "${suggestion}"`, edits: [replaceScalar(ctx.doc, value.node, suggestion)], isPreferred: true }]
              : undefined,
        });
      }
    }
  },
});

/**
 * For the common shape `Prefix*`, the nearest prefix that some action names start with:
 * `Gett*` → `Get*`. Other shapes get no suggestion; guessing inside a pattern is unreliable.
 */
function suggestPrefix(pattern: string, names: readonly string[]): string | undefined {
  const m = /^([A-Za-z0-9]+)\*$/.exec(pattern);
  if (!m || m[1]!.length < 3) {
    return undefined;
  }
  const stem = m[1]!;
  const candidates = new Set<string>();
  for (const name of names) {
    for (let n = stem.length - 1; n <= stem.length + 1; n++) {
      if (n > 0 && n <= name.length) {
        candidates.add(name.slice(0, n));
      }
    }
  }
  const best = closestMatch(stem, candidates);
  return best ? `${best}*` : undefined;
}
