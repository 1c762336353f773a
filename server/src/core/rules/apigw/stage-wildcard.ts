import { definePolicyRule } from '../define';
import { getProperty } from '../../model/node';
import { stringValues } from '../../policy/values';
import { apiInventory } from '../../apigw/inventory';
import { apiLogicalId, parseExecuteApiArn } from '../../apigw/arn';

/** An API's logical id and its stage names. */
type ApiStages = [string, readonly string[]];

export default definePolicyRule({
  id: 'apigw/stage-wildcard',
  appliesTo: ['cfn', 'sam'],
  defaultSeverity: 'warning',
  messages: {
    anyStage: '"{{arn}}" grants {{action}} on every stage of {{api}}, which has the stages {{stages}}; a grant meant for one of them (dev) reaches the others (prod) too. Name the stage.',
  },
  docs: { summary: 'Warn when a policy grants execute-api access on all stages of an API that has several stages.' },
  // Besides the policy: the stages of the APIs it may name, which is all the rule reads of them.
  policyInputs: (doc) => JSON.stringify(apiInventory(doc).apis.map((a): ApiStages => [a.id, a.stages])),
  check(ctx) {
    const apis = (JSON.parse(ctx.inputs) as ApiStages[]).map(([id, stages]) => ({ id, stages }));
    const allStages = [...new Set(apis.flatMap((a) => a.stages).filter((s) => s !== '*'))];
    for (const statement of ctx.statements()) {
      const effect = getProperty(statement.node, 'Effect');
      if (effect?.kind !== 'string' || effect.value !== 'Allow') {
        continue;
      }
      const actions = stringValues(ctx.doc, getProperty(statement.node, 'Action'), [...statement.path, 'Action']).map((v) => v.text.toLowerCase());
      const action = actions.find((a) => a === 'execute-api:invoke' || a === 'execute-api:*' || a === '*');
      if (!action) {
        continue;
      }
      for (const value of stringValues(ctx.doc, getProperty(statement.node, 'Resource'), [...statement.path, 'Resource'])) {
        const arn = parseExecuteApiArn(value.text);
        if (!arn || arn.stage !== '*') {
          continue;
        }
        // The shorthand `execute-api:/…` of a resource policy means the API holding the policy.
        const apiId = arn.shorthand ? statement.site.owner : apiLogicalId(arn.apiId);
        const api = apis.find((a) => a.id === apiId);
        const stages = api ? api.stages.filter((s) => s !== '*') : arn.apiId === '*' ? allStages : [];
        if (stages.length > 1) {
          ctx.report({
            root: statement.site.root,
            path: value.path,
            messageId: 'anyStage',
            data: { arn: value.text, action: actions.includes('execute-api:invoke') ? 'execute-api:Invoke' : action, api: api?.id ?? 'every API', stages: stages.join(', ') },
          });
        }
      }
    }
  },
});
