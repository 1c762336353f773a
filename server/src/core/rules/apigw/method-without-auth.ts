import { defineRule } from '../define';
import { apiInventory } from '../../apigw/inventory';
import type { ApiInfo, ApiMethod } from '../../apigw/types';
import type { PolicySite } from '../../policy/sites';

export default defineRule({
  id: 'apigw/method-without-auth',
  appliesTo: ['cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    mixed: '{{method}} {{path}} has no authorization while other methods of API {{api}} require AWS_IAM; anyone on the internet can call it. Set AWS_IAM (or NONE on purpose, and say so).',
    noAuth: 'No method of API {{api}} has any authorization, API key or resource policy: every method is open to anyone on the internet.',
  },
  docs: { summary: 'Flag methods left without authorization in an API whose other methods use IAM, and APIs open to everyone.' },
  check(ctx) {
    const inventory = apiInventory(ctx.doc);
    const byApi = new Map<string, ApiMethod[]>();
    for (const m of inventory.methods) {
      if (m.includedFrom === undefined) {
        byApi.set(`${m.api.root}:${m.api.id}`, [...(byApi.get(`${m.api.root}:${m.api.id}`) ?? []), m]);
      }
    }
    const resourcePolicies = ctx.policies().filter((p) => p.policyType === 'resource');
    for (const methods of byApi.values()) {
      // CORS preflight (OPTIONS) is meant to be open; it says nothing about the API's intent.
      const relevant = methods.filter((m) => m.method !== 'OPTIONS' && m.api.kind !== 'WEBSOCKET');
      const iam = relevant.filter((m) => m.authorization.type === 'AWS_IAM');
      const open = relevant.filter((m) => m.authorization.type === 'NONE' && !m.apiKeyRequired);
      const api = methods[0]!.api;
      if (iam.length > 0) {
        for (const m of open) {
          ctx.report({ root: m.root, path: m.declaredAt, target: 'key', messageId: 'mixed', data: { method: m.method, path: m.path, api: api.id } });
        }
      } else if (relevant.length > 0 && open.length === relevant.length && !resourcePolicies.some((p) => protects(p, api))) {
        // An API written as a resource is reported at its key; an implicit one (SAM's
        // ServerlessRestApi) or a whole OpenAPI file at its first method.
        const at = api.implicit || api.path.length === 0 ? relevant[0]!.declaredAt : api.path;
        ctx.report({ root: api.root, path: at, target: 'key', messageId: 'noAuth', data: { api: api.id }, severity: 'info' });
      }
    }
  },
});

/**
 * Whether a resource policy may be the API's own: one held by the API (its Policy, SAM
 * Auth.ResourcePolicy, its body's x-amazon-apigateway-policy), or one with no owning
 * resource (a SAM event's Auth.ResourcePolicy, an OpenAPI file's policy). A bucket or
 * queue policy elsewhere in the template says nothing about who may call the API.
 */
function protects(policy: PolicySite, api: ApiInfo): boolean {
  return policy.root === api.root && (policy.owner === undefined || policy.owner === api.id);
}
