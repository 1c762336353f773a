/**
 * A CloudFormation or SAM template as the rules need it: parameters, mappings, conditions
 * and resources by logical id, plus the resources SAM generates implicitly (the
 * `ServerlessRestApi` of functions with Api events, a function's `<Name>Role`, an API's
 * `<Name>.Stage` and `<Name>.Deployment` references). Built once per document root and
 * memoised on the root node, so every rule shares it.
 */
import { findProperty, getProperty, scalarText, type DocNode, type ObjectNode, type Path } from '../model/node';
import { weakTable } from '../engine';

export interface TemplateParameter {
  readonly name: string;
  readonly type: string;
  readonly default?: DocNode;
  /** The parameter's definition as written: what a memo of a value that reads it is kept against. */
  readonly node: DocNode;
}

export interface TemplateResource {
  readonly logicalId: string;
  readonly type: string;
  readonly node: DocNode;
  readonly properties?: ObjectNode;
  readonly metadata?: DocNode;
  /** Path from the document root to the resource (`['Resources', logicalId]`). */
  readonly path: Path;
}

export interface TemplateModel {
  readonly root: DocNode;
  readonly isSam: boolean;
  readonly parameters: ReadonlyMap<string, TemplateParameter>;
  /** The Parameters and Mappings sections as written (resolution depends on nothing else of the template). */
  readonly parametersNode?: DocNode;
  readonly mappings?: DocNode;
  readonly conditions: ReadonlySet<string>;
  readonly resources: ReadonlyMap<string, TemplateResource>;
  /** SAM's `Globals` section, whose values resources of each kind inherit. */
  readonly globals?: DocNode;
  /** Logical ids and `Name.Attribute` references that SAM creates without their being written. */
  readonly implicit: ReadonlySet<string>;
}

const models = weakTable<DocNode, TemplateModel>('template/model.models');

export function templateModel(root: DocNode): TemplateModel {
  let model = models.get(root);
  if (!model) {
    model = build(root);
    models.set(root, model);
  }
  return model;
}

/** The resources of one type (or of any type matching a prefix ending in `::`). */
export function resourcesOfType(model: TemplateModel, type: string): TemplateResource[] {
  const out: TemplateResource[] = [];
  for (const r of model.resources.values()) {
    if (r.type === type || (type.endsWith('::') && r.type.startsWith(type))) {
      out.push(r);
    }
  }
  return out;
}

/** A resource property, looking through SAM Globals for the resource's kind when absent. */
export function resourceProperty(model: TemplateModel, resource: TemplateResource, name: string): DocNode | undefined {
  const own = getProperty(resource.properties, name);
  if (own !== undefined) {
    return own;
  }
  const section = GLOBALS_SECTION[resource.type];
  return section ? getProperty(getProperty(model.globals, section), name) : undefined;
}

const GLOBALS_SECTION: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
  'AWS::Serverless::LayerVersion': 'LayerVersion',
};

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
]);

export function isPseudoParameter(name: string): boolean {
  return PSEUDO_PARAMETERS.has(name);
}

function build(root: DocNode): TemplateModel {
  const parameters = new Map<string, TemplateParameter>();
  const params = getProperty(root, 'Parameters');
  if (params?.kind === 'object') {
    for (const p of params.properties) {
      parameters.set(p.key, { name: p.key, type: scalarText(getProperty(p.value, 'Type')) ?? 'String', default: getProperty(p.value, 'Default'), node: p.value });
    }
  }
  const conditions = new Set<string>();
  const conds = getProperty(root, 'Conditions');
  if (conds?.kind === 'object') {
    conds.properties.forEach((p) => conditions.add(p.key));
  }
  const resources = new Map<string, TemplateResource>();
  const res = getProperty(root, 'Resources');
  if (res?.kind === 'object') {
    for (const p of res.properties) {
      const props = getProperty(p.value, 'Properties');
      resources.set(p.key, {
        logicalId: p.key,
        type: scalarText(getProperty(p.value, 'Type')) ?? '',
        node: p.value,
        properties: props?.kind === 'object' ? props : undefined,
        metadata: getProperty(p.value, 'Metadata'),
        path: ['Resources', p.key],
      });
    }
  }
  const transform = getProperty(root, 'Transform');
  const transforms = transform?.kind === 'array' ? transform.items.map(scalarText) : [scalarText(transform)];
  const isSam = transforms.includes('AWS::Serverless-2016-10-31') || [...resources.values()].some((r) => r.type.startsWith('AWS::Serverless::'));
  const globals = getProperty(root, 'Globals');
  const model: TemplateModel = {
    root,
    isSam,
    parameters,
    parametersNode: params,
    mappings: getProperty(root, 'Mappings'),
    conditions,
    resources,
    globals,
    implicit: new Set(),
  };
  return { ...model, implicit: isSam ? samImplicit(model) : new Set() };
}

/**
 * What SAM adds: an implicit REST API (`ServerlessRestApi`, stage `Prod`) for Api events
 * without RestApiId, an implicit HTTP API (`ServerlessHttpApi`) likewise, `<Fn>Role` for
 * functions and state machines without a Role, and for every API the `.Stage`,
 * `.Deployment` and `.DomainName` references plus the generated `<Api><StageName>Stage`.
 */
function samImplicit(model: TemplateModel): Set<string> {
  const implicit = new Set<string>();
  for (const r of model.resources.values()) {
    if (r.type === 'AWS::Serverless::Function' || r.type === 'AWS::Serverless::StateMachine') {
      if (resourceProperty(model, r, 'Role') === undefined) {
        implicit.add(`${r.logicalId}Role`);
      }
      if (r.type === 'AWS::Serverless::Function' && resourceProperty(model, r, 'FunctionUrlConfig') !== undefined) {
        implicit.add(`${r.logicalId}Url`);
      }
      implicit.add(`${r.logicalId}.Alias`);
      implicit.add(`${r.logicalId}.Version`);
      const events = getProperty(r.properties, 'Events');
      if (events?.kind === 'object') {
        for (const e of events.properties) {
          const type = scalarText(getProperty(e.value, 'Type'));
          const props = getProperty(e.value, 'Properties');
          if (type === 'Api' && findProperty(props, 'RestApiId') === undefined) {
            implicit.add('ServerlessRestApi');
          }
          if (type === 'HttpApi' && findProperty(props, 'ApiId') === undefined) {
            implicit.add('ServerlessHttpApi');
          }
        }
      }
    }
  }
  const apis = [...model.resources.values()].filter((r) => r.type.startsWith('AWS::Serverless::') && r.type.endsWith('Api'));
  // The generated stage's logical id is `<Api><StageName>Stage`, or `<Api>ApiGatewayDefaultStage`
  // for an HTTP API without a StageName; the Deployment's id ends in a hash, so only
  // `<Api>.Deployment` refers to it (SAM Developer Guide, "CloudFormation resources generated
  // when AWS::Serverless::Api/HttpApi is specified").
  const stageIds = new Map<string, string | undefined>([
    ['ServerlessRestApi', 'ServerlessRestApiProdStage'],
    ['ServerlessHttpApi', 'ServerlessHttpApiApiGatewayDefaultStage'],
  ]);
  for (const api of apis) {
    const stageName = resourceProperty(model, api, 'StageName');
    const name = scalarText(stageName);
    const http = api.type === 'AWS::Serverless::HttpApi';
    stageIds.set(api.logicalId, name !== undefined ? `${api.logicalId}${name}Stage` : http && stageName === undefined ? `${api.logicalId}ApiGatewayDefaultStage` : undefined);
  }
  const apiIds = [...apis.map((a) => a.logicalId), ...['ServerlessRestApi', 'ServerlessHttpApi'].filter((id) => implicit.has(id))];
  for (const id of apiIds) {
    for (const attribute of ['Stage', 'Deployment', 'DomainName', 'RootResourceId', 'ApiEndpoint']) {
      implicit.add(`${id}.${attribute}`);
    }
    const stageId = stageIds.get(id);
    if (stageId) {
      implicit.add(stageId);
    }
  }
  return implicit;
}
