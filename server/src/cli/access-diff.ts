/**
 * `gatewarden access --diff [REF]`: what a change grants and revokes. The matrix of the
 * working tree (or of `--head REF2`) is compared with the matrix at REF (default HEAD;
 * `--merge-base`: where REF and the head's history meet, what a pull request changes). The
 * base version of every file, and of the configuration, is read from git objects through a
 * file host over the commit (git-tree.ts): no checkout and no temporary working tree, so a
 * dirty tree is fine, and so is a shallow clone that has the base commit. The comparison
 * itself is core/access/diff.ts; the output formats are access-diff-format.ts.
 *
 * Exit codes: 0; 1 with `--fail-on-new-access` when a grant is added or widened, or with
 * `--fail-on-public` when a method becomes callable by anyone; 2 for bad usage, no
 * repository, a ref that is not there, or a broken configuration in the working tree.
 */
import * as path from 'node:path';
import { addsAccess, diffMatrices, type AccessDiff, type UnreadableFile } from '../core/access/diff';
import type { SourceDocument } from '../core/index';
import type { FileHost } from '../host/host';
import { formatConfigError, scopeOf } from '../config/load';
import { accessSide, configuredApis, configuredEnvironments, type AccessIo, type AccessRowJson } from './access';
import { renderDiff, DIFF_FORMATS, type DiffFormat, type DiffSides } from './access-diff-format';
import { collectFiles } from './files';
import { git, isCommit } from './git';
import { gitTree, indexTree } from './git-tree';
import { assertionExit, diffAssertions, renderBroken, withoutAllowed, type DiffAssertions } from './access-diff-assertions';
import type { AccessMatrix, WorkspaceDocument } from '../core/access/matrix';
import { cliConfigResolver, DEFAULT_MAX_FILE_SIZE, host } from './host';
import { printable } from './printable';
import { parseText, relativeTo } from './report-command';
import { packageInfo } from './package-root';
import type { ReportCommand } from './args';

export interface DiffArgs {
  readonly ref: string;
  /** Whether the ref was the argument after `--diff` (it may be a path instead). */
  readonly guessed: boolean;
  readonly head: string | undefined;
  /** Compare the staged files (the index) rather than the working tree. */
  readonly staged: boolean;
  readonly mergeBase: boolean;
  readonly format: DiffFormat;
  readonly failOnNewAccess: boolean;
  readonly failOnPublic: boolean;
  readonly paths: readonly string[];
}

/** The diff's arguments from the parsed command line (args.ts checked each option's value), or a usage message. */
export function diffArgs(command: ReportCommand, guessed: boolean): DiffArgs | { error: string } {
  const { values } = command;
  const diff = values['diff'];
  if (!(DIFF_FORMATS as readonly string[]).includes(command.format)) {
    return { error: `--format takes ${DIFF_FORMATS.join(', ')} with --diff, not "${command.format}".` };
  }
  if (values['staged'] === true && values['head'] !== undefined) {
    return { error: '--staged and --head cannot be used together.' };
  }
  return {
    ref: typeof diff === 'string' ? diff : 'HEAD',
    guessed: typeof diff === 'string' && guessed,
    head: values['head'] as string | undefined,
    staged: values['staged'] === true,
    mergeBase: values['merge-base'] === true,
    format: command.format as DiffFormat,
    failOnNewAccess: values['fail-on-new-access'] === true,
    failOnPublic: values['fail-on-public'] === true,
    paths: command.paths,
  };
}

export function runAccessDiff(command: ReportCommand, io: AccessIo): number {
  const parsed = diffArgs(command, command.guessed.has('diff'));
  if ('error' in parsed) {
    io.stderr(`gatewarden: ${printable(parsed.error)}\nRun "gatewarden access --help" for usage.\n`);
    return 2;
  }
  const fail = (message: string): number => {
    io.stderr(`gatewarden: ${printable(message)}\n`);
    return 2;
  };
  const root = git(io.cwd, ['rev-parse', '--show-toplevel'])?.trim();
  if (!root) {
    return fail(`--diff needs a git repository, and ${io.cwd} is not inside one (or git is not installed).`);
  }
  let args = parsed;
  // `--diff stacks/`: a path, not a ref, when it names no commit but names something here.
  if (args.guessed && !isCommit(root, args.ref) && host.stat(path.resolve(io.cwd, args.ref))) {
    args = { ...args, ref: 'HEAD', guessed: false, paths: [args.ref, ...args.paths] };
  }
  const headCommit = args.head === undefined ? undefined : commitOf(root, args.head);
  if (args.head !== undefined && headCommit === undefined) {
    return fail(missingRef('--head', args.head));
  }
  let baseCommit = commitOf(root, args.ref);
  if (baseCommit === undefined) {
    // A repository without commits yet: HEAD is the empty tree, everything staged or not is new.
    if (args.ref === 'HEAD' && !args.mergeBase && args.head === undefined && git(root, ['rev-parse', '--git-dir']) !== undefined && git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']) === undefined) {
      baseCommit = EMPTY_TREE;
    } else {
      return fail(missingRef('--diff', args.ref));
    }
  }
  if (args.mergeBase) {
    const meet = git(root, ['merge-base', baseCommit, headCommit ?? 'HEAD'])?.trim();
    if (!meet) {
      return fail(`--merge-base: "${args.ref}" and ${args.head ?? 'HEAD'} have no common ancestor here (in a shallow clone, fetch more history: git fetch --deepen=50, or --unshallow).`);
    }
    baseCommit = meet;
  }

  // Both sides see the repository through the same path as the working folder does.
  const realCwd = host.realpath(io.cwd) ?? io.cwd;
  const shownRoot = path.resolve(io.cwd, path.relative(realCwd, root));
  const baseTree = gitTree(shownRoot, root, baseCommit, DEFAULT_MAX_FILE_SIZE);
  const headTree = headCommit !== undefined ? gitTree(shownRoot, root, headCommit, DEFAULT_MAX_FILE_SIZE) : args.staged ? indexTree(shownRoot, root, DEFAULT_MAX_FILE_SIZE) : undefined;
  if (!baseTree || ((headCommit !== undefined || args.staged) && !headTree)) {
    return fail(`git could not list the files of ${!baseTree ? args.ref : (args.head ?? 'the index')}.`);
  }

  const parses = new Map<string, { text: string; doc: SourceDocument }>();
  const parse = (_uri: string, file: string, text: string): SourceDocument => {
    const known = parses.get(file);
    if (known && known.text === text) {
      return known.doc;
    }
    const doc = parseText(file, text);
    parses.set(file, { text, doc });
    return doc;
  };
  const headSide = side(args.paths, io, headTree?.host ?? host, headTree === undefined, parse);
  if ('exit' in headSide) {
    return headSide.exit;
  }
  const baseSide = side(args.paths, io, baseTree.host, false, parse);
  if ('exit' in baseSide) {
    return baseSide.exit;
  }
  const renames = renamesBetween(root, io.cwd, baseCommit, headCommit ?? (args.staged ? '--cached' : undefined), baseSide, headSide);
  const diff = diffMatrices(
    { rows: baseSide.rows, unreadable: baseSide.unreadable },
    { rows: headSide.rows, unreadable: headSide.unreadable },
    { renames },
  );
  const sides: DiffSides = {
    base: { ref: args.ref, commit: baseCommit === EMPTY_TREE ? null : baseCommit, mergeBase: args.mergeBase },
    head: { ref: args.head ?? (args.staged ? 'index' : null), commit: headCommit ?? null },
  };
  // The head's access assertions: broken ones are reported and fail the run; the others may
  // allow new access (access-diff-assertions.ts).
  const assertions = diffAssertions(io.cwd, headTree?.host ?? host, headSide);
  const rendered = renderDiff(args.format, diff, sides, { cwd: io.cwd, version: packageInfo()?.version ?? '0.0.0' });
  io.stdout(args.format === 'json' && assertions ? withAssertionsJson(rendered, assertions) : `${rendered}${renderBroken(args.format, assertions)}`);
  return Math.max(exitCode(withoutAllowed(diff, assertions), args), assertionExit(assertions));
}

/** 1 when a `--fail-on-…` condition holds, else 0. */
export function exitCode(diff: AccessDiff, args: Pick<DiffArgs, 'failOnNewAccess' | 'failOnPublic'>): number {
  return (args.failOnNewAccess && addsAccess(diff)) || (args.failOnPublic && diff.becamePublic.length > 0) ? 1 : 0;
}

/** git's id of the empty tree (SHA-1 repositories): the base of a repository without commits. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

interface Side {
  readonly rows: AccessRowJson[];
  readonly unreadable: UnreadableFile[];
  /** Uri → text of every file read, for telling moved files by their content. */
  readonly texts: ReadonlyMap<string, string>;
  /** The matrix and its documents (the head's access assertions are checked over them). */
  readonly matrix: AccessMatrix;
  readonly documents: readonly WorkspaceDocument[];
}

/**
 * One version's rows: its files under the paths (a path that does not exist in a commit
 * holds nothing there), without the ones its configuration ignores, with its own
 * configuration's API map and environments. A broken configuration in a commit is
 * reported and read as none; in the working tree it is an error, as for `access`.
 */
function side(paths: readonly string[], io: AccessIo, fileHost: FileHost, workingTree: boolean, parse: (uri: string, file: string, text: string) => SourceDocument): Side | { exit: number } {
  const { files, missing, special = [] } = collectFiles(paths.length > 0 ? paths : ['.'], io.cwd, fileHost);
  if (workingTree && (missing.length > 0 || special.length > 0)) {
    missing.forEach((m) => io.stderr(`gatewarden: no such file or folder: ${printable(m)}\n`));
    special.forEach((m) => io.stderr(`gatewarden: not a regular file or folder: ${printable(m)}\n`));
    return { exit: 2 };
  }
  const unreadable: UnreadableFile[] = [];
  const resolver = cliConfigResolver(io.cwd, undefined, fileHost);
  const kept: string[] = [];
  const broken = new Set<string>();
  for (const file of files) {
    const lookup = resolver.lookup(file);
    if (lookup.kind === 'broken') {
      if (!broken.has(lookup.file)) {
        broken.add(lookup.file);
        lookup.errors.forEach((e) => io.stderr(`gatewarden: config error${workingTree ? '' : ' (base version)'}: ${printable(formatConfigError(e, io.cwd))}\n`));
        unreadable.push({ file: relativeTo(lookup.file, io.cwd), reason: 'config-error' });
      }
      kept.push(file);
    } else if (!scopeOf(lookup, file).ignored) {
      kept.push(file);
    }
  }
  if (workingTree && broken.size > 0) {
    return { exit: 2 };
  }
  const configured = configuredApis(io.cwd, fileHost);
  const apis = 'errors' in configured ? undefined : configured.apis;
  const texts = new Map<string, string>();
  const reading: FileHost = {
    ...fileHost,
    readFile: (location, options) => {
      const read = fileHost.readFile(location, options);
      if (read.kind === 'ok') {
        texts.set(relativeTo(location, io.cwd), read.text);
      }
      return read;
    },
  };
  const computed = accessSide(kept, { cwd: io.cwd, apis, environments: configuredEnvironments(io.cwd, fileHost), stderr: io.stderr, host: reading, parse });
  return { rows: computed.rows, unreadable: [...unreadable, ...computed.unreadable], texts, matrix: computed.matrix, documents: computed.documents };
}

/**
 * Base file → head file for the files that moved: what git reports as renamed between the
 * two versions (the working tree's tracked files when there is no head commit), then files
 * of exactly the same text that exist on one side only (a move git has not been told of).
 */
function renamesBetween(root: string, cwd: string, base: string, head: string | undefined, baseSide: Side, headSide: Side): Map<string, string> {
  const renames = new Map<string, string>();
  // `head` is a commit, `--cached` for the index, or nothing for the working tree.
  const listed = git(root, ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', '--diff-filter=R', ...(head === '--cached' ? [head, base] : [base, ...(head ? [head] : [])]), '--']);
  const fields = listed?.split('\0') ?? [];
  for (let i = 0; i + 2 < fields.length; i += 3) {
    if (fields[i]!.startsWith('R')) {
      renames.set(relativeTo(path.join(root, fields[i + 1]!), cwd), relativeTo(path.join(root, fields[i + 2]!), cwd));
    }
  }
  const onlyBase = [...baseSide.texts].filter(([uri]) => !headSide.texts.has(uri) && !renames.has(uri));
  const headTaken = new Set(renames.values());
  const onlyHead = [...headSide.texts].filter(([uri]) => !baseSide.texts.has(uri) && !headTaken.has(uri));
  const headByText = new Map<string, string[]>();
  for (const [uri, text] of onlyHead) {
    headByText.set(text, [...(headByText.get(text) ?? []), uri]);
  }
  const baseByText = new Map<string, string[]>();
  for (const [uri, text] of onlyBase) {
    baseByText.set(text, [...(baseByText.get(text) ?? []), uri]);
  }
  for (const [text, uris] of baseByText) {
    const heads = headByText.get(text);
    if (uris.length === 1 && heads?.length === 1) {
      renames.set(uris[0]!, heads[0]!);
    }
  }
  return renames;
}

function commitOf(root: string, ref: string): string | undefined {
  if (ref.startsWith('-')) {
    return undefined;
  }
  return git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])?.trim() || undefined;
}

function missingRef(option: string, ref: string): string {
  return `${option}: "${ref}" is not a commit of this repository. In a shallow clone (CI), fetch it first, for example: git fetch --depth=1 origin ${ref}`;
}

/** The json output with the head's broken assertions under `assertions`. */
function withAssertionsJson(rendered: string, assertions: DiffAssertions): string {
  return `${JSON.stringify({ ...(JSON.parse(rendered) as object), assertions: { broken: assertions.broken } }, null, 2)}\n`;
}
