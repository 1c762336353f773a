/**
 * The three element pairs a statement may hold one of, never both: Action/NotAction,
 * Resource/NotResource, Principal/NotPrincipal. One factory, three rules, so each keeps
 * its own id, severity setting and docs page.
 */
import { definePolicyRule, type Rule } from '../define';
import { findProperty } from '../../model/node';

export function exclusivePairRule(element: 'Action' | 'Resource' | 'Principal'): Rule<'both'> {
  const slug = element.toLowerCase();
  return definePolicyRule({
    id: `iam/${slug}-and-not-${slug}`,
    appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
      defaultSeverity: 'error',
    messages: {
      both: `A statement may have ${element} or Not${element}, not both; IAM rejects the policy. Keep the one you mean.`,
    },
    docs: { summary: `Disallow a statement that has both ${element} and Not${element}.` },
    check(ctx) {
      for (const statement of ctx.statements()) {
        const positive = findProperty(statement.node, element);
        const negative = findProperty(statement.node, `Not${element}`);
        if (positive && negative) {
          // The finding goes on whichever of the two the user wrote second.
          const later = positive.keyOffset > negative.keyOffset ? positive : negative;
          ctx.report({ root: statement.site.root, path: [...statement.path, later.key], target: 'key', messageId: 'both' });
        }
      }
    },
  });
}
