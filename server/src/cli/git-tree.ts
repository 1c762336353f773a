/**
 * A commit's files as a file host (server/src/host/host.ts), for `access --diff`: the
 * configuration lookup, the file walk and included definitions read the base version of
 * the repository exactly as they read the working tree, without a checkout or a temporary
 * working tree, so a dirty tree stays as it is.
 *
 * The tree is listed once (`git ls-tree -r -l`), and the blobs a walk can want (checked
 * extensions and configuration files, no larger than the cap) are read in one
 * `git cat-file --batch`; anything else is read on demand. Reads are bounded as on disk:
 * the size cap is checked against the size git records before reading, symbolic links
 * are links that lead nowhere (never followed, so never read), submodules are not entered
 * and nothing is written. Paths are absolute, under the repository's root.
 */
import * as path from 'node:path';
import type { DirEntry, FileHost, FileStat, ReadResult } from '../host/host';
import { isInside } from '../host/host';
import { isConfigFileName } from '../config/load';
import { isCheckedFileName } from './files';
import { git, gitBytes } from './git';

interface TreeEntry {
  readonly type: 'file' | 'symlink' | 'submodule';
  readonly oid: string;
  readonly size: number;
}

export interface GitTree {
  readonly host: FileHost;
  /** The commit read, as a full object id. */
  readonly commit: string;
  /** Tree path (`/`-separated) → blob id, regular files only. */
  readonly blobs: ReadonlyMap<string, string>;
}

const BOM = '\ufeff';

/**
 * The files of `commit` in the repository at `repository`, seen at `root` (the same folder
 * as the caller's paths spell it), or undefined when git cannot list them.
 */
export function gitTree(root: string, repository: string, commit: string, maxBytes: number): GitTree | undefined {
  const listing = git(repository, ['ls-tree', '-r', '-l', '-z', '--full-tree', commit]);
  if (listing === undefined) {
    return undefined;
  }
  const entries = new Map<string, TreeEntry>();
  for (const record of listing.split('\0')) {
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
    const match = /^(\d{6}) (\w+) ([0-9a-f]+) +(-|\d+)\t(.+)$/s.exec(record);
    if (match) {
      entries.set(match[5]!, { type: typeOfMode(match[1]!), oid: match[3]!, size: match[4] === '-' ? 0 : Number(match[4]) });
    }
  }
  return hostOver(root, repository, commit, entries, maxBytes);
}

/**
 * The staged files (the index), for `--staged`: what the next commit will hold, whatever
 * the working tree says. Entries in conflict (stages 1-3) are left out.
 */
export function indexTree(root: string, repository: string, maxBytes: number): GitTree | undefined {
  const listing = git(repository, ['ls-files', '--stage', '-z']);
  if (listing === undefined) {
    return undefined;
  }
  const staged: [string, string, string][] = [];
  for (const record of listing.split('\0')) {
    // `<mode> SP <object> SP <stage> TAB <path>`
    const match = /^(\d{6}) ([0-9a-f]+) 0\t(.+)$/s.exec(record);
    if (match) {
      staged.push([match[3]!, match[1]!, match[2]!]);
    }
  }
  const sizes = staged.length === 0 ? '' : gitBytes(repository, ['cat-file', '--batch-check'], staged.map(([, , oid]) => `${oid}\n`).join(''))?.toString('latin1');
  if (sizes === undefined) {
    return undefined;
  }
  const lines = sizes.split('\n');
  const entries = new Map<string, TreeEntry>();
  staged.forEach(([name, mode, oid], i) => {
    const size = Number(lines[i]?.split(' ')[2] ?? 0);
    entries.set(name, { type: typeOfMode(mode), oid, size: Number.isFinite(size) ? size : 0 });
  });
  return hostOver(root, repository, 'index', entries, maxBytes);
}

function typeOfMode(mode: string): TreeEntry['type'] {
  return mode === '120000' ? 'symlink' : mode === '160000' ? 'submodule' : 'file';
}

function hostOver(root: string, repository: string, commit: string, entries: ReadonlyMap<string, TreeEntry>, maxBytes: number): GitTree | undefined {
  const folders = new Map<string, Map<string, DirEntry['type']>>([['', new Map()]]);
  for (const [name, { type }] of entries) {
    const parts = name.split('/');
    for (let i = 0; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      let children = folders.get(folder);
      if (!children) {
        children = new Map();
        folders.set(folder, children);
      }
      const last = i === parts.length - 1;
      children.set(parts[i]!, last ? (type === 'file' ? 'file' : type === 'symlink' ? 'symlink' : 'other') : 'directory');
    }
  }
  const texts = new Map<string, string>();
  const wanted = [...entries].filter(([name, e]) => e.type === 'file' && e.size <= maxBytes && (isCheckedFileName(name) || isConfigFileName(name)));
  if (!readBlobs(repository, wanted, texts)) {
    return undefined;
  }
  const toTreePath = (location: string): string | undefined => {
    const absolute = path.resolve(location);
    if (!isInside(absolute, root)) {
      return undefined;
    }
    return path.relative(root, absolute).split(path.sep).join('/');
  };
  const statOf = (location: string): FileStat | undefined => {
    const name = toTreePath(location);
    if (name === undefined) {
      return undefined;
    }
    if (name === '.git') {
      // The repository's root is found by its .git entry (host.ts createRepositoryRoots).
      return { type: 'directory', size: 0, mtimeMs: 0 };
    }
    if (folders.has(name)) {
      return { type: 'directory', size: 0, mtimeMs: 0 };
    }
    const entry = entries.get(name);
    if (!entry) {
      return undefined;
    }
    return { type: entry.type === 'submodule' ? 'other' : entry.type, size: entry.size, mtimeMs: 0 };
  };
  const host: FileHost = {
    readFile(location, options): ReadResult {
      const name = toTreePath(location);
      const absolute = path.resolve(location);
      if (options.within && !options.within.some((w) => isInside(absolute, path.resolve(w)))) {
        return { kind: 'outside-workspace' };
      }
      const entry = name === undefined ? undefined : entries.get(name);
      if (name === undefined || !entry) {
        return folders.has(name ?? '') ? { kind: 'not-a-file', type: 'directory' } : { kind: 'unreadable', code: 'ENOENT' };
      }
      if (entry.type === 'symlink') {
        // Never followed: what it points at is not part of this version's files.
        return { kind: 'unreadable', code: 'ELOOP' };
      }
      if (entry.type === 'submodule') {
        return { kind: 'not-a-file', type: 'other' };
      }
      if (entry.size > options.maxBytes) {
        return { kind: 'too-large', size: entry.size, limit: options.maxBytes };
      }
      let text = texts.get(name);
      if (text === undefined) {
        const one = new Map<string, string>();
        if (!readBlobs(repository, [[name, entry]], one)) {
          return { kind: 'unreadable', code: 'EIO' };
        }
        text = one.get(name) ?? '';
        texts.set(name, text);
      }
      return { kind: 'ok', text, realPath: absolute };
    },
    readDir(location) {
      const name = toTreePath(location);
      const children = name === undefined ? undefined : folders.get(name);
      return children && [...children].map(([n, type]) => ({ name: n, type }));
    },
    stat: (location) => {
      const s = statOf(location);
      // Links are not followed: a link leads nowhere.
      return s?.type === 'symlink' ? undefined : s;
    },
    lstat: statOf,
    realpath(location) {
      const s = statOf(location);
      return s && s.type !== 'symlink' ? path.resolve(location) : undefined;
    },
    writeFile() {
      throw new Error('a commit is read-only');
    },
  };
  const blobs = new Map([...entries].filter(([, e]) => e.type === 'file').map(([n, e]) => [n, e.oid]));
  return { host, commit, blobs };
}

/** Reads blobs in one `git cat-file --batch`, texts by tree path; false when git fails. */
function readBlobs(root: string, wanted: readonly (readonly [string, TreeEntry])[], texts: Map<string, string>): boolean {
  if (wanted.length === 0) {
    return true;
  }
  const out = gitBytes(root, ['cat-file', '--batch'], wanted.map(([, e]) => `${e.oid}\n`).join(''));
  if (!out) {
    return false;
  }
  let at = 0;
  for (const [name] of wanted) {
    const newline = out.indexOf(10, at);
    if (newline === -1) {
      return false;
    }
    // `<oid> SP <type> SP <size> LF <contents> LF`, or `<oid> SP missing LF`.
    const header = out.toString('latin1', at, newline).split(' ');
    if (header.length !== 3) {
      at = newline + 1;
      continue;
    }
    const size = Number(header[2]);
    const text = out.toString('utf8', newline + 1, newline + 1 + size);
    texts.set(name, text.startsWith(BOM) ? text.slice(1) : text);
    at = newline + 1 + size + 1;
  }
  return true;
}
