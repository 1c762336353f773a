/**
 * `--changed`: the files that differ from a git ref, for checking only what a commit or a
 * branch touches. Changed means: modified, added, renamed or copied in the working tree
 * (staged or not) compared with the ref, plus untracked files that .gitignore does not
 * exclude. Deleted files are not listed, since there is nothing left to check.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

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
    tracked = git(root, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=d', ref, '--']);
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

/** stdout of a git command, or `undefined` when it fails or git is missing. */
function git(cwd: string, args: readonly string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
