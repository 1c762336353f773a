/**
 * What `gatewarden methods` and `gatewarden access` share: the files they read (their
 * arguments are parsed in args.ts), and how paths are shown.
 */
import * as path from 'node:path';
import { createAnalyzer, DEFAULT_MAX_FILE_SIZE, formatFor, type SourceDocument } from '../core/index';
import { formatConfigError, scopeOf, type ConfigError } from '../config/load';
import { collectFiles } from './files';
import { cliConfigResolver, host } from './host';
import { printable } from './printable';

export interface ReportIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/**
 * The files under `paths` (the current folder when there are none), without those the
 * configuration ignores. Returns undefined after printing the problem (the caller exits 2).
 */
export function reportFiles(paths: readonly string[], io: ReportIo): readonly string[] | undefined {
  const { files, missing, special = [] } = collectFiles(paths.length > 0 ? paths : ['.'], io.cwd);
  if (missing.length > 0 || special.length > 0) {
    missing.forEach((m) => io.stderr(`gatewarden: no such file or folder: ${printable(m)}\n`));
    special.forEach((m) => io.stderr(`gatewarden: not a regular file or folder: ${printable(m)}\n`));
    return undefined;
  }
  return withoutIgnored(files, io);
}

/**
 * The files their nearest configuration does not `ignore`, as `check` takes them; undefined
 * after printing the problems of a broken configuration (the caller exits 2, as `check` does).
 */
function withoutIgnored(files: readonly string[], io: ReportIo): string[] | undefined {
  const resolver = cliConfigResolver(io.cwd);
  const broken = new Map<string, readonly ConfigError[]>();
  const kept: string[] = [];
  for (const file of files) {
    const lookup = resolver.lookup(file);
    if (lookup.kind === 'broken') {
      broken.set(lookup.file, lookup.errors);
    } else if (!scopeOf(lookup, file).ignored) {
      kept.push(file);
    }
  }
  for (const e of [...broken.values()].flat()) {
    io.stderr(`gatewarden: config error: ${printable(formatConfigError(e, io.cwd))}\n`);
  }
  return broken.size > 0 ? undefined : kept;
}

const analyzer = createAnalyzer();

/**
 * Reads (through the host: a regular file, at most the default size cap) and parses a file,
 * BOM stripped; undefined when it cannot be read.
 */
export function parseFile(file: string): { doc: SourceDocument; text: string } | undefined {
  const read = host.readFile(file, { maxBytes: DEFAULT_MAX_FILE_SIZE });
  if (read.kind !== 'ok') {
    return undefined;
  }
  return { doc: parseText(file, read.text), text: read.text };
}

/** Parses a file's text as `parseFile` does. */
export function parseText(file: string, text: string): SourceDocument {
  return analyzer.parse(text, { format: formatFor(file, text), assumeRelevant: true });
}

/** A path relative to `cwd` when under it, else as given. */
export function relativeTo(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
