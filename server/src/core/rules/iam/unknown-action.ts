import { definePolicyRule } from '../define';
import { isAuthored } from '../../policy/statement-parts';
import { statementActions, type ActionResolution } from '../../policy/actions';
import { replaceScalar } from '../../util/edits';
import { closestMatch } from '../../util/similar';
import { weakTable } from '../../engine';
import { isStaleData } from '../../data/catalog';
import { retiredName } from '../../data/retired';
import { actionsForOperation } from '../../data/operations';

/**
 * Suggestions, kept with the resolution they were made for: resolutions are kept per
 * catalog revision and action text, and the same unknown name comes back on every edit.
 */
const suggestions = weakTable<ActionResolution, { readonly text: string | undefined }>('rules/iam/unknown-action.suggestions');

function suggest(resolution: ActionResolution, compute: () => string | undefined): string | undefined {
  let hit = suggestions.get(resolution);
  if (!hit) {
    hit = { text: compute() };
    suggestions.set(resolution, hit);
  }
  return hit.text;
}

type Messages = 'malformed' | 'unknownService' | 'misspeltService' | 'unknownAction' | 'misspeltAction' | 'retired' | 'operation';

export default definePolicyRule<Messages>({
  id: 'iam/unknown-action',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    malformed: '"{{action}}" is not an action: write "service:ActionName", such as "s3:GetObject", or "*".',
    unknownService: '"{{prefix}}" is not the prefix of any service in AWS\'s reference (IAM data of {{dataDate}}), so "{{action}}" matches no action: a typo, a retired service, or one newer than the data.',
    misspeltService: '"{{prefix}}" is not the prefix of any AWS service (IAM data of {{dataDate}}), so "{{action}}" matches no action; did you mean "{{suggestion}}"?',
    unknownAction: '{{service}} has no action "{{name}}" in AWS\'s reference (IAM data of {{dataDate}}), so "{{action}}" matches nothing: a typo, a retired action, or one newer than the data.',
    misspeltAction: '{{service}} has no action "{{name}}" (IAM data of {{dataDate}}), so "{{action}}" matches nothing; did you mean "{{suggestion}}"?',
    operation: '"{{action}}" is an API operation, not an IAM action, so it matches nothing; the operation is authorized by {{authorizedBy}}.',
    retired: '"{{action}}" names {{retired}}, no longer in AWS\'s reference (IAM data of {{dataDate}}): it grants nothing today and can be removed.',
  },
  docs: { summary: 'Disallow actions whose service or name does not exist, such as "s3:GetObjectt" or "lamda:InvokeFunction".' },
  fixable: true,
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    const dataDate = catalog.dataDate || catalog.version;
    // Data older than STALE_DATA_DAYS may simply not know a newer name: without a near miss
    // that is a warning. A near miss is a typo however old the data is.
    const stale = isStaleData(catalog);
    for (const statement of ctx.statements().filter(isAuthored)) {
      for (const { value, resolution } of statementActions(ctx.doc, catalog, statement).items) {
        const action = value.text;
        const report = (messageId: Messages, data: Record<string, string>, suggestion?: string): void =>
          ctx.report({
            root: statement.site.root,
            path: value.path,
            messageId,
            data: { action, ...data, suggestion: suggestion ?? '', dataDate, ...(catalog.dataAgeDays !== undefined ? { dataAgeDays: catalog.dataAgeDays } : {}) },
            severity: messageId === 'retired' || (stale && (messageId === 'unknownService' || messageId === 'unknownAction')) ? 'warning' : undefined,
            // A value computed by the template has no text of its own to replace.
            fix:
              suggestion && value.origin === 'literal'
                ? () => [{ title: `Change to "${suggestion}"`, edits: [replaceScalar(ctx.doc, value.node, suggestion)], isPreferred: true }]
                : undefined,
          });
        if (resolution.kind === 'malformed' && value.origin !== 'partial') {
          report('malformed', {});
        } else if ((resolution.kind === 'unknownService' || (resolution.kind === 'actions' && !resolution.wildcard && resolution.actions.length === 0)) && retiredName(resolution.prefix, resolution.name)) {
          report('retired', { prefix: resolution.prefix, name: resolution.name, retired: retiredName(resolution.prefix, resolution.name)! });
        } else if (resolution.kind === 'unknownService') {
          const suggestion = suggest(resolution, () => {
            // Names of a few letters are too short to guess from.
            const prefix = resolution.prefix.length >= 3 ? closestMatch(resolution.prefix, catalog.servicePrefixes()) : undefined;
            return prefix ? `${prefix}:${resolution.name}` : undefined;
          });
          report(suggestion ? 'misspeltService' : 'unknownService', { prefix: resolution.prefix, name: resolution.name }, suggestion);
        } else if (resolution.kind === 'actions' && !resolution.wildcard && resolution.actions.length === 0 && actionsForOperation(resolution.service, resolution.name).length > 0) {
          // An API operation whose action has another name: the data (or AWS's documented
          // mapping) says which action authorizes it; one action is a fix, several are a hint.
          const authorizing = actionsForOperation(resolution.service, resolution.name).map((a) => `${resolution.service.prefix}:${a}`);
          report('operation', { service: resolution.service.name, prefix: resolution.prefix, name: resolution.name, authorizedBy: authorizing.join(' and ') }, authorizing.length === 1 ? authorizing[0] : undefined);
        } else if (resolution.kind === 'actions' && !resolution.wildcard && resolution.actions.length === 0) {
          const suggestion = suggest(resolution, () => {
            // Action names are case-insensitive, so only a different spelling is a finding.
            const name = closestMatch(resolution.name, resolution.service.actions.map((a) => a.name));
            return name ? `${resolution.service.prefix}:${name}` : undefined;
          });
          report(suggestion ? 'misspeltAction' : 'unknownAction', { service: resolution.service.name, prefix: resolution.prefix, name: resolution.name }, suggestion);
        }
      }
    }
  },
});
