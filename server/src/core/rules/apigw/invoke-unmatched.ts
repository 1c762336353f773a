import { defineRule } from '../define';
import { getProperty } from '../../model/node';
import { stringValues } from '../../policy/values';
import { apiLogicalId, parseExecuteApiArn } from '../../apigw/arn';
import { methodsCovered } from '../../access/matrix';

export default defineRule({
  id: 'apigw/invoke-unmatched',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    unmatched: '"{{arn}}" matches no method of API {{api}}: the grant is stale or misspelt (a path that does not exist, a lower-case verb, a literal {param} instead of *).',
  },
  docs: { summary: 'Flag execute-api ARNs in policies that match no method of the API they name.' },
  check(ctx) {
    const access = ctx.access();
    for (const statement of ctx.statements()) {
      const actions = stringValues(ctx.doc, getProperty(statement.node, 'Action'), []).map((v) => v.text.toLowerCase());
      if (!actions.some((a) => a.startsWith('execute-api:') || a === '*')) {
        continue;
      }
      for (const value of stringValues(ctx.doc, getProperty(statement.node, 'Resource'), [...statement.path, 'Resource'])) {
        const arn = parseExecuteApiArn(value.text);
        if (!arn) {
          continue;
        }
        // Only an ARN that names one API we can see is judged: a wildcard, or a literal
        // API id the configuration does not tie to a template API, may be an API outside
        // the workspace.
        const mapped = arn.apiId !== undefined ? access.apis[arn.apiId] : undefined;
        const target = arn.shorthand
          ? { uri: access.self, id: statement.site.owner }
          : mapped
            ? { uri: mapped.uri, id: mapped.logicalId }
            : { uri: access.self, id: apiLogicalId(arn.apiId) };
        const methods = access.matrix.methods.filter((m) => m.uri === target.uri && m.method.api.id === target.id);
        if (!target.id || methods.length === 0) {
          continue;
        }
        const apiId = target.id;
        const owner = arn.shorthand ? methods[0] : undefined;
        const covered = methodsCovered(access.matrix, value.text, access.self, owner).filter((c) => c.uri === target.uri && c.method.api.id === apiId);
        if (covered.length === 0) {
          ctx.report({ root: statement.site.root, path: value.path, messageId: 'unmatched', data: { arn: value.text, api: apiId } });
        }
      }
    }
  },
});
