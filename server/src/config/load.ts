/**
 * Finding a file's project configuration, shared by the CLI and the language server so
 * that both apply the same settings. The nearest configuration wins: from the checked
 * file's folder upwards, the first folder holding `.gatewarden.yaml`, `.gatewarden.yml`,
 * `.gatewarden.json` (in that order) or a package.json with a `gatewarden` key decides
 * alone; configurations are not merged, so what applies is in one place. Lookups are
 * cached by folder, since every file of a tree asks the same folders.
 *
 * The search stops at a boundary the shell chooses (the workspace folder, the repository
 * root): a configuration above it belongs to someone else. Files are read through the
 * file host, bounded like every other read; a configuration file that is there but cannot
 * be read (a FIFO, a link to a device or out of the boundary, a file over the size cap) is
 * a broken configuration with one error, not a reason to look further up.
 */
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, parseProjectConfig, type ConfigProblemCode, type FileReadProblem, type ProjectConfig, type SeveritySetting } from '../core/index';
import type { FileHost } from '../host/host';
import { compilePathGlobs, type PathMatcher } from './glob';

/** Configuration file names, in the order they are looked for within one folder. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.gatewarden.yaml', '.gatewarden.yml', '.gatewarden.json'];

/** A configuration that parsed and validated. */
export interface LoadedConfig {
  readonly file: string;
  /** The folder globs are relative to: the configuration file's own. */
  readonly dir: string;
  readonly config: ProjectConfig;
  /** The file's text (offsets of the configuration's problems and assertions are into it). */
  readonly text: string;
  readonly ignored: PathMatcher;
  readonly overrides: readonly { readonly matches: PathMatcher; readonly rules: Readonly<Record<string, SeveritySetting>> }[];
}

/** One problem of a broken configuration file, 1-based, columns in UTF-16 code units. */
export interface ConfigError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: ConfigProblemCode;
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

export type ConfigLookup =
  | { readonly kind: 'none' }
  | { readonly kind: 'loaded'; readonly loaded: LoadedConfig }
  | { readonly kind: 'broken'; readonly file: string; readonly errors: readonly ConfigError[] };

export interface ConfigResolver {
  /** The configuration that applies to an absolute file path. */
  lookup(file: string): ConfigLookup;
  /** Forgets every cached lookup, after a configuration file changed on disk. */
  clear(): void;
}

/** What one file is checked with, once its configuration is applied. */
export interface FileScope {
  /** Matched by the configuration's `ignore`: not checked at all. */
  readonly ignored: boolean;
  /** Severities from the configuration: `rules`, then each matching `overrides` entry. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

const NONE: ConfigLookup = { kind: 'none' };

export interface ResolverOptions {
  readonly host: FileHost;
  /**
   * The highest folder searched for a file in `folder`, and the folder configuration files
   * must resolve in. Every folder between the two has the same boundary.
   */
  readonly boundary: (folder: string) => string;
  /** The size cap for configuration files; the documents' default when omitted. */
  readonly maxBytes?: number;
}

export function createConfigResolver(options: ResolverOptions): ConfigResolver {
  const byFolder = new Map<string, ConfigLookup>();
  const lookupFolder = (dir: string, stop: string): ConfigLookup => {
    const cached = byFolder.get(dir);
    if (cached) {
      return cached;
    }
    const parent = path.dirname(dir);
    const result = configIn(options, dir, stop) ?? (parent === dir || dir === stop || !isBelow(dir, stop) ? NONE : lookupFolder(parent, stop));
    byFolder.set(dir, result);
    return result;
  };
  return {
    lookup: (file) => {
      const dir = path.dirname(path.resolve(file));
      return lookupFolder(dir, path.resolve(options.boundary(dir)));
    },
    clear: () => byFolder.clear(),
  };
}

export function scopeOf(lookup: ConfigLookup, file: string): FileScope {
  if (lookup.kind !== 'loaded') {
    return { ignored: false, rules: {} };
  }
  const { loaded } = lookup;
  const relative = path.relative(loaded.dir, path.resolve(file)).split(path.sep).join('/');
  if (loaded.ignored(relative)) {
    return { ignored: true, rules: {} };
  }
  let rules: Record<string, SeveritySetting> = { ...loaded.config.rules };
  for (const o of loaded.overrides) {
    if (o.matches(relative)) {
      rules = { ...rules, ...o.rules };
    }
  }
  return { ignored: false, rules };
}

/**
 * Parses one configuration file's text. `undefined` for a package.json without a
 * `gatewarden` key (or one too broken to tell), which is no configuration at all.
 */
export function configFromText(file: string, text: string): ConfigLookup | undefined {
  const isPackage = path.basename(file) === 'package.json';
  const format = file.endsWith('.json') ? 'json' : 'yaml';
  const { config, problems } = parseProjectConfig(text, { format, packageJson: isPackage });
  if (config === undefined) {
    return undefined;
  }
  if (problems.length > 0) {
    const errors = problems.map((p) => ({ file, ...lineColumn(text, p.offset), code: p.code, message: p.message, offset: p.offset, length: p.length }));
    return { kind: 'broken', file, errors };
  }
  const dir = path.dirname(file);
  return {
    kind: 'loaded',
    loaded: {
      file,
      dir,
      config,
      text,
      ignored: compilePathGlobs(config.ignore),
      overrides: config.overrides.map((o) => ({ matches: compilePathGlobs(o.files), rules: o.rules })),
    },
  };
}

/** `file:line:column: message`, the file relative to `cwd` when under it. */
export function formatConfigError(error: ConfigError, cwd: string): string {
  const relative = path.relative(cwd, error.file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  const shown = outside ? error.file : relative;
  return `${shown}:${error.line}:${error.column}: ${error.message}`;
}

/** Whether a file name is one a configuration can live in (for file watchers and the editor). */
export function isConfigFileName(file: string): boolean {
  const base = path.basename(file);
  return base === 'package.json' || CONFIG_FILE_NAMES.includes(base);
}

function configIn(options: ResolverOptions, dir: string, stop: string): ConfigLookup | undefined {
  for (const name of [...CONFIG_FILE_NAMES, 'package.json']) {
    const file = path.join(dir, name);
    const read = options.host.readFile(file, { maxBytes: options.maxBytes ?? DEFAULT_MAX_FILE_SIZE, within: [stop] });
    if (read.kind === 'ok') {
      const found = configFromText(file, read.text);
      if (found) {
        return found;
      }
    } else if (!isAbsent(read)) {
      return unreadableConfig(file, read);
    }
  }
  return undefined;
}

/** Nothing by that name: the search goes on. */
function isAbsent(read: FileReadProblem): boolean {
  return read.kind === 'unreadable' && (read.code === 'ENOENT' || read.code === 'ENOTDIR');
}

/** A configuration file that is there but was not read: one error at its start. */
function unreadableConfig(file: string, read: FileReadProblem): ConfigLookup {
  const why =
    read.kind === 'too-large'
      ? `it has ${read.size} bytes, more than the limit of ${read.limit}`
      : read.kind === 'not-a-file'
        ? `it is a ${read.type}, not a regular file`
        : read.kind === 'outside-workspace'
          ? 'it resolves outside the workspace folder or repository'
          : `it cannot be read (${read.code})`;
  const message = `The configuration file was not read: ${why}. Replace it with a regular file, or remove it.`;
  return { kind: 'broken', file, errors: [{ file, line: 1, column: 1, code: 'unreadable', message, offset: 0, length: 0 }] };
}

function isBelow(dir: string, stop: string): boolean {
  const relative = path.relative(stop, dir);
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
