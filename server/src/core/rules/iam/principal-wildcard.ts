import { definePolicyRule } from '../define';
import { getProperty, type DocNode, type Path } from '../../model/node';
import { conditionEntries, effectOf, type ConditionEntry } from '../../policy/statement-parts';
import { statementsOf, type StatementRef } from '../../policy/statements';
import { SnippetValue } from '../../util/edits';
import { addConditionEdit } from '../shared/add-condition';

/**
 * Condition keys that limit who may use a statement with a wildcard principal: the
 * caller's organization, account or identity, or the network path the request took.
 */
const RESTRICTING = new Set(
  [
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalServiceName',
    'aws:PrincipalIsAWSService',
    'aws:userid',
    'aws:username',
    'aws:SourceArn',
    'aws:SourceAccount',
    'aws:SourceOwner',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceVpcArn',
    'aws:SourceIp',
    'aws:VpcSourceIp',
    's3:DataAccessPointAccount',
    's3:DataAccessPointArn',
    'kms:CallerAccount',
    'kms:ViaService',
  ].map((k) => k.toLowerCase()),
);

export default definePolicyRule({
  id: 'iam/principal-wildcard',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    anyone: '{{principal}} allows anyone, in any AWS account or none, and nothing in the Condition narrows it. Name the principals, or add a condition such as aws:PrincipalOrgID, aws:SourceAccount or aws:SourceVpce.',
    anyoneAssume: '{{principal}} lets any AWS principal in any account assume this role. Name the accounts or roles that may, or add a condition such as aws:PrincipalOrgID.',
  },
  docs: { summary: 'Warn when an Allow has Principal "*" (or {"AWS": "*"}) and no condition that limits who the caller can be.' },
  fixable: true,
  check(ctx) {
    for (const statement of ctx.statements()) {
      const principal = getProperty(statement.node, 'Principal');
      const star = principal ? wildcardIn(principal, [...statement.path, 'Principal']) : undefined;
      if (!star || effectOf(statement) !== 'Allow' || statement.node.kind !== 'object') {
        continue;
      }
      if (conditionEntries(statement).some(restricts) || allowListedByDeny(statement)) {
        continue;
      }
      const node = statement.node;
      const condition = getProperty(node, 'Condition');
      ctx.report({
        root: statement.site.root,
        path: star.path,
        messageId: statement.site.policyType === 'trust' ? 'anyoneAssume' : 'anyone',
        data: { principal: star.label },
        // A Condition written as an intrinsic function has no block to add to.
        fix:
          !condition || condition.kind === 'object'
            ? () => {
                const edit = addConditionEdit(ctx.doc, node, 'StringEquals', 'aws:PrincipalOrgID', new SnippetValue([{ placeholder: 1, text: 'o-exampleorgid' }]));
                return edit ? [{ title: 'Allow only principals of your organization (aws:PrincipalOrgID)', edits: [edit], isPreferred: true }] : [];
              }
            : undefined,
      });
    }
  },
});

function restricts(entry: ConditionEntry): boolean {
  const key = entry.key.toLowerCase();
  return RESTRICTING.has(key) || key.startsWith('aws:principaltag/');
}

/**
 * The private-API pattern: Allow everyone, then Deny everyone whose request does *not*
 * come from the VPC endpoint, IP range or organization (a negated operator on a limiting
 * key). A Deny with a positive operator is a block list and leaves the Allow public.
 */
function allowListedByDeny(statement: StatementRef): boolean {
  return statementsOf(statement.site).some((other) => {
    const principal = getProperty(other.node, 'Principal');
    return (
      effectOf(other) === 'Deny' &&
      principal !== undefined &&
      wildcardIn(principal, []) !== undefined &&
      conditionEntries(other).some((e) => restricts(e) && /Not/.test(e.operator))
    );
  });
}

/** Where the principal is "everyone": `"*"`, `{"AWS": "*"}` or a list holding "*". */
function wildcardIn(principal: DocNode, path: Path): { path: Path; label: string } | undefined {
  if (principal.kind === 'string') {
    return principal.value === '*' ? { path, label: 'Principal "*"' } : undefined;
  }
  const aws = getProperty(principal, 'AWS');
  if (aws?.kind === 'string' && aws.value === '*') {
    return { path: [...path, 'AWS'], label: 'Principal {"AWS": "*"}' };
  }
  if (aws?.kind === 'array') {
    const i = aws.items.findIndex((item) => item.kind === 'string' && item.value === '*');
    return i >= 0 ? { path: [...path, 'AWS', i], label: 'Principal {"AWS": "*"}' } : undefined;
  }
  return undefined;
}
