/**
 * Reports for CI systems: `--format github` (workflow commands that GitHub Actions turns
 * into annotations on the pull request's lines) and `--format junit` (JUnit XML, which
 * GitLab, Jenkins, Azure Pipelines and test-report actions read). Positions are 1-based,
 * columns in UTF-16 code units as in the other formats.
 */
import * as path from 'node:path';
import type { Severity } from '../core/index';
import type { FileReport } from './check';
import { displayPath } from './files';
import { lineIndex, rangeOf } from './format';
import { printable } from './printable';

const COMMANDS: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice' };

/**
 * One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message` line per
 * finding (`warning` and `notice` for the lower severities). File paths are relative to the
 * working folder with `/` separators: GitHub resolves them against the repository root, so
 * the check should run there.
 */
export function renderGithub(reports: readonly FileReport[], cwd: string): string {
  const lines: string[] = [];
  for (const report of reports) {
    const file = displayPath(report.file, cwd).split(path.sep).join('/');
    const index = lineIndex(report.text);
    for (const f of report.findings) {
      const { start, end } = rangeOf(index, f);
      const properties = [
        `file=${escapeProperty(file)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${escapeProperty(f.ruleId)}`,
      ];
      lines.push(`::${COMMANDS[f.severity]} ${properties.join(',')}::${escapeData(f.message)}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * A workflow command's message: `%`, CR and LF percent-encoded as the runner decodes them,
 * so a message cannot end the command early or start another one; other control characters
 * are shown as visible escapes, as in the text report.
 */
export function escapeData(text: string): string {
  return printable(text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A'));
}

/** A workflow command's property value: as a message, and `:` and `,` encoded too. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/**
 * JUnit XML: one `<testsuite>`, one `<testcase>` per checked file (named by its path), and
 * per finding at or above `failOn` one `<failure>` (type = rule id, message = the finding's
 * message, text = `file:line:col severity rule message`), so a file fails exactly when the
 * exit code counts its findings. Findings below `failOn` are listed in the test case's
 * `<system-out>`.
 */
export function renderJunit(reports: readonly FileReport[], cwd: string, failOn: Severity): string {
  const threshold = RANK[failOn];
  let failures = 0;
  let failedCases = 0;
  const cases: string[] = [];
  for (const report of reports) {
    const file = displayPath(report.file, cwd).split(path.sep).join('/');
    const index = lineIndex(report.text);
    const failing: string[] = [];
    const below: string[] = [];
    for (const f of report.findings) {
      const { start } = rangeOf(index, f);
      const line = `${file}:${start.line + 1}:${start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`;
      if (RANK[f.severity] >= threshold) {
        failing.push(`      <failure type="${xml(f.ruleId)}" message="${xml(f.message)}">${xml(line)}</failure>`);
      } else {
        below.push(line);
      }
    }
    failures += failing.length;
    failedCases += failing.length > 0 ? 1 : 0;
    const body = [...failing, ...(below.length > 0 ? [`      <system-out>${xml(below.join('\n'))}</system-out>`] : [])];
    const open = `    <testcase classname="gatewarden" name="${xml(file)}" file="${xml(file)}"`;
    cases.push(body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`);
  }
  const counts = `tests="${reports.length}" failures="${failedCases}" errors="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="gatewarden" ${counts}>`,
    `  <testsuite name="gatewarden" ${counts} skipped="0">`,
    `    <properties><property name="findings" value="${failures}"/></properties>`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Text as XML character data or an attribute value: the five special characters as
 * entities, and characters XML 1.0 cannot hold at all (most C0 controls, lone surrogates,
 * U+FFFE and U+FFFF) as visible escapes.
 */
export function xml(text: string): string {
  return text
    .replace(/[&<>"']/g, (c) => ENTITIES[c]!)
    .replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The characters XML 1.0 cannot hold: the expression is about control characters. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
