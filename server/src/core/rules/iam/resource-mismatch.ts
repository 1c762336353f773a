import { definePolicyRule } from '../define';
import type { LoadedService } from '../../data/catalog';
import { statementActions, type GrantedAction } from '../../policy/actions';
import { arnMatchesTemplate, arnProblem, expandExecuteApiShorthand } from '../../policy/arn';
import { resourcesOf, isAuthored } from '../../policy/statement-parts';

export default definePolicyRule({
  id: 'iam/resource-mismatch',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    resource: 'No action of this statement applies to "{{resource}}", so this resource grants nothing: it is the wrong kind of resource for {{actions}}.',
    action: '"{{action}}" applies to none of the statement\'s resources ({{expected}}), so the statement does not grant it.',
    needsStar: '"{{action}}" does not support resource-level permissions: it is granted only with "Resource": "*".',
  },
  docs: { summary: 'Warn when a resource ARN fits none of the statement\'s actions, or an action fits none of its resources.' },
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    for (const statement of ctx.statements().filter(isAuthored)) {
      const resources = resourcesOf(ctx.doc, statement);
      const actions = statementActions(ctx.doc, catalog, statement);
      // Only a fully known Action list against a Resource list can be compared.
      if (resources.element !== 'Resource' || !actions.granted || actions.granted.length === 0) {
        continue;
      }
      const arns = resources.values
        .map((v) => ({ value: v, arn: expandExecuteApiShorthand(v.text) ?? v.text }))
        .filter(({ arn }) => arn !== '*' && !arnProblem(arn))
        .map((r) => ({ ...r, types: new Map<string, boolean>() }));
      if (arns.length === 0 || arns.length !== resources.values.length) {
        continue; // "*" fits every action; a malformed ARN is iam/invalid-arn's.
      }
      const root = statement.site.root;
      // Many actions share a resource type: each type is matched once per ARN.
      const fits = (g: GrantedAction, arn: (typeof arns)[number]): boolean =>
        g.action.resourceTypes.some((rt) => {
          const key = `${g.service.prefix}:${rt.type}`;
          let fit = arn.types.get(key);
          if (fit === undefined) {
            fit = (g.service.resourceTypes.get(rt.type)?.arns ?? []).some((t) => arnMatchesTemplate(arn.arn, t));
            arn.types.set(key, fit);
          }
          return fit;
        });
      for (const arn of arns) {
        const { value } = arn;
        if (!actions.granted.some((g) => fits(g, arn))) {
          ctx.report({ root, path: value.path, messageId: 'resource', data: { resource: value.text, actions: describe(actions.granted) } });
        }
      }
      // Per action only where the user named it: an expanded wildcard always holds
      // actions of other resource types, and that is what wildcards are for.
      for (const { value, resolution } of actions.items) {
        if (resolution.kind !== 'actions' || resolution.wildcard || resolution.actions.length !== 1) {
          continue;
        }
        const g = { service: resolution.service, action: resolution.actions[0]! };
        if (arns.some((r) => fits(g, r))) {
          continue;
        }
        const types = g.action.resourceTypes.map((rt) => rt.type);
        ctx.report({
          root,
          path: value.path,
          messageId: types.length === 0 ? 'needsStar' : 'action',
          data: { action: value.text, expected: expected(g.service, types) },
        });
      }
    }
  },
});

/** "s3:GetObject and 2 more", for a message that must stay one line. */
function describe(granted: readonly GrantedAction[]): string {
  const first = `${granted[0]!.service.prefix}:${granted[0]!.action.name}`;
  return granted.length === 1 ? first : `${first} and ${granted.length - 1} more`;
}

function expected(service: LoadedService, types: readonly string[]): string {
  const arns = types.flatMap((t) => service.resourceTypes.get(t)?.arns ?? []);
  return arns.length > 0 ? `it needs ${arns.slice(0, 2).join(' or ')}${arns.length > 2 ? ' …' : ''}` : 'it needs "*"';
}
