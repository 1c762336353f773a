import { defineResourceRule, type Report } from '../define';
import { getProperty, type DocNode, type Path } from '../../model/node';
import { walkNodes } from '../../model/walk';

const ACCESS_KEY_ID = /\b(AKIA|ASIA)[A-Z0-9]{16}\b/;

export default defineResourceRule({
  id: 'apigw/static-credentials',
  appliesTo: ['cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    accessKeyResource: 'AWS::IAM::AccessKey creates long-lived credentials that end up in outputs, parameters or code. Use an IAM role and temporary credentials from STS instead.',
    accessKeyText: 'This looks like an AWS access key id ({{prefix}}…). Never put credentials in a template: use a role, or a dynamic reference to Secrets Manager.',
  },
  docs: { summary: 'Disallow long-lived access keys in templates: AWS::IAM::AccessKey resources and strings shaped like access key ids.' },
  check(ctx) {
    const resource = ctx.resource;
    const type = resource.node.kind === 'object' ? resource.node.properties.find((p) => p.key === 'Type')?.value : undefined;
    if (type?.kind === 'string' && type.value === 'AWS::IAM::AccessKey') {
      ctx.report({ root: resource.root, path: [...resource.path, 'Type'], messageId: 'accessKeyResource', severity: 'warning' });
    }
    checkStrings(ctx.report, resource.root, resource.node, resource.path);
  },
  checkRest(ctx) {
    ctx.doc.roots.forEach((root, rootIndex) => {
      const kind = ctx.doc.kinds[rootIndex];
      if (kind === 'unknown' || kind === 'iam-policy') {
        return;
      }
      if (root.kind !== 'object' || (kind !== 'cfn' && kind !== 'sam')) {
        checkStrings(ctx.report, rootIndex, root, []);
        return;
      }
      // A template's sections other than its resources (parameters' defaults, outputs …).
      const resources = getProperty(root, 'Resources');
      for (const section of root.properties) {
        if (section.value !== resources || resources.kind !== 'object') {
          checkStrings(ctx.report, rootIndex, section.value, [section.key]);
        }
      }
    });
  },
});

/** Reports every string under `node` shaped like an access key id. */
function checkStrings(report: (report: Report<'accessKeyResource' | 'accessKeyText'>) => void, root: number, node: DocNode, path: Path): void {
  walkNodes(node, path, (n, at) => {
    // A JSON string parsed as an embedded policy is checked through its own nodes.
    if (n.kind === 'string' && !n.embedded) {
      const m = ACCESS_KEY_ID.exec(n.value as string);
      if (m) {
        report({ root, path: at.path(), messageId: 'accessKeyText', data: { prefix: m[1]! }, severity: 'error' });
      }
    }
  });
}
