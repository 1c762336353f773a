import { defineRule } from '../define';
import { walkNodes } from '../../model/walk';

const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

export default defineRule({
  id: 'apigw/static-credentials',
  appliesTo: ['cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    accessKeyResource: 'AWS::IAM::AccessKey creates long-lived credentials that end up in outputs, parameters or code. Use an IAM role and temporary credentials from STS instead.',
    accessKeyText: 'This looks like an AWS access key id ({{prefix}}…). Never put credentials in a template: use a role, or a dynamic reference to Secrets Manager.',
  },
  docs: { summary: 'Disallow long-lived access keys in templates: AWS::IAM::AccessKey resources and strings shaped like access key ids.' },
  check(ctx) {
    ctx.doc.roots.forEach((root, rootIndex) => {
      if (ctx.doc.kinds[rootIndex] === 'unknown' || ctx.doc.kinds[rootIndex] === 'iam-policy') {
        return;
      }
      walkNodes(root, [], (node, at) => {
        if (node.kind === 'object' && at.depth === 2 && at.path()[0] === 'Resources') {
          const type = node.properties.find((p) => p.key === 'Type')?.value;
          if (type?.kind === 'string' && type.value === 'AWS::IAM::AccessKey') {
            ctx.report({ root: rootIndex, path: [...at.path(), 'Type'], messageId: 'accessKeyResource', severity: 'warning' });
          }
        }
        // A JSON string parsed as an embedded policy is checked through its own nodes.
        if (node.kind === 'string' && !node.embedded) {
          const m = ACCESS_KEY_ID.exec(node.value as string);
          if (m) {
            ctx.report({ root: rootIndex, path: at.path(), messageId: 'accessKeyText', data: { prefix: m[1]! }, severity: 'error' });
          }
        }
      });
    });
  },
});
