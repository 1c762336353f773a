import { defineResourceRule } from '../define';
import { walkNodes } from '../../model/walk';

/**
 * One ARN field as written: characters other than a colon, or whole `${…}` placeholders
 * (`${AWS::Region}` holds colons of its own), so a literal region beside
 * `${AWS::AccountId}`, or a literal account beside `*`, is still found.
 */
const FIELD = String.raw`(?:\$\{[^}]*\}|[^:$\s])*`;
const ARN = new RegExp(String.raw`arn:(aws[a-z-]*|\$\{AWS::Partition\}):([a-z0-9-]+):(?:([a-z]{2}(?:-[a-z]+)+-\d)|${FIELD}):(?:(\d{12})|${FIELD}):`, 'g');

export default defineResourceRule({
  id: 'cfn/hardcoded-account',
  appliesTo: ['cfn', 'sam'],
  defaultSeverity: 'info',
  messages: {
    account: 'The ARN names account {{account}} literally; use ${AWS::AccountId} (in Fn::Sub) so the template deploys to any account.',
    region: 'The ARN names region {{region}} literally; use ${AWS::Region} (in Fn::Sub) so the template deploys to any region.',
  },
  docs: { summary: 'Suggest ${AWS::AccountId} and ${AWS::Region} over literal account ids and regions in template ARNs.' },
  check(ctx) {
    // Only resources hold such ARNs worth a finding, so the rule has nothing outside them.
    const resource = ctx.resource;
    walkNodes(resource.node, resource.path, (node, at) => {
      // A policy written as a JSON string is checked through its parsed nodes, which the
      // walk visits next; checking the host string too would report each ARN twice.
      if (node.kind !== 'string' || node.embedded) {
        return;
      }
      const text = node.value as string;
      // One finding per string, the account before the region: a Lambda integration URI
      // holds the region-only apigateway ARN first and the function's ARN after it.
      let region: string | undefined;
      ARN.lastIndex = 0;
      for (let m = ARN.exec(text); m; m = ARN.exec(text)) {
        const account = m[4];
        if (account) {
          ctx.report({ root: resource.root, path: at.path(), messageId: 'account', data: { account } });
          return;
        }
        region ??= m[3];
      }
      if (region) {
        ctx.report({ root: resource.root, path: at.path(), messageId: 'region', data: { region } });
      }
    });
  },
});
