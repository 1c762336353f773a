import { definePolicyRule } from '../define';
import { getProperty, scalarText, type Path } from '../../model/node';
import { exclusiveBranches, statementsOf } from '../../policy/statements';

export default definePolicyRule({
  id: 'iam/duplicate-sid',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    duplicate: 'Sid "{{sid}}" is already used by statement {{first}} of this policy; Sids must be unique within a policy.',
  },
  docs: { summary: 'Require statement ids (Sid) to be unique within a policy.' },
  check(ctx) {
    for (const site of ctx.policies()) {
      const seen = new Map<string, { index: number; path: Path }[]>();
      statementsOf(site).forEach((statement, index) => {
        const sid = scalarText(getProperty(statement.node, 'Sid'));
        if (sid === undefined || sid === '') {
          return;
        }
        const earlier = seen.get(sid) ?? [];
        seen.set(sid, [...earlier, { index, path: statement.path }]);
        // The two branches of one `Fn::If` are never in the policy together.
        const first = earlier.find((e) => !exclusiveBranches(e.path, statement.path))?.index;
        if (first === undefined) {
          return;
        }
        ctx.report({
          root: site.root,
          path: [...statement.path, 'Sid'],
          messageId: 'duplicate',
          data: { sid, first: first + 1 },
          // IAM accepts repeated Sids in identity policies (Access Analyzer recommends
          // against them); resource and trust policies reject them.
          severity: site.policyType === 'identity' ? 'warning' : 'error',
        });
      });
    }
  },
});
