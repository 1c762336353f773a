import { definePolicyRule } from '../define';
import { getProperty } from '../../model/node';
import { parseOperator } from '../../policy/operators';
import { renameKey } from '../../util/edits';

export default definePolicyRule({
  id: 'iam/unknown-condition-operator',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    unknown: '"{{operator}}" is not a condition operator; IAM rejects the policy.',
    misspelt: '"{{operator}}" is not a condition operator; did you mean "{{suggestion}}"? IAM rejects the policy as written.',
    badPrefix: '"{{operator}}" has an unknown set prefix; only "ForAllValues:" and "ForAnyValue:" exist.',
    nullIfExists: 'The Null operator cannot take the IfExists suffix: Null already tests whether the key exists. Use "{{suggestion}}".',
    wrongCase: 'Condition operators are written in exact case: "{{suggestion}}", not "{{operator}}".',
  },
  docs: { summary: 'Disallow condition operators that do not exist, including misspelt IfExists suffixes and set prefixes.' },
  fixable: true,
  check(ctx) {
    for (const statement of ctx.statements()) {
      const condition = getProperty(statement.node, 'Condition');
      if (!condition || condition.kind !== 'object') {
        continue;
      }
      for (const prop of condition.properties) {
        const parsed = parseOperator(prop.key);
        if (parsed.ok) {
          continue;
        }
        const suggestion = parsed.suggestion;
        const messageId = parsed.reason === 'unknown' ? (suggestion ? 'misspelt' : 'unknown') : parsed.reason;
        ctx.report({
          root: statement.site.root,
          path: [...statement.path, 'Condition', prop.key],
          target: 'key',
          messageId,
          severity: messageId === 'wrongCase' ? 'warning' : undefined,
          data: { operator: prop.key, suggestion: suggestion ?? '' },
          fix: suggestion
            ? () => [{ title: `Change to "${suggestion}"`, edits: [renameKey(ctx.doc, prop, suggestion)], isPreferred: true }]
            : undefined,
        });
      }
    }
  },
});
