import { definePolicyRule } from '../define';
import type { Fix } from '../../types';
import type { DocNode } from '../../model/node';
import { grantedActions, statementActions, type GrantedAction } from '../../policy/actions';
import { arnTemplateValue, splitArn } from '../../policy/arn';
import { effectOf, resourcesOf } from '../../policy/statement-parts';
import { replaceWithValues } from '../../util/edits';
import { boundedTable } from '../../engine';
import type { DocLike } from '../../policy/view';

/** Per-type quick fixes offered besides "all of them"; more would only crowd the menu. */
const MAX_SINGLE_TYPE_FIXES = 8;

export default definePolicyRule({
  id: 'iam/wildcard-resource',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    star: '"Resource": "*" allows {{count}} of these actions on every resource they apply to, though they can be limited to named resources (for example {{example}}). Name the resources.',
    effectivelyStar: '"{{resource}}" names every {{type}} in every account and Region: it is "*" for these actions. Name the resources, or at least the account.',
  },
  docs: { summary: 'Warn when an Allow uses "Resource": "*" (or an ARN that is "*" in effect) for actions that support resource-level permissions.' },
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
      const resources = resourcesOf(ctx.doc, statement);
      // Most statements name their resources: only "*" and ARNs with a wildcard account
      // (or none, as in S3) can be "*" in effect, so the rest costs nothing more.
      const candidates = resources.values.filter((v) => v.origin === 'literal' && (v.text === '*' || /^arn:[^:]*:[^:]*:[^:]*:\*?:/.test(v.text)));
      if (resources.element !== 'Resource' || !resources.node || candidates.length === 0) {
        continue;
      }
      const { items } = statementActions(ctx.doc, catalog, statement);
      // With "Action": "*" there is nothing to name resources for; iam/wildcard-action speaks.
      if (items.some((i) => i.resolution.kind === 'all')) {
        continue;
      }
      const scoped: GrantedAction[] = [];
      for (const { resolution } of items) {
        if (resolution.kind === 'actions') {
          for (const granted of grantedActions(resolution)) {
            if (granted.action.resourceTypes.length > 0) {
              scoped.push(granted);
            }
          }
        }
      }
      if (scoped.length === 0) {
        continue;
      }
      const element = resources.node;
      const example = `${scoped[0]!.service.prefix}:${scoped[0]!.action.name}`;
      for (const value of candidates) {
        if (value.text === '*') {
          ctx.report({
            root: statement.site.root,
            path: value.path,
            messageId: 'star',
            data: { count: scoped.length, example },
            fix: () => arnFixes(ctx.doc, element, value.node, scoped),
          });
          continue;
        }
        const type = everyResourceOf(value.text, scoped);
        if (type) {
          // Limited to one resource type, so less than "*": noted, not warned about.
          ctx.report({ root: statement.site.root, path: value.path, messageId: 'effectivelyStar', severity: 'info', data: { resource: value.text, type } });
        }
      }
    }
  },
});

/**
 * The resource types the actions need (those an action requires, else all it accepts),
 * most needed first, as ARN templates with placeholders.
 */
function arnFixes(doc: DocLike, element: DocNode, star: DocNode, scoped: readonly GrantedAction[]): Fix[] {
  const needed = new Map<string, { arns: readonly string[]; label: string; count: number }>();
  for (const { service, action } of scoped) {
    const required = action.resourceTypes.filter((r) => r.required);
    for (const r of required.length > 0 ? required : action.resourceTypes) {
      const info = service.resourceTypes.get(r.type);
      if (!info || info.arns.length === 0) {
        continue;
      }
      const key = `${service.prefix}/${r.type}`;
      const entry = needed.get(key) ?? { arns: info.arns, label: `${service.prefix} ${r.type}`, count: 0 };
      needed.set(key, { ...entry, count: entry.count + 1 });
    }
  }
  const types = [...needed.values()].sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
  const numbering = (): Map<string, number> => new Map([['Partition', 1], ['Region', 2], ['Account', 3]]);
  const fixes: Fix[] = [];
  if (types.length > 1) {
    const shared = numbering();
    const values = types.flatMap((t) => t.arns.map((arn) => arnTemplateValue(arn, shared)));
    fixes.push({ title: `Replace "*" with the ARNs of the ${types.length} resource types these actions use`, edits: [replaceWithValues(doc, element, star, values)], isPreferred: true });
  }
  for (const t of types.slice(0, MAX_SINGLE_TYPE_FIXES)) {
    const shared = numbering();
    fixes.push({
      title: `Replace "*" with the ${t.label} ARN (${t.arns.join(', ')})`,
      edits: [replaceWithValues(doc, element, star, t.arns.map((arn) => arnTemplateValue(arn, shared)))],
      isPreferred: types.length === 1,
    });
  }
  return fixes;
}

/**
 * The resource type whose every resource `arn` names, if any: the type's ARN format with
 * each placeholder written as `*` (`arn:*:cloudtrail:*:*:trail/*`, `arn:aws:s3:::*`). The
 * partition may be named; naming one Region or account is already a real limit.
 */
function everyResourceOf(arn: string, scoped: readonly GrantedAction[]): string | undefined {
  const parts = splitArn(arn);
  if (!parts) {
    return undefined;
  }
  const resource = parts.resource.replace(/\*+/g, '*');
  const seen = new Set<string>();
  for (const { service, action } of scoped) {
    if (service.prefix !== parts.service) {
      continue;
    }
    for (const rt of action.resourceTypes) {
      if (seen.has(rt.type)) {
        continue;
      }
      seen.add(rt.type);
      for (const template of service.resourceTypes.get(rt.type)?.arns ?? []) {
        const t = starred(template);
        if (t && t.region === parts.region && t.account === parts.account && t.resource === resource) {
          return `${service.prefix} ${rt.type}`;
        }
      }
    }
  }
  return undefined;
}

const starredTemplates = boundedTable<string, ReturnType<typeof splitArn>>('rules/iam/wildcard-resource.starred', 20_000);

/** A reference ARN format with every placeholder written as `*`, split into its parts. */
function starred(template: string): ReturnType<typeof splitArn> {
  if (!starredTemplates.has(template)) {
    starredTemplates.set(template, splitArn(template.replace(/\$\{[^}]*\}/g, '*')));
  }
  return starredTemplates.get(template);
}
