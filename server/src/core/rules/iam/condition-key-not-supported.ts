import { definePolicyRule } from '../define';
import { statementActions } from '../../policy/actions';
import { conditionEntries, isAuthored } from '../../policy/statement-parts';

export default definePolicyRule({
  id: 'iam/condition-key-not-supported',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    unsupported: 'None of this statement\'s actions ({{actions}}) supports the condition key "{{key}}", so requests for them never carry it: an Allow then never applies, a Deny never denies.',
  },
  docs: { summary: 'Warn when a service condition key is supported by none of the statement\'s actions (global "aws:" keys always apply).' },
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    for (const statement of ctx.statements().filter(isAuthored)) {
      const entries = conditionEntries(statement);
      if (entries.length === 0) {
        continue;
      }
      // Only a fully known Action list can prove that no action supports a key.
      const granted = statementActions(ctx.doc, catalog, statement).granted;
      if (!granted || granted.length === 0) {
        continue;
      }
      for (const entry of entries) {
        const found = catalog.conditionKey(entry.key);
        // Unknown keys are iam/unknown-condition-key's; global keys apply to every request.
        if (!found || found.global || entry.key.toLowerCase().startsWith('aws:')) {
          continue;
        }
        if (!granted.some((g) => catalog.actionsSupportingKey(g.service.prefix, entry.key).has(g.action))) {
          const first = `${granted[0]!.service.prefix}:${granted[0]!.action.name}`;
          ctx.report({
            root: statement.site.root,
            path: entry.path,
            target: 'key',
            messageId: 'unsupported',
            data: { key: entry.key, actions: granted.length === 1 ? first : `${first} and ${granted.length - 1} more` },
          });
        }
      }
    }
  },
});

