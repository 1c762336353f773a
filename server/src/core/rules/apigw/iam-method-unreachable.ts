import { defineRule } from '../define';
import { apiInventory } from '../../apigw/inventory';

export default defineRule({
  id: 'apigw/iam-method-unreachable',
  appliesTo: ['cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'info',
  crossFile: true,
  messages: {
    unreachable: '{{method}} {{path}} requires AWS_IAM, but no principal in the workspace is allowed to invoke it. Callers from outside the workspace need a policy granting execute-api:Invoke on it; if none are meant to, the method is dead.',
  },
  docs: { summary: 'Point out methods with IAM authorization that no principal in the workspace can invoke.' },
  check(ctx) {
    // Only a document with IAM-authorised methods of its own needs the access analysis.
    if (!apiInventory(ctx.doc).methods.some((m) => m.authorization.type === 'AWS_IAM' && m.includedFrom === undefined)) {
      return;
    }
    const access = ctx.access();
    for (const { uri, method } of access.matrix.methods) {
      if (uri !== access.self || method.authorization.type !== 'AWS_IAM' || method.includedFrom !== undefined) {
        continue;
      }
      ctx.checkpoint();
      const reachable = access.matrix.rowsByMethod.some(method, (r) => r.decision !== 'deny');
      if (!reachable) {
        ctx.report({ root: method.root, path: method.declaredAt, target: 'key', messageId: 'unreachable', data: { method: method.method, path: method.path } });
      }
    }
  },
});
