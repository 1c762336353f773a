import { definePolicyRule } from '../define';
import { getProperty, kindName } from '../../model/node';

export default definePolicyRule({
  id: 'iam/invalid-statement',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    missing: 'The policy has no Statement element; a policy needs at least one statement.',
    wrongType: 'Statement must be an object or a list of objects, not {{type}}.',
    itemNotObject: 'Each statement must be an object, not {{type}}.',
    empty: 'The Statement list is empty, so the policy grants and denies nothing.',
  },
  docs: { summary: 'Require a Statement element that is a statement object or a list of them.' },
  check(ctx) {
    for (const site of ctx.policies()) {
      if (site.node.kind !== 'object') {
        continue;
      }
      const path = [...site.path, 'Statement'];
      const statement = getProperty(site.node, 'Statement');
      if (!statement) {
        ctx.report({ root: site.root, path, messageId: 'missing' });
      } else if (statement.kind === 'array') {
        if (statement.items.length === 0) {
          ctx.report({ root: site.root, path, messageId: 'empty' });
        }
        statement.items.forEach((item, i) => {
          if (item.kind !== 'object' && item.kind !== 'intrinsic') {
            ctx.report({ root: site.root, path: [...path, i], messageId: 'itemNotObject', data: { type: kindName(item) } });
          }
        });
      } else if (statement.kind !== 'object' && statement.kind !== 'intrinsic') {
        ctx.report({ root: site.root, path, messageId: 'wrongType', data: { type: kindName(statement) } });
      }
    }
  },
});
