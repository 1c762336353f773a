import { definePolicyRule } from '../define';
import { findProperty } from '../../model/node';

export default definePolicyRule({
  id: 'iam/missing-element',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    action: 'The statement has neither Action nor NotAction, so it applies to no request.',
    resource: 'The statement has neither Resource nor NotResource; {{policyType}} policies require one.',
    principal: 'The statement has neither Principal nor NotPrincipal; {{policyType}} policies must name who they apply to.',
  },
  docs: { summary: 'Require the elements each statement needs: an action, a resource (except in trust policies) and a principal (in resource and trust policies).' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      if (statement.node.kind !== 'object') {
        continue;
      }
      const has = (element: string): boolean =>
        findProperty(statement.node, element) !== undefined || findProperty(statement.node, `Not${element}`) !== undefined;
      const { root, policyType } = statement.site;
      if (!has('Action')) {
        ctx.report({ root, path: [...statement.path, 'Action'], messageId: 'action' });
      }
      // Trust policies name the role itself as the resource, implicitly, and so do the
      // policies of a few resource types (an ECR repository's).
      if (policyType !== 'trust' && !statement.site.impliedResource && !has('Resource')) {
        ctx.report({ root, path: [...statement.path, 'Resource'], messageId: 'resource', data: { policyType } });
      }
      if (policyType !== 'identity' && !has('Principal')) {
        ctx.report({ root, path: [...statement.path, 'Principal'], messageId: 'principal', data: { policyType } });
      }
    }
  },
});
