/**
 * `gatewarden check` and the access assertions of the configuration (`access.expect`): the
 * assertions are about the whole workspace, not one file, so after every file is checked on
 * its own the main thread reads the checked files into one workspace, checks the assertions
 * over its access matrix (the core's `access/expect-*` rules, each file reporting the
 * violations placed in it, at the severities its configuration gives), and adds the findings
 * to the files' reports. Assertions that match nothing are findings of the configuration
 * file itself (`access/expect-unmatched`), at the assertion's line.
 *
 * The configuration is the one that applies to the working folder (as for `apis` and
 * `environments`). With `--changed`, standard input or files named one by one (pre-commit),
 * only part of the workspace is checked, so an assertion matching none of it says nothing
 * about the workspace: unmatched findings need a checked folder holding the configuration.
 */
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, formatFor, type Analyzer, type Finding, type SeveritySetting, type SourceDocument } from '../core/index';
import type { WorkspaceDocument } from '../core/access/matrix';
import { assertionsFor } from '../core/access/workspace';
import { rules as registry } from '../core/rules';
import { unmatchedAssertionFindings } from '../core/rules/access/expect-unmatched';
import type { AccessAssertion } from '../core/access/expect';
import type { CheckTask, FileReport } from './check';
import { cliConfigResolver } from './host';
import { readIncludes } from './includes';
import { relativeTo } from './report-command';
import { configuredApis, configuredEnvironments } from './access';

/** The rules the workspace pass runs: the assertion rules, which read only the assertions. */
const ASSERTION_RULES = registry.filter((r) => r.id.startsWith('access/expect-') && r.crossFile === true);
/** The other cross-file rules are off in that pass: each file's own check ran them already. */
const OTHERS_OFF: Readonly<Record<string, SeveritySetting>> = Object.fromEntries(registry.filter((r) => r.crossFile === true && !ASSERTION_RULES.includes(r)).map((r) => [r.id, 'off']));

export interface AssertionPass {
  readonly cwd: string;
  readonly analyzer: Analyzer;
  /**
   * The folders the run checked as a whole (absolute). Unmatched assertions are reported only
   * when one of them holds the configuration file's folder: an assertion matching none of a
   * few named files says nothing about the workspace.
   */
  readonly checkedFolders: readonly string[];
  readonly maxFileSize?: number;
}

/** The reports with the assertion findings added (and the configuration file's report, when it has findings). */
export function withAssertions(reports: readonly FileReport[], tasks: readonly CheckTask[], pass: AssertionPass): FileReport[] {
  const configured = assertionsConfig(pass.cwd);
  if (!configured || configured.expect.length === 0) {
    return [...reports];
  }
  const { analyzer, cwd } = pass;
  const rulesOf = new Map(tasks.map((t) => [t.file, t.rules]));
  const documents: WorkspaceDocument[] = [];
  const parsed = new Map<string, { uri: string; doc: SourceDocument }>();
  for (const report of reports) {
    // A file that failed (or was too large to read) has no text to link.
    if (report.text === '' || report.findings.some((f) => f.ruleId === 'internal/rule-error' || f.ruleId === 'syntax/too-large')) {
      continue;
    }
    const doc = analyzer.parse(report.text, { format: formatFor(report.file, report.text), maxFileSize: pass.maxFileSize, assumeRelevant: true });
    const includes = new Map<string, SourceDocument>();
    readIncludes(report.file, doc, { cwd, maxBytes: pass.maxFileSize ?? DEFAULT_MAX_FILE_SIZE, parse: true }).docs.forEach((v, k) => includes.set(k, v.doc));
    const uri = relativeTo(report.file, cwd);
    documents.push({ uri, doc, includes });
    parsed.set(report.file, { uri, doc });
  }
  const apis = configuredApis(cwd);
  const workspaceOf = (self: string): NonNullable<Parameters<Analyzer['analyze']>[1]>['workspace'] => ({
    documents,
    self,
    ...('apis' in apis ? { apis: apis.apis } : {}),
    ...configuredEnvironments(cwd),
  });
  const out = reports.map((report) => {
    const entry = parsed.get(report.file);
    if (!entry) {
      return report;
    }
    const found = analyzer
      .analyze(entry.doc, { rules: { ...rulesOf.get(report.file), ...OTHERS_OFF }, part: 'cross-file', workspace: workspaceOf(entry.uri), accessExpect: configured.expect })
      .filter((f) => ASSERTION_RULES.some((r) => r.id === f.ruleId));
    return found.length === 0 ? report : { ...report, findings: [...report.findings, ...found].sort(byPlace) };
  });
  const whole = pass.checkedFolders.some((f) => isWithin(path.dirname(configured.file), f));
  if (whole && documents.length > 0) {
    const results = assertionsFor(documents[0]!.doc, workspaceOf(documents[0]!.uri), configured.expect);
    const findings = unmatchedAssertionFindings(configured.expect, results, configured.rules);
    if (findings.length > 0) {
      out.push({ file: configured.file, text: configured.text, findings });
    }
  }
  return out;
}

function byPlace(a: Finding, b: Finding): number {
  return a.offset - b.offset || a.ruleId.localeCompare(b.ruleId);
}

/** The assertions of the configuration that applies to `cwd`, with its file, text and rule severities. */
function assertionsConfig(cwd: string): { file: string; text: string; expect: readonly AccessAssertion[]; rules: Readonly<Record<string, SeveritySetting>> } | undefined {
  const lookup = cliConfigResolver(cwd).lookup(path.join(cwd, '.gatewarden'));
  if (lookup.kind !== 'loaded') {
    return undefined;
  }
  const { loaded } = lookup;
  return { file: loaded.file, text: loaded.text, expect: loaded.config.access.expect, rules: loaded.config.rules };
}

/** Whether `dir` is `folder` or below it. */
function isWithin(dir: string, folder: string): boolean {
  const relative = path.relative(folder, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}
