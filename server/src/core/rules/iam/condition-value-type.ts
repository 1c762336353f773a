import { definePolicyRule, type PolicyRuleContext } from '../define';
import type { DocNode, Path } from '../../model/node';
import { parseOperator, type OperatorType } from '../../policy/operators';
import { isIamBool, isIamDate, isIamNumber, isIpOrCidr, operatorFitsKey, operatorTypeForKey } from '../../policy/condition-values';
import { conditionEntries, isAuthored, type ConditionEntry } from '../../policy/statement-parts';
import { stringValues } from '../../policy/values';

type Messages = 'notCidr' | 'notDate' | 'notBool' | 'notNumber' | 'notArn' | 'keyType' | 'stringOnArn' | 'setOnSingleValue';

/** For each operator type, the check its values must pass and the message when they fail. */
const VALUE_CHECKS: Partial<Record<OperatorType, [(text: string) => boolean, Messages]>> = {
  IpAddress: [isIpOrCidr, 'notCidr'],
  Date: [isIamDate, 'notDate'],
  Bool: [isIamBool, 'notBool'],
  Null: [isIamBool, 'notBool'],
  Numeric: [isIamNumber, 'notNumber'],
  // ARN operators compare ARNs; a bare `*` (or any pattern of wildcards) also passes.
  Arn: [(t) => t.startsWith('arn:') || /^[*?]+$/.test(t), 'notArn'],
};

export default definePolicyRule<Messages>({
  id: 'iam/condition-value-type',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    notCidr: '"{{value}}" is not an IP address or CIDR range such as "203.0.113.0/24"; {{operator}} compares IP addresses, so this value never matches.',
    notDate: '"{{value}}" is not a date: {{operator}} takes ISO 8601 ("2025-01-31T12:00:00Z") or epoch seconds.',
    notBool: '"{{value}}" is not "true" or "false", the only values {{operator}} takes.',
    notNumber: '"{{value}}" is not a number, so {{operator}} never matches it.',
    notArn: '"{{value}}" is not an ARN; {{operator}} compares ARNs part by part, so it never matches.',
    keyType: '{{operator}} compares {{operatorType}} values, but "{{key}}" holds {{keyType}} values; use a {{keyOperators}} operator.',
    stringOnArn: '"{{key}}" is an ARN; {{operator}} compares it as plain text, which works, but ArnEquals/ArnLike compare it part by part.',
    setOnSingleValue: 'ForAllValues: with the single-valued key "{{key}}" is also true when the request has no such key; use the operator without the prefix.',
  },
  docs: { summary: 'Require condition values to fit their operator (IP ranges, dates, booleans, numbers, ARNs) and operators to fit the key\'s type.' },
  check(ctx) {
    for (const statement of ctx.statements().filter(isAuthored)) {
      for (const entry of conditionEntries(statement)) {
        const parsed = parseOperator(entry.operator);
        if (!parsed.ok) {
          continue; // iam/unknown-condition-operator's.
        }
        const { base, prefix } = parsed.operator;
        const root = statement.site.root;
        const found = ctx.catalog?.conditionKey(entry.key);
        const keyOperator = found ? operatorTypeForKey(found.info.type) : undefined;
        if (found && keyOperator && !operatorFitsKey(base.type, keyOperator)) {
          const usable = base.type === 'String' && keyOperator === 'Arn';
          ctx.report({
            root,
            path: entry.path,
            target: 'key',
            messageId: usable ? 'stringOnArn' : 'keyType',
            severity: usable ? 'info' : 'warning',
            data: { operator: entry.operator, operatorType: base.type, key: entry.key, keyType: found.info.type, keyOperators: keyOperator },
          });
        }
        if (prefix === 'ForAllValues' && found && !found.info.type.startsWith('ArrayOf') && base.type !== 'Null') {
          ctx.report({ root, path: entry.path, target: 'key', messageId: 'setOnSingleValue', severity: 'warning', data: { key: entry.key, operator: entry.operator } });
        }
        const check = VALUE_CHECKS[base.type];
        if (check) {
          checkValues(ctx, root, entry, check);
        }
      }
    }
  },
});

function checkValues(ctx: PolicyRuleContext<Messages>, root: number, entry: ConditionEntry, [valid, messageId]: [(text: string) => boolean, Messages]): void {
  const value = entry.keyProp.value;
  const items: [DocNode, Path][] = value.kind === 'array' ? value.items.map((item, i) => [item, [...entry.path, i]]) : [[value, entry.path]];
  for (const [node, path] of items) {
    const texts =
      node.kind === 'number' || node.kind === 'boolean'
        ? [{ text: node.source || String(node.value), partial: false }]
        : stringValues(ctx.doc, node, path).map((v) => ({ text: v.text, partial: v.origin === 'partial' }));
    for (const { text, partial } of texts) {
      // Policy variables and template placeholders stand for values we cannot see.
      if (partial || text.includes('${') || valid(text)) {
        continue;
      }
      ctx.report({ root, path, messageId, data: { value: text, operator: entry.operator, key: entry.key } });
    }
  }
}
