/**
 * Finding and reading the files to check, through the file host. The walk is sorted so
 * that output is the same on every machine and every run.
 */
import * as path from 'node:path';
import { walkFiles } from '../host/walk';
import type { FileHost, ReadResult } from '../host/host';
import { cliBoundary, DEFAULT_MAX_FILE_SIZE, host } from './host';

/** Extensions looked for inside folders; a file named on the command line is always checked. */
export const CHECKED_EXTENSIONS: readonly string[] = ['.json', '.jsonc', '.yaml', '.yml', '.template'];

/** Folders never entered while walking, besides every folder whose name starts with a dot. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules']);

export interface CollectedFiles {
  /** Absolute paths, each once, in argument order, each folder's files sorted. */
  readonly files: readonly string[];
  /** Arguments that name nothing on disk, as given. */
  readonly missing: readonly string[];
  /** Arguments that name a FIFO, a device or a socket (links followed), as given: never read. */
  readonly special?: readonly string[];
}

export function collectFiles(paths: readonly string[], cwd: string, fileHost: FileHost = host): CollectedFiles {
  const files: string[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  const special: string[] = [];
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  const boundary = cliBoundary(cwd, fileHost);
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = fileHost.stat(absolute);
    if (!stat) {
      missing.push(given);
    } else if (stat.type === 'directory') {
      walk(absolute, [boundary(absolute)], fileHost).forEach(add);
    } else if (stat.type === 'file') {
      add(absolute);
    } else {
      special.push(given);
    }
  }
  return { files, missing, special };
}

/**
 * Of the files git reports as changed (absolute, symbolic links resolved), those that
 * naming `paths` would check: a changed file named itself, or one a walk of a named folder
 * would find. With no paths, the folder is `cwd`. Paths come back under `cwd` as given.
 */
export function selectChanged(changed: readonly string[], paths: readonly string[], cwd: string): CollectedFiles {
  const realCwd = host.realpath(cwd) ?? cwd;
  const missing: string[] = [];
  const scopes: string[] = [];
  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = path.resolve(cwd, given);
    if (host.stat(absolute)) {
      scopes.push(host.realpath(absolute) ?? absolute);
    } else {
      missing.push(given);
    }
  }
  const files: string[] = [];
  for (const file of changed) {
    const wanted = scopes.some((scope) => {
      if (file === scope) {
        return true;
      }
      const relative = path.relative(scope, file);
      if (isOutside(relative)) {
        return false;
      }
      const folders = relative.split(path.sep).slice(0, -1);
      return isCheckedFileName(file) && !folders.some((f) => f.startsWith('.') || SKIPPED_FOLDERS.has(f));
    });
    if (wanted) {
      const relative = path.relative(realCwd, file);
      files.push(isOutside(relative) ? file : path.join(cwd, relative));
    }
  }
  return { files, missing };
}

/** Whether a file found in a folder is one we check. */
export function isCheckedFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return CHECKED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * A file's text as UTF-8, without a leading byte-order mark, read through the host: at
 * most `maxBytes`, a regular file only, and inside `within` when given.
 */
export function readFileBounded(file: string, maxBytes: number, within?: readonly string[]): ReadResult {
  return host.readFile(file, { maxBytes, within });
}

/** A file's text as UTF-8, without a leading byte-order mark; throws when it cannot be read (capped as documents are). */
export function readText(file: string): string {
  const read = host.readFile(file, { maxBytes: DEFAULT_MAX_FILE_SIZE });
  if (read.kind !== 'ok') {
    throw new Error(`cannot read ${file}: ${read.kind === 'unreadable' ? read.code : read.kind}`);
  }
  return read.text;
}

/** The path shown to the user: relative to `cwd` when under it, absolute otherwise. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' || isOutside(relative) ? file : relative;
}

/** Whether a path made by `path.relative` leaves its base folder (`..x.json` does not). */
export function isOutside(relative: string): boolean {
  return relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

/**
 * Depth-first, entries in code-unit order (not locale order, which varies by machine),
 * skipping node_modules and hidden folders. Linked folders are not entered; linked files
 * are taken when they resolve to a regular file inside `within` (server/src/host/walk.ts).
 */
function walk(folder: string, within: readonly string[], fileHost: FileHost): string[] {
  return walkFiles(fileHost, folder, {
    within,
    enter: (name) => !name.startsWith('.') && !SKIPPED_FOLDERS.has(name),
    accept: (name) => isCheckedFileName(name),
  });
}
