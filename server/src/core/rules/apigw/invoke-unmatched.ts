import { defineRule } from '../define';
import { mayHoldStaleGrant } from '../../access/stale';

export default defineRule({
  id: 'apigw/invoke-unmatched',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  crossFile: true,
  messages: {
    unmatched: '"{{arn}}" matches no method of API {{api}}: the grant is stale or misspelt (a path that does not exist, a lower-case verb, a literal {param} instead of *).',
  },
  docs: { summary: 'Flag execute-api ARNs in policies that match no method of the API they name.' },
  check(ctx) {
    // Most policies grant nothing on execute-api: they need no access analysis at all.
    const candidates = ctx.statements().filter((statement) => mayHoldStaleGrant(ctx.doc, statement));
    if (candidates.length === 0) {
      return;
    }
    const access = ctx.access();
    for (const statement of candidates) {
      ctx.checkpoint();
      for (const { value, api } of access.stale(ctx.doc, statement)) {
        ctx.report({ root: statement.site.root, path: value.path, messageId: 'unmatched', data: { arn: value.text, api } });
      }
    }
  },
});
