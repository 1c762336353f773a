/**
 * Methods of an OpenAPI (Swagger 2 or OpenAPI 3) definition with API Gateway's extensions:
 * operations and `x-amazon-apigateway-any-method` under `paths`, authorization from
 * `security` and the security schemes' `x-amazon-apigateway-authtype` /
 * `x-amazon-apigateway-authorizer`, or an operation's `x-amazon-apigateway-auth`, and the
 * integration from `x-amazon-apigateway-integration`. Values may be intrinsic functions
 * when the definition is inline in a template; they are resolved symbolically.
 */
import { getProperty, scalarText, type DocNode, type Path } from '../model/node';
import type { TemplateModel } from '../template/model';
import { resolveString } from '../template/resolve';
import { HTTP_VERBS, type ApiInfo, type ApiMethod, type Authorization, type Integration } from './types';

const OPERATION_KEYS: Readonly<Record<string, string>> = {
  get: 'GET',
  put: 'PUT',
  post: 'POST',
  delete: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  patch: 'PATCH',
  'x-amazon-apigateway-any-method': 'ANY',
};

export interface OpenApiContext {
  readonly api: ApiInfo;
  readonly root: number;
  readonly model?: TemplateModel;
  /** Authorization when the definition names none (SAM's DefaultAuthorizer applies to methods it adds). */
  readonly defaultAuthorization?: Authorization;
}

export function openApiMethods(definition: DocNode, definitionPath: Path, ctx: OpenApiContext): ApiMethod[] {
  const paths = getProperty(definition, 'paths');
  if (paths?.kind !== 'object') {
    return [];
  }
  const schemes = securitySchemes(definition);
  const rootSecurity = getProperty(definition, 'security');
  const methods: ApiMethod[] = [];
  for (const pathProp of paths.properties) {
    const item = pathProp.value;
    if (item.kind !== 'object') {
      continue;
    }
    const declared = item.properties.map((p) => OPERATION_KEYS[p.key.toLowerCase()]).filter((v): v is string => v !== undefined && v !== 'ANY');
    for (const op of item.properties) {
      const verb = OPERATION_KEYS[op.key.toLowerCase()];
      if (!verb) {
        continue;
      }
      const isDefaultRoute = pathProp.key === '/$default' || scalarText(getProperty(op.value, 'isDefaultRoute')) === 'true';
      methods.push({
        api: ctx.api,
        method: verb,
        verbs: verb === 'ANY' ? HTTP_VERBS.filter((v) => !declared.includes(v)) : [verb],
        path: isDefaultRoute ? '$default' : pathProp.key,
        authorization: authorizationOf(op.value, rootSecurity, schemes, ctx),
        apiKeyRequired: requiresApiKey(op.value, rootSecurity, schemes),
        integration: integrationOf(getProperty(op.value, 'x-amazon-apigateway-integration'), ctx.model),
        credentials: text(getProperty(getProperty(op.value, 'x-amazon-apigateway-integration'), 'credentials'), ctx.model),
        root: ctx.root,
        declaredAt: [...definitionPath, 'paths', pathProp.key, op.key],
      });
    }
  }
  return methods;
}

/** Whether an OpenAPI 3 definition is for an HTTP API rather than a REST API. */
export function looksLikeHttpApi(definition: DocNode): boolean {
  const paths = getProperty(definition, 'paths');
  if (getProperty(definition, 'x-amazon-apigateway-cors') || getProperty(definition, 'x-amazon-apigateway-importexport-version')) {
    return true;
  }
  if (paths?.kind !== 'object') {
    return false;
  }
  return paths.properties.some(
    (p) =>
      p.key === '/$default' ||
      (p.value.kind === 'object' && p.value.properties.some((op) => getProperty(getProperty(op.value, 'x-amazon-apigateway-integration'), 'payloadFormatVersion') !== undefined)),
  );
}

interface Scheme {
  readonly auth?: Authorization;
  readonly apiKey: boolean;
}

function securitySchemes(definition: DocNode): Map<string, Scheme> {
  const schemes = new Map<string, Scheme>();
  const holders = [getProperty(getProperty(definition, 'components'), 'securitySchemes'), getProperty(definition, 'securityDefinitions')];
  for (const holder of holders) {
    if (holder?.kind !== 'object') {
      continue;
    }
    for (const p of holder.properties) {
      schemes.set(p.key, schemeOf(p.key, p.value));
    }
  }
  return schemes;
}

function schemeOf(name: string, scheme: DocNode): Scheme {
  const authType = (scalarText(getProperty(scheme, 'x-amazon-apigateway-authtype')) ?? '').toLowerCase();
  const authorizer = getProperty(scheme, 'x-amazon-apigateway-authorizer');
  const authorizerType = (scalarText(getProperty(authorizer, 'type')) ?? '').toLowerCase();
  if (authType === 'awssigv4') {
    return { auth: { type: 'AWS_IAM' }, apiKey: false };
  }
  if (authType === 'cognito_user_pools' || authorizerType === 'cognito_user_pools') {
    return { auth: { type: 'COGNITO_USER_POOLS', authorizer: name }, apiKey: false };
  }
  if (authorizerType === 'jwt' || scalarText(getProperty(scheme, 'type')) === 'openIdConnect' || scalarText(getProperty(scheme, 'type')) === 'oauth2') {
    return { auth: { type: 'JWT', authorizer: name }, apiKey: false };
  }
  if (authorizerType === 'token' || authorizerType === 'request' || authType === 'custom') {
    return { auth: { type: 'CUSTOM', authorizer: name }, apiKey: false };
  }
  // A plain apiKey scheme (name x-api-key) is an API key requirement, not an authorizer.
  return { apiKey: scalarText(getProperty(scheme, 'type')) === 'apiKey', auth: undefined };
}

function requirements(op: DocNode, rootSecurity: DocNode | undefined): DocNode | undefined {
  return getProperty(op, 'security') ?? rootSecurity;
}

function authorizationOf(op: DocNode, rootSecurity: DocNode | undefined, schemes: Map<string, Scheme>, ctx: OpenApiContext): Authorization {
  const direct = scalarText(getProperty(getProperty(op, 'x-amazon-apigateway-auth'), 'type'));
  if (direct) {
    const t = direct.toUpperCase();
    return { type: t === 'AWS_IAM' ? 'AWS_IAM' : t === 'NONE' ? 'NONE' : 'CUSTOM' };
  }
  const security = requirements(op, rootSecurity);
  if (security?.kind === 'array') {
    // Requirements are alternatives; an authorizer among them is what API Gateway enforces.
    for (const requirement of security.items) {
      if (requirement.kind !== 'object') {
        continue;
      }
      for (const p of requirement.properties) {
        const auth = schemes.get(p.key)?.auth;
        if (auth) {
          return auth;
        }
      }
    }
    if (security.items.length === 0 || security.items.every((r) => r.kind === 'object')) {
      return security.items.length === 0 ? { type: 'NONE' } : (ctx.defaultAuthorization ?? { type: 'NONE' });
    }
  }
  return ctx.defaultAuthorization ?? { type: 'NONE' };
}

function requiresApiKey(op: DocNode, rootSecurity: DocNode | undefined, schemes: Map<string, Scheme>): boolean {
  const security = requirements(op, rootSecurity);
  return security?.kind === 'array' && security.items.some((r) => r.kind === 'object' && r.properties.some((p) => schemes.get(p.key)?.apiKey === true));
}

function integrationOf(node: DocNode | undefined, model: TemplateModel | undefined): Integration | undefined {
  if (!node) {
    return undefined;
  }
  const uri = text(getProperty(node, 'uri'), model);
  return { type: scalarText(getProperty(node, 'type'))?.toLowerCase(), uri, target: targetOf(uri) };
}

/** The first string a value resolves to, placeholders and all. */
export function text(node: DocNode | undefined, model: TemplateModel | undefined): string | undefined {
  return resolveString(node, model)[0]?.text;
}

/**
 * The logical id of the function an integration URI invokes, when the URI names it through
 * a template reference (`…/functions/${MyFunction.Arn}/invocations`).
 */
export function targetOf(uri: string | undefined): string | undefined {
  if (!uri) {
    return undefined;
  }
  const m = /functions\/\$\{([A-Za-z0-9]+)(?:\.Arn)?\}/.exec(uri) ?? /function:\$\{([A-Za-z0-9]+)\}/.exec(uri) ?? /function:([A-Za-z0-9_-]+)/.exec(uri);
  return m ? m[1] : undefined;
}
