/**
 * What `--fix` and `--fix-dry-run` report besides the findings left: how many fixes were
 * applied and skipped (in total and per file), and for a dry run the unified diff of each
 * file that would change. The text report ends with a summary line; `--format json` prints
 * `{ "findings": [...], "fixes": {...} }` instead of the bare array.
 */
import type { FileReport } from './check';
import { unifiedDiff } from './diff';
import { displayPath } from './files';
import { toJsonFindings } from './format';

export type FixMode = 'write' | 'dry-run';

export interface FixSummary {
  /** `write` (--fix) or `dry-run` (--fix-dry-run). */
  readonly mode: FixMode;
  readonly applied: number;
  readonly skipped: number;
  /** Files with a fix applied or skipped, in report order. `diff` for a dry run's changed files. */
  readonly files: readonly { readonly file: string; readonly applied: number; readonly skipped: number; readonly diff?: string }[];
}

export function fixSummary(reports: readonly FileReport[], cwd: string, mode: FixMode): FixSummary {
  const files: { file: string; applied: number; skipped: number; diff?: string }[] = [];
  for (const r of reports) {
    if (!r.fixed || (r.fixed.applied === 0 && r.fixed.skipped === 0)) {
      continue;
    }
    const name = displayPath(r.file, cwd).split('\\').join('/');
    const diff = mode === 'dry-run' && r.fixed.original !== undefined ? unifiedDiff(r.fixed.original, r.text, `a/${name}`, `b/${name}`) : undefined;
    files.push({ file: displayPath(r.file, cwd), applied: r.fixed.applied, skipped: r.fixed.skipped, ...(diff ? { diff } : {}) });
  }
  return { mode, applied: files.reduce((n, f) => n + f.applied, 0), skipped: files.reduce((n, f) => n + f.skipped, 0), files };
}

/** Every dry-run diff, one after another (empty when nothing would change). */
export function renderDiffs(summary: FixSummary): string {
  return summary.files.map((f) => f.diff ?? '').join('');
}

/** `Fixed 3 problems in 2 files; 1 fix skipped.` or `3 fixes would be applied in 2 files; none skipped.` */
export function fixSummaryLine(summary: FixSummary): string {
  const changed = summary.files.filter((f) => f.applied > 0).length;
  const fixes = `${summary.applied} ${summary.applied === 1 ? 'fix' : 'fixes'}`;
  const where = `in ${changed} ${changed === 1 ? 'file' : 'files'}`;
  const skipped =
    summary.skipped === 0
      ? 'none skipped'
      : `${summary.skipped} skipped (${summary.skipped === 1 ? 'it' : 'they'} would leave a file that does not parse, overlapped another fix, or did not hold)`;
  return summary.mode === 'write' ? `Applied ${fixes} ${where}; ${skipped}.` : `Would apply ${fixes} ${where}; ${skipped}.`;
}

/** `--format json` with `--fix`: the findings left, and the fix counts. */
export function renderJsonWithFixes(reports: readonly FileReport[], cwd: string, summary: FixSummary): string {
  return `${JSON.stringify({ findings: toJsonFindings(reports, cwd), fixes: summary }, null, 2)}\n`;
}
