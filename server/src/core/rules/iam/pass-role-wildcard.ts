import { definePolicyRule } from '../define';
import { getProperty } from '../../model/node';
import { splitAction } from '../../policy/actions';
import { conditionTests, effectOf, resourcesOf } from '../../policy/statement-parts';
import { stringValues } from '../../policy/values';
import { globMatch } from '../../util/glob';

export default definePolicyRule({
  id: 'iam/pass-role-wildcard',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    star: '"{{action}}" allows passing any role in the account to any service ({{resource}}), so the principal can run code with that role\'s permissions. Name the roles it may pass.',
    starToService: '"{{action}}" allows passing any role ({{resource}}) to the services iam:PassedToService names; name the roles it may pass.',
  },
  docs: { summary: 'Warn when an Allow grants iam:PassRole on every role ("Resource": "*" or NotResource).' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      if (effectOf(statement) !== 'Allow') {
        continue;
      }
      const { element, values } = resourcesOf(ctx.doc, statement);
      const everyRole = element === 'NotResource' ? 'NotResource' : values.some((v) => v.text === '*') ? '"Resource": "*"' : undefined;
      if (!everyRole) {
        continue;
      }
      // Only patterns that name the iam service: "*" grants everything and is
      // iam/wildcard-action's finding.
      const path = [...statement.path, 'Action'];
      const passRole = stringValues(ctx.doc, getProperty(statement.node, 'Action'), path).find(
        (v) => splitAction(v.text)?.prefix.toLowerCase() === 'iam' && globMatch(v.text, 'iam:PassRole', { ignoreCase: true }),
      );
      if (!passRole) {
        continue;
      }
      const limited = conditionTests(statement, ['iam:PassedToService']);
      ctx.report({
        root: statement.site.root,
        path: passRole.path,
        messageId: limited ? 'starToService' : 'star',
        severity: limited ? 'info' : undefined,
        data: { action: passRole.text, resource: everyRole },
      });
    }
  },
});
