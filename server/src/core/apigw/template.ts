/**
 * API Gateway methods defined by a CloudFormation or SAM template: REST APIs built from
 * `AWS::ApiGateway::Resource`/`Method` trees or an inline `Body`; HTTP and WebSocket APIs
 * from `AWS::ApiGatewayV2::*`; SAM `Api`/`HttpApi`/`WebSocketApi` resources and function
 * events (including the implicit `ServerlessRestApi` and `ServerlessHttpApi`), with SAM's
 * rules for default authorizers, per-event overrides and invoke roles.
 */
import { getProperty, scalarText, type DocNode, type Path } from '../model/node';
import { resourceProperty, resourcesOfType, type TemplateModel, type TemplateResource } from '../template/model';
import { alternatives } from '../template/policies';
import { getAttName } from '../template/resolve';
import { openApiMethods, targetOf, text } from './openapi';
import { CALLER_CREDENTIALS, HTTP_VERBS, type ApiInfo, type ApiKind, type ApiMethod, type Authorization } from './types';

export interface TemplateInventory {
  readonly apis: ApiInfo[];
  readonly methods: ApiMethod[];
  /** Relative paths of local files holding definitions (DefinitionUri, BodyS3Location, AWS::Include). */
  readonly includes: { readonly api: ApiInfo; readonly file: string; readonly defaultAuthorization?: Authorization; readonly root: number; readonly path: Path }[];
}

export function templateInventory(model: TemplateModel, root: number): TemplateInventory {
  const out: TemplateInventory = { apis: [], methods: [], includes: [] };
  restApis(model, root, out);
  v2Apis(model, root, out);
  samApis(model, root, out);
  return out;
}

/** The logical id a `!Ref X` / `!GetAtt X.Attr` / `${X}` value points at. */
export function referencedId(node: DocNode | undefined): string | undefined {
  if (!node) {
    return undefined;
  }
  if (node.kind === 'intrinsic' && node.fn === 'Ref') {
    return scalarText(node.arg);
  }
  if (node.kind === 'intrinsic' && node.fn === 'Fn::GetAtt') {
    return getAttName(node.arg)?.split('.')[0];
  }
  if (node.kind === 'intrinsic' && node.fn === 'Fn::Sub') {
    const template = node.arg.kind === 'array' ? node.arg.items[0] : node.arg;
    const m = /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}$/.exec(scalarText(template) ?? '');
    return m?.[1];
  }
  return undefined;
}

function stagesOf(model: TemplateModel, apiId: string, stageType: string, deploymentType: string): string[] {
  const stages = new Set<string>();
  for (const r of [...resourcesOfType(model, stageType), ...resourcesOfType(model, deploymentType)]) {
    const api = referencedId(getProperty(r.properties, 'RestApiId') ?? getProperty(r.properties, 'ApiId'));
    const name = text(getProperty(r.properties, 'StageName'), model);
    if (api === apiId && name) {
      stages.add(name);
    }
  }
  return [...stages];
}

function restApis(model: TemplateModel, root: number, out: TemplateInventory): void {
  for (const api of resourcesOfType(model, 'AWS::ApiGateway::RestApi')) {
    const info: ApiInfo = { id: api.logicalId, kind: 'REST', stages: stagesOf(model, api.logicalId, 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment'), root, path: api.path };
    out.apis.push(info);
    addBody(model, api, 'Body', info, root, out, undefined);
    addInclude(getProperty(api.properties, 'BodyS3Location'), [...api.path, 'Properties', 'BodyS3Location'], root, info, out, undefined);
  }
  const resources = new Map(resourcesOfType(model, 'AWS::ApiGateway::Resource').map((r) => [r.logicalId, r]));
  const pathOf = (id: string | undefined, depth = 0): string => {
    const r = id ? resources.get(id) : undefined;
    if (!r || depth > 64) {
      return '';
    }
    return `${pathOf(referencedId(getProperty(r.properties, 'ParentId')), depth + 1)}/${text(getProperty(r.properties, 'PathPart'), model) ?? ''}`;
  };
  const methods = resourcesOfType(model, 'AWS::ApiGateway::Method');
  const declared = new Map<string, string[]>();
  const parsed = methods.map((m) => {
    const resourceId = referencedId(getProperty(m.properties, 'ResourceId'));
    const path = pathOf(resourceId) || '/';
    const verb = (text(getProperty(m.properties, 'HttpMethod'), model) ?? 'ANY').toUpperCase();
    const apiId = referencedId(getProperty(m.properties, 'RestApiId')) ?? '';
    declared.set(`${apiId} ${path}`, [...(declared.get(`${apiId} ${path}`) ?? []), verb]);
    return { m, path, verb, apiId };
  });
  for (const { m, path, verb, apiId } of parsed) {
    // An API the template does not define is placed at the method that names it.
    const info = out.apis.find((a) => a.id === apiId) ?? { id: apiId, kind: 'REST' as const, stages: [], root, path: m.path };
    const integration = getProperty(m.properties, 'Integration');
    const uri = text(getProperty(integration, 'Uri'), model);
    const authorizerId = referencedId(getProperty(m.properties, 'AuthorizerId'));
    out.methods.push({
      api: info,
      method: verb,
      verbs: verb === 'ANY' ? HTTP_VERBS.filter((v) => !(declared.get(`${apiId} ${path}`) ?? []).includes(v)) : [verb],
      path,
      authorization: { type: authType(text(getProperty(m.properties, 'AuthorizationType'), model)), authorizer: authorizerId },
      apiKeyRequired: scalarText(getProperty(m.properties, 'ApiKeyRequired')) === 'true',
      integration: integration ? { type: text(getProperty(integration, 'Type'), model)?.toLowerCase(), uri, target: targetOf(uri) } : undefined,
      credentials: text(getProperty(integration, 'Credentials'), model),
      root,
      declaredAt: m.path,
    });
  }
}

function v2Apis(model: TemplateModel, root: number, out: TemplateInventory): void {
  const integrations = new Map(resourcesOfType(model, 'AWS::ApiGatewayV2::Integration').map((r) => [r.logicalId, r]));
  for (const api of resourcesOfType(model, 'AWS::ApiGatewayV2::Api')) {
    const kind: ApiKind = (text(getProperty(api.properties, 'ProtocolType'), model) ?? 'HTTP').toUpperCase() === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP';
    const quickCreate = getProperty(api.properties, 'Target') !== undefined;
    const stages = stagesOf(model, api.logicalId, 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Deployment');
    const info: ApiInfo = { id: api.logicalId, kind, stages: quickCreate && stages.length === 0 ? ['$default'] : stages, root, path: api.path };
    out.apis.push(info);
    addBody(model, api, 'Body', info, root, out, undefined);
    addInclude(getProperty(api.properties, 'BodyS3Location'), [...api.path, 'Properties', 'BodyS3Location'], root, info, out, undefined);
    if (quickCreate) {
      const uri = text(getProperty(api.properties, 'Target'), model);
      const routeKey = text(getProperty(api.properties, 'RouteKey'), model) ?? '$default';
      out.methods.push(routeMethod(info, routeKey, { type: 'NONE' }, root, [...api.path, 'Properties', 'Target'], { type: 'aws_proxy', uri, target: targetOf(uri) }, text(getProperty(api.properties, 'CredentialsArn'), model)));
    }
  }
  for (const route of resourcesOfType(model, 'AWS::ApiGatewayV2::Route')) {
    const apiId = referencedId(getProperty(route.properties, 'ApiId')) ?? '';
    const info = out.apis.find((a) => a.id === apiId) ?? { id: apiId, kind: 'HTTP' as const, stages: [], root, path: route.path };
    const target = text(getProperty(route.properties, 'Target'), model);
    const integrationId = /integrations\/\$\{([A-Za-z0-9]+)\}/.exec(target ?? '')?.[1];
    const integration = integrationId ? integrations.get(integrationId) : undefined;
    const uri = text(getProperty(integration?.properties, 'IntegrationUri'), model);
    out.methods.push(
      routeMethod(
        info,
        text(getProperty(route.properties, 'RouteKey'), model) ?? '$default',
        { type: authType(text(getProperty(route.properties, 'AuthorizationType'), model)), authorizer: referencedId(getProperty(route.properties, 'AuthorizerId')) },
        root,
        route.path,
        integration ? { type: text(getProperty(integration.properties, 'IntegrationType'), model)?.toLowerCase(), uri, target: targetOf(uri) } : undefined,
        text(getProperty(integration?.properties, 'CredentialsArn'), model),
      ),
    );
  }
}

/** An HTTP route key is `VERB /path` or `$default`; a WebSocket one is `$connect`, `sendMessage` … */
function routeMethod(api: ApiInfo, routeKey: string, authorization: Authorization, root: number, declaredAt: Path, integration: ApiMethod['integration'], credentials: string | undefined): ApiMethod {
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(routeKey);
  const verb = m ? m[1]!.toUpperCase() : api.kind === 'WEBSOCKET' ? 'ROUTE' : 'ANY';
  return {
    api,
    method: verb,
    verbs: verb === 'ANY' ? [...HTTP_VERBS] : verb === 'ROUTE' ? [] : [verb],
    path: m ? m[2]! : routeKey,
    authorization,
    apiKeyRequired: false,
    integration,
    credentials,
    root,
    declaredAt,
  };
}

function authType(value: string | undefined): Authorization['type'] {
  switch ((value ?? 'NONE').toUpperCase()) {
    case 'AWS_IAM':
      return 'AWS_IAM';
    case 'COGNITO_USER_POOLS':
      return 'COGNITO_USER_POOLS';
    case 'CUSTOM':
      return 'CUSTOM';
    case 'JWT':
      return 'JWT';
    default:
      return 'NONE';
  }
}

function addBody(model: TemplateModel, api: TemplateResource, property: string, info: ApiInfo, root: number, out: TemplateInventory, defaultAuthorization: Authorization | undefined): void {
  const body = getProperty(api.properties, property);
  if (!body) {
    return;
  }
  for (const variant of alternatives(body, [...api.path, 'Properties', property])) {
    const node = variant.node;
    if (node.kind === 'intrinsic' && node.fn === 'Fn::Transform') {
      addInclude(node, variant.path, root, info, out, defaultAuthorization);
      continue;
    }
    out.methods.push(...openApiMethods(node, variant.path, { api: info, root, model, defaultAuthorization }));
  }
}

/**
 * A definition in a local file: `DefinitionUri: ./api.yaml`, `BodyS3Location` or
 * `Fn::Transform: AWS::Include`. `path` is where `node` sits; the include keeps the path of
 * the string that names the file, so a file that cannot be read is reported on that line.
 */
function addInclude(node: DocNode | undefined, path: Path, root: number, api: ApiInfo, out: TemplateInventory, defaultAuthorization: Authorization | undefined): void {
  if (!node) {
    return;
  }
  let location: string | undefined;
  let at = path;
  if (node.kind === 'string') {
    location = node.value as string;
  } else if (node.kind === 'intrinsic' && node.fn === 'Fn::Transform') {
    location = scalarText(getProperty(getProperty(node.arg, 'Parameters'), 'Location'));
    at = [...path, node.fn, 'Parameters', 'Location'];
  }
  if (location && !/^s3:\/\//.test(location) && !location.includes('${')) {
    out.includes.push({ api, file: location, defaultAuthorization, root, path: at });
  }
}

// SAM ---------------------------------------------------------------------------------

interface SamApi {
  readonly info: ApiInfo;
  readonly resource?: TemplateResource;
  readonly auth?: DocNode;
  readonly hasDefinition: boolean;
}

function samApis(model: TemplateModel, root: number, out: TemplateInventory): void {
  if (!model.isSam) {
    return;
  }
  const apis = new Map<string, SamApi>();
  const add = (id: string, kind: ApiKind, resource: TemplateResource | undefined, stages: string[], auth: DocNode | undefined): SamApi => {
    const info: ApiInfo = { id, kind, stages, root, path: resource?.path ?? ['Resources'], implicit: resource === undefined };
    const definition = resource ? getProperty(resource.properties, 'DefinitionBody') : undefined;
    const entry: SamApi = { info, resource, auth, hasDefinition: definition !== undefined || getProperty(resource?.properties, 'DefinitionUri') !== undefined };
    apis.set(id, entry);
    out.apis.push(info);
    if (resource) {
      const defaultAuthorization = samAuthorization(auth, undefined, kind);
      addBody(model, resource, 'DefinitionBody', info, root, out, defaultAuthorization);
      addInclude(getProperty(resource.properties, 'DefinitionUri'), [...resource.path, 'Properties', 'DefinitionUri'], root, info, out, defaultAuthorization);
    }
    return entry;
  };
  for (const r of resourcesOfType(model, 'AWS::Serverless::Api')) {
    add(r.logicalId, 'REST', r, [text(resourceProperty(model, r, 'StageName'), model) ?? 'Prod'], resourceProperty(model, r, 'Auth'));
  }
  for (const r of resourcesOfType(model, 'AWS::Serverless::HttpApi')) {
    add(r.logicalId, 'HTTP', r, [text(resourceProperty(model, r, 'StageName'), model) ?? '$default'], resourceProperty(model, r, 'Auth'));
  }
  for (const r of resourcesOfType(model, 'AWS::Serverless::WebSocketApi')) {
    const api = add(r.logicalId, 'WEBSOCKET', r, [text(getProperty(r.properties, 'StageName'), model) ?? 'default'], getProperty(r.properties, 'Auth'));
    const routes = getProperty(r.properties, 'Routes');
    const authType = (scalarText(getProperty(api.auth, 'AuthType')) ?? 'NONE').toUpperCase();
    for (const route of routes?.kind === 'object' ? routes.properties : []) {
      const uri = text(getProperty(route.value, 'FunctionArn'), model);
      // WebSocket authorization applies on $connect only.
      const authorization: Authorization = { type: route.key === '$connect' ? (authType === 'AWS_IAM' ? 'AWS_IAM' : authType === 'CUSTOM' ? 'CUSTOM' : 'NONE') : 'NONE' };
      out.methods.push(routeMethod(api.info, route.key, authorization, root, [...r.path, 'Properties', 'Routes', route.key], { type: 'aws_proxy', uri, target: targetOf(uri) }, undefined));
    }
  }
  const globalsApiAuth = getProperty(getProperty(model.globals, 'Api'), 'Auth');
  const globalsHttpAuth = getProperty(getProperty(model.globals, 'HttpApi'), 'Auth');
  // The methods declared so far, by API, path and verb (a template has thousands of events:
  // looking each one up in the list of methods was quadratic). `declare` says whether the
  // method is new.
  const declared = new Map<ApiInfo, Set<string>>();
  const declare = (api: ApiInfo, path: string, verb: string): boolean => {
    let keys = declared.get(api);
    if (!keys) {
      keys = new Set();
      declared.set(api, keys);
    }
    const key = `${path}\u0000${verb}`;
    if (keys.has(key)) {
      return false;
    }
    keys.add(key);
    return true;
  };
  for (const m of out.methods) {
    declare(m.api, m.path, m.method);
  }
  for (const fn of [...resourcesOfType(model, 'AWS::Serverless::Function'), ...resourcesOfType(model, 'AWS::Serverless::StateMachine')]) {
    const events = getProperty(fn.properties, 'Events');
    for (const event of events?.kind === 'object' ? events.properties : []) {
      const type = scalarText(getProperty(event.value, 'Type'));
      if (type !== 'Api' && type !== 'HttpApi') {
        continue;
      }
      const props = getProperty(event.value, 'Properties');
      const apiRef = referencedId(getProperty(props, type === 'Api' ? 'RestApiId' : 'ApiId'));
      const implicitId = type === 'Api' ? 'ServerlessRestApi' : 'ServerlessHttpApi';
      const api =
        apis.get(apiRef ?? implicitId) ??
        add(apiRef ?? implicitId, type === 'Api' ? 'REST' : 'HTTP', undefined, [type === 'Api' ? 'Prod' : '$default'], type === 'Api' ? globalsApiAuth : globalsHttpAuth);
      const eventAuth = getProperty(props, 'Auth');
      // With a DefinitionBody, per-event auth only applies when OverrideApiAuth is set.
      const eventApplies = !api.hasDefinition || scalarText(getProperty(eventAuth, 'OverrideApiAuth')) === 'true';
      const authorization = samAuthorization(api.auth, eventApplies ? eventAuth : undefined, api.info.kind);
      const verb = (scalarText(getProperty(props, 'Method')) ?? (type === 'HttpApi' ? 'ANY' : 'GET')).toUpperCase();
      const path = scalarText(getProperty(props, 'Path')) ?? (type === 'HttpApi' ? '$default' : '/');
      if (!declare(api.info, path, verb)) {
        continue; // Declared in the definition already; the definition's authorization stands.
      }
      // `InvokeRole: null` on the event sets no role: SAM writes no credentials then.
      const eventRole = getProperty(eventAuth, 'InvokeRole');
      const invokeRole = eventRole?.kind === 'null' ? 'NONE' : (scalarText(eventRole) ?? text(eventRole, model) ?? text(getProperty(api.auth, 'InvokeRole'), model));
      out.methods.push({
        api: api.info,
        method: verb,
        verbs: verb === 'ANY' ? [...HTTP_VERBS] : [verb],
        path: type === 'HttpApi' && path === '$default' ? '$default' : path,
        authorization,
        apiKeyRequired: scalarText(getProperty(eventAuth, 'ApiKeyRequired') ?? getProperty(api.auth, 'ApiKeyRequired')) === 'true',
        integration: { type: 'aws_proxy', target: fn.logicalId },
        credentials: credentialsFor(authorization, invokeRole),
        root,
        declaredAt: [...fn.path, 'Properties', 'Events', event.key],
      });
    }
  }
  // ANY on a path answers only the verbs not declared beside it.
  for (let i = 0; i < out.methods.length; i++) {
    const m = out.methods[i]!;
    if (m.method === 'ANY' && m.api.kind !== 'WEBSOCKET' && m.path !== '$default') {
      const siblings = out.methods.filter((o) => o.api === m.api && o.path === m.path && o.method !== 'ANY').map((o) => o.method);
      out.methods[i] = { ...m, verbs: HTTP_VERBS.filter((v) => !siblings.includes(v)) };
    }
  }
}

/**
 * SAM authorization for a method: the event's `Auth.Authorizer` if it applies, else the
 * API's `Auth.DefaultAuthorizer`; `AWS_IAM` and `NONE` are literal, any other name is one
 * of `Auth.Authorizers` (a Cognito user pool, a Lambda function, or a JWT issuer).
 */
function samAuthorization(apiAuth: DocNode | undefined, eventAuth: DocNode | undefined, kind: ApiKind): Authorization {
  const name = scalarText(getProperty(eventAuth, 'Authorizer')) ?? scalarText(getProperty(apiAuth, 'DefaultAuthorizer'));
  if (!name || name === 'NONE') {
    return { type: 'NONE' };
  }
  const authorizer = getProperty(getProperty(apiAuth, 'Authorizers'), name);
  // An HttpApi's `AWS_IAM` is IAM when SAM adds its IAM authorizer (`EnableIamAuthorizer`), or
  // when no authorizer of that name is declared; an authorizer the template itself names
  // AWS_IAM is what its definition says (a JwtConfiguration becomes a JWT authorizer).
  const iam = kind !== 'HTTP' || authorizer === undefined || scalarText(getProperty(apiAuth, 'EnableIamAuthorizer')) === 'true';
  if (name === 'AWS_IAM' && iam) {
    return { type: 'AWS_IAM' };
  }
  if (getProperty(authorizer, 'UserPoolArn') !== undefined) {
    return { type: 'COGNITO_USER_POOLS', authorizer: name };
  }
  if (getProperty(authorizer, 'JwtConfiguration') !== undefined) {
    return { type: 'JWT', authorizer: name };
  }
  return { type: 'CUSTOM', authorizer: name };
}

/**
 * SAM's InvokeRole: CALLER_CREDENTIALS by default under AWS_IAM, NONE for none, or a role ARN.
 * SAM writes integration credentials only for AWS_IAM methods: Cognito, Lambda, JWT and NONE
 * methods get none, whatever InvokeRole says.
 */
function credentialsFor(authorization: Authorization, invokeRole: string | undefined): string | undefined {
  if (invokeRole === 'NONE' || authorization.type !== 'AWS_IAM') {
    return undefined;
  }
  if (invokeRole === 'CALLER_CREDENTIALS' || (invokeRole === undefined && authorization.type === 'AWS_IAM')) {
    return CALLER_CREDENTIALS;
  }
  return invokeRole;
}
