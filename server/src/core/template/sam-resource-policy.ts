/**
 * SAM's `Auth.ResourcePolicy` (on an `AWS::Serverless::Api`, in `Globals.Api`, or on one
 * function's Api event), expanded to the resource policy statements the SAM translator
 * writes into `x-amazon-apigateway-policy`: account, IP range and VPC allow/deny lists become
 * Allow + Deny pairs, and `CustomStatements` are taken as written.
 */
import { asList, getProperty, scalarText, type DocNode, type Path } from '../model/node';
import { synthesize, type PlainValue } from '../model/synthetic';
import type { PolicySite } from '../policy/sites';
import { resolveList } from './resolve';
import { resourceProperty, type TemplateModel } from './model';

export function samResourcePolicySites(model: TemplateModel, rootIndex: number): PolicySite[] {
  const sites: PolicySite[] = [];
  for (const resource of model.resources.values()) {
    if (resource.type === 'AWS::Serverless::Api') {
      const auth = resourceProperty(model, resource, 'Auth');
      const policy = getProperty(auth, 'ResourcePolicy');
      if (policy) {
        const fromGlobals = getProperty(getProperty(resource.properties, 'Auth'), 'ResourcePolicy') === undefined;
        const path: Path = fromGlobals ? ['Globals', 'Api', 'Auth', 'ResourcePolicy'] : [...resource.path, 'Properties', 'Auth', 'ResourcePolicy'];
        sites.push(...siteFor(policy, path, rootIndex, model, 'execute-api:/*', `AWS::Serverless::Api ${resource.logicalId} Auth.ResourcePolicy`).map((s) => ({ ...s, owner: resource.logicalId })));
      }
    }
    if (resource.type === 'AWS::Serverless::Function' || resource.type === 'AWS::Serverless::StateMachine') {
      const events = getProperty(resource.properties, 'Events');
      if (events?.kind !== 'object') {
        continue;
      }
      for (const event of events.properties) {
        const props = getProperty(event.value, 'Properties');
        const policy = getProperty(getProperty(props, 'Auth'), 'ResourcePolicy');
        if (!policy || scalarText(getProperty(event.value, 'Type')) !== 'Api') {
          continue;
        }
        const method = (scalarText(getProperty(props, 'Method')) ?? '*').toUpperCase();
        const pathText = (scalarText(getProperty(props, 'Path')) ?? '/').replace(/\{[^}]*\}/g, '*');
        const resourceArn = `execute-api:/\${Stage}/${method === 'ANY' ? '*' : method}${pathText}`;
        const path: Path = [...resource.path, 'Properties', 'Events', event.key, 'Properties', 'Auth', 'ResourcePolicy'];
        sites.push(...siteFor(policy, path, rootIndex, model, resourceArn, `${resource.logicalId} event ${event.key} Auth.ResourcePolicy`));
      }
    }
  }
  return sites;
}

function siteFor(policy: DocNode, path: Path, rootIndex: number, model: TemplateModel, resourceArn: string, origin: string): PolicySite[] {
  if (policy.kind !== 'object') {
    return [];
  }
  const statements: PlainValue[] = [];
  const list = (key: string): string[] => {
    const node = getProperty(policy, key);
    if (!node) {
      return [];
    }
    return resolveList(node, model)[0]?.map((v) => v.text) ?? asList(node).map((n) => scalarText(n) ?? '${Value}');
  };
  const invoke = { Action: 'execute-api:Invoke', Resource: [resourceArn] };
  const accountsAllow = list('AwsAccountWhitelist');
  if (accountsAllow.length > 0) {
    statements.push({ Effect: 'Allow', Principal: { AWS: accountsAllow }, ...invoke });
  }
  const accountsDeny = list('AwsAccountBlacklist');
  if (accountsDeny.length > 0) {
    statements.push({ Effect: 'Deny', Principal: { AWS: accountsDeny }, ...invoke });
  }
  const pairs: [string, string, string][] = [
    ['IpRangeWhitelist', 'NotIpAddress', 'aws:SourceIp'],
    ['IpRangeBlacklist', 'IpAddress', 'aws:SourceIp'],
  ];
  for (const [key, operator, conditionKey] of pairs) {
    const values = list(key);
    if (values.length > 0) {
      statements.push({ Effect: 'Allow', Principal: '*', ...invoke });
      statements.push({ Effect: 'Deny', Principal: '*', ...invoke, Condition: { [operator]: { [conditionKey]: values } } });
    }
  }
  for (const [key, operator] of [
    ['SourceVpcWhitelist', 'StringNotEquals'],
    ['SourceVpcBlacklist', 'StringEquals'],
  ] as const) {
    const values = list(key);
    const vpcs = values.filter((v) => !v.startsWith('vpce-'));
    const endpoints = values.filter((v) => v.startsWith('vpce-'));
    if (values.length > 0) {
      statements.push({ Effect: 'Allow', Principal: '*', ...invoke });
      if (vpcs.length > 0) {
        statements.push({ Effect: 'Deny', Principal: '*', ...invoke, Condition: { [operator]: { 'aws:SourceVpc': vpcs } } });
      }
      if (endpoints.length > 0) {
        statements.push({ Effect: 'Deny', Principal: '*', ...invoke, Condition: { [operator]: { 'aws:SourceVpce': endpoints } } });
      }
    }
  }
  const sites: PolicySite[] = [];
  if (statements.length > 0) {
    sites.push({
      root: rootIndex,
      path,
      node: synthesize({ Version: '2012-10-17', Statement: statements }, policy),
      policyType: 'resource',
      policyTypeKnown: true,
      origin,
      synthetic: true,
    });
  }
  // Custom statements are the user's own text: a real site, with real ranges and fixes.
  const custom = getProperty(policy, 'CustomStatements');
  if (custom) {
    const wrapper = synthesize({ Version: '2012-10-17', Statement: custom }, custom);
    sites.push({ root: rootIndex, path, node: wrapper, policyType: 'resource', policyTypeKnown: true, origin: `${origin}.CustomStatements`, synthetic: true });
  }
  return sites;
}
