/**
 * In-file suppressions, always by rule id and never by message text:
 *
 * - in YAML, a comment `# gatewarden-ignore rule-id[, rule-id…] [-- reason]` on a line of
 *   its own suppresses those rules' findings that start on the next line holding content;
 *   at the end of a line, findings that start on that same line;
 * - in CloudFormation and SAM templates (JSON or YAML), `Metadata: {gatewarden: {ignore:
 *   [rule-id, …]}}` on a resource suppresses findings whose path lies inside the resource.
 *
 * A suppression that hides nothing is reported as `meta/unused-suppression`, so stale ones
 * do not pile up and silently hide the next real finding. Pure: comments are read from the
 * text, Metadata from the tree.
 */
import { CST, Lexer } from 'yaml';
import type { AnalysisSettings, Finding, MessageData, Severity, SourceDocument } from '../types';
import { getProperty, type Path } from '../model/node';
import { formatMessage } from '../rules/define';
import { RULES_BY_ID } from '../rules';
import unusedRule from '../rules/meta/unused-suppression';
import { closestMatch } from '../util/similar';
import { lineAt, lineStarts } from '../util/lines';

/** Maps a path to the range it stands for; `analyze.ts` passes its own `locate`. */
export type Locate = (doc: SourceDocument, root: number, path: Path, target: 'key' | 'value') => { offset: number; length: number };

interface Suppression {
  readonly ruleId: string;
  readonly root: number;
  /** Where the id is written: an offset range for comments, a tree path for Metadata. */
  readonly at: { readonly offset: number; readonly length: number } | { readonly path: Path };
  readonly hides: (finding: Finding) => boolean;
  used: boolean;
}

type MessageId = keyof typeof unusedRule.messages;

const COMMENT = /^#\s*gatewarden-ignore(?=\s|$)/;

/**
 * Drops suppressed findings and appends one `meta/unused-suppression` per idle suppression.
 * For an analysis run in parts (analyze.ts `AnalyzeOptions.part`): `ran` says which rules
 * this part ran (a suppression of any other rule is not judged here), and `malformed` whether
 * this part reports suppressions that name no rule or an unknown one (the local part does).
 */
export function applySuppressions(
  doc: SourceDocument,
  findings: Finding[],
  settings: AnalysisSettings,
  locate: Locate,
  ran: (ruleId: string) => boolean = () => true,
  malformed = true,
): Finding[] {
  const empty: { offset: number; length: number; root: number }[] = [];
  const suppressions = [...commentSuppressions(doc, empty), ...metadataSuppressions(doc)];
  if (suppressions.length === 0 && empty.length === 0) {
    return findings;
  }
  const kept = findings.filter((finding) => {
    let hidden = false;
    for (const s of suppressions) {
      if (s.hides(finding)) {
        s.used = true;
        hidden = true;
      }
    }
    return !hidden;
  });
  const severity = settings.rules?.[unusedRule.id] ?? unusedRule.defaultSeverity;
  // Suppressions in documents we do not analyse are left alone: nothing ran there to hide.
  if (severity === 'off' || !doc.kinds.some((k) => k !== 'unknown')) {
    return kept;
  }
  const report = (messageId: MessageId, root: number, range: { offset: number; length: number }, path: Path, data: MessageData): void => {
    const message = formatMessage(unusedRule.messages[messageId], data);
    kept.push({ ruleId: unusedRule.id, messageId, message, severity, ...range, root, path, data, fixable: false });
  };
  for (const e of malformed ? empty : []) {
    report('noRule', e.root, e, [], {});
  }
  for (const s of suppressions) {
    const range = 'path' in s.at ? locate(doc, s.root, s.at.path, 'value') : s.at;
    const path = 'path' in s.at ? s.at.path : [];
    const rule = RULES_BY_ID.get(s.ruleId);
    if (!rule) {
      if (!malformed) {
        continue;
      }
      const suggestion = closestMatch(s.ruleId, RULES_BY_ID.keys());
      report(suggestion ? 'misspeltRule' : 'unknownRule', s.root, range, path, suggestion ? { rule: s.ruleId, suggestion } : { rule: s.ruleId });
    } else if (!s.used && ran(rule.id) && !isOff(rule.id, rule.experimental === true, settings)) {
      report('unused', s.root, range, path, { rule: s.ruleId });
    }
  }
  return kept.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
}

/**
 * Whether the document's suppressions of one form (its comments, or its resources'
 * Metadata) hide `finding`: for checking a suppression a quick fix is about to write.
 */
export function hiddenBy(doc: SourceDocument, finding: Finding, form: 'comment' | 'metadata'): boolean {
  const suppressions = form === 'comment' ? commentSuppressions(doc, []) : metadataSuppressions(doc);
  return suppressions.some((s) => s.hides(finding));
}

/**
 * A suppression of a rule that is switched off cannot be judged (the rule did not run), so
 * it is not called unused: the editor's settings may turn a rule off that CI keeps on.
 */
function isOff(ruleId: string, experimental: boolean, settings: AnalysisSettings): boolean {
  const configured: Severity | 'off' | undefined = settings.rules?.[ruleId];
  return configured === 'off' || (configured === undefined && experimental && settings.experimental !== true);
}

function commentSuppressions(doc: SourceDocument, empty: { offset: number; length: number; root: number }[]): Suppression[] {
  const { text } = doc;
  if (doc.format !== 'yaml' || !text.includes('gatewarden-ignore')) {
    return [];
  }
  const out: Suppression[] = [];
  const lines = lineStarts(text);
  for (const comment of comments(text)) {
    const head = COMMENT.exec(comment.text);
    if (!head) {
      continue;
    }
    const line = lineAt(lines, comment.offset);
    const ownLine = text.slice(lines[line], comment.offset).trim() === '';
    const target = ownLine ? nextContentLine(text, lines, line) : line;
    const from = lines[target] ?? text.length;
    const to = target + 1 < lines.length ? lines[target + 1]! : text.length;
    const root = rootAt(doc, comment.offset);
    // `-- reason` ends the list of ids, as in ESLint's directive comments.
    const body = comment.text.slice(head[0].length).split(/\s--(?:\s|$)/)[0] ?? '';
    const start = comment.offset + head[0].length;
    let count = 0;
    for (const m of body.matchAll(/[^\s,]+/g)) {
      count++;
      const ruleId = m[0];
      out.push({
        ruleId,
        root,
        at: { offset: start + (m.index ?? 0), length: ruleId.length },
        hides: (f) => f.ruleId === ruleId && f.offset >= from && f.offset < to,
        used: false,
      });
    }
    if (count === 0) {
      empty.push({ offset: comment.offset, length: comment.text.length, root });
    }
  }
  return out;
}

function metadataSuppressions(doc: SourceDocument): Suppression[] {
  const out: Suppression[] = [];
  doc.roots.forEach((root, index) => {
    const kind = doc.kinds[index];
    const resources = getProperty(root, 'Resources');
    if ((kind !== 'cfn' && kind !== 'sam') || resources?.kind !== 'object') {
      return;
    }
    for (const resource of resources.properties) {
      const ignore = getProperty(getProperty(getProperty(resource.value, 'Metadata'), 'gatewarden'), 'ignore');
      const base: Path = ['Resources', resource.key, 'Metadata', 'gatewarden', 'ignore'];
      const entries = ignore?.kind === 'array' ? ignore.items.map((item, i) => ({ item, path: [...base, i] })) : ignore ? [{ item: ignore, path: base }] : [];
      for (const { item, path } of entries) {
        if (item.kind !== 'string' || typeof item.value !== 'string') {
          continue;
        }
        const ruleId = item.value.trim();
        const inside = resource.key;
        out.push({
          ruleId,
          root: index,
          at: { path },
          hides: (f) => f.ruleId === ruleId && f.root === index && f.path[0] === 'Resources' && f.path[1] === inside,
          used: false,
        });
      }
    }
  });
  return out;
}

/** Every comment token of a YAML stream with its offset, skipping `#` inside scalars. */
function comments(text: string): { offset: number; text: string }[] {
  const out: { offset: number; text: string }[] = [];
  let offset = 0;
  let atScalar = false;
  // The lexer's tokens are the source split up, plus zero-width control tokens; a scalar
  // is announced by one, and its source (which may hold `#`) follows as the next token.
  for (const token of new Lexer().lex(text)) {
    if (atScalar) {
      atScalar = false;
    } else if (token === CST.SCALAR) {
      atScalar = true;
      continue;
    } else if (token === CST.DOCUMENT || token === CST.FLOW_END) {
      continue;
    } else if (token.startsWith('#')) {
      out.push({ offset, text: token });
    }
    offset += token.length;
  }
  return out;
}

/** The next line that holds more than blanks or a comment, so suppressions can be stacked. */
function nextContentLine(text: string, starts: readonly number[], line: number): number {
  for (let l = line + 1; l < starts.length; l++) {
    const content = text.slice(starts[l], starts[l + 1] ?? text.length).trim();
    if (content !== '' && !content.startsWith('#')) {
      return l;
    }
  }
  return starts.length;
}

/** The document of a YAML stream a comment sits in: the last one starting at or before it. */
function rootAt(doc: SourceDocument, offset: number): number {
  let found = 0;
  doc.roots.forEach((root, i) => {
    if (root.offset <= offset) {
      found = i;
    }
  });
  return found;
}
