import { definePolicyRule } from '../define';
import { findProperty } from '../../model/node';

export default definePolicyRule({
  id: 'iam/element-not-allowed',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    principalInIdentity: '{{element}} has no meaning in an identity policy: the principal is whoever the policy is attached to. Remove it.',
    resourceInTrust: '{{element}} is not allowed in a role trust policy: the resource is the role itself. Remove it.',
    notPrincipalInTrust: 'NotPrincipal is not allowed in a role trust policy; name the principals that may assume the role in Principal.',
  },
  docs: { summary: 'Disallow elements that the policy type forbids: Principal in identity policies, Resource and NotPrincipal in trust policies.' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      const { root, policyType, policyTypeKnown } = statement.site;
      const report = (element: string, messageId: 'principalInIdentity' | 'resourceInTrust' | 'notPrincipalInTrust'): void => {
        if (findProperty(statement.node, element)) {
          ctx.report({ root, path: [...statement.path, element], target: 'key', messageId, data: { element } });
        }
      };
      // An identity policy is only known to be one from where it is written: in a raw
      // file, a Principal is what makes us read the policy as a resource policy.
      if (policyType === 'identity' && policyTypeKnown) {
        report('Principal', 'principalInIdentity');
        report('NotPrincipal', 'principalInIdentity');
      }
      if (policyType === 'trust') {
        report('Resource', 'resourceInTrust');
        report('NotResource', 'resourceInTrust');
        report('NotPrincipal', 'notPrincipalInTrust');
      }
    }
  },
});
