/**
 * Every policy document a CloudFormation or SAM template holds, as policy sites: identity
 * policies on roles, users, groups and policy resources; trust policies; resource policies
 * of S3, SQS, SNS, KMS, ECR, API Gateway and others; SAM function policies (inline, and SAM
 * policy templates expanded to the statements SAM generates); SAM `Auth.ResourcePolicy`
 * (expanded likewise); and the `x-amazon-apigateway-policy` of inline OpenAPI bodies.
 */
import { getProperty, type DocNode, type Path } from '../model/node';
import type { PolicyType } from '../types';
import type { PolicySite } from '../policy/sites';
import { embedJson, forgetEmbedded } from './embedded';
import { resourceProperty, templateModel, type TemplateModel, type TemplateResource } from './model';
import { expandPolicyTemplate } from './sam-policy-templates';
import { samResourcePolicySites } from './sam-resource-policy';
import { computeReading, replayReading, sameReads, templateReads } from './reads';
import { weakTable } from '../engine';

interface PolicyProperty {
  /** Property path under `Properties`; `*` steps into each list item. */
  readonly path: readonly string[];
  readonly type: PolicyType;
  readonly impliedResource?: boolean;
}

/** Where each resource type keeps its policies (CloudFormation User Guide, per resource). */
const POLICY_PROPERTIES: Readonly<Record<string, readonly PolicyProperty[]>> = {
  'AWS::IAM::Role': [
    { path: ['AssumeRolePolicyDocument'], type: 'trust' },
    { path: ['Policies', '*', 'PolicyDocument'], type: 'identity' },
  ],
  'AWS::IAM::User': [{ path: ['Policies', '*', 'PolicyDocument'], type: 'identity' }],
  'AWS::IAM::Group': [{ path: ['Policies', '*', 'PolicyDocument'], type: 'identity' }],
  'AWS::IAM::Policy': [{ path: ['PolicyDocument'], type: 'identity' }],
  'AWS::IAM::ManagedPolicy': [{ path: ['PolicyDocument'], type: 'identity' }],
  'AWS::IAM::RolePolicy': [{ path: ['PolicyDocument'], type: 'identity' }],
  'AWS::IAM::UserPolicy': [{ path: ['PolicyDocument'], type: 'identity' }],
  'AWS::IAM::GroupPolicy': [{ path: ['PolicyDocument'], type: 'identity' }],
  'AWS::SSO::PermissionSet': [{ path: ['InlinePolicy'], type: 'identity' }],
  'AWS::S3::BucketPolicy': [{ path: ['PolicyDocument'], type: 'resource' }],
  'AWS::S3::AccessPoint': [{ path: ['Policy'], type: 'resource' }],
  'AWS::SQS::QueuePolicy': [{ path: ['PolicyDocument'], type: 'resource' }],
  'AWS::SNS::TopicPolicy': [{ path: ['PolicyDocument'], type: 'resource' }],
  'AWS::KMS::Key': [{ path: ['KeyPolicy'], type: 'resource' }],
  'AWS::ECR::Repository': [{ path: ['RepositoryPolicyText'], type: 'resource', impliedResource: true }],
  'AWS::SecretsManager::ResourcePolicy': [{ path: ['ResourcePolicy'], type: 'resource' }],
  'AWS::Logs::ResourcePolicy': [{ path: ['PolicyDocument'], type: 'resource' }],
  'AWS::ApiGateway::RestApi': [{ path: ['Policy'], type: 'resource' }],
  'AWS::OpenSearchService::Domain': [{ path: ['AccessPolicies'], type: 'resource' }],
  'AWS::Elasticsearch::Domain': [{ path: ['AccessPolicies'], type: 'resource' }],
  'AWS::EFS::FileSystem': [{ path: ['FileSystemPolicy'], type: 'resource' }],
  'AWS::Backup::BackupVault': [{ path: ['AccessPolicy'], type: 'resource' }],
  'AWS::DynamoDB::Table': [{ path: ['ResourcePolicy', 'PolicyDocument'], type: 'resource' }],
  'AWS::Serverless::Api': [{ path: ['Policy'], type: 'resource' }],
  'AWS::Serverless::Function': [{ path: ['AssumeRolePolicyDocument'], type: 'trust' }],
};

export function templatePolicySites(root: DocNode, rootIndex: number, host: string): PolicySite[] {
  const model = templateModel(root);
  const sites: PolicySite[] = [];
  for (const resource of model.resources.values()) {
    sites.push(...memoisedResourceSites(model, resource, rootIndex, host));
  }
  sites.push(...samResourcePolicySites(model, rootIndex));
  return sites;
}

/**
 * A resource's sites depend on the resource and on the template's Parameters, Mappings and
 * Globals, nothing else; they are kept on the resource node while those are the same
 * nodes. An incremental reparse keeps the nodes of resources an edit did not touch, so
 * those resources keep their sites (the same objects), and what is memoised on the sites
 * (rules' reports, services/analyze.ts) stays valid. Sites carrying syntax findings
 * (JSON-string policies that do not parse) are not kept: their findings hold offsets.
 */
const resourceSitesMemo = weakTable<
  DocNode,
  { readonly reads: readonly unknown[]; readonly globals?: DocNode; readonly rootIndex: number; readonly logicalId: string; readonly sites: readonly PolicySite[] }
>('template/policies.resourceSitesMemo');

function memoisedResourceSites(model: TemplateModel, resource: TemplateResource, rootIndex: number, host: string): readonly PolicySite[] {
  const hit = resourceSitesMemo.get(resource.node);
  const reads = templateReads(model, resource.node);
  if (
    hit &&
    sameReads(hit.reads, reads) &&
    hit.globals === model.globals &&
    hit.rootIndex === rootIndex &&
    hit.logicalId === resource.logicalId
  ) {
    replayReading(model, reads);
    return hit.sites;
  }
  forgetEmbedded(resource.node);
  const sites = computeReading('template/policies.resourceSitesMemo', () => model, reads, () => resourceSites(model, resource, rootIndex, host));
  if (sites.every((s) => !s.syntaxFindings || s.syntaxFindings.length === 0)) {
    resourceSitesMemo.set(resource.node, { reads, globals: model.globals, rootIndex, logicalId: resource.logicalId, sites });
  }
  return sites;
}

function resourceSites(model: TemplateModel, resource: TemplateResource, rootIndex: number, host: string): PolicySite[] {
  const sites: PolicySite[] = [];
  for (const prop of POLICY_PROPERTIES[resource.type] ?? []) {
    for (const { node, path } of walk(resource.properties, prop.path, [...resource.path, 'Properties'])) {
      sites.push(
        ...documentSites(node, path, rootIndex, host, prop.type, `${resource.type} ${resource.logicalId}`).map((s) => ({
          ...s,
          owner: resource.logicalId,
          ...(prop.impliedResource ? { impliedResource: true } : {}),
        })),
      );
    }
  }
  if (resource.type === 'AWS::Serverless::Function' || resource.type === 'AWS::Serverless::StateMachine') {
    sites.push(...samFunctionPolicySites(model, resource, rootIndex));
  }
  const body = resource.type === 'AWS::Serverless::Api' ? getProperty(resource.properties, 'DefinitionBody') : resource.type === 'AWS::ApiGateway::RestApi' ? getProperty(resource.properties, 'Body') : undefined;
  if (body) {
    const bodyPath = [...resource.path, 'Properties', resource.type === 'AWS::Serverless::Api' ? 'DefinitionBody' : 'Body'];
    for (const variant of alternatives(body, bodyPath)) {
      sites.push(...openApiPolicySites(variant.node, variant.path, rootIndex, host, `${resource.type} ${resource.logicalId}`).map((s) => ({ ...s, owner: resource.logicalId })));
    }
  }
  return sites;
}

/** The `x-amazon-apigateway-policy` of an OpenAPI document (a file, or a template's body). */
export function openApiPolicySites(root: DocNode, path: Path, rootIndex: number, host: string, origin = 'OpenAPI'): PolicySite[] {
  const policy = getProperty(root, 'x-amazon-apigateway-policy');
  return policy ? documentSites(policy, [...path, 'x-amazon-apigateway-policy'], rootIndex, host, 'resource', `${origin} x-amazon-apigateway-policy`) : [];
}

/**
 * A policy value as sites: an object is one; `Fn::If` gives one per branch; a JSON string
 * is parsed and embedded. Anything else (a `Ref` to a parameter) cannot be checked here.
 */
function documentSites(node: DocNode, path: Path, rootIndex: number, host: string, policyType: PolicyType, origin: string): PolicySite[] {
  const sites: PolicySite[] = [];
  for (const variant of alternatives(node, path)) {
    if (variant.node.kind === 'object') {
      sites.push({ root: rootIndex, path: variant.path, node: variant.node, policyType, policyTypeKnown: true, origin });
    } else if (variant.node.kind === 'string') {
      const embedded = embedJson(host, variant.node, rootIndex);
      if (embedded?.root) {
        sites.push({ root: rootIndex, path: variant.path, node: embedded.root, policyType, policyTypeKnown: true, origin, syntaxFindings: embedded.findings });
      } else if (embedded) {
        sites.push({ root: rootIndex, path: variant.path, node: variant.node, policyType, policyTypeKnown: true, origin, syntaxFindings: embedded.findings, synthetic: true });
      }
    }
  }
  return sites;
}

/** A value, or each branch of an `Fn::If` (recursively), with its path. */
export function alternatives(node: DocNode, path: Path): { node: DocNode; path: Path }[] {
  if (node.kind === 'intrinsic' && node.fn === 'Fn::If' && node.arg.kind === 'array') {
    const [, yes, no] = node.arg.items;
    return [
      ...(yes ? alternatives(yes, [...path, 'Fn::If', 1]) : []),
      ...(no ? alternatives(no, [...path, 'Fn::If', 2]) : []),
    ];
  }
  return [{ node, path }];
}

/** Follows a property path under `Properties`, stepping into list items at `*`. */
function walk(node: DocNode | undefined, segments: readonly string[], path: Path): { node: DocNode; path: Path }[] {
  if (!node) {
    return [];
  }
  if (segments.length === 0) {
    return [{ node, path }];
  }
  const [head, ...rest] = segments;
  if (head === '*') {
    return node.kind === 'array' ? node.items.flatMap((item, i) => walk(item, rest, [...path, i])) : [];
  }
  return alternatives(node, path).flatMap((v) => walk(getProperty(v.node, head!), rest, [...v.path, head!]));
}

/**
 * SAM `Policies` on a function or state machine: a managed policy name or ARN (nothing to
 * check), a policy document, a SAM policy template (`SQSPollerPolicy: {QueueName: …}`),
 * one of those or a list of them, possibly under `Fn::If`.
 */
function samFunctionPolicySites(model: TemplateModel, resource: TemplateResource, rootIndex: number): PolicySite[] {
  const policies = resourceProperty(model, resource, 'Policies');
  if (!policies) {
    return [];
  }
  const base: Path = [...resource.path, 'Properties', 'Policies'];
  const items = policies.kind === 'array' ? policies.items.map((item, i) => ({ node: item, path: [...base, i] as Path })) : [{ node: policies, path: base }];
  const origin = `${resource.type} ${resource.logicalId} Policies`;
  const sites: PolicySite[] = [];
  for (const item of items.flatMap((i) => alternatives(i.node, i.path))) {
    if (item.node.kind !== 'object') {
      continue;
    }
    if (getProperty(item.node, 'Statement') !== undefined) {
      sites.push({ root: rootIndex, path: item.path, node: item.node, policyType: 'identity', policyTypeKnown: true, origin, owner: resource.logicalId });
      continue;
    }
    // A map of policy template names (one per key, though SAM allows several in a map).
    for (const prop of item.node.properties) {
      const expanded = expandPolicyTemplate(prop.key, prop.value, prop);
      if (expanded) {
        sites.push({ root: rootIndex, path: [...item.path, prop.key], node: expanded, policyType: 'identity', policyTypeKnown: true, origin: `SAM policy template ${prop.key}`, owner: resource.logicalId, synthetic: true });
      }
    }
  }
  return sites;
}
