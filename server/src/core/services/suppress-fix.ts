/**
 * "Suppress RULE here": a quick fix for any finding that writes the rule's suppression in
 * the document's own form (README, "Suppressions"; services/suppress.ts reads them):
 *
 * - YAML: a `# gatewarden-ignore RULE` comment on its own line above the finding's line, at
 *   that line's indentation; where a line of its own cannot go (the line continues a block
 *   scalar or a multi-line flow value), the same comment at the end of the finding's line;
 * - CloudFormation and SAM templates (JSON, or YAML where no comment can go):
 *   `Metadata: {gatewarden: {ignore: [RULE]}}` on the resource holding the finding, added to
 *   what is already there.
 *
 * Raw JSON policies have no suppression form (the configuration's `overrides` is the way),
 * so they get no fix. Each candidate edit is checked before it is offered: the edited text
 * is parsed again, must hold the same values (a comment line that would land inside a block
 * scalar changes it), no new syntax problem, and the suppression reader must hide the
 * finding in it. Only a fix that passes is offered.
 */
import type { Finding, Fix, SourceDocument, TextEdit } from '../types';
import { findProperty, getProperty, type DocNode, type ObjectNode, type Path } from '../model/node';
import { parseDocument } from '../model/parse';
import { appendItem, appendProperty, replaceWithValues } from '../util/edits';
import { detectKind } from '../model/detect';
import { spliceView } from '../model/reparse';
import { hiddenBy } from './suppress';
import { applyTextEdits } from './fix-meaning';

export interface SuppressRequest {
  readonly ruleId: string;
  readonly root: number;
  readonly path: Path;
  /** Where the finding starts (its range's offset). */
  readonly offset: number;
}

/** Rules whose findings are not suppressed in the file: broken syntax, internal errors, suppressions themselves. */
const NOT_SUPPRESSIBLE = /^(syntax|internal|meta)\//;

export function suppressionFix(doc: SourceDocument, request: SuppressRequest, fresh = false): Fix | undefined {
  if (NOT_SUPPRESSIBLE.test(request.ruleId) || request.offset < 0 || request.offset > doc.text.length || !doc.roots[request.root]) {
    return undefined;
  }
  // Tried in order, each written only when the ones before it fail the check.
  const candidates: (() => { title: string; edit: TextEdit | undefined; comment: boolean } | undefined)[] = [];
  if (doc.format === 'yaml') {
    candidates.push(() => ({ title: `Suppress ${request.ruleId} here`, edit: commentAbove(doc, request), comment: true }));
    candidates.push(() => ({ title: `Suppress ${request.ruleId} here`, edit: commentAtEnd(doc, request), comment: true }));
  }
  candidates.push(() => {
    const resource = resourceOf(doc, request);
    return resource && { title: `Suppress ${request.ruleId} in resource ${resource.key}`, edit: metadataEdit(doc, resource.node, request.ruleId), comment: false };
  });
  for (const candidate of candidates) {
    const c = candidate();
    if (c?.edit && suppresses(doc, c.edit, request, c.comment, fresh)) {
      return { title: c.title, edits: [c.edit] };
    }
  }
  return undefined;
}

/** `# gatewarden-ignore RULE` on a line of its own above the finding's line, at its indentation. */
function commentAbove(doc: SourceDocument, request: SuppressRequest): TextEdit {
  const text = doc.text;
  const lineStart = text.lastIndexOf('\n', request.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  return { offset: lineStart, length: 0, newText: `${indent}# gatewarden-ignore ${request.ruleId}${eol(text)}` };
}

/** The same comment at the end of the finding's line. */
function commentAtEnd(doc: SourceDocument, request: SuppressRequest): TextEdit {
  const text = doc.text;
  let end = text.indexOf('\n', request.offset);
  end = end === -1 ? text.length : end;
  if (end > 0 && text[end - 1] === '\r') {
    end--;
  }
  return { offset: end, length: 0, newText: ` # gatewarden-ignore ${request.ruleId}` };
}

function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The template resource (`Resources.<key>`) the finding lies in. */
function resourceOf(doc: SourceDocument, request: SuppressRequest): { key: string; node: ObjectNode } | undefined {
  const kind = doc.kinds[request.root];
  if ((kind !== 'cfn' && kind !== 'sam') || request.path[0] !== 'Resources' || typeof request.path[1] !== 'string') {
    return undefined;
  }
  const node = getProperty(getProperty(doc.roots[request.root], 'Resources'), request.path[1]);
  return node?.kind === 'object' ? { key: request.path[1], node } : undefined;
}

/** Adds RULE to the resource's `Metadata.gatewarden.ignore`, creating what is missing. */
function metadataEdit(doc: SourceDocument, resource: ObjectNode, ruleId: string): TextEdit | undefined {
  const metadata = getProperty(resource, 'Metadata');
  if (!metadata) {
    return appendProperty(doc, resource, 'Metadata', { gatewarden: { ignore: [ruleId] } });
  }
  if (metadata.kind !== 'object') {
    return undefined;
  }
  const gatewarden = getProperty(metadata, 'gatewarden');
  if (!gatewarden) {
    return appendProperty(doc, metadata, 'gatewarden', { ignore: [ruleId] });
  }
  if (gatewarden.kind !== 'object') {
    return undefined;
  }
  const ignore = findProperty(gatewarden, 'ignore')?.value;
  if (!ignore) {
    return appendProperty(doc, gatewarden, 'ignore', [ruleId]);
  }
  if (ignore.kind === 'array') {
    return ignore.items.length > 0 ? appendItem(doc, ignore, ruleId) : undefined;
  }
  if (ignore.kind === 'string' && typeof ignore.value === 'string') {
    return replaceWithValues(doc, ignore, ignore, [ignore.value, ruleId]);
  }
  return undefined;
}

/**
 * Whether the edited text still parses to the same values (for a comment; Metadata adds
 * values of its own), with no new syntax problem, and its suppressions hide the finding.
 * Where the edit falls in a block-mapping entry that parses alone (model/reparse.ts
 * `spliceView`), only that entry is parsed: the lightbulb asks for this on every finding
 * it shows, and a whole parse of a large template costs hundreds of milliseconds. `fresh`
 * parses the whole edited text (for tests that compare the two).
 */
function suppresses(doc: SourceDocument, edit: TextEdit, request: SuppressRequest, comment: boolean, fresh: boolean): boolean {
  const text = applyTextEdits(doc.text, [edit]);
  // The finding as the edited text holds it: after an insertion before it, it moved.
  const offset = edit.offset <= request.offset ? request.offset + edit.newText.length - edit.length : request.offset;
  const finding = (at: number): Finding => ({
    ruleId: request.ruleId,
    messageId: 'suppressed',
    message: '',
    severity: 'warning',
    offset: at,
    length: 0,
    root: request.root,
    path: request.path,
    data: {},
    fixable: false,
  });
  const options = { format: doc.format, assumeRelevant: true };
  const span = { start: edit.offset, oldEnd: edit.offset + edit.length, newEnd: edit.offset + edit.newText.length };
  const view = fresh ? undefined : spliceView(doc, text, options, span);
  if (view) {
    // The rest of the document is the same nodes: no new syntax problem, the same roots.
    if (comment) {
      const same = view.entries.length === 1 && view.entries[0]!.key === view.replaced.key && plain(view.entries[0]!.value) === plain(view.replaced.value);
      // A comment suppresses on its own line or the next content line: both lie in the
      // entry's span (its last line holds content), so the span's text is enough.
      const entry: SourceDocument = { format: 'yaml', text: text.slice(view.start, view.end), roots: [], kinds: [], syntaxFindings: [] };
      return same && offset >= view.start && offset < view.end && hiddenBy(entry, finding(offset - view.start), 'comment');
    }
    if (detectKind(view.values) !== doc.kinds[0]) {
      return false;
    }
    const values: SourceDocument = { format: 'yaml', text, roots: [view.values], kinds: doc.kinds, syntaxFindings: [] };
    return hiddenBy(values, finding(offset), 'metadata');
  }
  const edited = parseDocument(text, options);
  if (edited.syntaxFindings.length > doc.syntaxFindings.length || edited.roots.length !== doc.roots.length || edited.kinds.join() !== doc.kinds.join()) {
    return false;
  }
  if (comment && edited.roots.some((root, i) => plain(root) !== plain(doc.roots[i]!))) {
    return false;
  }
  return hiddenBy(edited, finding(offset), comment ? 'comment' : 'metadata');
}

/** A node's values without offsets, as comparable text. */
function plain(node: DocNode): string {
  const walk = (n: DocNode): unknown => {
    switch (n.kind) {
      case 'object':
        return n.properties.map((p) => [p.key, walk(p.value)]);
      case 'array':
        return n.items.map(walk);
      case 'intrinsic':
        return { fn: n.fn, arg: walk(n.arg) };
      default:
        return [n.kind, n.value];
    }
  };
  return JSON.stringify(walk(node));
}
