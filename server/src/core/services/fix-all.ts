/**
 * "Fix all of this kind in the file": the preferred fix of every finding of one rule (and
 * message), merged into one fix. Only fixes their rule marks `fixAll` take part: those
 * rewrite to an equivalent or to a documented replacement, so applying many at once needs
 * no more judgement than applying one.
 */
import type { Fix, FixRequest, SourceDocument, TextEdit } from '../types';
import { RULES_BY_ID } from '../rules';
import { analyze, fixableReports, type AnalyzeOptions } from './analyze';

export function fixAll(doc: SourceDocument, request: FixRequest, options: AnalyzeOptions = {}): Fix | undefined {
  const rule = RULES_BY_ID.get(request.ruleId);
  if (!rule?.fixable) {
    return undefined;
  }
  // The findings the user sees (configured, not suppressed), then the rule's fixes from one
  // more run: two runs of the rule, however many findings there are.
  const shown = new Set(
    analyze(doc, { ...options, registry: [rule] })
      .filter((f) => f.ruleId === request.ruleId && (request.messageId === undefined || f.messageId === request.messageId))
      .map((f) => key(f.root, f.path, f.messageId)),
  );
  const edits: TextEdit[] = [];
  let applied = 0;
  for (const report of fixableReports(doc, request.ruleId, options)) {
    if (!shown.delete(key(report.root, report.path, report.messageId))) {
      continue;
    }
    const fixes = report.fix();
    const fix = fixes.find((f) => f.isPreferred) ?? (fixes.length === 1 ? fixes[0] : undefined);
    // A fix that overlaps one already taken (two findings in one list item) is left for
    // the next run rather than merged into text it would corrupt.
    if (fix?.fixAll && fix.edits.every((e) => !edits.some((taken) => overlaps(e, taken)))) {
      edits.push(...fix.edits.map(({ offset, length, newText }) => ({ offset, length, newText })));
      applied++;
    }
  }
  if (applied < 2) {
    return undefined;
  }
  return { title: `Fix all ${applied} ${request.ruleId} findings of this kind in the file`, edits: edits.sort((a, b) => a.offset - b.offset), fixAll: true };
}

function key(root: number, path: readonly (string | number)[], messageId: string): string {
  return JSON.stringify([root, path, messageId]);
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at one offset would interleave; treat touching ranges as overlapping too.
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}
