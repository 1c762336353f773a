import { definePolicyRule } from '../define';
import type { ConditionKeyInfo } from '../../data/catalog';
import { keyTemplateParts } from '../../data/catalog';
import { conditionEntries, isAuthored } from '../../policy/statement-parts';
import { renameKey } from '../../util/edits';
import { closestMatch } from '../../util/similar';

type Messages = 'unknownGlobal' | 'misspeltGlobal' | 'unknownKey' | 'misspeltKey' | 'unknownPrefix';

export default definePolicyRule<Messages>({
  id: 'iam/unknown-condition-key',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    unknownGlobal: '"{{key}}" is not a global condition key, so no request carries it and the condition never matches as written.',
    misspeltGlobal: '"{{key}}" is not a global condition key, so no request carries it; did you mean "{{suggestion}}"?',
    unknownKey: '{{service}} has no condition key "{{key}}", so no request carries it and the condition never matches as written.',
    misspeltKey: '{{service}} has no condition key "{{key}}"; did you mean "{{suggestion}}"?',
    unknownPrefix: '"{{prefix}}" is neither "aws" nor an AWS service prefix, so "{{key}}" is no condition key any request carries.',
  },
  docs: { summary: 'Disallow condition keys that do not exist, global ("aws:…") or of a service ("s3:…").' },
  fixable: true,
  check(ctx) {
    const catalog = ctx.catalog;
    if (!catalog) {
      return;
    }
    for (const statement of ctx.statements().filter(isAuthored)) {
      for (const entry of conditionEntries(statement)) {
        const colon = entry.key.indexOf(':');
        const prefix = entry.key.slice(0, colon);
        // Keys without a prefix are iam/invalid-condition's; identity providers' keys
        // (`accounts.google.com:aud`, an EKS OIDC host) are open-ended.
        if (colon <= 0 || prefix.includes('.') || prefix.includes('${') || catalog.conditionKey(entry.key)) {
          continue;
        }
        const owners = catalog.conditionKeyServices(prefix);
        let messageId: Messages;
        let suggestion: string | undefined;
        let service = '';
        if (prefix.toLowerCase() === 'aws') {
          suggestion = suggestKey(entry.key, catalog.globalConditionKeys());
          messageId = suggestion ? 'misspeltGlobal' : 'unknownGlobal';
        } else if (owners.length === 0) {
          messageId = 'unknownPrefix';
        } else if (owners.every((o) => catalog.isLoaded(o))) {
          const tables = owners.flatMap((o) => [...(catalog.service(o)?.conditionKeys.values() ?? [])]);
          suggestion = suggestKey(entry.key, tables);
          service = catalog.serviceName(owners[0]!) ?? prefix;
          messageId = suggestion ? 'misspeltKey' : 'unknownKey';
        } else {
          continue; // Not loaded: cannot be judged.
        }
        ctx.report({
          root: statement.site.root,
          path: entry.path,
          target: 'key',
          messageId,
          data: { key: entry.key, prefix, service, suggestion: suggestion ?? '' },
          // As for actions: with no near miss the key may be one AWS has retired.
          severity: suggestion ? undefined : 'warning',
          fix: suggestion ? () => [{ title: `Change to "${suggestion}"`, edits: [renameKey(ctx.doc, entry.keyProp, suggestion)], isPreferred: true }] : undefined,
        });
      }
    }
  },
});

/**
 * The nearest existing key. A template such as `aws:PrincipalTag/${TagKey}` is compared by
 * its fixed head, and the suggestion keeps the user's own tag key: `aws:PrincipleTag/team`
 * → `aws:PrincipalTag/team`.
 */
function suggestKey(key: string, known: readonly ConditionKeyInfo[]): string | undefined {
  const slash = key.indexOf('/');
  const plain: string[] = [];
  const heads: string[] = [];
  for (const k of known) {
    const parts = keyTemplateParts(k.key);
    if (parts.length === 1 && !parts[0]!.placeholder) {
      plain.push(k.key);
    } else if (parts.length === 2 && !parts[0]!.placeholder && parts[0]!.text.endsWith('/') && parts[1]!.placeholder) {
      heads.push(parts[0]!.text.slice(0, -1));
    }
  }
  if (slash > 0) {
    const head = closestMatch(key.slice(0, slash), heads);
    if (head) {
      return `${head}/${key.slice(slash + 1)}`;
    }
  }
  return closestMatch(key, plain);
}
