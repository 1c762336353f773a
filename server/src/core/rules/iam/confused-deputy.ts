import { definePolicyRule } from '../define';
import { getProperty, type ObjectNode } from '../../model/node';
import { conditionTests, effectOf } from '../../policy/statement-parts';
import type { Fix } from '../../types';
import { stringValues } from '../../policy/values';
import { SnippetValue } from '../../util/edits';
import { addConditionEdit } from '../shared/add-condition';
import type { DocLike } from '../../policy/view';

/** The keys AWS documents for cross-service confused deputy prevention. */
const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:SourceOwner'];

/**
 * Services that assume a role to run the user's own code on the user's own resources
 * (instances, functions, tasks, pods). They pass no source context when they do, so the
 * keys above cannot be used in such a role's trust policy.
 */
const RUNTIME_SERVICES = new Set([
  'ec2.amazonaws.com',
  'lambda.amazonaws.com',
  'edgelambda.amazonaws.com',
  'ecs-tasks.amazonaws.com',
  'eks.amazonaws.com',
  'eks-fargate-pods.amazonaws.com',
]);

/** The ARN service of resources a service principal acts for, where it differs from the principal's name. */
const SOURCE_ARN_SERVICE: Readonly<Record<string, string>> = { apigateway: 'execute-api' };

export default definePolicyRule({
  id: 'iam/confused-deputy',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    missingSource: 'The service principal "{{service}}" is allowed this on behalf of any account\'s resources; add an aws:SourceArn or aws:SourceAccount condition so it acts only for yours (confused deputy).',
  },
  docs: { summary: 'Warn when a service principal is allowed to assume a role or use a resource without an aws:SourceArn or aws:SourceAccount condition.' },
  fixable: true,
  check(ctx) {
    for (const statement of ctx.statements()) {
      const principal = getProperty(statement.node, 'Principal');
      if (effectOf(statement) !== 'Allow' || statement.node.kind !== 'object' || conditionTests(statement, SOURCE_KEYS)) {
        continue;
      }
      const trust = statement.site.policyType === 'trust';
      const servicePath = [...statement.path, 'Principal', 'Service'];
      const services = stringValues(ctx.doc, getProperty(principal, 'Service'), servicePath).filter(
        (v) => v.origin !== 'partial' && v.text.endsWith('.amazonaws.com') && !(trust && RUNTIME_SERVICES.has(v.text)),
      );
      const first = services[0];
      if (!first) {
        continue;
      }
      const node = statement.node;
      const condition = getProperty(node, 'Condition');
      ctx.report({
        root: statement.site.root,
        path: first.path,
        messageId: 'missingSource',
        data: { service: first.text },
        fix: !condition || condition.kind === 'object' ? () => sourceFixes(ctx.doc, node, first.text) : undefined,
      });
    }
  },
});

function sourceFixes(doc: DocLike, statement: ObjectNode, principal: string): Fix[] {
  // 111122223333 is the account id AWS's documentation uses in examples.
  const account = addConditionEdit(doc, statement, 'StringEquals', 'aws:SourceAccount', new SnippetValue([{ placeholder: 1, text: '111122223333' }]));
  const name = principal.slice(0, -'.amazonaws.com'.length);
  const arn = new SnippetValue([
    `arn:`,
    { placeholder: 1, text: 'aws' },
    `:${SOURCE_ARN_SERVICE[name] ?? name}:`,
    { placeholder: 2, text: '*' },
    ':',
    { placeholder: 3, text: '111122223333' },
    ':',
    { placeholder: 4, text: '*' },
  ]);
  const source = addConditionEdit(doc, statement, 'ArnLike', 'aws:SourceArn', arn);
  const fixes: Fix[] = [];
  if (account) {
    fixes.push({ title: 'Add an aws:SourceAccount condition', edits: [account], isPreferred: true });
  }
  if (source) {
    fixes.push({ title: 'Add an aws:SourceArn condition', edits: [source] });
  }
  return fixes;
}
