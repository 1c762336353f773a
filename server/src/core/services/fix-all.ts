/**
 * "Fix all of this kind in the file": the preferred fix of every finding of one rule (and
 * message), merged into one fix. Only fixes their rule marks `fixAll` take part: those
 * rewrite to an equivalent or to a documented replacement, so applying many at once needs
 * no more judgement than applying one.
 */
import type { Fix, FixRequest, SourceDocument, TextEdit } from '../types';
import { RULES_BY_ID } from '../rules';
import type { Rule } from '../rules/define';
import { analyze, fixableReports, type AnalyzeOptions } from './analyze';
import { weakTable } from '../engine';

/**
 * The fix-all of a policy-scoped rule, per parse: the lightbulb asks for it again on each
 * finding of that rule, and its answer depends on nothing but the document, the catalog, and
 * the severities in force (a policy-scoped rule reads no workspace), which the key holds.
 */
const kept = weakTable<SourceDocument, { catalog: AnalyzeOptions['catalog']; byKey: Map<string, Fix | undefined> }>('services/fix-all.kept');

export function fixAll(doc: SourceDocument, request: FixRequest, options: AnalyzeOptions = {}): Fix | undefined {
  const rule = RULES_BY_ID.get(request.ruleId);
  if (!rule?.fixable) {
    return undefined;
  }
  if (rule.scope !== 'policy' || options.part !== undefined || options.shouldStop !== undefined) {
    return computeFixAll(rule, doc, request, options);
  }
  const found = kept.get(doc);
  const entry = found !== undefined && found.catalog === options.catalog ? found : kept.set(doc, { catalog: options.catalog, byKey: new Map() });
  const memoKey = JSON.stringify([request.ruleId, request.messageId ?? null, options.rules ?? {}, options.experimental === true]);
  if (!entry.byKey.has(memoKey)) {
    entry.byKey.set(memoKey, computeFixAll(rule, doc, request, options));
  }
  return entry.byKey.get(memoKey);
}

function computeFixAll(rule: Rule, doc: SourceDocument, request: FixRequest, options: AnalyzeOptions): Fix | undefined {
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
