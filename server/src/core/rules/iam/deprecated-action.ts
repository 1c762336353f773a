import { definePolicyRule } from '../define';
import { isAuthored } from '../../policy/statement-parts';
import { statementActions } from '../../policy/actions';
import { getProperty } from '../../model/node';
import { replaceWithValues } from '../../util/edits';

/**
 * Replacements the reference does not name in a usable form, kept here by hand. Each entry
 * cites the reference's own wording: lambda:InvokeAsync is "(Deprecated)" with no successor
 * (Lambda's API reference points to Invoke); the OpenSearch service-role actions say "Use
 * the IAM API" for service-linked roles.
 */
const KNOWN_REPLACEMENTS: Readonly<Record<string, readonly string[]>> = {
  'lambda:invokeasync': ['lambda:InvokeFunction'],
  'es:createelasticsearchservicerole': ['iam:CreateServiceLinkedRole'],
  'es:deleteelasticsearchservicerole': ['iam:DeleteServiceLinkedRole'],
};

export default definePolicyRule({
  id: 'iam/deprecated-action',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    replaced: '"{{action}}" is deprecated; use {{replacement}} instead.',
    deprecated: '"{{action}}" is deprecated and AWS names no replacement; check whether the statement still needs it.',
  },
  docs: { summary: 'Warn about deprecated actions, naming the action that replaces them.' },
  fixable: true,
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    for (const statement of ctx.statements().filter(isAuthored)) {
      const actions = statementActions(ctx.doc, catalog, statement);
      const element = actions.element ? getProperty(statement.node, actions.element) : undefined;
      for (const { value, resolution } of actions.items) {
        if (resolution.kind !== 'actions' || resolution.wildcard || !resolution.actions[0]?.deprecated) {
          continue;
        }
        const action = resolution.actions[0];
        const full = `${resolution.service.prefix}:${action.name}`;
        const replacements = action.replacedBy?.length
          ? action.replacedBy.map((name) => `${resolution.service.prefix}:${name}`)
          : (KNOWN_REPLACEMENTS[full.toLowerCase()] ?? []);
        ctx.report({
          root: statement.site.root,
          path: value.path,
          messageId: replacements.length > 0 ? 'replaced' : 'deprecated',
          data: { action: value.text, replacement: replacements.map((r) => `"${r}"`).join(', ') },
          fix:
            replacements.length > 0 && element && value.origin === 'literal'
              ? () => [
                  {
                    title: `Replace with ${replacements.join(', ')}`,
                    edits: [replaceWithValues(ctx.doc, element, value.node, replacements)],
                    isPreferred: true,
                    // One documented successor is a mechanical rename; several need a look.
                    fixAll: replacements.length === 1,
                  },
                ]
              : undefined,
        });
      }
    }
  },
});
