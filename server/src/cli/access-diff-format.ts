/**
 * The output formats of `gatewarden access --diff` (access-diff.ts): `text` for a terminal,
 * `json` for scripts (`{base, head, added, removed, changed, …}` with rows as `access
 * --format json` prints them), `markdown` for a pull-request comment (a summary line with
 * counts, then one table per API), `sarif` for code scanning (each added or widened grant a
 * result at the statement that grants it) and `github` (workflow annotations). Every format
 * says when a version of a file could not be read or parsed, and how many rows that leaves
 * unknown.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isPublicRow, type AccessDiff, type ChangedRow, type UnreadableFile } from '../core/access/diff';
import type { AccessRowJson, ViaJson } from '../core/access/rows';
import { dependencyLabel } from './access';
import { isOutside } from './files';
import { printable } from './printable';
import { SARIF_SCHEMA, SRCROOT } from './sarif';

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffSides {
  /** The ref as given, the commit compared (null: the empty tree of a repository without commits), whether it is a merge base. */
  readonly base: { readonly ref: string; readonly commit: string | null; readonly mergeBase: boolean };
  /** `--head` and its commit; both null for the working tree, `index` and null for the staged files. */
  readonly head: { readonly ref: string | null; readonly commit: string | null };
}

export interface RenderContext {
  readonly cwd: string;
  readonly version: string;
}

export function renderDiff(format: DiffFormat, diff: AccessDiff, sides: DiffSides, context: RenderContext): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify({ base: sides.base, head: sides.head, ...diff }, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(diff, sides);
    case 'sarif':
      return renderSarif(diff, context);
    case 'github':
      return renderGithub(diff);
    default:
      return renderText(diff, sides);
  }
}

/** `3 added, 1 removed, 2 changed (1 widened, 1 narrowed)`, and what is unknown. */
export function summaryLine(diff: AccessDiff): string {
  const widened = diff.changed.filter((c) => c.change === 'widened').length;
  const narrowed = diff.changed.filter((c) => c.change === 'narrowed').length;
  const parts = [`${diff.added.length} added`, `${diff.removed.length} removed`, `${diff.changed.length} changed (${widened} widened, ${narrowed} narrowed)`];
  if (diff.becamePublic.length > 0) {
    parts.push(`${diff.becamePublic.length} newly public`);
  }
  if (diff.unknown.length > 0) {
    parts.push(`${diff.unknown.length} unknown`);
  }
  return parts.join(', ');
}

function sideLabel(sides: DiffSides): { base: string; head: string } {
  const short = (c: string | null): string => (c ? ` (${c.slice(0, 12)})` : ' (no commits)');
  return {
    base: `${sides.base.mergeBase ? `merge base of ${sides.base.ref}` : sides.base.ref}${short(sides.base.commit)}`,
    head: sides.head.ref === null ? 'the working tree' : sides.head.ref === 'index' && sides.head.commit === null ? 'the staged files' : `${sides.head.ref}${short(sides.head.commit)}`,
  };
}

/** The lines saying which files could not be read, and that their rows are unknown. */
function unreadableLines(diff: AccessDiff): string[] {
  const line = (side: string, u: UnreadableFile): string => `The ${side} version of ${u.file} could not be read (${u.reason}): rows involving it are unknown, not added or removed.`;
  const lines = [...diff.unreadable.base.map((u) => line('base', u)), ...diff.unreadable.head.map((u) => line('head', u))];
  if (diff.unknown.length > 0) {
    lines.push(`${diff.unknown.length} row${diff.unknown.length === 1 ? '' : 's'} not compared for that reason.`);
  }
  return lines;
}

// --- text ---------------------------------------------------------------------------------

function renderText(diff: AccessDiff, sides: DiffSides): string {
  const { base, head } = sideLabel(sides);
  const out = [`Access changes from ${base} to ${head}:`];
  for (const r of diff.added) {
    out.push(`+ ${decisionOf(r).padEnd(15)} ${rowLabel(r)}${viaText(granting(r), 'via')}`);
  }
  for (const r of diff.removed) {
    out.push(`- ${decisionOf(r).padEnd(15)} ${rowLabel(r)}${viaText(granting(r), 'was via')}`);
  }
  for (const c of diff.changed) {
    const decisions = c.before.decision === c.after.decision && c.reasons.every((x) => x !== 'decision') ? decisionOf(c.after) : `${decisionOf(c.before)} -> ${decisionOf(c.after)}`;
    out.push(`~ ${decisions.padEnd(15)} ${rowLabel(c.after)} ${c.change} (${changeText(c)})${viaText(granting(c.after), 'via')}${c.change === 'widened' ? '' : viaText(responsible(c.before), 'was via')}`);
  }
  for (const r of diff.becamePublic) {
    out.push(`! public          ${r.api} ${r.stage} ${r.method} ${r.path}: anyone may call it now${viaText(granting(r), 'via')}`);
  }
  for (const line of unreadableLines(diff)) {
    out.push(`? ${line}`);
  }
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) {
    out.push('No access added, removed or changed.');
  }
  out.push(summaryLine(diff));
  return `${out.map((l) => printable(l)).join('\n')}\n`;
}

function decisionOf(r: AccessRowJson): string {
  return r.implicit ? 'deny (implicit)' : r.decision;
}

function rowLabel(r: AccessRowJson): string {
  const from = r.principalEnvironment ? ` (${r.principalEnvironment})` : '';
  const to = r.environment ? ` (${r.environment})` : '';
  const verbs = r.method === 'ANY' && r.verbs.length > 0 ? ` [${r.verbs.join(' ')}]` : '';
  const depends = r.decision === 'conditional' && r.dependsOn.length > 0 ? ` if ${r.dependsOn.map(dependencyLabel).join(', ')}` : '';
  return `${r.principal}${from} → ${r.api}${to} ${r.stage} ${r.method} ${r.path}${verbs}${depends}`;
}

function changeText(c: ChangedRow): string {
  return c.reasons
    .map((reason) => {
      switch (reason) {
        case 'stage':
          return `stage ${c.before.stage} -> ${c.after.stage}`;
        case 'environment':
          return `environment ${c.before.environment ?? '-'} -> ${c.after.environment ?? '-'}`;
        case 'verbs':
          return `verbs ${c.before.verbs.join(' ')} -> ${c.after.verbs.join(' ')}`;
        default:
          return reason;
      }
    })
    .join(', ');
}

/** The statements that grant a row: its Allow vias that count, else every via. */
export function granting(r: AccessRowJson): readonly ViaJson[] {
  const allows = r.via.filter((v) => v.effect === 'Allow' && !v.ignored);
  return allows.length > 0 ? allows : r.via;
}

/** The statements that decided a row: Deny vias when it denies, else the granting ones. */
function responsible(r: AccessRowJson): readonly ViaJson[] {
  const denies = r.via.filter((v) => v.effect === 'Deny' && !v.ignored);
  return r.decision === 'deny' && denies.length > 0 ? denies : granting(r);
}

function viaText(via: readonly ViaJson[], label: string): string {
  return via.length === 0 ? '' : `  (${label} ${via.map(statementLabel).join(', ')})`;
}

function statementLabel(v: ViaJson): string {
  return `${v.file}:${v.line} ${v.policy}#${v.statement}${v.conditions ? ` if ${v.conditions.join(' and ')}` : ''}`;
}

// --- markdown -------------------------------------------------------------------------------

function renderMarkdown(diff: AccessDiff, sides: DiffSides): string {
  const { base, head } = sideLabel(sides);
  const out = [`### Access changes`, '', `**${summaryLine(diff)}** — from ${md(base)} to ${md(head)}.`, ''];
  for (const line of unreadableLines(diff)) {
    out.push(`> ⚠️ ${md(line)}`, '');
  }
  for (const r of diff.becamePublic) {
    out.push(`> ❗ ${md(`${r.api} ${r.stage} ${r.method} ${r.path}`)} can now be called by anyone.`, '');
  }
  type Line = { api: string; cells: string[] };
  const lines: Line[] = [];
  const apiOf = (r: AccessRowJson): string => `${r.api}${r.environment ? ` (${r.environment})` : ''} in ${r.apiFile}`;
  for (const r of diff.added) {
    lines.push({ api: apiOf(r), cells: ['➕ added', `${r.method} ${r.path}`, r.stage, principalCell(r), decisionOf(r), statementsCell(granting(r))] });
  }
  for (const c of diff.changed) {
    const label = c.change === 'widened' ? '🔺 widened' : c.change === 'narrowed' ? '🔻 narrowed' : '✏️ changed';
    const statements = c.change === 'widened' ? statementsCell(granting(c.after)) : `${statementsCell(granting(c.after))}<br>was: ${statementsCell(responsible(c.before))}`;
    lines.push({ api: apiOf(c.after), cells: [label, `${c.after.method} ${c.after.path}`, c.before.stage === c.after.stage ? c.after.stage : `${c.before.stage} → ${c.after.stage}`, principalCell(c.after), `${decisionOf(c.before)} → ${decisionOf(c.after)}${c.reasons.includes('decision') ? '' : ` (${changeText(c)})`}`, statements] });
  }
  for (const r of diff.removed) {
    lines.push({ api: apiOf(r), cells: ['➖ removed', `${r.method} ${r.path}`, r.stage, principalCell(r), decisionOf(r), `was: ${statementsCell(granting(r))}`] });
  }
  const apis = [...new Set(lines.map((l) => l.api))].sort();
  for (const api of apis) {
    out.push(`#### ${md(api)}`, '', '| Change | Method | Stage | Principal | Decision | Statement |', '| --- | --- | --- | --- | --- | --- |');
    for (const l of lines.filter((x) => x.api === api)) {
      out.push(`| ${l.cells.map((c, i) => (i === 5 ? c : md(c))).join(' | ')} |`);
    }
    out.push('');
  }
  if (lines.length === 0) {
    out.push('No access added, removed or changed.', '');
  }
  return `${out.join('\n')}`;
}

function principalCell(r: AccessRowJson): string {
  return `${r.principal}${r.principalEnvironment ? ` (${r.principalEnvironment})` : ''}${r.decision === 'conditional' && r.dependsOn.length > 0 ? ` if ${r.dependsOn.map(dependencyLabel).join(', ')}` : ''}`;
}

function statementsCell(via: readonly ViaJson[]): string {
  return via.length === 0 ? '—' : via.map((v) => `\`${code(`${v.file}:${v.line}`)}\` ${md(`${v.policy}#${v.statement}`)}`).join(', ');
}

/** Text from the files in a markdown table cell: no table breaks, no markup, no HTML. */
function md(text: string): string {
  return printable(text).replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

function code(text: string): string {
  return printable(text).replace(/[`|]/g, '');
}

// --- sarif ----------------------------------------------------------------------------------

const SARIF_RULES = [
  { id: 'access/added', text: 'A principal can invoke a method it could not invoke before.' },
  { id: 'access/widened', text: 'A principal can invoke a method in more cases than before (deny → conditional → allow, more verbs, a stage or environment more).' },
  { id: 'access/public', text: 'A method can be called by anyone: it has no authorization, or a resource policy allows Principal "*" without a condition.' },
] as const;

function renderSarif(diff: AccessDiff, context: RenderContext): string {
  const results: unknown[] = [];
  const result = (ruleId: (typeof SARIF_RULES)[number]['id'], r: AccessRowJson, message: string): void => {
    const at = granting(r)[0];
    results.push({
      ruleId,
      ruleIndex: SARIF_RULES.findIndex((x) => x.id === ruleId),
      level: 'warning',
      message: { text: message },
      locations: [{ physicalLocation: { artifactLocation: artifact(at?.file ?? r.apiFile, context.cwd), region: { startLine: at?.line ?? 1 } } }],
      partialFingerprints: { 'gatewarden-access/v1': [ruleId, r.principalKind, r.principal, r.api, r.method, r.path, r.stage, r.environment ?? ''].join('|') },
    });
  };
  for (const r of diff.added) {
    result('access/added', r, `${rowLabel(r)}: ${decisionOf(r)} (new)`);
  }
  for (const c of diff.changed.filter((x) => x.change === 'widened')) {
    result('access/widened', c.after, `${rowLabel(c.after)}: ${decisionOf(c.before)} -> ${decisionOf(c.after)} (${changeText(c)})`);
  }
  for (const r of diff.becamePublic) {
    result('access/public', r, `${r.api} ${r.stage} ${r.method} ${r.path} can be called by anyone`);
  }
  const notifications = unreadableLines(diff).map((text) => ({ level: 'warning', message: { text } }));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Gatewarden access diff',
            informationUri: 'https://github.com/gatewarden/gatewarden',
            version: context.version,
            rules: SARIF_RULES.map((r) => ({ id: r.id, shortDescription: { text: r.text }, defaultConfiguration: { level: 'warning' } })),
          },
        },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(context.cwd.endsWith(path.sep) ? context.cwd : `${context.cwd}${path.sep}`).href } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function artifact(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || isOutside(relative)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

// --- github ---------------------------------------------------------------------------------

/** Workflow commands: a warning per added or widened grant and per newly public method, a notice per removed or narrowed one. */
function renderGithub(diff: AccessDiff): string {
  const out: string[] = [];
  const annotate = (level: 'warning' | 'notice', via: readonly ViaJson[], title: string, message: string): void => {
    const at = via[0];
    const props = at ? `file=${property(at.file)},line=${at.line},` : '';
    out.push(`::${level} ${props}title=${property(title)}::${data(message)}`);
  };
  for (const r of diff.added) {
    annotate('warning', granting(r), 'Access added', `${rowLabel(r)}: ${decisionOf(r)}`);
  }
  for (const c of diff.changed) {
    const level = c.change === 'widened' ? 'warning' : 'notice';
    annotate(level, c.change === 'narrowed' ? responsible(c.after) : granting(c.after), `Access ${c.change}`, `${rowLabel(c.after)}: ${decisionOf(c.before)} -> ${decisionOf(c.after)} (${changeText(c)})`);
  }
  for (const r of diff.removed) {
    annotate('notice', [], 'Access removed', `${rowLabel(r)}: was ${decisionOf(r)}${viaText(granting(r), 'via')}`);
  }
  for (const r of diff.becamePublic.filter(isPublicRow)) {
    annotate('warning', granting(r), 'Method callable by anyone', `${r.api} ${r.stage} ${r.method} ${r.path}`);
  }
  for (const line of unreadableLines(diff)) {
    out.push(`::warning title=Access diff incomplete::${data(line)}`);
  }
  out.push(`::notice title=Access diff::${data(summaryLine(diff))}`);
  return `${out.join('\n')}\n`;
}

/** A workflow command's message: `%`, CR and LF escaped; other control characters made visible. */
function data(text: string): string {
  return printable(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A workflow command's property value: also `:` and `,`. */
function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
