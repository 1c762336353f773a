import { definePolicyRule } from '../define';
import type { Fix } from '../../types';
import { getProperty, type DocNode } from '../../model/node';
import { byAccessLevel, statementActions } from '../../policy/actions';
import { effectOf, resourcesOf } from '../../policy/statement-parts';
import { splitArn } from '../../policy/arn';
import type { ActionInfo, IamCatalog, LoadedService } from '../../data/catalog';
import type { StringValue } from '../../policy/values';
import { replaceWithValues } from '../../util/edits';
import { administratorGrant } from '../../policy/admin';
import type { DocLike } from '../../policy/view';

export default definePolicyRule({
  id: 'iam/wildcard-action',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    all: '"*" allows every action of every AWS service ({{count}} actions today, and every one added later). Name the actions the principal needs.',
    service: '"{{action}}" allows all {{count}} actions of {{service}}, and every one added later. Name the actions the principal needs, or narrow by access level.',
    partial: '"{{action}}" allows {{count}} actions of {{service}}, and any added later whose names match.',
  },
  docs: { summary: 'Warn when an Allow grants every action ("*") or every action of a service ("s3:*"), and note what partial wildcards grant.' },
  fixable: true,
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    for (const statement of ctx.statements()) {
      if (effectOf(statement) !== 'Allow') {
        continue;
      }
      const actions = statementActions(ctx.doc, catalog, statement);
      const element = actions.element === 'Action' ? getProperty(statement.node, 'Action') : undefined;
      if (!element) {
        continue;
      }
      const root = statement.site.root;
      // "*" on every resource is administrator access, iam/full-admin's finding (and with
      // Resource "*" there is no service to narrow to anyway).
      const admin = administratorGrant(ctx.doc, statement)?.kind === 'all';
      for (const { value, resolution } of actions.items) {
        const literal = value.origin === 'literal';
        if (resolution.kind === 'all' && admin) {
          continue;
        }
        if (resolution.kind === 'all') {
          const services = resourceServices(ctx.doc, catalog, statement);
          ctx.report({
            root,
            path: value.path,
            messageId: 'all',
            data: { action: value.text, count: catalog.totalActionCount() },
            fix: literal && services.length > 0 ? () => services.flatMap((s) => narrowings(ctx.doc, element, value, s, s.actions)) : undefined,
          });
        } else if (resolution.kind === 'actions' && resolution.wildcard && resolution.actions.length > 0) {
          const { service } = resolution;
          const whole = resolution.name === '*';
          ctx.report({
            root,
            path: value.path,
            messageId: whole ? 'service' : 'partial',
            severity: whole ? undefined : 'info',
            data: { action: value.text, service: service.name, prefix: service.prefix, count: resolution.actions.length },
            fix: literal ? () => (whole ? serviceFixes(ctx.doc, element, value, service) : expandFixes(ctx.doc, element, value, service, resolution.actions)) : undefined,
          });
        }
      }
    }
  },
});

function names(service: LoadedService, actions: readonly ActionInfo[]): string[] {
  return actions.map((a) => `${service.prefix}:${a.name}`).sort((a, b) => a.localeCompare(b));
}

/** One fix per access level: the service's actions of that level, as an explicit list. */
function narrowings(doc: DocLike, element: DocNode, value: StringValue, service: LoadedService, actions: readonly ActionInfo[]): Fix[] {
  return byAccessLevel(actions).map(({ level, actions: ofLevel }) => ({
    title: `Narrow to the ${level} actions of ${service.prefix} (${ofLevel.length})`,
    edits: [replaceWithValues(doc, element, value.node, names(service, ofLevel))],
    narrows: true,
  }));
}

function serviceFixes(doc: DocLike, element: DocNode, value: StringValue, service: LoadedService): Fix[] {
  const fixes = narrowings(doc, element, value, service, service.actions);
  // Callers of an API Gateway API need exactly one action; the others manage the cache
  // and WebSocket connections.
  if (service.prefix === 'execute-api') {
    fixes.unshift({ title: 'Narrow to execute-api:Invoke', edits: [replaceWithValues(doc, element, value.node, ['execute-api:Invoke'])], isPreferred: true, narrows: true });
  }
  return fixes;
}

function expandFixes(doc: DocLike, element: DocNode, value: StringValue, service: LoadedService, actions: readonly ActionInfo[]): Fix[] {
  const fixes: Fix[] = [
    {
      title: `Expand to the ${actions.length} actions it matches`,
      edits: [replaceWithValues(doc, element, value.node, names(service, actions))],
      isPreferred: true,
      // The explicit list grants exactly what the pattern grants today.
      fixAll: true,
    },
  ];
  const levels = byAccessLevel(actions);
  return levels.length > 1 ? fixes.concat(narrowings(doc, element, value, service, actions)) : fixes;
}

/** The loaded services the statement's resource ARNs name, for narrowing a bare "*". */
function resourceServices(doc: DocLike, catalog: IamCatalog, statement: Parameters<typeof resourcesOf>[1]): LoadedService[] {
  const { element, values } = resourcesOf(doc, statement);
  if (element !== 'Resource') {
    return [];
  }
  const found = new Map<string, LoadedService>();
  for (const v of values) {
    const service = catalog.service(splitArn(v.text)?.service ?? '');
    if (!service) {
      return [];
    }
    found.set(service.prefix, service);
  }
  return [...found.values()];
}
