/**
 * Baselines, so a team can adopt Gatewarden on a large repository: `--write-baseline`
 * records today's findings, `--baseline` reports only findings it does not record.
 *
 * A finding is recorded by its file (relative to the baseline file's folder, `/`-separated),
 * rule id, path, and a hash of the text of the line it starts on, never by line number, so
 * an edit above a finding does not make it new again; editing the line itself does. Equal
 * records are counted: two identical findings in a file need two entries.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { Finding, Path } from '../core/index';
import type { FileReport } from './check';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  readonly file: string;
  readonly ruleId: string;
  readonly path: Path;
  /** The first 16 hex digits of the SHA-256 of the finding's line, trimmed. */
  readonly lineHash: string;
}

/** Every finding of `reports` as an entry, files relative to `baseDir`. */
export function baselineEntries(reports: readonly FileReport[], baseDir: string): BaselineEntry[] {
  return reports.flatMap((report) => {
    const file = portablePath(baseDir, report.file);
    return report.findings.map((f) => entryOf(file, report.text, f));
  });
}

/** The baseline file's text: entries sorted, so rewriting an unchanged baseline changes nothing. */
export function renderBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => compare(keyOf(a), keyOf(b)));
  return `${JSON.stringify({ version: BASELINE_VERSION, findings: sorted }, null, 2)}\n`;
}

export function parseBaseline(text: string): BaselineEntry[] | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { error: `it is not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const record = value as { version?: unknown; findings?: unknown } | null;
  if (!record || record.version !== BASELINE_VERSION || !Array.isArray(record.findings)) {
    return { error: `it is not a version ${BASELINE_VERSION} Gatewarden baseline ({"version": 1, "findings": [...]})` };
  }
  const entries: BaselineEntry[] = [];
  for (const e of record.findings as unknown[]) {
    const entry = e as Partial<BaselineEntry> | null;
    if (
      !entry ||
      typeof entry.file !== 'string' ||
      typeof entry.ruleId !== 'string' ||
      typeof entry.lineHash !== 'string' ||
      !Array.isArray(entry.path) ||
      !entry.path.every((s) => typeof s === 'string' || typeof s === 'number')
    ) {
      return { error: 'one of its findings lacks file, ruleId, path or lineHash' };
    }
    entries.push({ file: entry.file, ruleId: entry.ruleId, path: entry.path, lineHash: entry.lineHash });
  }
  return entries;
}

/** The reports with every finding the baseline records taken out (fixes stay aligned). */
export function withoutBaselined(reports: readonly FileReport[], baseline: readonly BaselineEntry[], baseDir: string): FileReport[] {
  const remaining = new Map<string, number>();
  for (const e of baseline) {
    const key = keyOf(e);
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  return reports.map((report) => {
    const file = portablePath(baseDir, report.file);
    const keep = report.findings.map((f) => {
      const key = keyOf(entryOf(file, report.text, f));
      const left = remaining.get(key) ?? 0;
      if (left > 0) {
        remaining.set(key, left - 1);
        return false;
      }
      return true;
    });
    return {
      ...report,
      findings: report.findings.filter((_, i) => keep[i]),
      fixes: report.fixes?.filter((_, i) => keep[i]),
    };
  });
}

/** A short stable hash of a finding's rule, path and line text, for SARIF's partialFingerprints. */
export function fingerprint(text: string, finding: Finding): string {
  const e = entryOf('', text, finding);
  return createHash('sha256').update(`${e.ruleId}\0${JSON.stringify(e.path)}\0${e.lineHash}`).digest('hex').slice(0, 32);
}

function entryOf(file: string, text: string, finding: Finding): BaselineEntry {
  return { file, ruleId: finding.ruleId, path: finding.path, lineHash: lineHash(text, finding.offset) };
}

function lineHash(text: string, offset: number): string {
  const at = Math.min(Math.max(offset, 0), text.length);
  const start = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
  const end = text.slice(at).search(/[\r\n]/);
  const line = text.slice(start, end === -1 ? text.length : at + end).trim();
  return createHash('sha256').update(line).digest('hex').slice(0, 16);
}

function keyOf(e: BaselineEntry): string {
  return `${e.file}\0${e.ruleId}\0${JSON.stringify(e.path)}\0${e.lineHash}`;
}

function portablePath(baseDir: string, file: string): string {
  return path.relative(baseDir, file).split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
