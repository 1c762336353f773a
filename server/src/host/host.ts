/**
 * The file host: the one way server code reads the disk. The CLI and the language server
 * each provide one (`node.ts` for both today; a browser build would bring its own over the
 * editor's file system), and everything else (configuration lookup, file walks, the
 * workspace index, included API definitions) goes through it. Reading is bounded here,
 * once: a read resolves symbolic links, refuses anything that is not a regular file, stays
 * inside the folders it is given, and never takes more than a size cap. The result says
 * which of those stopped it, so callers can turn it into one diagnostic.
 */
import * as path from 'node:path';
import type { FileReadProblem } from '../core/index';

export type { FileReadProblem } from '../core/index';

/** What a folder entry or a stat is. `symlink` only where links are not followed. */
export type EntryType = 'file' | 'directory' | 'symlink' | 'fifo' | 'device' | 'socket' | 'other';

export interface FileStat {
  readonly type: EntryType;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface DirEntry {
  readonly name: string;
  /** The entry itself, links not followed. */
  readonly type: EntryType;
}

export interface ReadOptions {
  /** The most bytes read; a larger file is `too-large` and is not read at all. */
  readonly maxBytes: number;
  /**
   * Folders the file must lie in, both as named and once links are resolved; anything else
   * is `outside-workspace` and is not opened. Omitted: a file the user named themselves.
   */
  readonly within?: readonly string[];
}

/** A read: the text (UTF-8, without a byte-order mark) and its resolved path, or why not. */
export type ReadResult = { readonly kind: 'ok'; readonly text: string; readonly realPath: string } | FileReadProblem;

/**
 * Locations are absolute paths or `file:` URIs. Nothing here throws for a missing or odd
 * file: reads report a problem, the rest answer `undefined`.
 */
export interface FileHost {
  readFile(location: string, options: ReadOptions): ReadResult;
  /** A folder's entries (unsorted), or `undefined` when it cannot be listed. */
  readDir(location: string): readonly DirEntry[] | undefined;
  /** What a path names, links followed. */
  stat(location: string): FileStat | undefined;
  /** The entry itself, links not followed. */
  lstat(location: string): FileStat | undefined;
  /** The path with every link resolved, or `undefined` when it does not exist. */
  realpath(location: string): string | undefined;
  /** Writes a file the user named (the CLI's baseline and reports), making its folder if needed. Throws on failure. */
  writeFile(location: string, text: string): void;
}

/** Whether `file` is `folder` or lies below it (both absolute and normalised). */
export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Finds repository roots as git does (the nearest folder upwards holding a `.git` entry,
 * folder or file) without running git: running a program on behalf of a repository we are
 * analysing would let its configuration choose what runs. Cached by folder.
 */
export function createRepositoryRoots(host: FileHost): (folder: string) => string | undefined {
  const cache = new Map<string, string | undefined>();
  const find = (folder: string): string | undefined => {
    if (cache.has(folder)) {
      return cache.get(folder);
    }
    const parent = path.dirname(folder);
    const found = host.lstat(path.join(folder, '.git')) !== undefined ? folder : parent === folder ? undefined : find(parent);
    cache.set(folder, found);
    return found;
  };
  return (folder) => find(path.resolve(folder));
}

/**
 * The folder that bounds what the command line reads for a file: its repository's root,
 * else the current folder when the file is in it, else the file's own folder.
 * Configuration lookups stop there, and included files must resolve inside it.
 */
export function createCliBoundary(host: FileHost, cwd: string): (folder: string) => string {
  const repositoryRoot = createRepositoryRoots(host);
  return (folder) => repositoryRoot(folder) ?? (isInside(folder, cwd) ? cwd : folder);
}

/**
 * The same for the editor: the innermost workspace folder holding the folder, else its
 * repository's root, else the folder itself.
 */
export function createWorkspaceBoundary(host: FileHost, workspaceFolders: () => readonly string[]): (folder: string) => string {
  const repositoryRoot = createRepositoryRoots(host);
  return (folder) => {
    const holding = workspaceFolders()
      .map((f) => path.resolve(f))
      .filter((f) => isInside(folder, f))
      .sort((a, b) => b.length - a.length)[0];
    return holding ?? repositoryRoot(folder) ?? folder;
  };
}
