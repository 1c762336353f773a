/**
 * What the open workspace grants against a git base (`gatewarden.access.diffBase`, default
 * `HEAD`), in the editor: a code lens above each role, user, function role, policy file,
 * policy resource and API method ("since HEAD: +2 methods, -1"), whose command shows the
 * rows, and a hover on a statement listing the rows it adds. The comparison is
 * `access --diff`'s own (core/access/diff.ts `diffMatrices`) between the index's matrix
 * (open documents' text included) and the base commit's files.
 *
 * The base is read from git objects through the workspace folder's repository
 * (cli/git-tree.ts over the hardened git runner of cli/git.ts: no shell, no checkout, program-
 * running configuration turned off, reads bounded by the size cap), computed on the first
 * request that needs it and kept per folder and base commit, so keystrokes never read git
 * again; only the base's commit id is asked again, at most every few seconds, so a new commit
 * moves `HEAD`. Without a repository (or git, or the base ref) no such lens appears.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeLens, Hover } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceDocument } from '../../core/index';
import type { AccessMatrix } from '../../core/access/matrix';
import { accessRowsJson, type AccessRowJson } from '../../core/access/rows';
import { diffMatrices, grants, type AccessDiff } from '../../core/access/diff';
import { locate } from '../../core/services/analyze';
import { policySites } from '../../core/policy/sites';
import { statementsOf } from '../../core/policy/statements';
import { nodeAtOffset, pathOf, pathStartsWith } from '../../core/model/node';
import { templateModel } from '../../core/template/model';
import { accessSide, configuredApis, configuredEnvironments } from '../../cli/access';
import { collectFiles } from '../../cli/files';
import { git } from '../../cli/git';
import { gitTree } from '../../cli/git-tree';
import { cliConfigResolver } from '../../cli/host';
import { scopeOf } from '../../config/load';
import { DEFAULT_MAX_FILE_SIZE } from '../../core/index';
import type { WorkspaceDocument } from '../../core/access/matrix';

/** The client command a "since" lens runs: shows its markdown in the read-only view. */
export const SHOW_DIFF_COMMAND = 'gatewarden.showAccessDiff';

/** How long a resolved base commit is trusted before git is asked again. */
const REF_TTL_MS = 3000;

export interface AccessBaseDeps {
  readonly folders: () => readonly string[];
  /** The index's documents and matrix (rows for every method), open documents' text included. */
  readonly documents: () => readonly WorkspaceDocument[];
  readonly matrix: () => AccessMatrix;
  /** `gatewarden.access.diffBase`. */
  readonly base: () => string;
  readonly maxFileSize?: () => number;
}

export interface AccessBase {
  lenses(document: TextDocument, uri: string, parsed: SourceDocument): CodeLens[];
  hover(document: TextDocument, uri: string, parsed: SourceDocument, offset: number): Hover | null;
}

/** The base side of one folder at one commit. */
interface BaseSide {
  readonly commit: string;
  readonly rows: readonly AccessRowJson[];
  readonly unreadable: readonly { file: string; reason: string }[];
}

interface Compared {
  readonly folder: string;
  readonly ref: string;
  readonly commit: string;
  readonly diff: AccessDiff;
}

export function createAccessBase(deps: AccessBaseDeps): AccessBase {
  /** Folder → its repository's root as git names it (null: not in a repository). */
  const repositories = new Map<string, string | null>();
  /** `repository\0ref` → the commit it named, and when that was asked. */
  const refs = new Map<string, { commit: string | null; at: number }>();
  /** `folder\0commit` → the base side; the last few only. */
  const bases = new Map<string, BaseSide | null>();
  /** Per matrix (one per workspace change): its rows per folder, and the diffs against bases. */
  const compared = new WeakMap<AccessMatrix, Map<string, Compared>>();

  const repositoryOf = (folder: string): string | undefined => {
    if (!repositories.has(folder)) {
      repositories.set(folder, git(folder, ['rev-parse', '--show-toplevel'])?.trim() || null);
    }
    return repositories.get(folder) ?? undefined;
  };

  const commitOf = (repository: string, ref: string): string | undefined => {
    const key = `${repository}\u0000${ref}`;
    const known = refs.get(key);
    const now = Date.now();
    if (known && now - known.at < REF_TTL_MS) {
      return known.commit ?? undefined;
    }
    const commit = ref.startsWith('-') ? undefined : git(repository, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])?.trim() || undefined;
    refs.set(key, { commit: commit ?? null, at: now });
    return commit;
  };

  const baseSide = (folder: string, repository: string, commit: string): BaseSide | undefined => {
    const key = `${folder}\u0000${commit}`;
    if (bases.has(key)) {
      return bases.get(key) ?? undefined;
    }
    const maxBytes = deps.maxFileSize?.() ?? DEFAULT_MAX_FILE_SIZE;
    // The tree seen at the folder's own spelling of the repository root (links resolved by git).
    const shownRoot = path.resolve(folder, path.relative(realFolder(folder, repository), repository));
    const tree = gitTree(shownRoot, repository, commit, maxBytes);
    let side: BaseSide | null = null;
    if (tree) {
      const { files } = collectFiles([folder], folder, tree.host);
      const resolver = cliConfigResolver(folder, undefined, tree.host);
      const kept = files.filter((file) => {
        const lookup = resolver.lookup(file);
        return lookup.kind !== 'loaded' || !scopeOf(lookup, file).ignored;
      });
      const configured = configuredApis(folder, tree.host);
      const computed = accessSide(kept, { cwd: folder, host: tree.host, apis: 'errors' in configured ? undefined : configured.apis, environments: configuredEnvironments(folder, tree.host) });
      side = { commit, rows: computed.rows, unreadable: computed.unreadable };
    }
    // A few commits per folder at most: the base moves rarely.
    if (bases.size >= 8) {
      bases.delete(bases.keys().next().value!);
    }
    bases.set(key, side);
    return side ?? undefined;
  };

  /** The diff for the folder holding `uri`, against the configured base; undefined without a repository. */
  const diffFor = (uri: string): { compared: Compared; file: string } | undefined => {
    const file = filePath(uri);
    const folder = file === undefined ? undefined : deps.folders().find((f) => isInside(file, f));
    const repository = folder === undefined ? undefined : repositoryOf(folder);
    if (file === undefined || folder === undefined || repository === undefined) {
      return undefined;
    }
    const ref = deps.base().trim() || 'HEAD';
    const commit = commitOf(repository, ref);
    const base = commit === undefined ? undefined : baseSide(folder, repository, commit);
    if (commit === undefined || base === undefined) {
      return undefined;
    }
    const matrix = deps.matrix();
    let byFolder = compared.get(matrix);
    if (!byFolder) {
      byFolder = new Map();
      compared.set(matrix, byFolder);
    }
    let entry = byFolder.get(folder);
    if (!entry || entry.commit !== commit || entry.ref !== ref) {
      const head = headRows(matrix, deps.documents(), folder);
      entry = { folder, ref, commit, diff: diffMatrices({ rows: base.rows, unreadable: base.unreadable }, { rows: head }) };
      byFolder.set(folder, entry);
    }
    return { compared: entry, file: relative(file, folder) };
  };

  return {
    lenses(document, uri, parsed) {
      const found = diffFor(uri);
      if (!found) {
        return [];
      }
      const { compared: c, file } = found;
      const matrix = deps.matrix();
      const lenses: CodeLens[] = [];
      const lens = (offset: number, length: number, rows: Selected, unit: string, about: string): void => {
        lenses.push({
          range: { start: document.positionAt(offset), end: document.positionAt(offset + length) },
          command: { title: lensTitle(c.ref, rows, unit), command: SHOW_DIFF_COMMAND, arguments: [{ markdown: rowsMarkdown(about, c, rows) }] },
        });
      };
      for (const p of matrix.principals.filter((x) => x.uri === uri && x.kind !== 'account' && x.kind !== 'anyone' && x.kind !== 'authorizer')) {
        const { offset, length } = locate(parsed, p.root, p.path, 'key');
        lens(offset, p.path.length === 0 ? 0 : length, select(c.diff, (r) => r.principal === p.id && r.principalFile === file), 'method', `${p.kind} ${p.id}`);
      }
      for (const m of matrix.methods.filter((x) => x.uri === uri && x.method.includedFrom === undefined)) {
        const { offset, length } = locate(parsed, m.method.root, m.method.declaredAt, 'key');
        const same = (r: AccessRowJson): boolean => r.apiFile === file && r.api === m.method.api.id && r.method === m.method.method && r.path === m.method.path;
        lens(offset, length, select(c.diff, same), 'principal', `${m.method.method} ${m.method.path} (${m.method.api.id})`);
      }
      for (const { root, logicalId } of policyResources(parsed)) {
        const { offset, length } = locate(parsed, root, ['Resources', logicalId], 'key');
        lens(offset, length, select(c.diff, (r) => r.via.some((v) => v.file === file && v.policy === logicalId)), 'row', `policy ${logicalId}`);
      }
      return lenses.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    },
    hover(document, uri, parsed, offset) {
      const found = diffFor(uri);
      if (!found) {
        return null;
      }
      const { compared: c, file } = found;
      for (let root = 0; root < parsed.roots.length; root++) {
        const node = nodeAtOffset(parsed.roots[root]!, offset);
        if (!node) {
          continue;
        }
        const at = pathOf(node);
        const statement = policySites(parsed)
          .filter((s) => s.root === root)
          .flatMap(statementsOf)
          .find((s) => pathStartsWith(at, s.path));
        if (!statement) {
          continue;
        }
        const place = locate(parsed, root, statement.path, 'value');
        const line = document.positionAt(place.offset).line + 1;
        const through = (r: AccessRowJson): boolean => r.via.some((v) => v.file === file && v.line === line && v.effect === 'Allow');
        const rows = select(c.diff, through);
        const range = rangeOf(document, place.offset, place.length);
        if (rows.added.length === 0 && rows.widened.length === 0) {
          return { contents: { kind: 'markdown', value: `Against ${baseLabel(c)}, this statement adds no access.` }, range };
        }
        const lines = [`Against ${baseLabel(c)}, this statement adds:`, '', '| principal | method | stage | decision |', '| --- | --- | --- | --- |'];
        lines.push(...rows.added.filter(through).map((r) => rowLine(r, r.decision)));
        lines.push(...rows.widened.filter((x) => through(x.after)).map((x) => rowLine(x.after, `${x.before.decision} → ${x.after.decision}`)));
        return { contents: { kind: 'markdown', value: lines.join('\n') }, range };
      }
      return null;
    },
  };
}

/** Rows of the diff that concern one item. */
interface Selected {
  readonly added: readonly AccessRowJson[];
  readonly removed: readonly AccessRowJson[];
  readonly widened: readonly { before: AccessRowJson; after: AccessRowJson }[];
  readonly narrowed: readonly { before: AccessRowJson; after: AccessRowJson }[];
}

/**
 * The diff's rows that `keep` accepts. A row that went from a deny (explicit, or implicit:
 * the principal reached the API but not this method) to a grant is new access, and the other
 * way round lost access, as for rows that are on one side only; the rest of the changed rows
 * are widened or narrowed grants.
 */
function select(diff: AccessDiff, keep: (r: AccessRowJson) => boolean): Selected {
  const changed = diff.changed.filter((c) => keep(c.after) || keep(c.before));
  const gained = changed.filter((c) => c.before.decision === 'deny' && grants(c.after));
  const lost = changed.filter((c) => grants(c.before) && c.after.decision === 'deny');
  const rest = changed.filter((c) => !gained.includes(c) && !lost.includes(c));
  return {
    added: [...diff.added.filter(keep), ...gained.map((c) => c.after)],
    removed: [...diff.removed.filter(keep), ...lost.map((c) => c.before)],
    widened: rest.filter((c) => c.change !== 'narrowed'),
    narrowed: rest.filter((c) => c.change === 'narrowed'),
  };
}

/**
 * `since HEAD: +2 methods, -1` for a principal (methods it gained and lost), `+1 principal`
 * for a method; widened and narrowed grants count as `~N changed`.
 */
function lensTitle(ref: string, rows: Selected, unit: string): string {
  const count = (list: readonly AccessRowJson[]): number => new Set(list.map((r) => (unit === 'principal' ? `${r.principal}\u0000${r.principalFile}` : unit === 'method' ? `${r.api}\u0000${r.method}\u0000${r.path}` : rowKey(r)))).size;
  const added = count(rows.added.filter(grants));
  const removed = count(rows.removed.filter(grants));
  const changed = rows.widened.length + rows.narrowed.length;
  if (added === 0 && removed === 0 && changed === 0) {
    return `since ${ref}: no change`;
  }
  const parts = [`+${added} ${unit}${added === 1 ? '' : 's'}`, `-${removed}`];
  if (changed > 0) {
    parts.push(`${changed} changed`);
  }
  return `since ${ref}: ${parts.join(', ')}`;
}

function rowKey(r: AccessRowJson): string {
  return [r.principal, r.principalFile, r.api, r.method, r.path, r.stage, r.environment ?? ''].join('\u0000');
}

function rowsMarkdown(about: string, c: Compared, rows: Selected): string {
  const lines = [`# Access of ${about} since ${baseLabel(c)}`, ''];
  const table = (title: string, entries: readonly [AccessRowJson, string][]): void => {
    if (entries.length === 0) {
      return;
    }
    lines.push(`## ${title}`, '', '| principal | method | stage | decision |', '| --- | --- | --- | --- |', ...entries.map(([r, d]) => rowLine(r, d)), '');
  };
  table('Added', rows.added.map((r) => [r, r.decision]));
  table('Removed', rows.removed.map((r) => [r, r.decision]));
  table('Widened', rows.widened.map((x) => [x.after, `${x.before.decision} → ${x.after.decision}`]));
  table('Narrowed', rows.narrowed.map((x) => [x.after, `${x.before.decision} → ${x.after.decision}`]));
  if (lines.length === 2) {
    lines.push('No change in who can invoke what.');
  }
  return lines.join('\n');
}

function rowLine(r: AccessRowJson, decision: string): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const env = r.environment ? ` (${r.environment})` : '';
  return `| ${cell(r.principal)} | ${cell(`${r.method} ${r.path}`)} on ${cell(r.api)} | ${cell(r.stage)}${cell(env)} | ${decision} |`;
}

function baseLabel(c: Compared): string {
  return `${c.ref} (${c.commit.slice(0, 7)})`;
}

/** The head side: the index's rows for the files of one folder, files named relative to it (as the base side names them). */
function headRows(matrix: AccessMatrix, documents: readonly WorkspaceDocument[], folder: string): AccessRowJson[] {
  const docs = new Map(documents.map((d) => [d.uri, d.doc]));
  const rename = (uri: string): string => {
    const file = filePath(uri);
    return file === undefined ? uri : relative(file, folder);
  };
  return accessRowsJson(matrix, docs)
    .map((r) => ({ ...r, principalFile: rename(r.principalFile), apiFile: rename(r.apiFile), via: r.via.map((v) => ({ ...v, file: rename(v.file) })) }))
    .filter((r) => !path.isAbsolute(r.apiFile) && !path.isAbsolute(r.principalFile));
}

/** Policy resources of a template (their statements are attached to principals elsewhere). */
function policyResources(doc: SourceDocument): { root: number; logicalId: string }[] {
  const out: { root: number; logicalId: string }[] = [];
  doc.roots.forEach((root, index) => {
    const kind = doc.kinds[index];
    if (kind !== 'cfn' && kind !== 'sam') {
      return;
    }
    for (const r of templateModel(root).resources.values()) {
      if (r.type === 'AWS::IAM::Policy' || r.type === 'AWS::IAM::ManagedPolicy') {
        out.push({ root: index, logicalId: r.logicalId });
      }
    }
  });
  return out;
}

function rangeOf(document: TextDocument, offset: number, length: number): Hover['range'] {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? path.resolve(fileURLToPath(uri)) : undefined;
  } catch {
    return undefined;
  }
}

function isInside(file: string, folder: string): boolean {
  const r = path.relative(path.resolve(folder), file);
  return r !== '' && !r.startsWith('..') && !path.isAbsolute(r);
}

/** A path relative to `folder` with `/` separators, as the rows of `accessSide` name files. */
function relative(file: string, folder: string): string {
  const r = path.relative(path.resolve(folder), file);
  return r.startsWith('..') || path.isAbsolute(r) ? file : r;
}

/** The folder as git would spell it (links resolved), for placing the repository root beside it. */
function realFolder(folder: string, repository: string): string {
  const top = git(folder, ['rev-parse', '--show-prefix'])?.trim() ?? '';
  // `--show-prefix` is the folder's path inside the repository, so git's spelling of it is the root joined with it.
  return path.join(repository, top);
}

