/**
 * `gatewarden access [paths...] [--format text|json]`: who can invoke what, across every
 * template, OpenAPI file and policy under the paths, as one row per principal, method and
 * stage with IAM's decision and the statements that made it. A principal gets a row for a
 * method when some statement applies to the pair, or when its statements (or a resource
 * policy naming it) reach the method's API at all: then a method nothing allows is an
 * implicit deny. Principals nothing connects to an API get no rows for it.
 */
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DEFAULT_MAX_FILE_SIZE, type SourceDocument } from '../core/index';
import { accessMatrix, type AccessOptions, type AccessRow, type WorkspaceDocument } from '../core/access/matrix';
import { locate } from '../core/services/analyze';
import { conditionLabel } from '../core/template/conditions';
import { parseFile, relativeTo, reportArgs, type ReportIo } from './report-command';
import { printable } from './printable';
import type { ConfigError } from '../config/load';
import { cliConfigResolver } from './host';
import { includeProblemLines, readIncludes } from './includes';
import { createEnvironmentLookup } from '../config/environments';

/**
 * One row of `--format json`: `{principal, account, region, api, stage, method, path,
 * decision, implicit, via}`, plus the principal's kind, the verbs an ANY method's decision
 * holds for, and what a `conditional` decision depends on.
 */
export interface AccessRowJson {
  readonly principal: string;
  /** The account and region the API deploys to, when known. */
  readonly account: string | null;
  readonly region: string | null;
  readonly api: string;
  readonly stage: string;
  readonly method: string;
  readonly path: string;
  readonly decision: AccessRow['decision'];
  /** A deny that no statement made: something reaches the API, nothing allows this method. */
  readonly implicit: boolean;
  readonly via: readonly ViaJson[];
  readonly principalKind: string;
  readonly verbs: readonly string[];
  readonly conditionKeys: readonly string[];
  readonly dependsOn: AccessRow['dependsOn'];
  /** The API's environment, and the caller's environment and account, where environments are configured. */
  readonly environment?: string;
  readonly principalEnvironment?: string;
  readonly principalAccount?: string;
}

export interface ViaJson {
  readonly file: string;
  /** The policy's name (an inline policy's PolicyName) or the logical id holding it, or the file. */
  readonly policy: string;
  /** The statement's Sid, else its index. */
  readonly statement: string;
  readonly line: number;
  readonly effect: string;
  /** `identity`, `resource` or `authorization`. */
  readonly kind: string;
  readonly origin: string;
  readonly sid?: string;
  /** Template Conditions the statement exists under (`!Name` when it exists while the Condition is false). */
  readonly conditions?: readonly string[];
  /** Why the statement counted for nothing: the rule reporting why IAM rejects it, or `account-delegation`. */
  readonly ignored?: string;
}

export interface AccessIo extends ReportIo {
  /** The API-id map from the configuration, if any. */
  readonly apis?: AccessOptions['apis'];
  /** Where each file deploys and what counts as production, from the configuration. */
  readonly environments?: Pick<AccessOptions, 'environmentsOf' | 'productionStages' | 'environmentsKey'>;
}

export const ACCESS_USAGE = 'Usage: gatewarden access [paths...] [--format text|json]';

export function runAccess(argv: readonly string[], io: AccessIo): number {
  const args = reportArgs(argv, ACCESS_USAGE, io);
  if (!args) {
    return 2;
  }
  const { files, format } = args;
  const rows = accessRows(files, io.cwd, io.apis, io.stderr, io.environments);
  io.stdout(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : renderText(rows));
  return 0;
}


/**
 * Reads, parses and indexes the files, then computes the matrix. Included definitions are
 * read as `methods` reads them; one that cannot be is a line on `stderr`.
 */
export function accessRows(files: readonly string[], cwd: string, apis?: AccessOptions['apis'], stderr: (text: string) => void = () => undefined, environments?: AccessIo['environments']): AccessRowJson[] {
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
    const read = readIncludes(file, parsed.doc, { cwd, maxBytes: DEFAULT_MAX_FILE_SIZE, parse: true });
    read.docs.forEach((v, k) => includes.set(k, v.doc));
    includeProblemLines(file, parsed.text, parsed.doc, read.reads, cwd).forEach((line) => stderr(`${line}\n`));
    documents.push({ uri, doc: parsed.doc, includes });
  }
  const docsByUri = new Map(documents.map((d) => [d.uri, d.doc]));
  const matrix = accessMatrix(documents, { apis, ...environments });
  const lines = new Map<string, TextDocument>();
  const lineOf = (uri: string, offset: number): number => {
    let text = lines.get(uri);
    if (!text) {
      text = TextDocument.create('file:///x', 'plaintext', 0, texts.get(uri) ?? '');
      lines.set(uri, text);
    }
    return text.positionAt(offset).line + 1;
  };
  return matrix.rows.map((r) => ({
    principal: r.principal.id,
    account: r.account,
    region: r.region,
    api: r.method.api.id,
    stage: r.stage,
    method: r.method.method,
    path: r.method.path,
    decision: r.decision,
    implicit: r.implicit,
    via: r.via.map((v): ViaJson => {
      const doc = docsByUri.get(v.uri);
      const { offset } = doc ? locate(doc, v.root, v.path, 'value') : { offset: 0 };
      return {
        file: v.uri,
        policy: v.policyName,
        statement: v.statement,
        line: lineOf(v.uri, offset),
        effect: v.effect,
        kind: v.policy,
        origin: v.origin,
        ...(v.sid ? { sid: v.sid } : {}),
        ...(v.conditions ? { conditions: v.conditions.map(conditionLabel) } : {}),
        ...(v.ignored ? { ignored: v.ignored.reason } : {}),
      };
    }),
    principalKind: r.principal.kind,
    verbs: r.verbs,
    conditionKeys: r.conditionKeys,
    dependsOn: r.dependsOn,
    ...(r.environment ? { environment: r.environment } : {}),
    ...(r.principal.environment ? { principalEnvironment: r.principal.environment.name } : {}),
    ...(r.principal.account && /^\d{12}$/.test(r.principal.account) ? { principalAccount: r.principal.account } : {}),
  }));
}



function renderText(rows: readonly AccessRowJson[]): string {
  if (rows.length === 0) {
    return 'No principal in these files is granted or denied execute-api:Invoke on any method.\n';
  }
  const lines = rows.map((r) => {
    const via = r.via.map((v) => `${v.file}:${v.line}#${v.statement}${v.ignored ? ` ignored: ${v.ignored}` : ''}`).join(', ');
    const depends = r.dependsOn.length > 0 ? ` depends on ${r.dependsOn.map(dependencyLabel).join(', ')}` : '';
    const decision = r.implicit ? 'deny (implicit)' : r.decision;
    const from = r.principalEnvironment ? ` (${r.principalEnvironment})` : '';
    const to = r.environment ? ` (${r.environment}${r.account ? ` ${r.account}` : ''}${r.region ? ` ${r.region}` : ''})` : '';
    // Names, paths and sids come from the files, so the line is made printable.
    return printable(`${decision.padEnd(15)} ${r.principal}${from} → ${r.api}${to} ${r.stage} ${r.method} ${r.path}${depends}${via ? `  (${via})` : ''}`);
  });
  return `${lines.join('\n')}\n${rows.length} rows\n`;
}

function dependencyLabel(d: AccessRow['dependsOn'][number]): string {
  switch (d.kind) {
    case 'condition-key':
      return d.name;
    case 'template-condition':
      return `Condition ${d.name}`;
    case 'parameter':
      return `parameter ${d.name}`;
    case 'authorizer':
      return `authorizer ${d.name}`;
    default:
      return d.kind;
  }
}

/**
 * The environments of the configuration that applies to each file (uris relative to `cwd`,
 * as `accessRows` gives documents), and the production names of the one in `cwd`.
 */
export function configuredEnvironments(cwd: string): AccessIo['environments'] {
  const lookup = createEnvironmentLookup(cliConfigResolver(cwd), cwd);
  return { environmentsOf: (uri) => lookup.of(path.resolve(cwd, uri)), productionStages: lookup.productionStages, environmentsKey: lookup.key };
}

/**
 * The API-id map of the configuration that applies to the current folder, with paths made
 * relative to it (the uris `accessRows` gives documents), or the errors of a broken one.
 */
export function configuredApis(cwd: string): { apis: AccessOptions['apis'] } | { errors: readonly ConfigError[] } {
  const lookup = cliConfigResolver(cwd).lookup(path.join(cwd, '.gatewarden'));
  if (lookup.kind === 'broken') {
    return { errors: lookup.errors };
  }
  if (lookup.kind !== 'loaded') {
    return { apis: undefined };
  }
  const out: Record<string, { uri: string; logicalId: string }> = {};
  for (const [id, ref] of Object.entries(lookup.loaded.config.apis)) {
    const uri = relativeTo(path.resolve(lookup.loaded.dir, ref.file), cwd);
    out[id] = { uri, logicalId: ref.logicalId ?? uri };
  }
  return { apis: out };
}
