import { defineRule } from '../define';
import { asList, getProperty, scalarText, type DocNode } from '../../model/node';
import { stringValues } from '../../policy/values';
import { statementsOf } from '../../policy/statements';
import { templateModel, resourcesOfType, type TemplateModel, type TemplateResource } from '../../template/model';
import { apiInventory } from '../../apigw/inventory';
import { apiLogicalId } from '../../apigw/arn';
import type { ApiMethod } from '../../apigw/types';
import { compileGlob } from '../../util/glob';
import type { PolicySite } from '../../policy/sites';
import type { SourceDocument } from '../../types';

export default defineRule({
  id: 'apigw/execution-role-trust',
  appliesTo: ['cfn', 'sam'],
  defaultSeverity: 'error',
  messages: {
    notTrusted: 'Role {{role}} is the credentials of {{method}} {{path}}, but its trust policy does not let apigateway.amazonaws.com assume it; every call fails with an internal error. Add apigateway.amazonaws.com as a Service principal with sts:AssumeRole.',
    missingPermission: 'Role {{role}} is the credentials of {{method}} {{path}}, but none of its policies in this template allows {{action}}, which the integration needs.',
  },
  docs: { summary: "Require an integration's credentials role to trust API Gateway and to allow the action the integration performs." },
  check(ctx) {
    const inventory = apiInventory(ctx.doc);
    const policies = ctx.policies();
    ctx.doc.roots.forEach((root, rootIndex) => {
      if (ctx.doc.kinds[rootIndex] !== 'cfn' && ctx.doc.kinds[rootIndex] !== 'sam') {
        return;
      }
      const model = templateModel(root);
      const seen = new Set<string>();
      for (const method of inventory.methods.filter((m) => m.root === rootIndex && m.includedFrom === undefined)) {
        const roleId = apiLogicalId(method.credentials);
        const role = roleId ? model.resources.get(roleId) : undefined;
        if (!role || role.type !== 'AWS::IAM::Role') {
          continue;
        }
        const data = { role: role.logicalId, method: method.method, path: method.path };
        if (!trustsApiGateway(role.properties) && !seen.has(role.logicalId)) {
          seen.add(role.logicalId);
          ctx.report({ root: rootIndex, path: [...role.path, 'Properties', 'AssumeRolePolicyDocument'], target: 'key', messageId: 'notTrusted', data });
        }
        const action = integrationAction(method);
        if (action && !hasManagedPolicies(role) && !allows(ctx.doc, model, role, action, policies)) {
          ctx.report({ root: rootIndex, path: method.declaredAt, target: 'key', messageId: 'missingPermission', data: { ...data, action } });
        }
      }
    });
  },
});

/**
 * The trust policy has an Allow for apigateway.amazonaws.com (or `*`) with sts:AssumeRole.
 * Takes the role's Properties (apigw/cross-account-missing-allow asks about roles of other
 * templates too).
 */
export function trustsApiGateway(properties: DocNode | undefined): boolean {
  const trust = getProperty(properties, 'AssumeRolePolicyDocument');
  if (!trust || trust.kind !== 'object') {
    return true; // A parameter or an intrinsic we cannot see through: do not guess.
  }
  const statements = asList(getProperty(trust, 'Statement'));
  return statements.some((s) => {
    if (scalarText(getProperty(s, 'Effect')) !== 'Allow') {
      return false;
    }
    const principal = getProperty(s, 'Principal');
    const services = principal?.kind === 'string' ? [principal.value as string] : asList(getProperty(principal, 'Service')).map((n) => scalarText(n) ?? '');
    const actions = asList(getProperty(s, 'Action')).map((n) => (scalarText(n) ?? '').toLowerCase());
    return (services.includes('apigateway.amazonaws.com') || services.includes('*')) && actions.some((a) => compileGlob(a, { ignoreCase: true }).matches('sts:AssumeRole'));
  }) || hasIntrinsicStatement(statements);
}

function hasIntrinsicStatement(statements: DocNode[]): boolean {
  return statements.some((s) => s.kind === 'intrinsic');
}

function hasManagedPolicies(role: TemplateResource): boolean {
  // AWS managed and other managed policies are not in the template: their grants are unknown.
  return getProperty(role.properties, 'ManagedPolicyArns') !== undefined || getProperty(role.properties, 'PermissionsBoundary') !== undefined;
}

/**
 * An ARN field: `${AWS::Region}` and `${AWS::Partition}` placeholders hold colons of their
 * own. The alternatives are disjoint so that a failing match stays linear.
 */
const FIELD = String.raw`(?:\$\{[^}]*\}|[^:$]|\$(?!\{))*`;
const SERVICE_ACTION = new RegExp(String.raw`^arn:${FIELD}:apigateway:${FIELD}:([a-z0-9-]+):action\/([A-Za-z0-9]+)`);
const S3_PATH = new RegExp(String.raw`^arn:${FIELD}:apigateway:${FIELD}:s3:path\/`);

/**
 * The action API Gateway performs with the credentials: Lambda invocations, and AWS
 * service integrations named `arn:aws:apigateway:{region}:{service}:action/{Action}` or
 * `…:{service}:path/…` (S3 by verb).
 */
export function integrationAction(method: ApiMethod): string | undefined {
  const uri = method.integration?.uri ?? '';
  if (/:lambda:path\/.*functions\/.*\/invocations/.test(uri) || (method.integration?.type === 'aws_proxy' && method.integration.target)) {
    return 'lambda:InvokeFunction';
  }
  const action = SERVICE_ACTION.exec(uri);
  if (action) {
    return `${action[1]}:${action[2]}`;
  }
  const path = S3_PATH.exec(uri);
  if (path) {
    const verb = (method.method === 'ANY' ? 'GET' : method.method).toUpperCase();
    return verb === 'PUT' || verb === 'POST' ? 's3:PutObject' : verb === 'DELETE' ? 's3:DeleteObject' : 's3:GetObject';
  }
  return undefined;
}

/** Whether an identity policy of the role (inline, or an AWS::IAM::Policy naming it) allows the action. */
function allows(doc: SourceDocument, model: TemplateModel, role: TemplateResource, action: string, policies: readonly PolicySite[]): boolean {
  const attached = new Set([role.logicalId]);
  for (const p of [...resourcesOfType(model, 'AWS::IAM::Policy'), ...resourcesOfType(model, 'AWS::IAM::ManagedPolicy'), ...resourcesOfType(model, 'AWS::IAM::RolePolicy')]) {
    const roles = [...asList(getProperty(p.properties, 'Roles')), getProperty(p.properties, 'RoleName')];
    if (roles.some((r) => r?.kind === 'intrinsic' && r.fn === 'Ref' && scalarText(r.arg) === role.logicalId)) {
      attached.add(p.logicalId);
    }
  }
  return policies
    .filter((site) => site.policyType === 'identity' && site.owner !== undefined && attached.has(site.owner))
    .some((site) =>
      statementsOf(site).some((statement) => {
        if (scalarText(getProperty(statement.node, 'Effect')) !== 'Allow') {
          return false;
        }
        const values = stringValues(doc, getProperty(statement.node, 'Action'), statement.path);
        return values.length === 0 || values.some((v) => v.origin === 'partial' || compileGlob(v.text, { ignoreCase: true }).matches(action));
      }),
    );
}
