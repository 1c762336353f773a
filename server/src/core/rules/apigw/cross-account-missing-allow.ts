import { defineRule } from '../define';
import type { Fix, SourceDocument } from '../../types';
import { getProperty, nodeAtPath, scalarText, type DocNode } from '../../model/node';
import { withPseudoParameters } from '../../template/resolve';
import { pseudoParametersOf } from '../../access/environments';
import { trustsApiGateway } from './execution-role-trust';
import { policySites } from '../../policy/sites';
import { accessMatrix, type AccessMatrix, type AccessOptions, type AccessRow, type PrincipalInfo, type WorkspaceDocument } from '../../access/matrix';
import type { ApiMethod } from '../../apigw/types';
import { appendItem, appendProperty, RawValue, type EditValue } from '../../util/edits';

const ACCOUNT = /^\d{12}$/;

export default defineRule({
  id: 'apigw/cross-account-missing-allow',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  // Reads the workspace's access analysis: other files decide its reports.
  crossFile: true,
  messages: {
    trust:
      'Role {{role}} (account {{callerAccount}}) is the integration credentials of {{method}} {{path}} of {{api}} in account {{apiAccount}}, but its trust policy does not let apigateway.amazonaws.com assume it: every call fails. Trust apigateway.amazonaws.com with sts:AssumeRole.',
    identityPolicy:
      'The resource policy of {{api}} (account {{apiAccount}}) allows {{principal}} (account {{callerAccount}}) by name to invoke {{method}} {{path}} on stage {{stage}}, but no policy of the caller grants execute-api:Invoke on it: across accounts both must allow, so the call is denied. Grant it in the caller\'s policy, or drop the resource policy statement.',
    resourcePolicy:
      '{{principal}} (account {{callerAccount}}) is granted {{method}} {{path}} on stage {{stage}} by its own policy, but this API is in account {{apiAccount}} and its resource policy does not allow that caller: across accounts both must allow, so the call is denied. Allow the caller here, or drop the grant.',
  },
  docs: { summary: 'Report a cross-account call that only one side allows: the caller\'s identity policy, the API\'s resource policy, or the trust policy of an integration role in another account.' },
  fixable: true,
  check(ctx) {
    const access = ctx.access();
    const { matrix, self } = access;
    // Only environments with accounts make two accounts known; without them nothing is cross-account.
    if (!matrix.methods.some((m) => m.environment?.account !== undefined)) {
      return;
    }
    // The API's half: rows of this document's methods where only the caller's policy allows.
    const seen = new Set<string>();
    for (const row of matrix.rows) {
      if (row.methodUri !== self || row.missingHalf !== 'resource') {
        continue;
      }
      const key = `${row.method.api.id}\u0000${row.principal.uri}\u0000${row.principal.id}\u0000${row.principal.environment?.name ?? ''}`;
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      const where = resourcePolicyPlace(ctx.doc, row.method);
      if (!where) {
        continue;
      }
      ctx.report({
        root: row.method.root,
        path: where.path,
        target: 'key',
        messageId: 'resourcePolicy',
        data: describe(row),
        fix: where.fix ? () => [where.fix!(callerArn(row.principal), invokeArn(row))] : undefined,
      });
    }
    // The caller's half: this document's principals that another account's resource policy
    // allows, with no grant of their own. Those rows are of other documents' methods, so they
    // come from a matrix of those (built only when this document has such principals).
    const mine = matrix.principals.filter((p) => p.uri === self && p.kind !== 'account' && p.account !== undefined && ACCOUNT.test(p.account));
    if (mine.length === 0) {
      return;
    }
    const others = otherRows(access.documents, matrix, self, access.apis);
    const told = new Set<string>();
    for (const row of others) {
      if (row.missingHalf !== 'identity' || !mine.some((p) => samePrincipal(p, row.principal))) {
        continue;
      }
      const key = `${row.principal.id}\u0000${row.principal.environment?.name ?? ''}\u0000${row.method.api.id}`;
      if (told.has(key)) {
        continue;
      }
      told.add(key);
      const grant = identityGrant(ctx.doc, row, access.apis);
      ctx.report({
        root: row.principal.root,
        path: row.principal.path,
        target: row.principal.path.length > 0 ? 'key' : undefined,
        messageId: 'identityPolicy',
        data: { ...describe(row), api: row.method.api.id },
        fix: grant ? () => [grant()] : undefined,
      });
    }
    // The integration's half: a role of this document that another account's API uses as its
    // integration credentials (a literal role ARN naming this role in its account) must trust
    // API Gateway, or API Gateway cannot assume it.
    for (const principal of mine.filter((p) => p.kind === 'role' && p.environment?.account !== undefined)) {
      const role = roleResource(ctx.doc, principal);
      const arns = role ? roleArns(role.properties, principal.environment!.account!) : [];
      if (!role || arns.length === 0 || trustsApiGateway(role.properties)) {
        continue;
      }
      const user = matrix.methods.find(
        (m) => m.uri !== self && m.environment?.account !== undefined && m.environment.account !== principal.environment!.account && m.method.credentials !== undefined && arns.includes(withPseudoParameters(m.method.credentials, pseudoParametersOf(m.environment))),
      );
      if (!user) {
        continue;
      }
      const trust = getProperty(role.properties, 'AssumeRolePolicyDocument');
      const statements = getProperty(trust, 'Statement');
      ctx.report({
        root: principal.root,
        path: [...principal.path, 'Properties', 'AssumeRolePolicyDocument'],
        target: 'key',
        messageId: 'trust',
        data: { role: principal.id, callerAccount: principal.environment!.account!, apiAccount: user.environment!.account!, api: user.method.api.id, method: user.method.method, path: user.method.path },
        fix:
          statements?.kind === 'array'
            ? () => [{ title: 'Trust apigateway.amazonaws.com', edits: [appendItem(ctx.doc, statements, { Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' }, Action: 'sts:AssumeRole' })], isPreferred: true }]
            : undefined,
      });
    }
  },
});

function describe(row: AccessRow): Record<string, string> {
  return {
    principal: row.principal.environment ? `${row.principal.id} (${row.principal.environment.name})` : row.principal.id,
    callerAccount: row.principal.account ?? '',
    apiAccount: row.account ?? '',
    method: row.verbs.join(', ') || row.method.method,
    path: row.method.path,
    stage: row.stage,
  };
}

function samePrincipal(a: PrincipalInfo, b: PrincipalInfo): boolean {
  return a.uri === b.uri && a.kind === b.kind && a.id === b.id && a.environment?.name === b.environment?.name;
}

/** The rows of other documents' methods (another matrix: this document's has its own rows only). */
function otherRows(documents: readonly WorkspaceDocument[], matrix: AccessMatrix, self: string, apis: AccessOptions['apis']): readonly AccessRow[] {
  const environmentsOf = (uri: string): readonly NonNullable<ReturnType<AccessMatrix['environmentsOf']>[number]>[] => matrix.environmentsOf(uri).flatMap((e) => (e ? [e] : []));
  // Only documents deployed to an account other than one of this document's can hold such rows.
  const own = new Set(matrix.environmentsOf(self).flatMap((e) => (e?.account ? [e.account] : [])));
  const elsewhere = (uri: string): boolean => uri !== self && environmentsOf(uri).some((e) => e.account !== undefined && !own.has(e.account));
  if (!documents.some((d) => elsewhere(d.uri))) {
    return [];
  }
  return accessMatrix(documents, { apis, environmentsOf, productionStages: matrix.productionStages, rowsFor: elsewhere }).rows;
}

/**
 * Where the API's resource policy is, or would be written: a template RestApi's `Policy`
 * (its Statement list gets the new statement) or, without one, the API's `Properties` (a
 * `Policy` is added). SAM's `Auth.ResourcePolicy` and OpenAPI's `x-amazon-apigateway-policy`
 * are reported without a fix: their statements are generated or embedded.
 */
function resourcePolicyPlace(doc: SourceDocument, method: ApiMethod): { path: (string | number)[]; fix?: (principal: string, resource: string) => Fix } | undefined {
  const root = doc.roots[method.root];
  if (!root) {
    return undefined;
  }
  const site = policySites(doc).find((s) => s.policyType === 'resource' && s.root === method.root && s.owner === method.api.id);
  const resource = nodeAtPath(root, method.api.path);
  const isRestApi = getProperty(resource, 'Type')?.kind === 'string' && (getProperty(resource, 'Type') as DocNode & { value: string }).value === 'AWS::ApiGateway::RestApi';
  const statement = (principal: string, arn: string): EditValue => ({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'execute-api:Invoke', Resource: arn });
  if (site) {
    const list = getProperty(site.node, 'Statement');
    const fix =
      isRestApi && site.synthetic !== true && list?.kind === 'array'
        ? (principal: string, arn: string): Fix => ({ title: `Allow ${principal} in the resource policy`, edits: [appendItem(doc, list, statement(principal, arn))], isPreferred: true })
        : undefined;
    return { path: [...site.path], fix };
  }
  const properties = getProperty(resource, 'Properties');
  if (!isRestApi || properties?.kind !== 'object') {
    return { path: [...method.api.path] };
  }
  return {
    path: [...method.api.path, 'Properties'],
    fix: (principal, arn) => ({
      title: `Add a resource policy allowing ${principal}`,
      // Quoted in YAML too: a plain 2012-10-17 is a date to a YAML 1.1 reader (iam/invalid-version).
      edits: [appendProperty(doc, properties, 'Policy', { Version: new RawValue('"2012-10-17"'), Statement: [statement(principal, arn)] })],
      isPreferred: true,
    }),
  };
}

/**
 * The caller as a resource policy names it: its account (`…:root`), which is final text. A
 * template role's physical name is only known after deployment, so the role itself cannot be
 * named without a placeholder; naming the account leaves the choice of callers to that
 * account's identity policies, which is the other half the cross-account table asks for.
 */
function callerArn(principal: PrincipalInfo): string {
  return `arn:aws:iam::${principal.account ?? ''}:root`;
}

/** `execute-api:/stage/VERB/path`, path parameters as `*` (the request ARN holds the concrete path). */
function invokeArn(row: AccessRow): string {
  const { verb, path } = requestOf(row);
  return `execute-api:/${row.stage}/${verb}/${path}`;
}

/** A row's method as an execute-api ARN names it: ANY as `*`, path parameters as `*`, no leading slash. */
function requestOf(row: AccessRow): { verb: string; path: string } {
  return { verb: row.method.method === 'ANY' ? '*' : row.method.method, path: row.method.path.replace(/^\//, '').replace(/\{[^}]*\}/g, '*') };
}

/**
 * The caller's half written as a quick fix: an inline policy on the role (a template
 * `AWS::IAM::Role`) allowing execute-api:Invoke on the method in the API's account and Region.
 * The API's id is the one configured for it (`apis`), or `*` in that account and Region when
 * none is: the template's API id is only known after deployment, and a fix writes no
 * placeholder as if it were a value.
 */
function identityGrant(doc: SourceDocument, row: AccessRow, apis: AccessOptions['apis']): (() => Fix) | undefined {
  const root = doc.roots[row.principal.root];
  const role = root ? nodeAtPath(root, row.principal.path) : undefined;
  const type = getProperty(role, 'Type');
  const properties = getProperty(role, 'Properties');
  if (type?.kind !== 'string' || type.value !== 'AWS::IAM::Role' || properties?.kind !== 'object' || !row.account || !row.region) {
    return undefined;
  }
  const configured = Object.entries(apis ?? {}).find(([, target]) => target.uri === row.methodUri && target.logicalId === row.method.api.id)?.[0];
  const { verb, path } = requestOf(row);
  const arn = `arn:aws:execute-api:${row.region}:${row.account}:${configured ?? '*'}/${row.stage}/${verb}/${path}`;
  const policy: EditValue = {
    PolicyName: `invoke-${row.method.api.id}-${row.account}`,
    // Quoted in YAML too: a plain 2012-10-17 is a date to a YAML 1.1 reader (iam/invalid-version).
    PolicyDocument: { Version: new RawValue('"2012-10-17"'), Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: arn }] },
  };
  const policies = getProperty(properties, 'Policies');
  const title = `Allow ${verb} /${path} (${row.stage}) of account ${row.account} in this role's policies`;
  if (policies?.kind === 'array') {
    return () => ({ title, edits: [appendItem(doc, policies, policy)], isPreferred: true });
  }
  if (policies === undefined) {
    return () => ({ title, edits: [appendProperty(doc, properties, 'Policies', [policy])], isPreferred: true });
  }
  return undefined;
}

/** The role resource a principal is, with its Properties. */
function roleResource(doc: SourceDocument, principal: PrincipalInfo): { properties: DocNode | undefined } | undefined {
  const root = doc.roots[principal.root];
  const node = root ? nodeAtPath(root, principal.path) : undefined;
  return node ? { properties: getProperty(node, 'Properties') } : undefined;
}

/** The literal ARN a role is known by in `account`: only with a written `RoleName` (and `Path`). */
function roleArns(properties: DocNode | undefined, account: string): string[] {
  const name = scalarText(getProperty(properties, 'RoleName'));
  const path = scalarText(getProperty(properties, 'Path')) ?? '/';
  return name === undefined ? [] : [`arn:aws:iam::${account}:role${path}${name}`];
}
