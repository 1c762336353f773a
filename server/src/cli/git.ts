/**
 * `--changed`: the files that differ from a git ref, for checking only what a commit or a
 * branch touches. Changed means: modified, added, renamed or copied in the working tree
 * (staged or not) since the ref's merge base with HEAD (so `--changed=main` on a feature
 * branch is what the branch changed since it forked, not what main gained since), plus
 * untracked files that .gitignore does not exclude. Deleted files are not listed, since
 * there is nothing left to check.
 *
 * The repository is the thing being checked, not a trusted party: its `.git/config` must not
 * get to run programs through us. Every git call goes through `git()` below, which turns off
 * each configuration entry that makes the commands used here run one.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { host } from './host';

export type ChangedFiles =
  | { readonly kind: 'ok'; readonly root: string; readonly files: readonly string[] }
  | { readonly kind: 'error'; readonly message: string };

/** Whether `ref` names a commit in the repository around `cwd`. */
export function isCommit(cwd: string, ref: string): boolean {
  return git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined;
}

/** Absolute paths of the changed files, sorted, each once. */
export function changedFiles(cwd: string, ref: string): ChangedFiles {
  const root = git(cwd, ['rev-parse', '--show-toplevel'])?.trim();
  if (!root) {
    return { kind: 'error', message: `--changed needs a git repository, and ${cwd} is not inside one (or git is not installed).` };
  }
  let tracked: string | undefined;
  if (isCommit(root, ref)) {
    // HEAD is its own merge base; any other ref is compared from where HEAD's history meets it.
    const base = ref === 'HEAD' ? ref : git(root, ['merge-base', ref, 'HEAD'])?.trim();
    if (!base) {
      return { kind: 'error', message: `--changed: "${ref}" and HEAD have no common ancestor, so what this branch changed cannot be told.` };
    }
    tracked = git(root, ['diff', '--name-only', '-z', '--no-renames', '--no-ext-diff', '--no-textconv', '--diff-filter=d', base, '--']);
  } else if (ref === 'HEAD' && git(root, ['rev-parse', '--verify', '--quiet', 'HEAD']) === undefined) {
    // A repository without commits yet: everything staged is new.
    tracked = git(root, ['ls-files', '--cached', '-z']);
  } else {
    return { kind: 'error', message: `--changed: "${ref}" is not a commit, branch or tag of this repository.` };
  }
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']);
  if (tracked === undefined || untracked === undefined) {
    return { kind: 'error', message: '--changed: git could not list the changed files.' };
  }
  const names = new Set([...tracked.split('\0'), ...untracked.split('\0')].filter((n) => n !== ''));
  const files = [...names]
    .map((name) => path.join(root, name))
    .filter((file) => isFile(file))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: 'ok', root, files };
}

/**
 * Configuration that would make the commands used here (rev-parse, merge-base, diff
 * --name-only, ls-files, config) run a program, each turned off on the command line, where
 * it wins over every configuration file:
 * - `core.fsmonitor`: diff and ls-files ask the file system monitor, a program, what changed.
 * - `core.hooksPath`: refreshing the index may write it, and writing it runs the
 *   post-index-change hook; hooks are looked for in an empty place instead.
 * - `diff.external` (and `--no-ext-diff`, `--no-textconv` on diff): external diff and textconv
 *   drivers; --name-only runs neither today, but a future option might.
 * - `core.pager` and GIT_PAGER: our stdout is a pipe, so no pager starts, unless told to.
 * - Clean/smudge filters (`filter.<driver>.clean`, `.process`): diff runs the clean filter of
 *   a file whose index entry is stale to compare its content. The driver names come from the
 *   repository, so they are read first (reading configuration runs nothing) and each emptied;
 *   `required=false` keeps an emptied filter from being an error.
 * Network settings (`protocol.ext.allow`, `core.sshCommand`) do not apply: nothing here
 * fetches. GIT_CONFIG_NOSYSTEM drops the system-wide file (not the user's own configuration,
 * which is theirs to trust), and GIT_EXTERNAL_DIFF is removed from the environment.
 */
const SAFE_CONFIG: readonly string[] = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'diff.external=', 'core.pager=cat'];

/** stdout of a git command, or `undefined` when it fails or git is missing. */
export function git(cwd: string, args: readonly string[]): string | undefined {
  const settings = [...SAFE_CONFIG, ...filterOverrides(cwd)];
  return run(cwd, [...settings.flatMap((s) => ['-c', s]), '--no-pager', ...args]);
}

/**
 * stdout of a git command as bytes, `input` on its stdin (`cat-file --batch`), under the
 * same settings as `git()`; `undefined` when it fails.
 */
export function gitBytes(cwd: string, args: readonly string[], input: string): Buffer | undefined {
  const settings = [...SAFE_CONFIG, ...filterOverrides(cwd)];
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat' };
  delete env['GIT_EXTERNAL_DIFF'];
  try {
    return execFileSync('git', [...settings.flatMap((s) => ['-c', s]), '--no-pager', ...args], { cwd, env, input, stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 1024 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** `-c` settings that empty every filter driver the repository's configuration defines. */
function filterOverrides(cwd: string): string[] {
  const names = run(cwd, ['-c', 'core.fsmonitor=false', 'config', '--null', '--name-only', '--get-regexp', '^filter\\.']);
  const drivers = new Set<string>();
  for (const name of names?.split('\0') ?? []) {
    const match = /^filter\.(.+)\.(clean|smudge|process|required)$/i.exec(name);
    if (match) {
      drivers.add(match[1]!);
    }
  }
  return [...drivers].flatMap((d) => [`filter.${d}.clean=`, `filter.${d}.smudge=`, `filter.${d}.process=`, `filter.${d}.required=false`]);
}

function run(cwd: string, args: readonly string[]): string | undefined {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_PAGER: 'cat' };
  delete env['GIT_EXTERNAL_DIFF'];
  try {
    return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  return host.stat(file)?.type === 'file';
}
