/**
 * `gatewarden access [paths...] [--format text|json]`: who can invoke what, across every
 * template, OpenAPI file and policy under the paths, as one row per principal, method and
 * stage with IAM's decision and the statements that made it. A principal gets a row for a
 * method when some statement applies to the pair, or when its statements (or a resource
 * policy naming it) reach the method's API at all: then a method nothing allows is an
 * implicit deny. Principals nothing connects to an API get no rows for it.
 */
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE, type SourceDocument } from '../core/index';
import { accessMatrix, type AccessMatrix, type AccessOptions, type AccessRow, type WorkspaceDocument } from '../core/access/matrix';
import { accessRowsJson, type AccessRowJson } from '../core/access/rows';
import type { UnreadableFile } from '../core/access/diff';
import type { FileHost } from '../host/host';
import { parseJson } from '../core/model/parse-json';
import { parseYaml } from '../core/model/parse-yaml';
import { parseText, relativeTo, reportFiles, type ReportIo } from './report-command';
import { printable } from './printable';
import type { ReportCommand } from './args';
import type { ConfigError } from '../config/load';
import { cliConfigResolver, host } from './host';
import { includeProblemLines, readIncludes } from './includes';
import { createEnvironmentLookup } from '../config/environments';
import { runAccessDiff } from './access-diff';

export type { AccessRowJson, ViaJson } from '../core/access/rows';

export interface AccessIo extends ReportIo {
  /** The API-id map from the configuration, if any. */
  readonly apis?: AccessOptions['apis'];
  /** Where each file deploys and what counts as production, from the configuration. */
  readonly environments?: Pick<AccessOptions, 'environmentsOf' | 'productionStages' | 'environmentsKey'>;
}

export function runAccess(command: ReportCommand, io: AccessIo): number {
  if (command.values['diff'] !== undefined) {
    return runAccessDiff(command, io);
  }
  if (command.format !== 'text' && command.format !== 'json') {
    io.stderr(`gatewarden: --format ${printable(command.format)} needs --diff; the access matrix prints text or json.\nRun "gatewarden access --help" for usage.\n`);
    return 2;
  }
  for (const name of ['head', 'staged', 'merge-base', 'fail-on-new-access', 'fail-on-public']) {
    if (command.values[name] !== undefined) {
      io.stderr(`gatewarden: --${name} needs --diff.\nRun "gatewarden access --help" for usage.\n`);
      return 2;
    }
  }
  const files = reportFiles(command.paths, io);
  if (!files) {
    return 2;
  }
  const { format } = command;
  const rows = accessRows(files, io.cwd, io.apis, io.stderr, io.environments);
  io.stdout(format === 'json' ? `${JSON.stringify(rows, null, 2)}\n` : renderText(rows));
  return 0;
}


/**
 * Reads, parses and indexes the files, then computes the matrix. Included definitions are
 * read as `methods` reads them; one that cannot be is a line on `stderr`.
 */
export function accessRows(files: readonly string[], cwd: string, apis?: AccessOptions['apis'], stderr: (text: string) => void = () => undefined, environments?: AccessIo['environments']): AccessRowJson[] {
  return accessSide(files, { cwd, apis, environments, stderr }).rows;
}

export interface SideOptions {
  readonly cwd: string;
  readonly apis?: AccessOptions['apis'];
  readonly environments?: AccessIo['environments'];
  readonly stderr?: (text: string) => void;
  /** Where the files are read: the disk by default, a commit's files for `--diff` (git-tree.ts). */
  readonly host?: FileHost;
  /** Parses a file's text (the diff shares one parse between sides where the text is the same). */
  readonly parse?: (uri: string, file: string, text: string) => SourceDocument;
}

/** The rows of one version of the files, and the files that could not be read or parsed (uris relative to `cwd`). */
export function accessSide(files: readonly string[], options: SideOptions): { rows: AccessRowJson[]; unreadable: UnreadableFile[]; matrix: AccessMatrix; documents: readonly WorkspaceDocument[] } {
  const { cwd } = options;
  const fileHost = options.host ?? host;
  const documents: WorkspaceDocument[] = [];
  const unreadable: UnreadableFile[] = [];
  for (const file of files) {
    const uri = relativeTo(file, cwd);
    const read = fileHost.readFile(file, { maxBytes: DEFAULT_MAX_FILE_SIZE });
    if (read.kind !== 'ok') {
      unreadable.push({ file: uri, reason: read.kind });
      continue;
    }
    const doc = options.parse ? options.parse(uri, file, read.text) : parseText(file, read.text);
    if (doesNotParse(doc)) {
      unreadable.push({ file: uri, reason: 'parse-error' });
    }
    const includes = new Map<string, SourceDocument>();
    const included = readIncludes(file, doc, { cwd, maxBytes: DEFAULT_MAX_FILE_SIZE, parse: true, host: fileHost });
    included.docs.forEach((v, k) => includes.set(k, v.doc));
    includeProblemLines(file, read.text, doc, included.reads, cwd).forEach((line) => options.stderr?.(`${line}\n`));
    // Without includes the inventory is the document's kept one, so a document shared by two
    // matrices (the two sides of a diff) has the same methods in both and its decisions are reused.
    documents.push({ uri, doc, ...(includes.size > 0 ? { includes } : {}) });
  }
  const matrix = accessMatrix(documents, { apis: options.apis, ...options.environments });
  // The matrix and documents too: access --diff checks the head's access assertions over them.
  return { rows: accessRowsJson(matrix, new Map(documents.map((d) => [d.uri, d.doc]))), unreadable, matrix, documents };
}

/** Syntax problems after which a document's tree is not the file's content. */
const UNPARSED: ReadonlySet<string> = new Set(['syntax/parse-error', 'syntax/too-deep', 'syntax/too-large', 'syntax/alias-limit']);

/**
 * Whether a document's tree is not its file's content. The parse keeps syntax findings only
 * for documents it recognises (model/parse.ts), and a template broken badly enough is not
 * recognised: for those the text is parsed again, alone, to ask.
 */
function doesNotParse(doc: SourceDocument): boolean {
  if (doc.syntaxFindings.some((f) => UNPARSED.has(f.ruleId))) {
    return true;
  }
  if (doc.kinds.some((k) => k !== 'unknown') || doc.text.trim() === '') {
    return false;
  }
  const findings = doc.format === 'json' ? parseJson(doc.text).findings : parseYaml(doc.text).findings;
  return findings.some((f) => UNPARSED.has(f.ruleId));
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

export function dependencyLabel(d: AccessRow['dependsOn'][number]): string {
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
export function configuredEnvironments(cwd: string, fileHost: FileHost = host): AccessIo['environments'] {
  const lookup = createEnvironmentLookup(cliConfigResolver(cwd, undefined, fileHost), cwd);
  return { environmentsOf: (uri) => lookup.of(path.resolve(cwd, uri)), productionStages: lookup.productionStages, environmentsKey: lookup.key };
}

/**
 * The API-id map of the configuration that applies to the current folder, with paths made
 * relative to it (the uris `accessRows` gives documents), or the errors of a broken one.
 */
export function configuredApis(cwd: string, fileHost: FileHost = host): { apis: AccessOptions['apis'] } | { errors: readonly ConfigError[] } {
  const lookup = cliConfigResolver(cwd, undefined, fileHost).lookup(path.join(cwd, '.gatewarden'));
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
