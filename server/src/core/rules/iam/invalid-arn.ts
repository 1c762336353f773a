import { definePolicyRule } from '../define';
import { arnProblem, PARTITIONS } from '../../policy/arn';
import { resourcesOf, isAuthored } from '../../policy/statement-parts';
import { elementItems } from '../../policy/values';
import { replaceScalar } from '../../util/edits';
import { closestMatch } from '../../util/similar';

export default definePolicyRule({
  id: 'iam/invalid-arn',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    prefix: '"{{resource}}" is not an ARN: ARNs start with "arn:", and the only other Resource value is "*".',
    segments: '"{{resource}}" has {{count}} colon-separated parts; an ARN has at least six: arn:partition:service:region:account:resource.',
    partition: '"{{value}}" is not an AWS partition; use one of {{partitions}} (or "*").',
    serviceWildcard: 'The service part of an ARN cannot hold a wildcard ("{{value}}"); name the service.',
    serviceCase: 'The service part of an ARN is lower-case: "{{value}}" never matches.',
    region: '"{{value}}" is not an AWS Region code such as "us-east-1"; leave it empty for global services, or use "*".',
    account: 'The account part of an ARN is a 12-digit account id, not "{{value}}".',
    emptyResource: '"{{resource}}" names no resource after the account; end it with the resource, or "*".',
    intrinsic: '{{fn}} is a CloudFormation function, but this is a standalone policy: IAM reads the object as it is, and an object is not an ARN. Write the ARN, or move the policy into a template.',
  },
  docs: { summary: 'Disallow Resource values that are not well-formed ARNs (wrong prefix, too few parts, bad partition, Region or account, wildcard in the service).' },
  fixable: true,
  check(ctx) {
    for (const statement of ctx.statements().filter(isAuthored)) {
      const { values, node, path } = resourcesOf(ctx.doc, statement);
      // Only a template resolves intrinsic functions; a policy file is sent to IAM as written.
      if (ctx.doc.kind === 'iam-policy') {
        elementItems(node).forEach((item, i) => {
          if (item.kind === 'intrinsic') {
            ctx.report({ root: statement.site.root, path: node?.kind === 'array' ? [...path, i] : path, messageId: 'intrinsic', data: { fn: item.fn } });
          }
        });
      }
      for (const value of values) {
        const text = value.text;
        // API Gateway resource policies may abbreviate to `execute-api:/stage/VERB/path`.
        const shorthand = text.startsWith('execute-api:/') && statement.site.policyType !== 'identity';
        if (text === '*' || shorthand || (value.origin === 'partial' && !text.startsWith('arn:'))) {
          continue;
        }
        const problem = arnProblem(text);
        if (!problem) {
          continue;
        }
        const fixed =
          problem.kind === 'prefix'
            ? problem.suggestion
            : problem.kind === 'serviceCase'
              ? text.replace(`:${problem.value}:`, `:${problem.value.toLowerCase()}:`)
              : problem.kind === 'partition'
                ? suggestPartition(text, problem.value)
                : undefined;
        ctx.report({
          root: statement.site.root,
          path: value.path,
          messageId: problem.kind,
          data: {
            resource: text,
            value: 'value' in problem ? problem.value : '',
            count: 'count' in problem ? problem.count : 0,
            partitions: PARTITIONS.map((p) => `"${p}"`).join(', '),
          },
          fix:
            fixed && value.origin === 'literal'
              ? () => [{ title: `Change to "${fixed}"`, edits: [replaceScalar(ctx.doc, value.node, fixed)], isPreferred: true }]
              : undefined,
        });
      }
    }
  },
});

function suggestPartition(text: string, partition: string): string | undefined {
  const near = closestMatch(partition, PARTITIONS, 2);
  return near ? `arn:${near}${text.slice(4 + partition.length)}` : undefined;
}
