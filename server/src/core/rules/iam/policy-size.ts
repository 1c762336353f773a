import { definePolicyRule } from '../define';
import type { DocNode } from '../../model/node';
import type { PolicyType } from '../../types';

/**
 * IAM quotas, counted without white space (IAM User Guide, "IAM and AWS STS quotas"):
 * managed policies 6,144 characters; role trust policies 2,048 by default (raisable to
 * 4,096). Resource policies have per-service limits and are not checked here.
 */
const LIMITS: Partial<Record<PolicyType, { limit: number; what: string }>> = {
  identity: { limit: 6144, what: 'managed policy' },
  trust: { limit: 2048, what: 'role trust policy' },
};

export default definePolicyRule({
  id: 'iam/policy-size',
  appliesTo: ['iam-policy', 'cfn', 'sam'],
  defaultSeverity: 'warning',
  messages: {
    tooLarge: 'The policy is {{size}} characters without white space, over the {{limit}}-character quota for a customer {{what}}; AWS rejects such a policy when you create it. Split it into several policies, or group actions with wildcards deliberately.',
  },
  docs: { summary: "Warn when a policy is larger than AWS's size quota for its type." },
  check(ctx) {
    for (const site of ctx.policies()) {
      const quota = LIMITS[site.policyType];
      if (!quota) {
        continue;
      }
      const size = compactSize(site.node);
      if (size > quota.limit) {
        ctx.report({ root: site.root, path: [...site.path, 'Statement'], target: 'key', messageId: 'tooLarge', data: { size, limit: quota.limit, what: quota.what } });
      }
    }
  },
});

/** Length of the policy as compact JSON, the form AWS counts. Intrinsics count as written. */
function compactSize(node: DocNode): number {
  switch (node.kind) {
    case 'object':
      // {"k":v,"k":v}
      return 2 + node.properties.reduce((n, p, i) => n + quotedSize(p.key) + 1 + compactSize(p.value) + (i > 0 ? 1 : 0), 0);
    case 'array':
      return 2 + node.items.reduce((n, item, i) => n + compactSize(item) + (i > 0 ? 1 : 0), 0);
    case 'intrinsic':
      return 2 + quotedSize(node.fn) + 1 + compactSize(node.arg);
    case 'string':
      return quotedSize(node.value as string);
    default:
      return node.source.length || String(node.value).length;
  }
}

/**
 * Nothing JSON escapes and no white space: the quoted form is the text and two quotes.
 * (The control characters' range is built from a string: a literal one in a regular
 * expression reads as a mistake.)
 */
const PLAIN = new RegExp(`^[^"\\\\\\s${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}\\ud800-\\udfff]*$`);

/** Length of a string as a JSON string, white space removed. */
function quotedSize(text: string): number {
  return PLAIN.test(text) ? text.length + 2 : JSON.stringify(text).replace(/\s/g, '').length;
}
