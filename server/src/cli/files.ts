/**
 * Finding and reading the files to check. The walk is sorted so that output is the same
 * on every machine and every run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Extensions looked for inside folders; a file named on the command line is always checked. */
export const CHECKED_EXTENSIONS: readonly string[] = ['.json', '.jsonc', '.yaml', '.yml', '.template'];

/** Folders never entered while walking, besides every folder whose name starts with a dot. */
const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules']);

export interface CollectedFiles {
  /** Absolute paths, each once, in argument order, each folder's files sorted. */
  readonly files: readonly string[];
  /** Arguments that name nothing on disk, as given. */
  readonly missing: readonly string[];
}

export function collectFiles(paths: readonly string[], cwd: string): CollectedFiles {
  const files: string[] = [];
  const seen = new Set<string>();
  const missing: string[] = [];
  const add = (file: string): void => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };
  for (const given of paths) {
    const absolute = path.resolve(cwd, given);
    const stat = statOrUndefined(absolute);
    if (!stat) {
      missing.push(given);
    } else if (stat.isDirectory()) {
      walk(absolute, add);
    } else {
      add(absolute);
    }
  }
  return { files, missing };
}

/**
 * Of the files git reports as changed (absolute, symbolic links resolved), those that
 * naming `paths` would check: a changed file named itself, or one a walk of a named folder
 * would find. With no paths, the folder is `cwd`. Paths come back under `cwd` as given.
 */
export function selectChanged(changed: readonly string[], paths: readonly string[], cwd: string): CollectedFiles {
  const realCwd = realpathOr(cwd);
  const missing: string[] = [];
  const scopes: string[] = [];
  for (const given of paths.length > 0 ? paths : ['.']) {
    const absolute = path.resolve(cwd, given);
    if (statOrUndefined(absolute)) {
      scopes.push(realpathOr(absolute));
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

/** A file's text as UTF-8, without a leading byte-order mark. */
export function readText(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
 * Depth-first, entries in code-unit order (not locale order, which varies by machine).
 * Symbolic links to files are followed; links to folders are not, so a link cycle
 * cannot make the walk endless.
 */
function walk(folder: string, add: (file: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(folder, { withFileTypes: true });
  } catch {
    // A folder we may not read is skipped like one we were told to skip.
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) {
        walk(full, add);
      }
    } else if (isCheckedFileName(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && statOrUndefined(full)?.isFile() === true))) {
      add(full);
    }
  }
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function realpathOr(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
