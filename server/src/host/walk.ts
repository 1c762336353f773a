/**
 * Walking a folder through the file host, for `gatewarden check` and the workspace index.
 * The walk is where a repository decides what we open, so it keeps three promises:
 * folders reached through a symbolic link are never entered (a link cannot lead the walk
 * out of the folder, and a link cycle cannot make it endless); a linked file is taken only
 * when it resolves to a regular file inside the allowed folders; FIFOs, devices and sockets
 * are never taken, so nothing the walk returns can block a read.
 */
import * as path from 'node:path';
import { isInside, type DirEntry, type FileHost } from './host';

export interface WalkOptions {
  /** Whether to enter a folder found in the walk (never called for the root itself). */
  readonly enter: (name: string, full: string) => boolean;
  /** Whether a regular file found in the walk is wanted. */
  readonly accept: (name: string, full: string) => boolean;
  /** Where linked files may resolve to; the root by default. */
  readonly within?: readonly string[];
  /** Entries of a folder in this order; code-unit order (the same on every machine) by default. */
  readonly order?: (a: string, b: string) => number;
  /** Folders deeper than this below the root are not entered. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 256;

/** The wanted files under `root`, depth-first, as absolute paths. */
export function walkFiles(host: FileHost, root: string, options: WalkOptions): string[] {
  const out: string[] = [];
  const walk = steps(host, root, options, out);
  // Nothing to do between folders: run the walk to its end.
  while (!walk.next().done) {
    continue;
  }
  return out;
}

/**
 * The same walk, awaiting `pause` before each folder is listed, so a long walk in the
 * language server gives way to requests (lsp/workspace.ts).
 */
export async function walkFilesAsync(host: FileHost, root: string, options: WalkOptions, pause: () => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  const walk = steps(host, root, options, out);
  while (!walk.next().done) {
    await pause();
  }
  return out;
}

/** The walk itself: yields before listing each folder, pushes wanted files to `out`. */
function* steps(host: FileHost, root: string, options: WalkOptions, out: string[]): Generator<void, void, undefined> {
  const order = options.order ?? codeUnitOrder;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const within = (options.within ?? [root]).map((f) => host.realpath(f) ?? f);
  function* visit(folder: string, depth: number): Generator<void, void, undefined> {
    yield;
    const entries = host.readDir(folder);
    if (!entries) {
      // A folder we may not read is skipped like one we were told to skip.
      return;
    }
    for (const entry of [...entries].sort((a, b) => order(a.name, b.name))) {
      const full = path.join(folder, entry.name);
      const type = entryType(host, entry, full);
      if (type === 'directory') {
        if (depth < maxDepth && options.enter(entry.name, full)) {
          yield* visit(full, depth + 1);
        }
      } else if (type === 'file') {
        if (options.accept(entry.name, full)) {
          out.push(full);
        }
      } else if (type === 'symlink' && options.accept(entry.name, full) && linksToFileWithin(host, full, within)) {
        out.push(full);
      }
    }
  }
  yield* visit(root, 0);
}

/** Some file systems do not say what an entry is in the listing; ask them then. */
function entryType(host: FileHost, entry: DirEntry, full: string): DirEntry['type'] | undefined {
  return entry.type === 'other' ? host.lstat(full)?.type : entry.type;
}

function linksToFileWithin(host: FileHost, link: string, within: readonly string[]): boolean {
  const real = host.realpath(link);
  return real !== undefined && within.some((w) => isInside(real, w)) && host.stat(real)?.type === 'file';
}

function codeUnitOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
