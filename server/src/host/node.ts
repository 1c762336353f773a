/**
 * The file host over Node's file system, for the CLI and the language server. This is the
 * only module of server/src that imports `node:fs` (besides the bundled IAM data loader,
 * see ARCHITECTURE.md); ESLint's no-restricted-imports keeps it so.
 *
 * A read never blocks and never runs away: the path is checked against the allowed
 * folders before the disk is touched and again once links are resolved, `stat` refuses
 * FIFOs, devices, sockets and folders before anything is opened, the file is opened
 * non-blocking (a FIFO swapped in after the stat cannot stall the open) and without
 * following a last-moment link, the descriptor is checked again with `fstat`, and at most
 * the cap plus one byte is read, so a file that grows meanwhile is still refused.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isInside, type DirEntry, type EntryType, type FileHost, type FileReadProblem, type FileStat, type ReadOptions, type ReadResult } from './host';

/** Flags for the one open: read-only, never wait (FIFOs), never through a link. Absent flags (Windows) are 0. */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/** The first read's buffer when the file claims to be empty or tiny; it grows as needed. */
const MIN_CHUNK = 64 * 1024;

export const nodeHost: FileHost = {
  readFile,
  readDir(location) {
    try {
      return fs.readdirSync(toPath(location), { withFileTypes: true }).map((e): DirEntry => ({ name: e.name, type: direntType(e) }));
    } catch {
      return undefined;
    }
  },
  stat: (location) => statWith(fs.statSync, location),
  lstat: (location) => statWith(fs.lstatSync, location),
  realpath(location) {
    try {
      return fs.realpathSync(toPath(location));
    } catch {
      return undefined;
    }
  },
  writeFile(location, text) {
    const file = toPath(location);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, 'utf8');
  },
};

function readFile(location: string, options: ReadOptions): ReadResult {
  const file = path.resolve(toPath(location));
  const roots = options.within?.map((r) => path.resolve(r));
  // As named first: a path that leaves the folders is refused without touching the disk,
  // so nothing outside is even probed for existence.
  if (roots && !roots.some((r) => isInside(file, r))) {
    return { kind: 'outside-workspace' };
  }
  let realPath: string;
  try {
    realPath = fs.realpathSync(file);
  } catch (error) {
    return unreadable(error);
  }
  // Then with links resolved, on both sides: `api.yaml -> /dev/zero` or `-> ../../x` leaves.
  if (roots && !roots.some((r) => isInside(realPath, realpathOr(r)))) {
    return { kind: 'outside-workspace' };
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(realPath);
  } catch (error) {
    return unreadable(error);
  }
  const before = checkStat(stat, options.maxBytes);
  if (before) {
    return before;
  }
  let fd: number;
  try {
    fd = fs.openSync(realPath, OPEN_FLAGS);
  } catch (error) {
    return unreadable(error);
  }
  try {
    const after = checkStat(fs.fstatSync(fd), options.maxBytes);
    if (after) {
      return after;
    }
    const bytes = readAtMost(fd, options.maxBytes + 1, stat.size);
    if (bytes.length > options.maxBytes) {
      return { kind: 'too-large', size: bytes.length, limit: options.maxBytes };
    }
    const text = bytes.toString('utf8');
    return { kind: 'ok', text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, realPath };
  } catch (error) {
    return unreadable(error);
  } finally {
    fs.closeSync(fd);
  }
}

function checkStat(stat: fs.Stats, maxBytes: number): FileReadProblem | undefined {
  if (!stat.isFile()) {
    return { kind: 'not-a-file', type: statType(stat) as Exclude<EntryType, 'file' | 'symlink'> };
  }
  return stat.size > maxBytes ? { kind: 'too-large', size: stat.size, limit: maxBytes } : undefined;
}

/** Reads until end of file or `limit` bytes, whichever comes first, starting from the size stat gave. */
function readAtMost(fd: number, limit: number, expected: number): Buffer {
  let buffer = Buffer.allocUnsafe(Math.min(limit, Math.max(expected + 1, MIN_CHUNK)));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length >= limit) {
        break;
      }
      const grown = Buffer.allocUnsafe(Math.min(limit, buffer.length * 2));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
    if (read === 0) {
      break;
    }
    length += read;
  }
  return buffer.subarray(0, length);
}

function unreadable(error: unknown): FileReadProblem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return { kind: 'unreadable', code: typeof code === 'string' ? code : 'EIO' };
}

function statWith(statSync: (file: string) => fs.Stats, location: string): FileStat | undefined {
  try {
    const stat = statSync(toPath(location));
    return { type: statType(stat), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined;
  }
}

function statType(stat: fs.Stats | fs.Dirent): EntryType {
  if (stat.isFile()) {
    return 'file';
  }
  if (stat.isDirectory()) {
    return 'directory';
  }
  if (stat.isSymbolicLink()) {
    return 'symlink';
  }
  if (stat.isFIFO()) {
    return 'fifo';
  }
  if (stat.isCharacterDevice() || stat.isBlockDevice()) {
    return 'device';
  }
  return stat.isSocket() ? 'socket' : 'other';
}

function direntType(entry: fs.Dirent): EntryType {
  return statType(entry);
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** `file:` URIs become paths; anything else is taken as a path already. */
function toPath(location: string): string {
  return location.startsWith('file:') ? fileURLToPath(location) : location;
}
