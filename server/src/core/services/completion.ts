/**
 * Completion inside policies: element names, Effect and Version values, services and their
 * actions (with access levels), condition operators, the condition keys the statement's
 * actions support, and ARN templates of the resource types they use.
 *
 * Half-typed text parses badly (`Action: s3:` is a YAML mapping; `{"` loses its key in
 * JSON), so the token under the cursor and whether it is a key or a value are read from
 * the text, and only the place (which statement, which element) from the tree.
 */
import type { IamCatalog } from '../data/catalog';
import { isKeyTemplate, keyTemplateParts } from '../data/catalog';
import { nodeAtOffset, pathOf, type DocNode, type Path } from '../model/node';
import { splitAction, statementActions } from '../policy/actions';
import { arnTemplateValue } from '../policy/arn';
import { allOperatorNames, parseOperator } from '../policy/operators';
import { policySites, type PolicySite } from '../policy/sites';
import { POLICY_ELEMENTS, STATEMENT_ELEMENTS, statementsOf, type StatementRef } from '../policy/statements';
import type { CompletionItem, CompletionResult, SourceDocument } from '../types';
import { SnippetValue } from '../util/edits';
import { conditionKeyCandidates } from './completion-keys';

interface Token {
  /** The replaced range: a string's content, or a plain YAML scalar. */
  readonly offset: number;
  readonly length: number;
  /** What is typed from the token's start to the cursor. */
  readonly typed: string;
  readonly key: boolean;
  /** How an inserted value must be written: inside JSON quotes, inside YAML quotes, or bare YAML. */
  readonly quoting: 'json' | 'single' | 'plain';
}

export function completion(doc: SourceDocument, offset: number, catalog: IamCatalog | undefined): CompletionResult | undefined {
  const token = tokenAt(doc, offset);
  if (!token) {
    return undefined;
  }
  for (const site of policySites(doc)) {
    if (offset < site.node.offset || offset > site.node.offset + site.node.length + 1) {
      continue;
    }
    const items = itemsFor(doc, site, offset, token, catalog);
    if (items) {
      return { offset: token.offset, length: token.length, items: items.map((item) => encode(item, token)) };
    }
  }
  return undefined;
}

/** An item before it is written for the token: `value` is the text, with placeholders if any. */
interface RawItem extends Omit<CompletionItem, 'insertText' | 'snippet'> {
  readonly value: string | SnippetValue;
}

function itemsFor(doc: SourceDocument, site: PolicySite, offset: number, token: Token, catalog: IamCatalog | undefined): RawItem[] | undefined {
  const node = nodeAtOffset(site.node, offset) ?? site.node;
  const statement = statementsOf(site).find((s) => offset >= s.node.offset && offset <= s.node.offset + s.node.length);
  const base = statement?.path ?? site.path;
  const full = pathOf(node);
  const rel = full.slice(base.length);
  if (token.key) {
    // The object the new key goes into. When the token is an existing key, the object
    // holding it; when the cursor sits inside an object between keys, that object; when
    // half-typed YAML parsed as a scalar value (`StringEquals:` then `s3:Ex`), the place
    // of that scalar, which is where the mapping will be.
    const holder = node.parent?.kind === 'object' ? node.parent.properties.find((p) => p.value === node) : undefined;
    const onKey = holder !== undefined && holder.keyOffset <= token.offset + token.length && token.offset <= holder.keyOffset + holder.keyLength;
    const objectPath = onKey ? rel.slice(0, -1) : rel;
    return keyItems(doc, statement, onKey ? (node.parent as DocNode) : node, objectPath, catalog);
  }
  if (!statement) {
    return rel[0] === 'Version' ? [{ label: '2012-10-17', kind: 'value', value: '2012-10-17', detail: 'current policy language' }] : undefined;
  }
  return valueItems(doc, statement, rel, token, catalog);
}

function keyItems(doc: SourceDocument, statement: StatementRef | undefined, node: DocNode, objectPath: Path, catalog: IamCatalog | undefined): RawItem[] | undefined {
  const present = (container: DocNode | undefined): Set<string> => new Set(container?.kind === 'object' ? container.properties.map((p) => p.key) : []);
  if (!statement) {
    return objectPath.length === 0 ? POLICY_ELEMENTS.filter((e) => !present(node).has(e)).map((e) => element(e)) : undefined;
  }
  if (objectPath.length === 0) {
    const have = present(statement.node);
    return STATEMENT_ELEMENTS.filter((e) => !have.has(e)).map((e) => element(e));
  }
  if (objectPath.length === 1 && objectPath[0] === 'Condition') {
    return allOperatorNames().map((name) => {
      const parsed = parseOperator(name);
      return { label: name, kind: 'operator', value: name, detail: parsed.ok ? parsed.operator.base.summary : undefined };
    });
  }
  if (objectPath.length === 2 && objectPath[0] === 'Condition' && catalog) {
    return conditionKeyCandidates(doc, catalog, statement).map((k) => ({
      label: k.key,
      kind: 'conditionKey',
      detail: `${k.global ? 'global, ' : ''}${k.type}`,
      documentation: k.description || undefined,
      value: isKeyTemplate(k.key) ? templateValue(k.key) : k.key,
    }));
  }
  if (objectPath.length === 1 && (objectPath[0] === 'Principal' || objectPath[0] === 'NotPrincipal')) {
    return ['AWS', 'Service', 'Federated', 'CanonicalUser'].map((e) => element(e));
  }
  return undefined;
}

/** `aws:RequestTag/${TagKey}` as a value whose tag key is a tab stop. */
function templateValue(key: string): SnippetValue {
  let n = 0;
  return new SnippetValue(keyTemplateParts(key).map((p) => (p.placeholder ? { placeholder: ++n, text: p.text } : p.text)));
}

function element(name: string): RawItem {
  return { label: name, kind: 'element', value: name, detail: 'policy element' };
}

function valueItems(doc: SourceDocument, statement: StatementRef, rel: Path, token: Token, catalog: IamCatalog | undefined): RawItem[] | undefined {
  switch (rel[0]) {
    case 'Effect':
      return ['Allow', 'Deny'].map((e) => ({ label: e, kind: 'value', value: e }));
    case 'Action':
    case 'NotAction':
      return catalog ? actionItems(catalog, token.typed) : undefined;
    case 'Resource':
    case 'NotResource':
      return catalog ? arnItems(doc, catalog, statement) : undefined;
    default:
      return undefined;
  }
}

function actionItems(catalog: IamCatalog, typed: string): RawItem[] {
  const split = splitAction(typed.endsWith(':') ? `${typed}x` : typed);
  const service = split ? catalog.service(split.prefix) : undefined;
  if (!service) {
    return catalog.servicePrefixes().map((prefix) => ({
      label: prefix,
      kind: 'service',
      detail: catalog.serviceName(prefix),
      documentation: `${catalog.actionCount(prefix)} actions`,
      value: `${prefix}:`,
    }));
  }
  const items: RawItem[] = service.actions.map((a) => ({
    label: `${service.prefix}:${a.name}`,
    kind: 'action',
    detail: `${a.accessLevels.join(', ')}${a.deprecated ? ' (deprecated)' : ''}`,
    documentation: a.description,
    value: `${service.prefix}:${a.name}`,
  }));
  items.push({ label: `${service.prefix}:*`, kind: 'action', detail: `all ${service.actions.length} actions`, value: `${service.prefix}:*` });
  return items;
}

/** ARN templates of every resource type the statement's known actions use, and "*". */
function arnItems(doc: SourceDocument, catalog: IamCatalog, statement: StatementRef): RawItem[] {
  const seen = new Map<string, RawItem>();
  for (const { resolution } of statementActions(doc, catalog, statement).items) {
    if (resolution.kind !== 'actions') {
      continue;
    }
    for (const action of resolution.actions) {
      for (const rt of action.resourceTypes) {
        for (const arn of resolution.service.resourceTypes.get(rt.type)?.arns ?? []) {
          if (!seen.has(arn)) {
            const numbering = new Map([['Partition', 1], ['Region', 2], ['Account', 3]]);
            seen.set(arn, { label: arn, kind: 'arn', detail: `${resolution.service.prefix} ${rt.type}`, value: arnTemplateValue(arn, numbering) });
          }
        }
      }
    }
  }
  return [...seen.values(), { label: '*', kind: 'value', detail: 'every resource', value: '*', sortText: '~' }];
}

/** The item's text written for the token: escaped inside quotes, quoted when bare YAML needs it. */
function encode(item: RawItem, token: Token): CompletionItem {
  const parts = typeof item.value === 'string' ? [item.value] : item.value.parts;
  const enc = (s: string): string => (token.quoting === 'json' ? JSON.stringify(s).slice(1, -1) : token.quoting === 'single' ? s.replace(/'/g, "''") : s);
  const full = typeof item.value === 'string' ? item.value : item.value.text;
  // A bare YAML value that would not read back as this string ("*", "arn:…: x") is quoted.
  const quote = token.quoting === 'plain' && needsQuotes(full) ? '"' : '';
  const wrap = (s: string): string => `${quote}${s}${quote}`;
  const plainText = wrap(parts.map((p) => (typeof p === 'string' ? enc(p) : enc(p.text))).join(''));
  const rest: Omit<RawItem, 'value'> = { label: item.label, kind: item.kind, detail: item.detail, documentation: item.documentation, filterText: item.filterText, sortText: item.sortText };
  if (typeof item.value === 'string') {
    return { ...rest, insertText: plainText, filterText: rest.filterText ?? full };
  }
  const esc = (s: string): string => s.replace(/[\\$}]/g, (c) => `\\${c}`);
  const snippet = wrap(parts.map((p) => (typeof p === 'string' ? esc(enc(p)) : `\${${p.placeholder}:${esc(enc(p.text))}}`)).join(''));
  return { ...rest, insertText: plainText, snippet, filterText: rest.filterText ?? full };
}

function needsQuotes(text: string): boolean {
  return /^[*&!|>'"%@`{[\]},#?-]|: |\s#|^\s|\s$/.test(text) || text === '';
}

/**
 * The token under the cursor. JSON: the string literal on the cursor's line that contains
 * it, a key when a `:` follows or when it opens an object entry. YAML: the scalar from the
 * last separator before the cursor, a value after `key: ` or `- `, else a key.
 */
function tokenAt(doc: SourceDocument, offset: number): Token | undefined {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) === -1 ? text.length : text.indexOf('\n', offset);
  if (doc.format === 'json') {
    let open = -1;
    for (let i = lineStart; i < offset; i++) {
      if (text[i] === '\\') {
        i++;
      } else if (text[i] === '"') {
        open = open === -1 ? i : -1;
      }
    }
    if (open === -1) {
      return undefined;
    }
    let close = offset;
    while (close < lineEnd && text[close] !== '"') {
      close += text[close] === '\\' ? 2 : 1;
    }
    const after = text.slice(close + 1, lineEnd).trimStart();
    const before = text.slice(lineStart, open).trimEnd();
    const key = after.startsWith(':') || (!before.endsWith(':') && !before.endsWith('[') && openerIsObject(text, open));
    return { offset: open + 1, length: Math.min(close, lineEnd) - open - 1, typed: text.slice(open + 1, offset), key, quoting: 'json' };
  }
  // YAML, by hand rather than by regular expression: a line may be long (a flow mapping),
  // and these scans stay linear in it.
  const line = text.slice(lineStart, offset);
  const lead = /^[ \t]*(?:-[ \t]+)*/.exec(line)![0];
  const body = line.slice(lead.length);
  const colon = keySeparator(body);
  const rest = colon === -1 ? body : body.slice(colon + 1).replace(/^\s+/, '');
  const value = colon !== -1 || /-[ \t]+$/.test(lead);
  let cut = rest.length;
  while (cut > 0 && !'[{,'.includes(rest[cut - 1]!)) {
    cut--;
  }
  const raw = value && cut > 0 ? rest.slice(cut).replace(/^\s+/, '') : rest;
  const start = offset - raw.length;
  const quoted = raw.startsWith('"') || raw.startsWith("'");
  let end = offset;
  while (end < lineEnd && !/[\s,\]}]/.test(text[end]!)) {
    end++;
  }
  const tokenStart = quoted ? start + 1 : start;
  const tokenEnd = quoted && text[end - 1] === raw[0] && end - 1 >= tokenStart ? end - 1 : end;
  return {
    offset: tokenStart,
    length: tokenEnd - tokenStart,
    typed: text.slice(tokenStart, offset),
    key: !value,
    quoting: raw.startsWith('"') ? 'json' : raw.startsWith("'") ? 'single' : 'plain',
  };
}

/** The index of the `:` that ends a YAML key on this line (a colon then white space, outside quotes), or -1. */
function keySeparator(body: string): number {
  let quote: string | undefined;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quote) {
      quote = c === quote ? undefined : quote;
    } else if ((c === '"' || c === "'") && i === 0) {
      quote = c;
    } else if (c === '#' && i > 0 && /\s/.test(body[i - 1]!)) {
      return -1;
    } else if (c === ':' && (i + 1 === body.length || /\s/.test(body[i + 1]!))) {
      return i + 1 === body.length ? -1 : i;
    }
  }
  return -1;
}

/** Whether the nearest unclosed bracket before `at` is `{` (an object) rather than `[`. */
function openerIsObject(text: string, at: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = at - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') {
      inString = !inString;
    } else if (!inString && (c === '}' || c === ']')) {
      depth++;
    } else if (!inString && (c === '{' || c === '[')) {
      if (depth === 0) {
        return c === '{';
      }
      depth--;
    }
  }
  return false;
}
