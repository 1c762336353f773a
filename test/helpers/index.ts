/**
 * The few helpers every core test goes through. Tests are data tables: a rule's valid and
 * invalid cases, each run as JSON and as YAML, asserting rule ids, message ids, paths and
 * data, never English text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify as yamlStringify } from 'yaml';
import { createAnalyzer, type AnalysisSettings, type DocumentFormat, type Finding, type Fix, type SourceDocument, type TextEdit } from '../../server/src/core/index';
import type { Path } from '../../server/src/core/model/node';
import { loadCatalogSync, loadServicesSync, locateIamData } from '../../server/src/node/iam-data';

/** dist/iam, built by `npm run build`: tests read AWS's reference data the way the CLI does. */
export const IAM_DATA_DIR = locateIamData(__dirname) ?? assert.fail('dist/iam is missing; run `npm run build` first.');

export const analyzer = createAnalyzer({
  onRuleError: (ruleId, error) => {
    throw new Error(`rule ${ruleId} threw: ${String(error)}`);
  },
  catalog: loadCatalogSync(IAM_DATA_DIR),
});

/** Parses a test text and loads every IAM service it refers to, as the shells do before analysis. */
export function parse(text: string, format: DocumentFormat): SourceDocument {
  const doc = analyzer.parse(text, { format, assumeRelevant: true });
  loadServicesSync(analyzer, doc, IAM_DATA_DIR);
  return doc;
}

/** All findings for a text, optionally only one rule's. */
export function findings(text: string, format: DocumentFormat, ruleId?: string, settings?: AnalysisSettings): Finding[] {
  const all = analyzer.analyze(parse(text, format), settings);
  return ruleId ? all.filter((f) => f.ruleId === ruleId) : all;
}

/**
 * A value as JSON (2-space indent) and as YAML, the two texts every object case runs as.
 * The YAML quotes what a YAML 1.1 reader would not read as a string (`"2012-10-17"`,
 * `"yes"`), as a careful author writes it; unquoted dates are `iam/invalid-version`'s
 * own YAML-only case.
 */
export function asBothFormats(value: unknown): Record<DocumentFormat, string> {
  return { json: JSON.stringify(value, null, 2), yaml: yamlStringify(value, { version: '1.1' }) };
}

export interface Expected {
  readonly messageId: string;
  readonly path: Path;
  /** Only the listed data keys are compared. */
  readonly data?: Readonly<Record<string, string | number>>;
  readonly severity?: Finding['severity'];
  readonly root?: number;
}

export interface Case {
  readonly name?: string;
  /**
   * An object is run as JSON and as YAML and must give the same findings in both.
   * A string is run in `format` only (for format-specific cases such as YAML tags).
   */
  readonly code: unknown;
  readonly format?: DocumentFormat;
  readonly settings?: AnalysisSettings;
}

export interface InvalidCase extends Case {
  readonly expected: readonly Expected[];
}

/**
 * Runs a rule's table: valid cases must give no finding of the rule, invalid cases exactly
 * the expected ones (as a set, compared on message id, path, root, listed data and severity).
 */
export function ruleTester(ruleId: string, cases: { valid: readonly Case[]; invalid: readonly InvalidCase[] }): void {
  cases.valid.forEach((c, i) => {
    for (const [format, text] of texts(c)) {
      test(`${ruleId} valid ${c.name ?? i} (${format})`, () => {
        const got = findings(text, format, ruleId, c.settings);
        assert.deepEqual(got.map(summarise), [], `unexpected findings in:\n${text}`);
      });
    }
  });
  cases.invalid.forEach((c, i) => {
    for (const [format, text] of texts(c)) {
      test(`${ruleId} invalid ${c.name ?? i} (${format})`, () => {
        const got = findings(text, format, ruleId, c.settings);
        const actual = got.map((f) => comparable(f, c.expected)).sort();
        const expected = c.expected.map((e) => canonical(e)).sort();
        assert.deepEqual(actual, expected, `findings for:\n${text}`);
      });
    }
  });
}

function texts(c: Case): [DocumentFormat, string][] {
  if (typeof c.code === 'string') {
    return [[c.format ?? 'json', c.code]];
  }
  const both = asBothFormats(c.code);
  const formats: DocumentFormat[] = c.format ? [c.format] : ['json', 'yaml'];
  return formats.map((f) => [f, both[f]]);
}

function summarise(f: Finding): string {
  return `${f.ruleId}:${f.messageId}@${JSON.stringify(f.path)}`;
}

function canonical(e: Expected): string {
  return JSON.stringify({
    messageId: e.messageId,
    path: e.path,
    root: e.root ?? 0,
    data: e.data ? sortKeys(e.data) : undefined,
    severity: e.severity,
  });
}

/** The finding reduced to what the matching expectation asks about. */
function comparable(f: Finding, expected: readonly Expected[]): string {
  const match = expected.find((e) => e.messageId === f.messageId && JSON.stringify(e.path) === JSON.stringify(f.path));
  const data = match?.data ? sortKeys(Object.fromEntries(Object.keys(match.data).map((k) => [k, f.data[k]!]))) : undefined;
  return JSON.stringify({
    messageId: f.messageId,
    path: f.path,
    root: f.root,
    data,
    severity: match?.severity !== undefined ? f.severity : undefined,
  });
}

function sortKeys(o: Readonly<Record<string, string | number>>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}

/** Applies edits (non-overlapping) to a text, last first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

export interface FixCase {
  readonly name?: string;
  readonly code: string;
  readonly format: DocumentFormat;
  /** Which finding of the rule to fix: its path (and message id when paths repeat). */
  readonly path: Path;
  readonly messageId?: string;
  /** Which of the offered fixes to apply, by title; the preferred one when omitted. */
  readonly title?: string;
  /** The text after applying the fix's plain edits (what clients without snippets get). */
  readonly output: string;
  /** When given, the edits' snippet forms (`undefined` for edits without placeholders). */
  readonly snippet?: readonly (string | undefined)[];
}

/**
 * Applies a quick fix and checks the resulting text, then that the rule no longer reports
 * that path. Fixes are asked for the way the editor asks: by rule id, root and path.
 */
export function checkFix(ruleId: string, c: FixCase): void {
  test(`${ruleId} fix ${c.name ?? JSON.stringify(c.path)} (${c.format})`, () => {
    const doc = parse(c.code, c.format);
    const finding = analyzer
      .analyze(doc)
      .find((f) => f.ruleId === ruleId && JSON.stringify(f.path) === JSON.stringify(c.path) && (!c.messageId || f.messageId === c.messageId));
    assert.ok(finding, `no ${ruleId} finding at ${JSON.stringify(c.path)}`);
    assert.equal(finding.fixable, true, 'finding is not marked fixable');
    const fixes: Fix[] = analyzer.quickFixes(doc, { ruleId, root: finding.root, path: finding.path, messageId: finding.messageId });
    const fix = c.title ? fixes.find((f) => f.title === c.title) : (fixes.find((f) => f.isPreferred) ?? fixes[0]);
    assert.ok(fix, `no fix${c.title ? ` titled "${c.title}"` : ''}; offered: ${fixes.map((f) => f.title).join(' | ')}`);
    const output = applyEdits(c.code, fix.edits);
  if (c.snippet !== undefined) {
    assert.deepEqual(fix.edits.map((e) => e.snippet), c.snippet, 'the snippet forms of the edits');
  }
    assert.equal(output, c.output);
    const after = findings(output, c.format, ruleId).filter((f) => JSON.stringify(f.path) === JSON.stringify(c.path) && f.messageId === finding.messageId);
    assert.deepEqual(after.map(summarise), [], 'the finding is still there after the fix');
  });
}

/**
 * Cursor and range markers inside a test text: `‸` marks an offset, `[[` … `]]` a range.
 * (`|` would clash with YAML block scalars.)
 * Returns the clean text with the offsets of the markers in it.
 */
export function markers(marked: string): { text: string; cursor?: number; ranges: { offset: number; length: number }[] } {
  let text = '';
  let cursor: number | undefined;
  const ranges: { offset: number; length: number }[] = [];
  const open: number[] = [];
  for (let i = 0; i < marked.length; i++) {
    if (marked.startsWith('[[', i)) {
      open.push(text.length);
      i++;
    } else if (marked.startsWith(']]', i)) {
      const start = open.pop();
      assert.ok(start !== undefined, 'unbalanced ]] marker');
      ranges.push({ offset: start, length: text.length - start });
      i++;
    } else if (marked[i] === '‸') {
      cursor = text.length;
    } else {
      text += marked[i];
    }
  }
  return { text, cursor, ranges };
}
