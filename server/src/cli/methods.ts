/**
 * `gatewarden methods [paths...] [--format text|json]`: the API inventory of templates and
 * OpenAPI files, one row per method, so what the analysis believes a template defines can
 * be checked on its own. Definitions in local files (SAM DefinitionUri, BodyS3Location,
 * AWS::Include) are read from next to the template.
 */
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE, type SourceDocument } from '../core/index';
import { apiInventory } from '../core/apigw/inventory';
import type { ApiMethod } from '../core/apigw/types';
import { locate } from '../core/services/analyze';
import { parseFile, relativeTo, reportFiles, type ReportIo } from './report-command';
import { printable } from './printable';
import type { ReportCommand } from './args';
import { includeProblemLines, readIncludes } from './includes';

export interface MethodRow {
  readonly file: string;
  readonly api: string;
  readonly kind: string;
  readonly stages: readonly string[];
  readonly method: string;
  readonly verbs: readonly string[];
  readonly path: string;
  readonly authorization: string;
  readonly authorizer?: string;
  readonly apiKeyRequired: boolean;
  readonly integration?: { readonly type?: string; readonly uri?: string; readonly target?: string };
  readonly credentials?: string;
  readonly range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export type MethodsIo = ReportIo;

/** Runs the methods command; returns the exit code (0, or 2 for bad usage). */
export function runMethods(command: ReportCommand, io: MethodsIo): number {
  const files = reportFiles(command.paths, io);
  if (!files) {
    return 2;
  }
  const { format } = command;
  const rows = files.flatMap((file) => methodRows(file, io.cwd, io.stderr));
  io.stdout(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : renderText(rows));
  return 0;
}



/**
 * The methods one file defines, with included definitions read from beside it (inside the
 * repository or the current folder only); an include that cannot be read is one
 * `apigw/unreadable-include` line on `stderr`.
 */
export function methodRows(file: string, cwd: string, stderr: (text: string) => void = () => undefined): MethodRow[] {
  const parsed = parseFile(file);
  if (!parsed) {
    return [];
  }
  const first = apiInventory(parsed.doc, { fileName: path.basename(file) });
  let inventory = first;
  const included = new Map<string, { doc: SourceDocument; text: string }>();
  if (first.missingIncludes.length > 0) {
    const read = readIncludes(file, parsed.doc, { cwd, maxBytes: DEFAULT_MAX_FILE_SIZE, parse: true });
    read.docs.forEach((v, k) => included.set(k, v));
    includeProblemLines(file, parsed.text, parsed.doc, read.reads, cwd).forEach((line) => stderr(`${line}\n`));
    inventory = apiInventory(parsed.doc, { fileName: path.basename(file), includes: new Map([...included].map(([k, v]) => [k, v.doc])) });
  }
  return inventory.methods.map((m) => {
    const source = m.includedFrom ? included.get(m.includedFrom) : parsed;
    const shown = m.includedFrom ? path.resolve(path.dirname(file), m.includedFrom) : file;
    return toRow(m, relativeTo(shown, cwd), source ?? parsed);
  });
}

function toRow(m: ApiMethod, file: string, source: { doc: SourceDocument; text: string }): MethodRow {
  const { offset, length } = locate(source.doc, m.root, m.declaredAt, 'key');
  const text = TextDocument.create('file:///x', 'plaintext', 0, source.text);
  return {
    file,
    api: m.api.id,
    kind: m.api.kind,
    stages: m.api.stages,
    method: m.method,
    verbs: m.verbs,
    path: m.path,
    authorization: m.authorization.type,
    ...(m.authorization.authorizer ? { authorizer: m.authorization.authorizer } : {}),
    apiKeyRequired: m.apiKeyRequired,
    ...(m.integration ? { integration: m.integration } : {}),
    ...(m.credentials !== undefined ? { credentials: m.credentials } : {}),
    range: { start: text.positionAt(offset), end: text.positionAt(offset + length) },
  };
}


function renderText(rows: readonly MethodRow[]): string {
  if (rows.length === 0) {
    return 'No API Gateway methods found.\n';
  }
  const lines = rows.map((r) =>
    // Every field may come from the files' text (or names), so the line is made printable.
    printable([`${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}`, r.api, r.kind, `[${r.stages.join(',')}]`, r.method, r.path, r.authorization + (r.authorizer ? `(${r.authorizer})` : ''), r.credentials ? `credentials=${r.credentials}` : ''].join(' ').trimEnd()),
  );
  return `${lines.join('\n')}\n${rows.length} methods\n`;
}
