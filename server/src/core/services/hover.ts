/**
 * Hover content from the core: plain markdown plus the range it explains.
 * Policy element names and condition operators explain themselves.
 */
import type { HoverResult, SourceDocument } from '../types';
import { propertyKeyAtOffset, type PropertyNode } from '../model/node';
import { parseOperator } from '../policy/operators';
import { policySites } from '../policy/sites';

const ELEMENT_DOCS: Readonly<Record<string, string>> = {
  Version: 'The policy language version. Use `"2012-10-17"`: policy variables such as `${aws:username}` only work with it.',
  Id: 'An optional identifier for the policy. Some services (SQS, SNS) want a GUID here.',
  Statement: 'The statements of the policy: one object, or a list of them. Each grants or denies actions on resources.',
  Sid: 'An optional statement id. Unique within the policy; in identity policies only letters and digits.',
  Effect: 'Whether the statement allows or denies: exactly `"Allow"` or `"Deny"`. An explicit Deny always wins.',
  Principal: 'Who the statement applies to, in resource and trust policies: `"*"` or `{"AWS" | "Service" | "Federated" | "CanonicalUser": …}`.',
  NotPrincipal: 'Everyone except the listed principals. Rarely what you want with Allow; prefer Principal with a condition.',
  Action: 'The actions the statement covers, as `service:Action`, with `*` and `?` wildcards. Names are case-insensitive.',
  NotAction: 'Every action except those listed. With Allow this grants far more than it seems; prefer Action.',
  Resource: 'The resources the statement covers, as ARNs with `*` and `?` wildcards. Required in identity policies.',
  NotResource: 'Every resource except those listed. With Allow this grants far more than it seems; prefer Resource.',
  Condition: 'When the statement applies: `{ operator: { key: value(s) } }`. All operators and keys must match; values within one key are ORed.',
};

export function hover(doc: SourceDocument, offset: number): HoverResult | undefined {
  for (const site of policySites(doc)) {
    if (offset < site.node.offset || offset > site.node.offset + site.node.length) {
      continue;
    }
    const prop = propertyKeyAtOffset(site.node, offset);
    if (!prop) {
      continue;
    }
    const text = explainKey(prop);
    if (text) {
      return { markdown: text, offset: prop.keyOffset, length: prop.keyLength };
    }
  }
  return undefined;
}

function explainKey(prop: PropertyNode): string | undefined {
  const element = ELEMENT_DOCS[prop.key];
  if (element) {
    return `**${prop.key}** (IAM policy element)\n\n${element}`;
  }
  const parsed = parseOperator(prop.key);
  if (parsed.ok) {
    const { prefix, base, ifExists } = parsed.operator;
    const parts = [`**${prop.key}** (condition operator, ${base.type})`, '', base.summary];
    if (ifExists) {
      parts.push('', '`IfExists`: also true when the request has no such key.');
    }
    if (prefix === 'ForAllValues') {
      parts.push('', '`ForAllValues:` every value in the request must match; true when the key is absent or empty.');
    } else if (prefix === 'ForAnyValue') {
      parts.push('', '`ForAnyValue:` at least one value in the request must match.');
    }
    return parts.join('\n');
  }
  return undefined;
}
