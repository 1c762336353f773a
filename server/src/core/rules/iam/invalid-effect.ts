import { definePolicyRule } from '../define';
import { findProperty } from '../../model/node';
import { replaceScalar } from '../../util/edits';
import { closestMatch } from '../../util/similar';

const EFFECTS = ['Allow', 'Deny'];

export default definePolicyRule({
  id: 'iam/invalid-effect',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    missing: 'The statement has no Effect; every statement must say "Allow" or "Deny".',
    invalid: 'Effect "{{value}}" is not valid; it must be "Allow" or "Deny" (case-sensitive).',
    wrongType: 'Effect must be the string "Allow" or "Deny", not {{type}}.',
  },
  docs: { summary: 'Require each statement\'s Effect to be exactly "Allow" or "Deny".' },
  fixable: true,
  check(ctx) {
    for (const statement of ctx.statements()) {
      if (statement.node.kind !== 'object') {
        continue;
      }
      const path = [...statement.path, 'Effect'];
      const prop = findProperty(statement.node, 'Effect');
      if (!prop) {
        ctx.report({ root: statement.site.root, path, messageId: 'missing' });
        continue;
      }
      const value = prop.value;
      if (value.kind === 'intrinsic') {
        continue;
      }
      if (value.kind !== 'string') {
        ctx.report({
          root: statement.site.root,
          path,
          messageId: 'wrongType',
          data: { type: value.kind },
          fix: () => EFFECTS.map((e) => ({ title: `Set Effect to "${e}"`, edits: [replaceScalar(ctx.doc, value, e)] })),
        });
        continue;
      }
      const text = value.value as string;
      if (EFFECTS.includes(text)) {
        continue;
      }
      const suggestion = closestMatch(text, EFFECTS, Math.max(2, Math.floor(text.length / 2)));
      ctx.report({
        root: statement.site.root,
        path,
        messageId: 'invalid',
        data: { value: text },
        fix: () => {
          const ordered = suggestion ? [suggestion, ...EFFECTS.filter((e) => e !== suggestion)] : EFFECTS;
          return ordered.map((e) => ({
            title: `Change to "${e}"`,
            edits: [replaceScalar(ctx.doc, value, e)],
            isPreferred: e === suggestion,
          }));
        },
      });
    }
  },
});
