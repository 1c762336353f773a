/**
 * Who can invoke what, in the editor: the workspace index behind it, hovers and code lenses
 * from the access matrix, quick fixes that narrow execute-api wildcards, and the requests
 * behind the "Explain access" and "Narrow…" commands. All answers come from the core; this
 * module finds the documents and converts offsets.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  type CancellationToken,
  type CodeAction,
  type CodeLens,
  type Connection,
  type Hover,
  type Range,
  type RequestType,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer, Path, SourceDocument } from '../../core/index';
import { nodeAtPath, propertyAtPath, samePath } from '../../core/model/node';
import { accessHover, accessLensPlaces, accessLensTitle, explainAccess } from '../../core/access';
import { whatCanBeInvoked, whoCanInvoke, rowsForPrincipal, methodAt, principalLabel, type Naming } from '../../core/access/explain';
import { locate } from '../../core/services/analyze';
import { narrowEdit, narrowFixes, narrowTargetAt } from '../../core/access/narrow';
import type { AccessOptions, AccessWorkspace } from '../../core/index';
import { createConfigResolver } from '../../config/load';
import { pathGlobProblems } from '../../config/glob';
import { createEnvironmentLookup, type EnvironmentLookup } from '../../config/environments';
import type { ServerSettings } from './configuration';
import { createWorkspaceIndex, normalizeUri, type WorkspaceIndex } from '../workspace';
import { host } from '../host';
import { AccessRequests, ServerCommands, type AccessTarget, type ExplainOptions, type Markdown } from '../../../../shared/protocol';
import { formatError, runSafe, whenNoRequests } from '../runSafe';
import {
  readAccessTarget,
  readExplainOptionsParams,
  readExplainParams,
  readNarrowChoicesParams,
  readNarrowEditParams,
  readParams,
  validated,
  type Answer,
} from '../validate';

export interface AccessFeature {
  readonly index: WorkspaceIndex;
  /**
   * Indexes the workspace folders, showing progress (and telling `onProgress`); `exclude`
   * globs are relative to each folder. Resolves with the number of files indexed.
   */
  start(folders: readonly string[], exclude?: readonly string[], onProgress?: (done: number, total: number) => void): Promise<number>;
  /** The workspace a document is analysed in. */
  workspaceFor(uri: string): AccessWorkspace;
  hover(document: TextDocument, parsed: SourceDocument, offset: number): Hover | null;
  /** The lenses' places, titles left for `resolveLens` (each lens's `data` is its AccessTarget). */
  lenses(document: TextDocument, parsed: SourceDocument): CodeLens[];
  /** A lens of `lenses` with its title, read on the document's current parse. */
  resolveLens(lens: CodeLens, document: TextDocument, parsed: SourceDocument): CodeLens;
  codeActions(document: TextDocument, parsed: SourceDocument, range: Range): CodeAction[];
  /** Files changed on disk (other than configuration files). */
  filesChanged(changes: readonly { uri: string; deleted: boolean }[]): void;
  /** Runs one of `ServerCommands` with the arguments of `workspace/executeCommand`. */
  execute(command: string, args: readonly unknown[], token: CancellationToken): Answer<unknown>;
}

/** A custom request's reader and its answer under runSafe, typed apart from its params. */
interface Endpoint {
  readonly read: (raw: unknown) => unknown;
  readonly answer: (connection: Connection, params: unknown, token: CancellationToken) => Promise<unknown>;
}

function endpoint<P, R>(read: (raw: unknown) => P, compute: (params: P) => R | Promise<R>, fallback: R): Endpoint {
  return {
    read,
    answer: (connection, params, token) => runSafe(connection.console, () => compute(params as P), fallback, 'Answering a Gatewarden request failed', token),
  };
}

/** The client command a code lens runs: shows the lens's detail. */
export const SHOW_DETAIL_COMMAND = 'gatewarden.showAccessDetail';
export const NARROW_PICK_COMMAND = 'gatewarden.narrowPick';

/** Where the feature may read: the folder lookups stop at, and the size cap. */
export interface AccessBounds {
  readonly boundary: (folder: string) => string;
  readonly maxFileSize?: () => number;
  /** Whether the editor has a file open (normalized uri); see WorkspaceIndexOptions.isOpen. */
  readonly isOpen?: (uri: string) => boolean;
  /** The editor settings last read (`gatewarden.environments`, `gatewarden.productionStages`). */
  readonly settings?: () => ServerSettings | undefined;
  /** The same settings as a workspace folder (a path) has them, once pulled for it: they are resource-scoped. */
  readonly settingsFor?: (folder: string) => ServerSettings | undefined;
  /** Called when indexing and preparing the matrix are done, before the index says so (lsp/memory.ts collects there). */
  readonly indexed?: () => void;
}

export function createAccessFeature(
  connection: Connection,
  analyzer: Analyzer,
  parsedOf: (uri: string) => Promise<SourceDocument | undefined>,
  bounds: AccessBounds,
): AccessFeature {
  const index = createWorkspaceIndex(analyzer, whenNoRequests, { maxFileSize: bounds.maxFileSize, isOpen: bounds.isOpen });
  const configs = createConfigResolver({ host, boundary: bounds.boundary });
  const settings = bounds.settings ?? ((): ServerSettings | undefined => undefined);
  let folders: readonly string[] = [];
  // The environments, made again only when the settings object or the folders change.
  let environmentsFor: { readonly settings: readonly (ServerSettings | undefined)[]; readonly folders: readonly string[]; readonly lookup: EnvironmentLookup } | undefined;
  // The environments the index's matrix (hovers, lenses) was last given: settings arrive after
  // indexing starts and may change, and the index is told only when they do.
  let indexedKey: string | undefined;

  /** Where each document deploys: the configuration file's `environments`, else the `gatewarden.environments` setting. */
  const environments = (): Pick<AccessOptions, 'environmentsOf' | 'productionStages' | 'environmentsKey'> => {
    const current = settings();
    // Each folder's own settings where they were pulled (they are resource-scoped), else the window's.
    const own = folders.map((dir) => bounds.settingsFor?.(dir) ?? current);
    if (!environmentsFor || environmentsFor.folders !== folders || own.some((s, i) => s !== environmentsFor!.settings[i])) {
      const fromSettings = folders.map((dir, i) => ({ dir, environments: own[i]?.environments ?? [], productionStages: own[i]?.productionStages }));
      environmentsFor = { settings: own, folders, lookup: createEnvironmentLookup(configs, folders[0] ?? process.cwd(), fromSettings) };
    }
    const { lookup } = environmentsFor;
    const of = (uri: string): ReturnType<EnvironmentLookup['of']> => {
      const file = filePathOf(uri);
      return file === undefined ? [] : lookup.of(file);
    };
    return { environmentsOf: of, productionStages: lookup.productionStages, environmentsKey: lookup.key };
  };

  const apis = (): NonNullable<AccessOptions['apis']> => {
    const out: Record<string, { uri: string; logicalId: string }> = {};
    for (const folder of folders) {
      const lookup = configs.lookup(path.join(folder, '.gatewarden'));
      if (lookup.kind !== 'loaded') {
        continue;
      }
      for (const [id, ref] of Object.entries(lookup.loaded.config.apis)) {
        const uri = pathToFileURL(path.resolve(lookup.loaded.dir, ref.file)).toString();
        out[id] = { uri, logicalId: ref.logicalId ?? uri };
      }
    }
    return out;
  };

  /**
   * How answers name files and statements: a file by its path relative to the workspace
   * folder holding it, a statement by a link to its line (a file URI with `#L<line>`, which
   * VS Code opens at that line from hovers and the Markdown preview).
   */
  const naming: Naming = {
    file: (uri) => relativeName(uri, folders),
    link: (uri, root, at) => {
      const doc = index.document(uri)?.doc;
      if (!doc || !uri.startsWith('file:')) {
        return undefined;
      }
      const { offset } = locate(doc, root, at, 'key');
      const line = lineOf(doc.text, offset);
      return `${uri}#L${line + 1}`;
    },
    document: (uri) => index.document(uri)?.doc,
  };

  const feature: AccessFeature = {
    index,
    async start(next, exclude = [], onProgress) {
      folders = next;
      reportBadExcludes(connection, exclude);
      configs.clear();
      environmentsFor = undefined;
      const env = environments();
      indexedKey = env.environmentsKey;
      index.setOptions({ apis: apis(), ...env });
      // `window/workDoneProgress/create` goes only to clients that declare
      // `window.workDoneProgress` (the others get a reporter that sends nothing). A client
      // that refuses the token still gets its workspace indexed, without progress.
      const progress = await connection.window.createWorkDoneProgress().catch((error: unknown) => {
        connection.console.warn(formatError('The client refused a progress token', error));
        return undefined;
      });
      progress?.begin('Gatewarden: indexing templates and policies', 0, undefined, false);
      const count = await index.refresh(
        folders,
        {
          report: (done, total) => {
            progress?.report(total === 0 ? 100 : Math.floor((done / total) * 100), `${done}/${total} files`);
            onProgress?.(done, total);
          },
        },
        exclude,
      );
      // The access matrix's principals, methods and grants, made once here while nobody waits,
      // so the first who-can-invoke hover or lens decides only its own rows (the matrix
      // decides rows when they are read). A later change makes a new one when next asked.
      progress?.report(100, 'preparing the access analysis');
      try {
        index.matrix();
      } catch (error) {
        connection.console.error(formatError('Preparing the access analysis failed', error));
      }
      bounds.indexed?.();
      progress?.done();
      connection.console.info(`Gatewarden indexed ${count} templates, OpenAPI files and policies.`);
      return count;
    },
    workspaceFor(uri) {
      const env = environments();
      if (indexedKey !== undefined && env.environmentsKey !== indexedKey) {
        indexedKey = env.environmentsKey;
        index.setOptions({ apis: apis(), ...env });
      }
      return { documents: index.documents(), self: normalizeUri(uri), apis: apis(), ...env };
    },
    hover(document, parsed, offset) {
      const uri = normalizeUri(document.uri);
      index.setOpen(uri, parsed);
      const result = accessHover(index.matrix(), uri, parsed, offset, apis(), naming);
      return result ? { contents: { kind: 'markdown', value: result.markdown }, range: range(document, result.offset, result.length) } : null;
    },
    lenses(document, parsed) {
      const uri = normalizeUri(document.uri);
      index.setOpen(uri, parsed);
      return accessLensPlaces(index.matrix(), uri, parsed).map((lens) => ({
        range: range(document, lens.offset, lens.length),
        // The document's uri as the editor wrote it (resolve finds the document by it).
        data: { uri: document.uri, kind: lens.target.kind, root: lens.target.root, path: lens.target.path } satisfies AccessTarget,
      }));
    },
    resolveLens(lens, document, parsed) {
      const uri = normalizeUri(document.uri);
      index.setOpen(uri, parsed);
      const target = readAccessTarget(lens.data, 'data');
      // A lens asked for after an edit that removed its method or principal: the editor asks
      // for the lenses again, so this one is shown as nothing until then.
      const title = accessLensTitle(index.matrix(), uri, target) ?? '';
      return { ...lens, command: { title, command: SHOW_DETAIL_COMMAND, arguments: [{ uri, kind: target.kind, root: target.root, path: target.path } satisfies AccessTarget] } };
    },
    codeActions(document, parsed, r) {
      const uri = normalizeUri(document.uri);
      index.setOpen(uri, parsed);
      const target = narrowTargetAt(index.matrix(), uri, parsed, document.offsetAt(r.start));
      if (!target) {
        return [];
      }
      const actions: CodeAction[] = narrowFixes(parsed, uri, target, apis()).map((fix, i) => ({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        isPreferred: i === 0 && target.methods.length === 1,
        edit: { changes: { [document.uri]: fix.edits.map((e) => ({ range: range(document, e.offset, e.length), newText: e.newText })) } },
      }));
      actions.push({
        title: 'Narrow to chosen methods…',
        kind: CodeActionKind.QuickFix,
        command: { title: 'Narrow to chosen methods…', command: NARROW_PICK_COMMAND, arguments: [document.uri, r.start] },
      });
      return actions;
    },
    execute(command, args, token) {
      const target = byCommand.get(command);
      if (!target) {
        return new ResponseError(ErrorCodes.InvalidParams, `Unknown command ${command}`);
      }
      // The command's one argument is the params of the request of the same name.
      const params = readParams(args[0], target.read);
      return params instanceof ResponseError ? params : target.answer(connection, params, token);
    },
    filesChanged(changes) {
      for (const c of changes) {
        if (c.deleted) {
          index.fileDeleted(c.uri);
        } else {
          index.fileChanged(c.uri);
        }
      }
    },
  };

  const detail = (target: AccessTarget): Markdown => {
    const matrix = index.matrix();
    if (target.kind === 'method') {
      const method = methodAt(matrix, target.uri, target.root, target.path);
      return { markdown: method ? whoCanInvoke(matrix, method, naming) : 'This method is no longer in the workspace.' };
    }
    const principal = matrix.principals.find((p) => p.uri === target.uri && p.root === target.root && samePath(p.path, target.path));
    return {
      markdown: principal ? whatCanBeInvoked(principalLabel(principal, naming), rowsForPrincipal(matrix, target.uri, target.root, target.path), [], naming) : 'This principal is no longer in the workspace.',
    };
  };

  const explainOptions = async (params: { uri?: string; offset?: number }): Promise<ExplainOptions> => {
    const matrix = index.matrix();
    let defaultPrincipal: number | undefined;
    let defaultMethod: number | undefined;
    if (params.uri && params.offset !== undefined) {
      const uri = normalizeUri(params.uri);
      const parsed = await parsedOf(params.uri);
      if (parsed) {
        // The innermost method and principal whose declaration (key or value) holds the
        // cursor: a method, a SAM function's event, a role's logical id.
        const { offset: at } = params;
        defaultMethod = innermost(matrix.methods.map((m) => (m.uri === uri ? span(parsed, m.method.root, m.method.declaredAt) : undefined)), at);
        defaultPrincipal = innermost(matrix.principals.map((p) => (p.uri === uri && p.path.length > 0 ? span(parsed, p.root, p.path) : undefined)), at);
      }
    }
    // The methods the principal under the cursor is allowed or denied, listed first once it is
    // picked (its rows alone are decided: the matrix decides rows as they are read).
    const methodIndex = new Map(matrix.methods.map((m, i) => [m.method, i]));
    const cursorPrincipal = defaultPrincipal !== undefined ? matrix.principals[defaultPrincipal] : undefined;
    const reached = cursorPrincipal ? [...new Set(matrix.rowsOfPrincipal(cursorPrincipal).map((r) => methodIndex.get(r.method) ?? -1))].filter((i) => i >= 0) : undefined;
    return {
      principals: matrix.principals.map((p) => ({ label: principalLabel(p, naming), detail: naming.file(p.uri), target: { uri: p.uri, kind: 'principal', root: p.root, path: p.path } })),
      methods: matrix.methods.map((m) => ({ label: `${m.method.method} ${m.method.path}`, detail: `${m.method.api.id} · ${naming.file(m.uri)}`, target: { uri: m.uri, kind: 'method', root: m.method.root, path: m.method.declaredAt } })),
      defaultPrincipal,
      defaultMethod,
      ...(reached ? { reachedByDefault: reached } : {}),
    };
  };

  const explain = (params: { principal: AccessTarget; method: AccessTarget }): Markdown => ({
    markdown: explainAccess(index.matrix(), params.principal, params.method, naming) ?? 'That principal or method is no longer in the workspace.',
  });

  const narrowChoices = async (params: { uri: string; offset: number }): Promise<{ methods: readonly string[] }> => {
    const parsed = await parsedOf(params.uri);
    // An offset past the end of the text means its end.
    const target = parsed ? narrowTargetAt(index.matrix(), normalizeUri(params.uri), parsed, Math.min(params.offset, parsed.text.length)) : undefined;
    return { methods: (target?.methods ?? []).map((m) => `${m.method.method} ${m.method.path} (${m.method.api.id})`) };
  };

  const narrow = async (params: { uri: string; offset: number; chosen: number[] }): Promise<WorkspaceEdit | null> => {
    const parsed = await parsedOf(params.uri);
    const uri = normalizeUri(params.uri);
    const target = parsed ? narrowTargetAt(index.matrix(), uri, parsed, Math.min(params.offset, parsed.text.length)) : undefined;
    const chosen = (target?.methods ?? []).filter((_m, i) => params.chosen.includes(i));
    if (!parsed || !target || chosen.length === 0) {
      return null;
    }
    const edit = narrowEdit(parsed, uri, target, chosen, apis());
    const text = TextDocument.create(params.uri, 'plaintext', 0, parsed.text);
    return { changes: { [params.uri]: [{ range: range(text, edit.offset, edit.length), newText: edit.newText }] } };
  };

  // Each custom request and the server command of the same name: params checked at the
  // edge, then the answer computed under runSafe, like every standard request.
  const endpoints: { [K in keyof typeof AccessRequests]: Endpoint } = {
    detail: endpoint(readAccessTarget, detail, { markdown: '' }),
    explainOptions: endpoint(readExplainOptionsParams, explainOptions, { principals: [], methods: [] }),
    explain: endpoint(readExplainParams, explain, { markdown: '' }),
    narrowChoices: endpoint(readNarrowChoicesParams, narrowChoices, { methods: [] }),
    narrowEdit: endpoint(readNarrowEditParams, narrow, null),
  };
  for (const name of Object.keys(endpoints) as (keyof typeof AccessRequests)[]) {
    const { read, answer } = endpoints[name];
    // The request type itself, not its method name: its by-name parameter structure makes
    // the connection refuse params sent as an array.
    const type: RequestType<unknown, unknown, void> = AccessRequests[name];
    connection.onRequest(type, validated(read, (params, token) => answer(connection, params, token)));
  }
  const byCommand = new Map<string, Endpoint>(Object.entries(ServerCommands).map(([name, command]) => [command, endpoints[name as keyof typeof AccessRequests]]));

  return feature;
}

function filePathOf(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

function range(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

/** From the key (when the path ends in one) to the end of the value of the node at `path`. */
function span(doc: SourceDocument, root: number, path: Path): { start: number; end: number } | undefined {
  const rootNode = doc.roots[root];
  const node = rootNode ? nodeAtPath(rootNode, path) : undefined;
  if (!rootNode || !node) {
    return undefined;
  }
  const key = propertyAtPath(rootNode, path);
  return { start: key ? Math.min(key.keyOffset, node.offset) : node.offset, end: node.offset + node.length };
}

/** The index of the smallest span holding `offset`, if any. */
function innermost(spans: readonly ({ start: number; end: number } | undefined)[], offset: number): number | undefined {
  let best: number | undefined;
  spans.forEach((s, i) => {
    if (s && offset >= s.start && offset <= s.end && (best === undefined || s.end - s.start < spans[best]!.end - spans[best]!.start)) {
      best = i;
    }
  });
  return best;
}

/** A file's path relative to the workspace folder that holds it (with `/`), else its file name. */
function relativeName(uri: string, folders: readonly string[]): string {
  const file = filePathOf(uri);
  if (file === undefined) {
    return uri;
  }
  for (const folder of folders) {
    const relative = path.relative(folder, file);
    if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) {
      return relative.split(path.sep).join('/');
    }
  }
  return path.basename(file);
}

function lineOf(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
  }
  return line;
}

/**
 * Invalid `gatewarden.index.exclude` entries are announced once, as a broken configuration
 * file is, and left out of the walk (the index's matcher skips them); the valid ones apply.
 */
function reportBadExcludes(connection: Connection, exclude: readonly string[]): void {
  for (const problem of pathGlobProblems(exclude)) {
    // A notification, not a request: there is nothing to choose, and nothing waits on it.
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Gatewarden: entry ${problem.index + 1} of the setting gatewarden.index.exclude is skipped. ${problem.message}`,
    });
  }
}
