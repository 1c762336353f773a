/**
 * `gatewarden access [paths...] [--format text|json]`: who can invoke what, across every
 * template, OpenAPI file and policy under the paths, as one row per principal, method and
 * stage with IAM's decision and the statements that made it. Rows exist only where some
 * statement speaks of the pair (or the method needs no IAM at all); everything else is
 * implicitly denied.
 */
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceDocument } from '../core/index';
import { apiInventory } from '../core/apigw/inventory';
import { accessMatrix, type AccessOptions, type AccessRow, type WorkspaceDocument } from '../core/access/matrix';
import { locate } from '../core/services/analyze';
import { parseFile, relativeTo, reportArgs, type ReportIo } from './report-command';
import { printable } from './printable';
import { createConfigResolver } from '../config/load';

export interface AccessRowJson {
  readonly principal: string;
  readonly principalKind: string;
  readonly api: string;
  readonly stage: string;
  readonly method: string;
  readonly verbs: readonly string[];
  readonly path: string;
  readonly decision: AccessRow['decision'];
  readonly conditionKeys: readonly string[];
  readonly via: readonly { readonly file: string; readonly line: number; readonly effect: string; readonly policy: string; readonly origin: string; readonly sid?: string }[];
}

export interface AccessIo extends ReportIo {
  /** The API-id map from the configuration, if any. */
  readonly apis?: AccessOptions['apis'];
}

export const ACCESS_USAGE = 'Usage: gatewarden access [paths...] [--format text|json]';

export function runAccess(argv: readonly string[], io: AccessIo): number {
  const args = reportArgs(argv, ACCESS_USAGE, io);
  if (!args) {
    return 2;
  }
  const { files, format } = args;
  const rows = accessRows(files, io.cwd, io.apis);
  io.stdout(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : renderText(rows));
  return 0;
}


/** Reads, parses and indexes the files, then computes the matrix. */
export function accessRows(files: readonly string[], cwd: string, apis?: AccessOptions['apis']): AccessRowJson[] {
  const texts = new Map<string, string>();
  const documents: WorkspaceDocument[] = [];
  for (const file of files) {
    const parsed = parseFile(file);
    if (!parsed) {
      continue;
    }
    const uri = relativeTo(file, cwd);
    texts.set(uri, parsed.text);
    const includes = new Map<string, SourceDocument>();
    for (const relative of apiInventory(parsed.doc, { fileName: uri }).missingIncludes) {
      const found = parseFile(path.resolve(path.dirname(file), relative));
      if (found) {
        includes.set(relative, found.doc);
      }
    }
    documents.push({ uri, doc: parsed.doc, includes });
  }
  const docsByUri = new Map(documents.map((d) => [d.uri, d.doc]));
  const matrix = accessMatrix(documents, { apis });
  return matrix.rows.map((r) => ({
    principal: r.principal.id,
    principalKind: r.principal.kind,
    api: r.method.api.id,
    stage: r.stage,
    method: r.method.method,
    verbs: r.verbs,
    path: r.method.path,
    decision: r.decision,
    conditionKeys: r.conditionKeys,
    via: r.via.map((v) => {
      const doc = docsByUri.get(v.uri);
      const { offset } = doc ? locate(doc, v.root, v.path, 'value') : { offset: 0 };
      const line = TextDocument.create('file:///x', 'plaintext', 0, texts.get(v.uri) ?? '').positionAt(offset).line + 1;
      return { file: v.uri, line, effect: v.effect, policy: v.policy, origin: v.origin, ...(v.sid ? { sid: v.sid } : {}) };
    }),
  }));
}



function renderText(rows: readonly AccessRowJson[]): string {
  if (rows.length === 0) {
    return 'No principal in these files is granted or denied execute-api:Invoke on any method.\n';
  }
  const lines = rows.map((r) => {
    const via = r.via.map((v) => `${v.file}:${v.line}${v.sid ? `#${v.sid}` : ''}`).join(', ');
    const keys = r.conditionKeys.length > 0 ? ` if ${r.conditionKeys.join(', ')}` : '';
    // Names, paths and sids come from the files, so the line is made printable.
    return printable(`${r.decision.padEnd(11)} ${r.principal} → ${r.api} ${r.stage} ${r.method} ${r.path}${keys}  (${via})`);
  });
  return `${lines.join('\n')}\n${rows.length} rows\n`;
}

/**
 * The API-id map of the configuration that applies to the current folder, with paths made
 * relative to it (the uris `accessRows` gives documents).
 */
export function configuredApis(cwd: string): AccessOptions['apis'] {
  const lookup = createConfigResolver().lookup(path.join(cwd, '.gatewarden'));
  if (lookup.kind !== 'loaded') {
    return undefined;
  }
  const out: Record<string, { uri: string; logicalId: string }> = {};
  for (const [id, ref] of Object.entries(lookup.loaded.config.apis)) {
    const uri = relativeTo(path.resolve(lookup.loaded.dir, ref.file), cwd);
    out[id] = { uri, logicalId: ref.logicalId ?? uri };
  }
  return out;
}
