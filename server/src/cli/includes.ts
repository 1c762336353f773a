/**
 * Included API definitions on the command line (SAM DefinitionUri, BodyS3Location,
 * AWS::Include): the core names them (`missingIncludes`), this module reads them through
 * the file host, bounded like any read and only from inside the template's repository (or
 * the current folder, cli/host.ts), and says how each read went, for
 * `apigw/unreadable-include`.
 */
import * as path from 'node:path';
import { createAnalyzer, formatFor, type Finding, type IncludeRead, type SourceDocument } from '../core/index';
import { apiInventory } from '../core/apigw/inventory';
import { toJsonFindings } from './format';
import { cliBoundary, host } from './host';
import type { FileHost } from '../host/host';
import { printable } from './printable';

export interface IncludesRead {
  /** The parsed definitions that were read, by the name the template gives them. */
  readonly docs: ReadonlyMap<string, { readonly doc: SourceDocument; readonly text: string; readonly file: string }>;
  /** How each named file's read went, by name. */
  readonly reads: ReadonlyMap<string, IncludeRead>;
}

export interface IncludeOptions {
  readonly cwd: string;
  readonly maxBytes: number;
  /** Parse what was read (methods, access); `check` only needs to know whether it could be read. */
  readonly parse?: boolean;
  /** Where to read: the disk by default, a commit's files for `access --diff` (git-tree.ts). */
  readonly host?: FileHost;
}

const parser = createAnalyzer();
const UNREADABLE_INCLUDE = 'apigw/unreadable-include';

export function readIncludes(file: string, doc: SourceDocument, options: IncludeOptions): IncludesRead {
  const docs = new Map<string, { doc: SourceDocument; text: string; file: string }>();
  const reads = new Map<string, IncludeRead>();
  const names = apiInventory(doc).missingIncludes;
  if (names.length === 0) {
    return { docs, reads };
  }
  const folder = path.dirname(path.resolve(file));
  const fileHost = options.host ?? host;
  const within = [cliBoundary(options.cwd, fileHost)(folder)];
  for (const name of names) {
    const target = path.resolve(folder, name);
    const read = fileHost.readFile(target, { maxBytes: options.maxBytes, within });
    if (read.kind !== 'ok') {
      reads.set(name, read);
      continue;
    }
    reads.set(name, { kind: 'ok' });
    if (options.parse) {
      docs.set(name, { doc: parser.parse(read.text, { format: formatFor(target, read.text), assumeRelevant: true }), text: read.text, file: target });
    }
  }
  return { docs, reads };
}

/**
 * For the commands that print tables (`methods`, `access`): the failed includes of one
 * template as `file:line:col severity rule-id message` lines for stderr, one per value that
 * names such a file, found by the same rule the check and the editor run.
 */
export function includeProblemLines(file: string, text: string, doc: SourceDocument, reads: ReadonlyMap<string, IncludeRead>, cwd: string): string[] {
  if (![...reads.values()].some((r) => r.kind !== 'ok')) {
    return [];
  }
  const only = Object.fromEntries(parser.rules.filter((r) => r.id !== UNREADABLE_INCLUDE).map((r) => [r.id, 'off' as const]));
  const findings: Finding[] = parser.analyze(doc, { rules: only, includeReads: reads }).filter((f) => f.ruleId === UNREADABLE_INCLUDE);
  // The file and the name in the message come from the repository: printed as visible escapes.
  return toJsonFindings([{ file, text, findings }], cwd).map((f) =>
    printable(`${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.severity} ${f.ruleId} ${f.message}`),
  );
}
