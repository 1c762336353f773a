/**
 * Hover text built from AWS's reference: actions (one, or all a wildcard matches, grouped
 * by access level), condition keys, and the parts of an ARN. Each links to AWS's page for
 * the service. Markdown only; the caller decides the range.
 */
import type { ActionInfo, IamCatalog, LoadedService } from '../data/catalog';
import { isKeyTemplate, isStaleData } from '../data/catalog';
import { byAccessLevel, resolveAction, serviceDocsUrl } from '../policy/actions';
import { arnMatchesTemplate, expandExecuteApiShorthand, splitArn } from '../policy/arn';

/** Names listed per access level before "and N more": enough to scan, short enough to read. */
const MAX_PER_LEVEL = 40;

const GLOBAL_KEYS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';

export function actionHover(catalog: IamCatalog, text: string): string | undefined {
  const resolution = resolveAction(catalog, text);
  switch (resolution.kind) {
    case 'all':
      return `**\`*\`** matches every action of every AWS service: ${catalog.totalActionCount()} actions in ${catalog.servicePrefixes().length} services today, and every one added later.`;
    case 'unknownService':
      return `**${code(text)}**: \`${resolution.prefix}\` is not the prefix of any service in AWS's reference.\n\n${dataLine(catalog)}`;
    case 'actions': {
      const { service, actions } = resolution;
      if (!resolution.wildcard) {
        return actions[0] ? describeAction(catalog, service, actions[0]) : `**${code(text)}**: ${service.name} has no such action.\n\n${dataLine(catalog)}\n\n${link(service)}`;
      }
      return describeMatches(catalog, text, service, actions);
    }
    default:
      return undefined;
  }
}

/** Which data a hover's answer comes from: `IAM data of 2026-09-26`, and its age when it is stale. */
export function dataLine(catalog: IamCatalog): string {
  const date = catalog.dataDate || catalog.version;
  const age = isStaleData(catalog) ? ` (${catalog.dataAgeDays} days old: newer actions are missing)` : '';
  return `_IAM data of ${date}${age}_`;
}

function describeAction(catalog: IamCatalog, service: LoadedService, action: ActionInfo): string {
  const lines = [`**${service.prefix}:${action.name}** · ${service.name} · ${action.accessLevels.join(', ') || 'no access level'}`, '', action.description];
  if (action.deprecated) {
    const instead = (action.replacedBy ?? []).map((r) => code(`${service.prefix}:${r}`)).join(', ');
    lines.push('', `**Deprecated**${instead ? `: use ${instead}` : ''}.`);
  }
  lines.push('', '**Resource types**');
  if (action.resourceTypes.length === 0) {
    lines.push('', 'None: the action does not support resource-level permissions, so it needs `"Resource": "*"`.');
  } else {
    for (const rt of action.resourceTypes) {
      const arns = service.resourceTypes.get(rt.type)?.arns ?? [];
      lines.push(`- \`${rt.type}\`${rt.required ? ' (required)' : ''}: ${arns.map(code).join(' or ') || 'no ARN format'}`);
    }
  }
  const keys = [...new Set([...action.conditionKeys, ...action.resourceTypes.flatMap((r) => r.conditionKeys)])];
  if (keys.length > 0) {
    lines.push('', `**Condition keys**: ${keys.map(code).join(', ')}`);
  }
  if (action.dependentActions.length > 0) {
    lines.push('', `**Dependent actions**: ${action.dependentActions.map(code).join(', ')}`);
  }
  lines.push('', dataLine(catalog), '', link(service));
  return lines.join('\n');
}

function describeMatches(catalog: IamCatalog, pattern: string, service: LoadedService, actions: readonly ActionInfo[]): string {
  if (actions.length === 0) {
    return `**${code(pattern)}** matches no action of ${service.name}.\n\n${dataLine(catalog)}\n\n${link(service)}`;
  }
  const lines = [`**${code(pattern)}** matches ${actions.length} of the ${service.actions.length} actions of ${service.name}`];
  for (const { level, actions: group } of byAccessLevel(actions)) {
    const names = group.map((a) => a.name).sort((a, b) => a.localeCompare(b));
    const shown = names.slice(0, MAX_PER_LEVEL).map(code).join(', ');
    lines.push('', `**${level}** (${names.length}): ${shown}${names.length > MAX_PER_LEVEL ? `, and ${names.length - MAX_PER_LEVEL} more` : ''}`);
  }
  lines.push('', dataLine(catalog), '', link(service));
  return lines.join('\n');
}

export function conditionKeyHover(catalog: IamCatalog, key: string): string | undefined {
  const found = catalog.conditionKey(key);
  if (!found) {
    return undefined;
  }
  const { info } = found;
  const template = isKeyTemplate(info.key) && info.key.toLowerCase() !== key.toLowerCase() ? ` (the key ${code(info.key)})` : '';
  const scope = found.global ? 'global condition key' : 'condition key';
  const lines = [`**${key}** · ${scope}${template} · ${info.type}`];
  if (info.description) {
    lines.push('', info.description);
  }
  const prefix = key.slice(0, key.indexOf(':'));
  const owner = found.global ? undefined : catalog.conditionKeyServices(prefix).map((p) => catalog.service(p)).find((s) => s !== undefined);
  lines.push('', owner ? link(owner) : `[AWS global condition context keys](${GLOBAL_KEYS_URL})`);
  return lines.join('\n');
}

export function arnHover(catalog: IamCatalog, text: string): string | undefined {
  const arn = expandExecuteApiShorthand(text) ?? text;
  const parts = splitArn(arn);
  if (!parts) {
    return undefined;
  }
  const service = catalog.service(parts.service);
  const none = '*(empty)*';
  const lines = [
    `**ARN** ${code(text)}`,
    '',
    `- Partition: ${parts.partition ? code(parts.partition) : none}`,
    `- Service: ${code(parts.service)}${catalog.serviceName(parts.service) ? ` (${catalog.serviceName(parts.service)})` : ''}`,
    `- Region: ${parts.region ? code(parts.region) : `${none}, a global resource`}`,
    `- Account: ${parts.account ? code(parts.account) : none}`,
    `- Resource: ${parts.resource ? code(parts.resource) : none}`,
  ];
  if (arn !== text) {
    lines.push('', 'API Gateway expands `execute-api:/…` to the API\'s own ARN when it saves the policy.');
  }
  if (service) {
    const types = [...service.resourceTypes.values()].filter((rt) => rt.arns.some((t) => arnMatchesTemplate(arn, t)));
    if (types.length > 0) {
      lines.push('', `**Resource types it can name**: ${types.map((t) => `\`${t.key}\``).join(', ')}`);
    }
    lines.push('', link(service));
  }
  return lines.join('\n');
}

function link(service: LoadedService): string {
  return `[${service.name}: actions, resources and condition keys](${serviceDocsUrl(service.name)})`;
}

/** Inline code that survives backticks in the text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}
