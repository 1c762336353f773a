import { definePolicyRule } from '../define';
import { administratorGrant } from '../../policy/admin';

export default definePolicyRule({
  id: 'iam/full-admin',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  // As loud as iam/privilege-escalation (whose findings an administrator has all of), and no
  // louder: AWS's own AdministratorAccess is exactly this statement, and a warning there is
  // the truth about it rather than a mistake in it.
  defaultSeverity: 'warning',
  messages: {
    all: '"{{action}}" on every resource is administrator access: every action of every service, IAM included, so the principal can grant itself anything else. Name the actions and resources it needs.',
    allBut: 'Allow with NotAction on every resource is administrator access except {{except}}: every other action of every service, including ones AWS adds later. Name the actions and resources it needs.',
  },
  docs: { summary: 'Warn when an Allow grants every action ("*", "*:*", or NotAction) on every resource: administrator access.' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      // In a resource policy `"Resource": "*"` means this resource, and a public or foreign
      // principal there is iam/principal-wildcard's finding; administrator access is a
      // property of an identity's own policies.
      if (statement.site.policyType !== 'identity') {
        continue;
      }
      const grant = administratorGrant(ctx.doc, statement);
      if (!grant) {
        continue;
      }
      const root = statement.site.root;
      if (grant.kind === 'all') {
        ctx.report({ root, path: grant.path, messageId: 'all', data: { action: grant.action } });
      } else {
        ctx.report({ root, path: grant.path, target: 'key', messageId: 'allBut', data: { except: grant.except.join(', '), count: grant.except.length } });
      }
    }
  },
});
