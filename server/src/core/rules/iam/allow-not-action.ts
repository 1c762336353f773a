import { definePolicyRule } from '../define';
import { effectOf } from '../../policy/statement-parts';
import { findProperty } from '../../model/node';
import { administratorGrant } from '../../policy/admin';

export default definePolicyRule({
  id: 'iam/allow-not-action',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    allowNotAction: 'Allow with NotAction grants every action of every service except those listed, including actions AWS adds later. List the actions to allow in Action instead.',
  },
  docs: { summary: 'Warn about Allow statements that use NotAction, which grant everything except the listed actions.' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      const prop = findProperty(statement.node, 'NotAction');
      // With Deny, NotAction is the usual way to say "deny all but these"; only Allow is risky.
      // On every resource it is administrator access: iam/full-admin says so, louder.
      if (prop && effectOf(statement) === 'Allow' && !administratorGrant(ctx.doc, statement)) {
        ctx.report({ root: statement.site.root, path: [...statement.path, 'NotAction'], target: 'key', messageId: 'allowNotAction' });
      }
    }
  },
});
