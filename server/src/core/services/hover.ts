/**
 * Hover content from the core: plain markdown plus the range it explains.
 * Policy element names and condition operators explain themselves; actions, wildcards,
 * condition keys and ARNs are explained from AWS's reference (hover-iam.ts); and where a
 * finding sits, its rule's summary and docs link follow.
 */
import type { Finding, HoverResult, SourceDocument } from '../types';
import { nodeAtOffset, pathOf, propertyKeyAtOffset, type PropertyNode } from '../model/node';
import { parseOperator } from '../policy/operators';
import { policySites } from '../policy/sites';
import { analyze, type AnalyzeOptions } from './analyze';
import { actionHover, arnHover, conditionKeyHover } from './hover-iam';
import { RULES_BY_ID } from '../rules';
import { docsUrl } from '../docs-url';
import { weakTable } from '../engine';

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

export function hover(doc: SourceDocument, offset: number, options: AnalyzeOptions = {}): HoverResult | undefined {
  const own = explainAt(doc, offset, options);
  const findings = findingsAt(doc, offset, options);
  if (!own && !findings) {
    return undefined;
  }
  const markdown = [own?.markdown, findings?.markdown].filter((m) => m !== undefined).join('\n\n---\n\n');
  const range = own ?? findings!;
  return { markdown, offset: range.offset, length: range.length };
}

/** The element, operator, condition key, action or ARN under the cursor. */
function explainAt(doc: SourceDocument, offset: number, options: AnalyzeOptions): HoverResult | undefined {
  const catalog = options.catalog;
  for (const site of policySites(doc)) {
    if (offset < site.node.offset || offset > site.node.offset + site.node.length) {
      continue;
    }
    const prop = propertyKeyAtOffset(site.node, offset);
    if (prop) {
      const path = pathOf(prop.value);
      const text = path[path.length - 3] === 'Condition' && catalog ? conditionKeyHover(catalog, prop.key) : explainKey(prop);
      if (text) {
        return { markdown: text, offset: prop.keyOffset, length: prop.keyLength };
      }
      continue;
    }
    const node = nodeAtOffset(site.node, offset);
    if (!catalog || node?.kind !== 'string') {
      continue;
    }
    const path = pathOf(node);
    const element = [...path].reverse().find((segment) => typeof segment === 'string');
    const value = node.value as string;
    const text =
      element === 'Action' || element === 'NotAction'
        ? actionHover(catalog, value)
        : element === 'Resource' || element === 'NotResource'
          ? arnHover(catalog, value)
          : undefined;
    if (text) {
      return { markdown: text, offset: node.offset, length: node.length };
    }
  }
  return undefined;
}

/**
 * The last analysis of each parsed document, for hovers: without it every hover analysed
 * the whole document again (about 200 ms a hover on a 10,000-line SAM template). The key
 * is everything that changes the findings: the settings, the catalog and its revision (it
 * grows as services load), and the workspace, whose `documents` array is a new object
 * whenever any document in it changes. A custom registry is never cached.
 */
const lastAnalysis = weakTable<SourceDocument, { readonly key: string; readonly options: AnalyzeOptions; readonly findings: Finding[] }>('services/hover.lastAnalysis');

function analyzeOnce(doc: SourceDocument, options: AnalyzeOptions): Finding[] {
  if (options.registry) {
    return analyze(doc, options);
  }
  const { workspace } = options;
  const key = JSON.stringify([options.rules ?? null, options.experimental ?? false, options.catalog?.revision() ?? -1, workspace?.self ?? null, workspace?.apis ?? null]);
  const hit = lastAnalysis.get(doc);
  if (hit && hit.key === key && hit.options.catalog === options.catalog && hit.options.workspace?.documents === workspace?.documents) {
    return hit.findings;
  }
  const findings = analyze(doc, options);
  lastAnalysis.set(doc, { key, options, findings });
  return findings;
}

/** The summaries of the rules whose findings cover the offset, each once, with a docs link. */
function findingsAt(doc: SourceDocument, offset: number, options: AnalyzeOptions): HoverResult | undefined {
  const here = (options.published ?? analyzeOnce(doc, options)).filter((f) => f.offset <= offset && offset <= f.offset + f.length);
  if (here.length === 0) {
    return undefined;
  }
  const ids = [...new Set(here.map((f) => f.ruleId))];
  const lines = ids.map((id) => `**${id}**: ${RULES_BY_ID.get(id)?.docs.summary ?? ''} ([rule docs](${docsUrl(id)}))`);
  const first = here[0]!;
  return { markdown: lines.join('\n\n'), offset: first.offset, length: first.length };
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
