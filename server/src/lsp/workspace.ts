/**
 * The workspace index: every template, OpenAPI file and policy file under the workspace
 * folders, parsed once and kept, so that a policy in one file and an API in another are
 * linked. Files are found by walking the folders (skipping node_modules and hidden
 * folders), re-read only when their size or modification time changed, and replaced by the
 * editor's text while open. The access matrix is computed on first use after a change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Analyzer, SourceDocument } from '../core/index';
import { formatFor } from '../core/index';
import { apiInventory } from '../core/apigw/inventory';
import { accessMatrix, type AccessMatrix, type AccessOptions, type WorkspaceDocument } from '../core/access/matrix';
import { compilePathGlobs } from '../config/glob';

const EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
/** Files larger than this are not indexed (the editor still analyses them when opened). */
const MAX_INDEXED_SIZE = 5_000_000;
/**
 * The longest the index works before it lets queued requests run. A hover waits at most
 * about this long behind indexing, plus the one file being read when the slice ran out.
 */
export const SLICE_MS = 10;
/** The longest a slice waits for requests in flight before indexing goes on regardless. */
const MAX_IDLE_WAIT_MS = 50;
/** Progress is reported every this many files (a `$/progress` notification each). */
export const PROGRESS_EVERY = 100;

interface Entry {
  readonly uri: string;
  readonly mtimeMs: number;
  readonly size: number;
  readonly doc: SourceDocument;
  readonly includes: ReadonlyMap<string, SourceDocument>;
}

export interface IndexProgress {
  report(done: number, total: number): void;
}

export interface WorkspaceIndex {
  /**
   * Walks the folders and indexes what changed since the last walk. `exclude` holds
   * gitignore-style globs relative to each folder (node_modules and hidden folders are
   * always skipped).
   */
  refresh(folders: readonly string[], progress?: IndexProgress, exclude?: readonly string[]): Promise<number>;
  /** A file was created or changed on disk. */
  fileChanged(uri: string): void;
  fileDeleted(uri: string): void;
  /** An open document's current text replaces the file's (or adds an unsaved one). */
  setOpen(uri: string, doc: SourceDocument): void;
  closed(uri: string): void;
  /** The documents, as one array that stays the same object until something changes. */
  documents(): readonly WorkspaceDocument[];
  matrix(): AccessMatrix;
  /** Called after any change, so open documents can be analysed again. */
  onChange(listener: () => void): void;
  setOptions(options: AccessOptions): void;
}

/**
 * `idle` resolves when the server has no request in hand; indexing waits for it between
 * slices (runSafe's `whenNoRequests`).
 */
export function createWorkspaceIndex(analyzer: Analyzer, idle?: () => Promise<void>): WorkspaceIndex {
  const files = new Map<string, Entry>();
  const open = new Map<string, SourceDocument>();
  let snapshot: WorkspaceDocument[] | undefined;
  let cached: AccessMatrix | undefined;
  let options: AccessOptions = {};
  const listeners: (() => void)[] = [];

  const changed = (): void => {
    snapshot = undefined;
    cached = undefined;
    listeners.forEach((l) => l());
  };

  const read = (file: string): Entry | undefined => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined; // Deleted while we looked: nothing to index.
    }
    const uri = fileUri(file);
    const previous = files.get(uri);
    if (previous && previous.mtimeMs === stat.mtimeMs && previous.size === stat.size) {
      return previous;
    }
    if (!stat.isFile() || stat.size > MAX_INDEXED_SIZE) {
      return undefined;
    }
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    } catch {
      return undefined;
    }
    const doc = analyzer.parse(text, { format: formatFor(file, text) });
    if (doc.roots.length === 0 || doc.kinds.every((k) => k === 'unknown')) {
      return undefined;
    }
    const includes = new Map<string, SourceDocument>();
    for (const relative of apiInventory(doc).missingIncludes) {
      const target = path.resolve(path.dirname(file), relative);
      try {
        const included = fs.readFileSync(target, 'utf8');
        includes.set(relative, analyzer.parse(included, { format: formatFor(target, included), assumeRelevant: true }));
      } catch {
        // A missing include stays missing; the inventory lists it.
      }
    }
    return { uri, mtimeMs: stat.mtimeMs, size: stat.size, doc, includes };
  };

  return {
    async refresh(folders, progress, exclude = []) {
      const found: string[] = [];
      const excluded = compilePathGlobs(exclude);
      const slice = createSlicer(SLICE_MS, idle);
      for (const folder of folders) {
        await walk(folder, found, (full) => excluded(path.relative(folder, full).split(path.sep).join('/')), slice);
      }
      progress?.report(0, found.length);
      const seen = new Set<string>();
      let touched = false;
      for (let i = 0; i < found.length; i++) {
        // Requests are answered between slices: indexing never holds the editor for long.
        await slice();
        const file = found[i]!;
        const uri = fileUri(file);
        seen.add(uri);
        const before = files.get(uri);
        const entry = read(file);
        if (entry) {
          files.set(uri, entry);
        } else {
          files.delete(uri);
        }
        touched ||= entry !== before;
        if ((i + 1) % PROGRESS_EVERY === 0) {
          progress?.report(i + 1, found.length);
        }
      }
      for (const uri of [...files.keys()]) {
        if (!seen.has(uri)) {
          files.delete(uri);
          touched = true;
        }
      }
      progress?.report(found.length, found.length);
      if (touched) {
        changed();
      }
      return files.size;
    },
    fileChanged(uri) {
      const file = filePath(uri);
      if (file === undefined) {
        return;
      }
      uri = fileUri(file);
      if (!EXTENSIONS.has(path.extname(file).toLowerCase())) {
        return;
      }
      const entry = read(file);
      if (entry) {
        files.set(uri, entry);
      } else {
        files.delete(uri);
      }
      changed();
    },
    fileDeleted(uri) {
      if (files.delete(normalizeUri(uri))) {
        changed();
      }
    },
    setOpen(uri, doc) {
      uri = normalizeUri(uri);
      if (open.get(uri) !== doc) {
        open.set(uri, doc);
        changed();
      }
    },
    closed(uri) {
      if (open.delete(normalizeUri(uri))) {
        changed();
      }
    },
    documents() {
      if (!snapshot) {
        const merged = new Map<string, WorkspaceDocument>();
        for (const entry of files.values()) {
          merged.set(entry.uri, { uri: entry.uri, doc: entry.doc, includes: entry.includes });
        }
        for (const [uri, doc] of open) {
          if (doc.kinds.some((k) => k !== 'unknown')) {
            merged.set(uri, { uri, doc, includes: files.get(uri)?.includes });
          }
        }
        snapshot = [...merged.values()];
      }
      return snapshot;
    },
    matrix() {
      cached ??= accessMatrix(this.documents(), options);
      return cached;
    },
    onChange(listener) {
      listeners.push(listener);
    },
    setOptions(next) {
      options = next;
      changed();
    },
  };
}

/**
 * Collects candidate files under a folder, skipping node_modules, hidden folders and excluded
 * paths, not following links. A folder of thousands of entries takes a while to list and
 * sort, so the walk too gives way between slices.
 */
async function walk(dir: string, out: string[], excluded: (full: string) => boolean, slice: () => Promise<void>, depth = 0): Promise<void> {
  if (depth > 32) {
    return;
  }
  await slice();
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (excluded(full)) {
      continue;
    }
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && !e.name.startsWith('.')) {
        await walk(full, out, excluded, slice, depth + 1);
      }
    } else if (e.isFile() && EXTENSIONS.has(path.extname(e.name).toLowerCase())) {
      out.push(full);
    }
  }
}

/**
 * A function to await between small units of work: it resolves at once while the current
 * slice lasts, and after `setImmediate` (so every I/O event and request already queued is
 * handled first) once the slice has run `sliceMs`.
 */
export function createSlicer(sliceMs = SLICE_MS, idle?: () => Promise<void>): () => Promise<void> {
  let started = performance.now();
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  return async () => {
    if (performance.now() - started < sliceMs) {
      return;
    }
    await turn();
    if (idle) {
      // A request read in that turn is dispatched behind us in the same turn and starts
      // its work in the next: one more turn, then wait for the requests to be answered
      // (at most a few slices, so a request that waits on something slow never stops
      // indexing).
      await turn();
      await Promise.race([idle(), new Promise((resolve) => setTimeout(resolve, MAX_IDLE_WAIT_MS))]);
    }
    started = performance.now();
  };
}

function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One spelling per file: editors and Node percent-encode file URIs differently (VS Code
 * encodes ':' and '@' where Node does not), so every uri is rebuilt from its path.
 */
export function normalizeUri(uri: string): string {
  const file = filePath(uri);
  return file === undefined ? uri : fileUri(file);
}
