/**
 * `gatewarden check --fix` and `--fix-dry-run`: each finding's preferred quick fix, the very
 * fix the editor offers (the core's `quickFixes`, written in the document's own style), applied
 * to the text in passes:
 *  - a pass takes the preferred fix of every fixable finding, keeps those whose edits do not
 *    overlap an earlier one's (the others wait for the next pass, found again on the new text),
 *    applies them together, and parses and analyses the result;
 *  - a result with more syntax findings than before ("would not parse") is not kept: each fix
 *    of the pass is tried alone, and one that breaks the text alone is never applied again;
 *  - passes stop when nothing is left to apply, when a text repeats, or after MAX_PASSES.
 * What is left with a preferred fix at the end is counted as skipped. Nothing here writes:
 * the caller writes the text (`--fix`) or prints a diff of it (`--fix-dry-run`).
 */
import type { Analyzer, Finding, SourceDocument, TextEdit } from '../core/index';

/** Enough for fixes that uncover others (a renamed key, then its value); a bound, not a target. */
export const MAX_PASSES = 10;

/** One analysis of a text: its parse and its findings. */
export interface Analysed {
  readonly doc: SourceDocument;
  readonly findings: readonly Finding[];
}

export interface FixOutcome {
  /** The text with every applied fix. */
  readonly text: string;
  /** Its analysis: the findings that are left. */
  readonly analysed: Analysed;
  readonly applied: number;
  /** Findings left with a preferred fix that was not applied (it broke the parse, overlapped, or did not hold). */
  readonly skipped: number;
}

export function fixText(analyzer: Analyzer, text: string, analyse: (text: string) => Analysed): FixOutcome {
  let current = text;
  let analysed = analyse(text);
  let applied = 0;
  /** Findings whose fix broke the parse on its own, or came back after being applied. */
  const refused = new Set<string>();
  const appliedKeys = new Set<string>();
  const seen = new Set<string>([text]);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const candidates = preferredFixes(analyzer, analysed).filter((c) => !refused.has(c.key));
    for (const c of candidates) {
      // Offered again after it was applied: the fix does not remove its finding.
      if (appliedKeys.has(c.key)) {
        refused.add(c.key);
      }
    }
    const chosen: Candidate[] = [];
    for (const c of candidates.filter((c) => !refused.has(c.key))) {
      if (!c.edits.some((e) => chosen.some((taken) => taken.edits.some((t) => overlaps(e, t))))) {
        chosen.push(c);
      }
    }
    if (chosen.length === 0) {
      break;
    }
    const next = applyEdits(current, chosen.flatMap((c) => c.edits));
    const after = seen.has(next) ? undefined : analyse(next);
    if (after && syntaxCount(after) <= syntaxCount(analysed)) {
      chosen.forEach((c) => appliedKeys.add(c.key));
      applied += chosen.length;
      current = next;
      analysed = after;
      seen.add(next);
      continue;
    }
    // Together they break the text (or bring back an earlier one): find the fixes that do it alone.
    let alone: Candidate | undefined;
    for (const c of chosen) {
      const single = applyEdits(current, c.edits);
      const result = seen.has(single) ? undefined : analyse(single);
      if (!result || syntaxCount(result) > syntaxCount(analysed)) {
        refused.add(c.key);
      } else {
        alone ??= c;
      }
    }
    if (alone && chosen.every((c) => c === alone || !refused.has(c.key)) && chosen.length > 1) {
      // Each is fine alone but not together: take the first now, the rest on the next pass.
      const single = applyEdits(current, alone.edits);
      appliedKeys.add(alone.key);
      applied++;
      current = single;
      analysed = analyse(single);
      seen.add(single);
    }
  }
  const skipped = preferredFixes(analyzer, analysed).length;
  return { text: current, analysed, applied, skipped };
}

interface Candidate {
  readonly key: string;
  readonly edits: readonly TextEdit[];
}

/** The preferred fix of each fixable finding, in the findings' order (by offset). */
function preferredFixes(analyzer: Analyzer, analysed: Analysed): Candidate[] {
  const out: Candidate[] = [];
  for (const f of analysed.findings) {
    if (!f.fixable) {
      continue;
    }
    const fix = analyzer.quickFixes(analysed.doc, { ruleId: f.ruleId, root: f.root, path: f.path, messageId: f.messageId }).find((x) => x.isPreferred);
    if (fix && fix.edits.length > 0) {
      out.push({ key: JSON.stringify([f.ruleId, f.messageId, f.root, f.path]), edits: fix.edits.map(({ offset, length, newText }) => ({ offset, length, newText })) });
    }
  }
  return out;
}

function syntaxCount(analysed: Analysed): number {
  return analysed.findings.filter((f) => f.ruleId.startsWith('syntax/')).length;
}

/** Touching ranges count: two insertions at one offset would interleave. */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  return a.offset <= b.offset + b.length && b.offset <= a.offset + a.length;
}

/** Non-overlapping edits applied last first, so earlier offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length);
  }
  return out;
}
