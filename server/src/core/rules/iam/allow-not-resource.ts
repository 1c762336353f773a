import { definePolicyRule } from '../define';
import { effectOf } from '../../policy/statement-parts';
import { findProperty } from '../../model/node';

export default definePolicyRule({
  id: 'iam/allow-not-resource',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    allowNotResource: 'Allow with NotResource grants the actions on every resource except those listed, in every service and account, including resources created later. Name the resources in Resource instead.',
  },
  docs: { summary: 'Warn about Allow statements that use NotResource, which grant the actions on everything except the listed resources.' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      const prop = findProperty(statement.node, 'NotResource');
      // Deny with NotResource ("deny everywhere but here") is a sound guard rail.
      if (prop && effectOf(statement) === 'Allow') {
        ctx.report({ root: statement.site.root, path: [...statement.path, 'NotResource'], target: 'key', messageId: 'allowNotResource' });
      }
    }
  },
});
