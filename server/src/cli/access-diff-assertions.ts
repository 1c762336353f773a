/**
 * `access --diff` and the access assertions (`access.expect`) of the head version's
 * configuration: the head's matrix is checked as `gatewarden check` checks it, and
 *
 * - every place the head breaks an assertion is reported with the diff (text and markdown: a
 *   section after it; github: an `::error` annotation at the granting statement, `::warning`
 *   for a conditional one; json: an `assertions` key; sarif: not yet), and a definite break
 *   makes the run exit 1, whatever the `--fail-on-…` options: an assertion must always hold;
 * - the assertions may allow new access: `--fail-on-new-access` ignores added or widened
 *   grants that an `only` assertion lists (its method, one of its principals) or, for a grant
 *   anyone may use, a `public` assertion lists (the pre-commit hook `gatewarden-access`: it
 *   fails on new access unless the assertions allow it).
 */
import * as path from 'node:path';
import type { AccessDiff } from '../core/access/diff';
import { isPublicRow } from '../core/access/diff';
import type { AccessRowJson } from '../core/access/rows';
import type { AccessMatrix, WorkspaceDocument } from '../core/access/matrix';
import { assertionsAllow, assertionText, checkAssertions, type AccessAssertion, type AssertionViolation } from '../core/access/expect';
import { locate } from '../core/services/analyze';
import type { FileHost } from '../host/host';
import { cliConfigResolver } from './host';
import { printable } from './printable';

/** One place the head breaks an assertion, as `--format json` prints it. */
export interface BrokenAssertionJson {
  readonly ruleId: string;
  readonly assertion: string;
  /** The assertion's position in `access.expect`, from 1. */
  readonly item: number;
  readonly file: string;
  readonly line: number;
  /** False when every grant it stands for is `conditional`. */
  readonly definite: boolean;
  readonly principals: readonly string[];
  readonly methods: readonly string[];
}

export interface DiffAssertions {
  readonly broken: readonly BrokenAssertionJson[];
  /** Whether the assertions allow a (new) grant. */
  readonly allows: (row: AccessRowJson) => boolean;
}

/** The assertions of the configuration that applies to `cwd` in the head version (`fileHost`), checked over the head's matrix. */
export function diffAssertions(cwd: string, fileHost: FileHost, head: { readonly matrix: AccessMatrix; readonly documents: readonly WorkspaceDocument[] }): DiffAssertions | undefined {
  const lookup = cliConfigResolver(cwd, undefined, fileHost).lookup(path.join(cwd, '.gatewarden'));
  const assertions: readonly AccessAssertion[] = lookup.kind === 'loaded' ? lookup.loaded.config.access.expect : [];
  if (assertions.length === 0) {
    return undefined;
  }
  const { violations } = checkAssertions(head.matrix, head.documents, assertions);
  const docs = new Map(head.documents.map((d) => [d.uri, d.doc]));
  const broken = violations.map((v): BrokenAssertionJson => ({
    ruleId: `access/expect-${v.assertion.kind}`,
    assertion: assertionText(v.assertion),
    item: v.assertion.index + 1,
    file: v.uri,
    line: lineOf(docs.get(v.uri), v),
    definite: v.definite,
    principals: v.principals,
    methods: v.methods,
  }));
  const allowed = assertionsAllow(assertions, head.matrix);
  return { broken, allows: (row) => allowed({ ...row, public: isPublicRow(row) }) };
}

/** The diff without the new access the assertions allow (for `--fail-on-new-access`). */
export function withoutAllowed(diff: AccessDiff, checked: DiffAssertions | undefined): AccessDiff {
  if (!checked) {
    return diff;
  }
  return { ...diff, added: diff.added.filter((r) => !checked.allows(r)), changed: diff.changed.filter((c) => c.change !== 'widened' || !checked.allows(c.after)) };
}

/** 1 when the head definitely breaks an assertion. */
export function assertionExit(checked: DiffAssertions | undefined): number {
  return checked?.broken.some((b) => b.definite) ? 1 : 0;
}

/** What follows the diff's own output in text, markdown and github formats. */
export function renderBroken(format: string, checked: DiffAssertions | undefined): string {
  if (!checked || checked.broken.length === 0) {
    return '';
  }
  const label = (b: BrokenAssertionJson): string => `${b.principals.join(', ')} → ${b.methods.join(', ')}${b.definite ? '' : ' (conditional)'}`;
  switch (format) {
    case 'text':
      return `Access assertions broken by the head:\n${checked.broken.map((b) => printable(`${b.file}:${b.line}: ${b.ruleId} "${b.assertion}" (item ${b.item}): ${label(b)}`)).join('\n')}\n`;
    case 'markdown':
      return `\n#### Access assertions broken\n\n${checked.broken.map((b) => `- ${b.definite ? '❌' : '⚠️'} \`${md(b.assertion)}\` (item ${b.item}) at \`${md(b.file)}:${b.line}\`: ${md(label(b))}`).join('\n')}\n`;
    case 'github':
      return checked.broken
        .map((b) => `::${b.definite ? 'error' : 'warning'} file=${property(b.file)},line=${b.line},title=${property(b.ruleId)}::${data(`access assertion "${b.assertion}" (item ${b.item}) broken: ${label(b)}`)}`)
        .join('\n')
        .concat('\n');
    default:
      return '';
  }
}

function lineOf(doc: WorkspaceDocument['doc'] | undefined, v: AssertionViolation): number {
  if (!doc) {
    return 1;
  }
  const { offset } = locate(doc, v.root, v.path, v.at === 'method' ? 'key' : 'value');
  let line = 1;
  for (let i = 0; i < offset && i < doc.text.length; i++) {
    if (doc.text.charCodeAt(i) === 10) {
      line++;
    }
  }
  return line;
}

/** Markdown without the characters that would format or break a table line. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|]/g, (c) => `\\${c}`).replace(/[\r\n]+/g, ' ');
}

/** GitHub workflow command escaping (https://github.com/actions/toolkit, command.ts). */
function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
