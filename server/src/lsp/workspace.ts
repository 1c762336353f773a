/**
 * The workspace index: every template, OpenAPI file and policy file under the workspace
 * folders, parsed once and kept, so that a policy in one file and an API in another are
 * linked. Files are found by walking the folders (skipping node_modules and hidden
 * folders), re-read only when their size or modification time changed, and replaced by the
 * editor's text while open. The access matrix is computed on first use after a change.
 *
 * Every read goes through the file host (lsp/host.ts), bounded: regular files only, at most
 * `gatewarden.maxFileSize` bytes, and included API definitions only from inside the
 * workspace folder that holds the template. How each include's read went is kept for
 * `apigw/unreadable-include`.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Analyzer, IncludeRead, SourceDocument } from '../core/index';
import { DEFAULT_MAX_FILE_SIZE, formatFor } from '../core/index';
import { apiInventory } from '../core/apigw/inventory';
import { accessMatrix, type AccessMatrix, type AccessOptions, type WorkspaceDocument } from '../core/access/matrix';
import { compilePathGlobs } from '../config/glob';
import { createWorkspaceBoundary } from '../host/host';
import { walkFilesAsync } from '../host/walk';
import { host } from './host';

const EXTENSIONS = new Set(['.json', '.yaml', '.yml', '.template']);
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
  readonly includeReads: ReadonlyMap<string, IncludeRead>;
}

/** The included definitions of one template: those read, and how every read went. */
interface Included {
  readonly includes: ReadonlyMap<string, SourceDocument>;
  readonly includeReads: ReadonlyMap<string, IncludeRead>;
}

export interface WorkspaceIndexOptions {
  /** The size cap for every file read, in bytes (`gatewarden.maxFileSize`). */
  readonly maxFileSize?: () => number;
  /**
   * Whether the editor has the file open (by normalized uri). An open file is not read from
   * disk while it stays open: its open text wins anyway, and parsing a large template twice
   * (once for the editor, once for the index) would delay its first diagnostics. It is read
   * when it closes.
   */
  readonly isOpen?: (uri: string) => boolean;
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
  /** One document of `documents()` by its URI. */
  document(uri: string): WorkspaceDocument | undefined;
  matrix(): AccessMatrix;
  /** Called after any change, so open documents can be analysed again. */
  onChange(listener: () => void): void;
  setOptions(options: AccessOptions): void;
  /**
   * How the reads of a document's included definitions went (for `apigw/unreadable-include`),
   * for its current parse; `undefined` when it includes nothing or is not a file.
   */
  includeReads(uri: string, doc: SourceDocument): ReadonlyMap<string, IncludeRead> | undefined;
}

/**
 * `idle` resolves when the server has no request in hand; indexing waits for it between
 * slices (runSafe's `whenNoRequests`).
 */
export function createWorkspaceIndex(analyzer: Analyzer, idle?: () => Promise<void>, indexOptions: WorkspaceIndexOptions = {}): WorkspaceIndex {
  const files = new Map<string, Entry>();
  let folders: readonly string[] = [];
  const boundary = createWorkspaceBoundary(host, () => folders);
  const maxBytes = (): number => indexOptions.maxFileSize?.() ?? DEFAULT_MAX_FILE_SIZE;
  /**
   * Open documents' includes, kept while the names they include and those files' stats are
   * the same: keystrokes elsewhere in a template do not read its definitions again.
   */
  const openIncluded = new Map<string, { readonly stats: string; readonly included: Included }>();
  const open = new Map<string, SourceDocument>();
  /** Files not read because they were open: read when they close. */
  const deferred = new Set<string>();
  let snapshot: WorkspaceDocument[] | undefined;
  let byUri: Map<string, WorkspaceDocument> | undefined;
  let cached: AccessMatrix | undefined;
  let options: AccessOptions = {};
  const listeners: (() => void)[] = [];

  const changed = (): void => {
    snapshot = undefined;
    byUri = undefined;
    cached = undefined;
    listeners.forEach((l) => l());
  };

  /**
   * Reads the definitions a template includes, from inside the boundary of its folder only
   * (its workspace folder), each capped and checked like any read.
   */
  const readIncluded = (file: string, doc: SourceDocument): Included => {
    const includes = new Map<string, SourceDocument>();
    const includeReads = new Map<string, IncludeRead>();
    const folder = path.dirname(file);
    const within = [boundary(folder)];
    for (const relative of apiInventory(doc).missingIncludes) {
      const target = path.resolve(folder, relative);
      const read = host.readFile(target, { maxBytes: maxBytes(), within });
      if (read.kind === 'ok') {
        includeReads.set(relative, { kind: 'ok' });
        includes.set(relative, analyzer.parse(read.text, { format: formatFor(target, read.text), assumeRelevant: true }));
      } else {
        includeReads.set(relative, read);
      }
    }
    return { includes, includeReads };
  };

  /** A cheap fingerprint of the included files on disk, so an open template's includes are re-read only when one changed. */
  const includeStats = (file: string, doc: SourceDocument): string =>
    apiInventory(doc)
      .missingIncludes.map((relative) => {
        const stat = host.stat(path.resolve(path.dirname(file), relative));
        return stat ? `${relative}\0${stat.type}\0${stat.size}\0${stat.mtimeMs}` : `${relative}\0-`;
      })
      .join('\0');

  const includedForOpen = (uri: string, doc: SourceDocument): Included | undefined => {
    const file = filePath(uri);
    if (file === undefined || apiInventory(doc).missingIncludes.length === 0) {
      return undefined;
    }
    const stats = includeStats(file, doc);
    const kept = openIncluded.get(uri);
    if (kept && kept.stats === stats) {
      return kept.included;
    }
    const included = readIncluded(file, doc);
    openIncluded.set(uri, { stats, included });
    return included;
  };

  const read = (file: string): Entry | undefined => {
    const stat = host.stat(file);
    if (!stat) {
      return undefined; // Deleted while we looked: nothing to index.
    }
    const uri = fileUri(file);
    const previous = files.get(uri);
    if (previous && previous.mtimeMs === stat.mtimeMs && previous.size === stat.size) {
      return previous;
    }
    if (indexOptions.isOpen?.(uri)) {
      deferred.add(uri);
      return previous;
    }
    if (stat.type !== 'file') {
      return undefined;
    }
    // Files over the cap are not indexed (the editor still analyses them when opened, up to the same cap).
    const result = host.readFile(file, { maxBytes: maxBytes(), within: [boundary(path.dirname(file))] });
    if (result.kind !== 'ok') {
      return undefined;
    }
    const text = result.text;
    const doc = analyzer.parse(text, { format: formatFor(file, text) });
    if (doc.roots.length === 0 || doc.kinds.every((k) => k === 'unknown')) {
      return undefined;
    }
    return { uri, mtimeMs: stat.mtimeMs, size: stat.size, doc, ...readIncluded(file, doc) };
  };

  return {
    async refresh(next, progress, exclude = []) {
      folders = next;
      const found: string[] = [];
      const excluded = compilePathGlobs(exclude);
      const slice = createSlicer(SLICE_MS, idle);
      for (const folder of folders) {
        found.push(...(await walk(folder, (full) => excluded(path.relative(folder, full).split(path.sep).join('/')), slice)));
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
      uri = normalizeUri(uri);
      openIncluded.delete(uri);
      let touched = open.delete(uri);
      const file = deferred.delete(uri) ? filePath(uri) : undefined;
      if (file !== undefined) {
        // Read now that the editor no longer holds it (the open check above sees it closed).
        const entry = read(file);
        if (entry) {
          files.set(uri, entry);
          touched = true;
        }
      }
      if (touched) {
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
            // The open text's own includes: an edit may name another file than the one on disk.
            merged.set(uri, { uri, doc, includes: includedForOpen(uri, doc)?.includes ?? files.get(uri)?.includes });
          }
        }
        snapshot = [...merged.values()];
        byUri = merged;
      }
      return snapshot;
    },
    document(uri) {
      if (!byUri) {
        this.documents();
      }
      return byUri!.get(uri);
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
    includeReads(uri, doc) {
      uri = normalizeUri(uri);
      const entry = files.get(uri);
      return entry && entry.doc === doc ? entry.includeReads : includedForOpen(uri, doc)?.includeReads;
    },
  };
}

/**
 * Candidate files under a folder, skipping node_modules, hidden folders and excluded paths.
 * Linked folders are never entered; linked files only when they resolve to a regular file
 * inside the folder (host/walk.ts). Entries in locale order, as the index always listed them.
 * A folder of thousands of entries takes a while to list and sort, so the walk gives way
 * between slices, before each folder.
 */
function walk(folder: string, excluded: (full: string) => boolean, slice: () => Promise<void>): Promise<string[]> {
  return walkFilesAsync(
    host,
    folder,
    {
      enter: (name, full) => name !== 'node_modules' && !name.startsWith('.') && !excluded(full),
      accept: (name, full) => EXTENSIONS.has(path.extname(name).toLowerCase()) && !excluded(full),
      order: (a, b) => a.localeCompare(b),
      maxDepth: 32,
    },
    slice,
  );
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
