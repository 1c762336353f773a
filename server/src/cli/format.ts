/**
 * Rendering reports for people (text) and for programs (json). Offsets become positions
 * here, at the edge, with the same code the language server uses, so a range printed by
 * the CLI is the range the editor shows.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/index';
import type { FileReport } from './check';
import { displayPath } from './files';
import { codeFrame } from './frame';
import { printable } from './printable';

/** Zero-based, `character` in UTF-16 code units: an LSP `Position`. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** One element of the `--format json` array. */
export interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly range: { readonly start: Position; readonly end: Position };
  /** The finding's message data (what the message says, as fields: `dataDate` for iam/unknown-action). */
  readonly data: Finding['data'];
}

export function toJsonFindings(reports: readonly FileReport[], cwd: string): JsonFinding[] {
  const out: JsonFinding[] = [];
  for (const report of reports) {
    const file = displayPath(report.file, cwd);
    const lines = lineIndex(report.text);
    for (const f of report.findings) {
      out.push({ file, ruleId: f.ruleId, severity: f.severity, message: f.message, range: rangeOf(lines, f), data: f.data });
    }
  }
  return out;
}

/** The whole stdout of `--format json`: one array, nothing else. */
export function renderJson(reports: readonly FileReport[], cwd: string): string {
  return `${JSON.stringify(toJsonFindings(reports, cwd), null, 2)}\n`;
}

/**
 * `file:line:col severity rule-id message`, one finding a line, 1-based line and column
 * (the column counts UTF-16 code units, as editors do), each followed by a code frame of
 * the line it starts on, then a summary line.
 */
export function renderText(reports: readonly FileReport[], cwd: string, colour: boolean): string {
  const paint = colour ? ansi : plain;
  const lines: string[] = [];
  for (const report of reports) {
    const file = printable(displayPath(report.file, cwd));
    const index = lineIndex(report.text);
    for (const f of report.findings) {
      const range = rangeOf(index, f);
      const { start } = range;
      lines.push(
        `${paint.bold(`${file}:${start.line + 1}:${start.character + 1}`)} ${paint[f.severity](f.severity)} ${paint.dim(f.ruleId)} ${oneLine(f.message)}`,
      );
      if (report.text !== '') {
        lines.push(...codeFrame(report.text, index, range, { gutter: paint.dim, marker: paint[f.severity] }), '');
      }
    }
  }
  lines.push(summary(reports));
  return `${lines.join('\n')}\n`;
}

/** `3 errors, 2 warnings, 1 info in 4 files (12 files checked)`, `No problems found in N files.` or `No files to check.` */
export function summary(reports: readonly FileReport[]): string {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let filesWithFindings = 0;
  for (const report of reports) {
    if (report.findings.length > 0) {
      filesWithFindings++;
    }
    for (const f of report.findings) {
      counts[f.severity]++;
    }
  }
  if (reports.length === 0) {
    return 'No files to check.';
  }
  if (filesWithFindings === 0) {
    return `No problems found in ${plural(reports.length, 'file')}.`;
  }
  const parts: string[] = [];
  if (counts.error > 0) {
    parts.push(plural(counts.error, 'error'));
  }
  if (counts.warning > 0) {
    parts.push(plural(counts.warning, 'warning'));
  }
  if (counts.info > 0) {
    parts.push(`${counts.info} info`);
  }
  return `${parts.join(', ')} in ${plural(filesWithFindings, 'file')} (${plural(reports.length, 'file')} checked)`;
}

export type LineIndex = Pick<TextDocument, 'positionAt' | 'offsetAt'>;

export function lineIndex(text: string): LineIndex {
  // TextDocument is what the language server maps offsets with: \n, \r\n and \r end lines.
  return TextDocument.create('file:///cli', 'plaintext', 0, text);
}

export function rangeOf(index: LineIndex, finding: Pick<Finding, 'offset' | 'length'>): { start: Position; end: Position } {
  const start = index.positionAt(finding.offset);
  const end = index.positionAt(finding.offset + finding.length);
  return { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } };
}

/**
 * YAML parser messages can span lines; a text line holds one finding. Messages quote the
 * file's own text, so what is left of control characters is escaped.
 */
function oneLine(message: string): string {
  return printable(message.replace(/\s*[\r\n]+\s*/g, ' ').trim());
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

type Painter = Record<Severity | 'bold' | 'dim', (s: string) => string>;

const plain: Painter = { error: (s) => s, warning: (s) => s, info: (s) => s, bold: (s) => s, dim: (s) => s };

const wrap =
  (open: number, close: number) =>
  (s: string): string =>
    `\u001b[${open}m${s}\u001b[${close}m`;

const ansi: Painter = { error: wrap(31, 39), warning: wrap(33, 39), info: wrap(36, 39), bold: wrap(1, 22), dim: wrap(2, 22) };
