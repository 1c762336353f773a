/**
 * Wires the analysis core to an LSP connection: capabilities, document sync, settings and
 * the three features (push diagnostics, quick fixes, hovers). Everything here is plumbing;
 * what a finding, fix or hover is comes from the core.
 */
import {
  CodeActionKind,
  CodeActionRequest,
  CodeLensRefreshRequest,
  CodeLensRequest,
  CodeLensResolveRequest,
  CompletionRequest,
  ExecuteCommandRequest,
  HoverRequest,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type CompletionList,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type ResponseError,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, DEFAULT_MAX_FILE_SIZE, type AccessWorkspace, type Analyzer, type SourceDocument } from '../core/index';
import { createWorkspaceBoundary } from '../host/host';
import { host } from './host';
import { createDocumentStore, formatOf } from './documents';
import { normalizeUri } from './workspace';
import { codeActionsFor } from './handlers/codeActions';
import { createSettingsSource, type ServerSettings, type SettingsSource } from './handlers/configuration';
import { createDiagnosticsScheduler, type DiagnosticsScheduler } from './handlers/diagnostics';
import { hoverAt } from './handlers/hover';
import { CONFIG_FILE_GLOBS, createProjectConfigs } from './handlers/projectConfig';
import { isConfigFileName } from '../config/load';
import { formatError, runSafe } from './runSafe';
import { loadIamData } from './iamData';
import { completionAt, TRIGGER_CHARACTERS } from './handlers/completion';
import { createAccessFeature, type AccessFeature } from './handlers/access';
import { createAssertions } from './handlers/assertions';
import { createAccessBase } from './handlers/accessBase';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkedDocumentNotifications, readCodeActionParams, readDocumentParams, readExecuteCommandParams, readPositionParams, validated } from './validate';
import { IamDataRequests, ServerCommands } from '../../../shared/protocol';
import * as path from 'node:path';
import { registerWorkspaceView, type WorkspaceView } from './handlers/workspaceView';
import { createWorkspaceDiagnostics, type WorkspaceDiagnostics } from './handlers/workspaceDiagnostics';
import { createMemoryKeeper } from './memory';

export function startServer(connection: Connection): void {
  // The IAM data is chosen at initialization (a user's copy of the package may be named in
  // the initialization options); no document can arrive before then. Until then, and when
  // none is named, the bundled data. `analyzer` forwards to the analyzer over the data chosen.
  let iam = loadIamData(connection, { now: Date.now() });
  const onRuleError = (ruleId: string, error: unknown): void => connection.console.error(formatError(`Rule ${ruleId} threw`, error));
  let current = createAnalyzer({ onRuleError, catalog: iam.catalog });
  const analyzer: Analyzer = {
    parse: (text, options) => current.parse(text, options),
    reparse: (previous, text, options) => current.reparse(previous, text, options),
    analyze: (doc, settings) => current.analyze(doc, settings),
    quickFixes: (doc, request, settings) => current.quickFixes(doc, request, settings),
    fixAll: (doc, request, settings) => current.fixAll(doc, request, settings),
    suppressionFix: (doc, request) => current.suppressionFix(doc, request),
    hover: (doc, offset, settings) => current.hover(doc, offset, settings),
    completion: (doc, offset) => current.completion(doc, offset),
    servicesNeeded: (doc) => current.servicesNeeded(doc),
    carry: (findings, oldText, doc) => current.carry(findings, oldText, doc),
    get catalog() {
      return current.catalog;
    },
    get rules() {
      return current.rules;
    },
  };
  let snippetEdits = false;
  let snippetCompletions = false;
  // A new parse of an open document replaces the one the workspace index holds at once:
  // the previous parse is consumed by the incremental reparse.
  const store = createDocumentStore(analyzer, (uri, parsed) => {
    if (indexEnabled) {
      access.index.setOpen(uri, parsed);
    }
  });
  // Both are created in onInitialize, once we know whether the client answers
  // workspace/configuration; no document event can arrive before that.
  let settings: SettingsSource | undefined;
  let diagnostics: DiagnosticsScheduler | undefined;
  let canWatch = false;
  let canRefreshLenses = false;
  let folders: string[] = [];
  let folderUris: string[] = [];
  let workspaceDiagnostics: WorkspaceDiagnostics | undefined;
  // What the server reads stays inside the workspace folders (or, for a file outside them,
  // its repository); configuration lookups stop there too.
  const boundary = createWorkspaceBoundary(host, () => folders);
  // The size cap for files read from disk follows `gatewarden.maxFileSize` once it is known.
  let maxFileSize = DEFAULT_MAX_FILE_SIZE;
  const project = createProjectConfigs(connection, (uri) => store.documents.get(uri) !== undefined, boundary);
  let indexEnabled = true;
  let indexExclude: string[] = [];
  // Large documents' garbage is collected as it builds up, and the index's when it is built.
  const memory = createMemoryKeeper();
  // Who can invoke what needs every template and policy of the workspace, not just the open ones.
  const access: AccessFeature = createAccessFeature(connection, analyzer, async (uri) => (await parsedDocument(uri))?.parsed, {
    indexed: () => memory.collect(),
    boundary,
    maxFileSize: () => maxFileSize,
    isOpen: (uri) => isOpen(uri),
    settings: () => settings?.latest(),
    settingsFor: (folder) => settings?.latestFor(pathToFileURL(folder).toString()),
  });
  // The access view and the language status item (their requests and notifications).
  const view: WorkspaceView = registerWorkspaceView({
    connection,
    index: () => (indexEnabled ? access.index : undefined),
    settings: () => settings,
    project,
    document: (uri) => store.documents.get(uri),
    parse: (document, size) => store.parse(document, size),
    folders: () => folders,
    iamData: () => iam.info,
  });
  access.index.onChange(() => {
    view.accessChanged();
    workspaceDiagnostics?.schedule();
  });

  // What the workspace grants against a git base (gatewarden.access.diffBase): lenses and hovers.
  const since = createAccessBase({
    folders: () => folders,
    documents: () => access.index.documents(),
    matrix: () => access.index.matrix(),
    base: () => settings?.latest()?.diffBase ?? 'HEAD',
    maxFileSize: () => maxFileSize,
  });
  // The workspace's access assertions (access.expect): checked in the cross-file part.
  const assertions = createAssertions({ folders: () => folders, lookup: (file) => project.lookup(file), workspaceFor: (uri) => (indexEnabled ? access.workspaceFor(uri) : undefined) });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const canPull = params.capabilities.workspace?.configuration === true;
    canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    settings = createSettingsSource(connection, canPull, () => folderUris);
    diagnostics = createDiagnosticsScheduler({
      connection,
      store,
      analyzer,
      settings,
      project,
      workspaceFor: (uri, parsed) => {
        if (!indexEnabled) {
          return undefined;
        }
        access.index.setOpen(uri, parsed);
        return access.workspaceFor(uri);
      },
      opened: (uri, parsed) => {
        if (indexEnabled) {
          access.index.setOpen(uri, parsed);
        }
      },
      includeReadsFor: (uri, parsed) => (indexEnabled ? access.index.includeReads(uri, parsed) : undefined),
      expectFor: (uri) => (indexEnabled ? assertions.expectFor(uri) : undefined),
      configAssertions: (document) => (indexEnabled ? assertions.unmatchedDiagnostics(document) : []),
      onClosed: (uri) => access.index.closed(uri),
      freshParse: (document, text, maxFileSize) => analyzer.parse(text, { format: formatOf(document, text), maxFileSize }),
      memory,
    });
    // `snippetEditSupport` is LSP 3.18, newer than the protocol types here.
    snippetEdits = (params.capabilities.workspace?.workspaceEdit as { snippetEditSupport?: boolean } | undefined)?.snippetEditSupport === true;
    snippetCompletions = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
    folderUris = workspaceFolderUris(params);
    folders = workspaceFolders(folderUris);
    workspaceDiagnostics = indexEnabled0(params)
      ? createWorkspaceDiagnostics({
          connection,
          analyzer,
          settings,
          project,
          index: access.index,
          isOpen,
          workspaceFor: (uri) => access.workspaceFor(uri),
          expectFor: (uri) => assertions.expectFor(uri),
          folderUris: () => folderUris,
        })
      : undefined;
    const init = params.initializationOptions as { index?: boolean; indexExclude?: unknown; iamDataPath?: unknown } | undefined;
    // `gatewarden.iamData.path`: a relative folder is the first workspace folder's.
    if (typeof init?.iamDataPath === 'string' && init.iamDataPath.trim() !== '') {
      const packageDir = path.resolve(folders[0] ?? process.cwd(), init.iamDataPath.trim());
      iam = loadIamData(connection, { packageDir, now: Date.now() });
      current = createAnalyzer({ onRuleError, catalog: iam.catalog });
    }
    indexEnabled = init?.index !== false;
    indexExclude = Array.isArray(init?.indexExclude) ? init.indexExclude.filter((g): g is string => typeof g === 'string') : [];
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        completionProvider: { triggerCharacters: TRIGGER_CHARACTERS },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: true },
        executeCommandProvider: { commands: Object.values(ServerCommands) },
        // Read by the client's language status item; also `gatewarden/iamDataInfo`.
        experimental: { gatewarden: { iamData: iam.info } },
      },
      serverInfo: { name: 'gatewarden' },
    };
  });

  // Configuration files are read from disk, so edits reach us as file events.
  connection.onInitialized(() => {
    // What the boot loader (boot.ts) did with V8's code cache: used, rejected, absent, off, unavailable.
    const codeCache = (globalThis as { gatewardenCodeCache?: string }).gatewardenCodeCache;
    if (codeCache) {
      connection.console.log(`Code cache: ${codeCache}.`);
    }
    if (canWatch) {
      const globs = [...CONFIG_FILE_GLOBS, ...(indexEnabled ? WORKSPACE_FILE_GLOBS : [])];
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
    }
    if (indexEnabled && folders.length > 0) {
      const started = settings ? settings.get().then((s) => void (maxFileSize = s.maxFileSize)) : Promise.resolve();
      started.then(() => access.start(folders, indexExclude, (done, total) => view.indexing(done, total))).then(
        (count) => {
          view.indexed(count);
          diagnostics?.revalidateAll();
          workspaceDiagnostics?.schedule();
        },
        (error: unknown) => connection.console.error(formatError('Indexing the workspace failed', error)),
      );
    }
  });
  connection.onDidChangeWatchedFiles((params) => {
    if (params.changes.some((change) => isConfigFileName(change.uri))) {
      project.changed();
      diagnostics?.revalidateAll();
    }
    const others = params.changes.filter((change) => !isConfigFileName(change.uri));
    if (indexEnabled && others.length > 0) {
      access.filesChanged(others.map((c) => ({ uri: c.uri, deleted: c.type === FileChangeType.Deleted })));
      diagnostics?.revalidateAll();
    }
  });

  connection.onDidChangeConfiguration((params) => {
    settings?.changed(params.settings, () => {
      void settings?.get().then((s) => void (maxFileSize = s.maxFileSize));
      diagnostics?.revalidateAll();
      workspaceDiagnostics?.schedule();
      // `gatewarden.codeLens.enable` (and every other setting lenses read) may have changed.
      if (canRefreshLenses) {
        void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
      }
    });
  });

  /** Whether the editor has a document open, by normalized uri. */
  function isOpen(uri: string): boolean {
    return store.documents.all().some((d) => normalizeUri(d.uri) === uri);
  }

  store.documents.onDidChangeContent(({ document }) => diagnostics?.schedule(document));
  store.documents.onDidClose(({ document }) => diagnostics?.closed(document.uri));

  /**
   * The current document and its parse, or undefined when the document is not open or
   * analysis is disabled. Requests always work on the latest version the server has.
   */
  const parsedDocument = async (
    uri: string,
  ): Promise<{ document: TextDocument; parsed: SourceDocument; rules: ServerSettings['rules']; codeLens: boolean } | undefined> => {
    const document = store.documents.get(uri);
    if (!document || !settings) {
      return undefined;
    }
    const config = await settings.get(uri);
    if (!config.enable) {
      return undefined;
    }
    // Answer on a parse that is still the document's (an edit consumes the one before it).
    const parsed = store.parse(document, config.maxFileSize);
    // The project configuration file's severities over the editor's, as in diagnostics.
    return store.isCurrent(uri, parsed) ? { document, parsed, rules: project.scopeFor(uri, config.rules).rules, codeLens: config.codeLens } : undefined;
  };

  // Every request below is registered with its protocol type directly, not through
  // `connection.onHover` and its kin: those read `params.workDoneToken` before our handler
  // runs, so `null` params became an internal error. `validated` checks the params first
  // (validate.ts says what is accepted) and answers InvalidParams for what is not.
  connection.onRequest(
    CodeActionRequest.type,
    validated(readCodeActionParams, (params, token: CancellationToken): Promise<CodeAction[] | ResponseError<void>> =>
      runSafe(
        connection.console,
        async () => {
          const current = await parsedDocument(params.textDocument.uri);
          if (!current) {
            return [];
          }
          // Rules that look across files (cross-account halves) find their reports again in the workspace.
          let workspace: AccessWorkspace | undefined;
          if (indexEnabled) {
            access.index.setOpen(normalizeUri(params.textDocument.uri), current.parsed);
            workspace = access.workspaceFor(params.textDocument.uri);
          }
          const alsoOffer = indexEnabled ? access.codeActions(current.document, current.parsed, params.range) : [];
          return codeActionsFor(analyzer, current.document, current.parsed, params, { snippetEdits, settings: { rules: current.rules, workspace }, alsoOffer });
        },
        [],
        `Computing code actions for ${params.textDocument.uri} failed`,
        token,
      ),
    ),
  );

  connection.onRequest(
    HoverRequest.type,
    validated(readPositionParams, (params, token: CancellationToken): Promise<Hover | null | ResponseError<void>> =>
      runSafe(
        connection.console,
        async () => {
          const current = await parsedDocument(params.textDocument.uri);
          if (!current) {
            return null;
          }
          const workspace = indexEnabled ? access.workspaceFor(params.textDocument.uri) : undefined;
          const includeReads = indexEnabled ? access.index.includeReads(params.textDocument.uri, current.parsed) : undefined;
          // The findings at the cursor are the ones the Problems panel shows for this text; before
          // the first publish, the document's own part (the cross-file part is not run for a hover).
          const published = diagnostics?.published(current.document.uri, current.document.getText());
          const hover = hoverAt(analyzer, current.document, current.parsed, params.position, published ? { published } : { rules: current.rules, workspace, includeReads, part: 'local' });
          const offset = current.document.offsetAt(params.position);
          const who = indexEnabled ? access.hover(current.document, current.parsed, offset) : null;
          // On a statement: the rows it adds against the git base.
          const added = indexEnabled ? since.hover(current.document, normalizeUri(params.textDocument.uri), current.parsed, offset) : null;
          // Policy and action knowledge, then (on a method, a statement or a role) who can invoke what.
          return joinHovers(joinHovers(hover, who), added);
        },
        null,
        `Computing the hover for ${params.textDocument.uri} failed`,
        token,
      ),
    ),
  );

  connection.onRequest(
    CompletionRequest.type,
    validated(readPositionParams, (params, token: CancellationToken): Promise<CompletionList | null | ResponseError<void>> =>
      runSafe(
        connection.console,
        async () => {
          const current = await parsedDocument(params.textDocument.uri);
          return current ? completionAt(analyzer, current.document, current.parsed, params.position, snippetCompletions) : null;
        },
        null,
        `Computing completions for ${params.textDocument.uri} failed`,
        token,
      ),
    ),
  );

  connection.onRequest(
    CodeLensRequest.type,
    validated(readDocumentParams, (params, token: CancellationToken) =>
      runSafe(
        connection.console,
        async () => {
          const current = indexEnabled ? await parsedDocument(params.textDocument.uri) : undefined;
          if (!current || !current.codeLens) {
            return [];
          }
          // Who can invoke what, then what changed since the git base (none without a repository).
          const lenses = access.lenses(current.document, current.parsed);
          return [...lenses, ...since.lenses(current.document, normalizeUri(params.textDocument.uri), current.parsed)];
        },
        [],
        `Computing code lenses for ${params.textDocument.uri} failed`,
        token,
      ),
    ),
  );

  // The titles of the access lenses in view (the "since HEAD" lenses come with theirs).
  connection.onRequest(CodeLensResolveRequest.type, (lens, token: CancellationToken) =>
    runSafe(
      connection.console,
      async () => {
        const uri = typeof (lens.data as { uri?: unknown } | undefined)?.uri === 'string' ? (lens.data as { uri: string }).uri : undefined;
        const current = uri !== undefined && indexEnabled ? await parsedDocument(uri) : undefined;
        return current ? access.resolveLens(lens, current.document, current.parsed) : lens;
      },
      lens,
      'Resolving a code lens failed',
      token,
    ),
  );

  // Which IAM data the checks use (shared/protocol.ts IamDataInfo), for the editor's status.
  connection.onRequest(IamDataRequests.info, () => iam.info);

  // The commands of ServerCommands; an unknown command is answered InvalidParams.
  connection.onRequest(
    ExecuteCommandRequest.type,
    validated(readExecuteCommandParams, (params, token: CancellationToken) => access.execute(params.command, params.arguments, token)),
  );

  store.documents.listen(checkedDocumentNotifications(connection, (message) => connection.console.warn(message)));
  connection.listen();
}

/** Both hovers in one, the first one's range winning. */
function joinHovers(first: Hover | null, second: Hover | null): Hover | null {
  if (!first || !second) {
    return first ?? second;
  }
  const text = (h: Hover): string => (typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : String(h.contents));
  return { contents: { kind: 'markdown', value: `${text(first)}\n\n---\n\n${text(second)}` }, range: first.range ?? second.range };
}

/** Templates, OpenAPI files and policies the workspace index follows. */
const WORKSPACE_FILE_GLOBS = ['**/*.{json,yaml,yml,template}'];

function workspaceFolderUris(params: InitializeParams): string[] {
  return params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
}

function indexEnabled0(params: InitializeParams): boolean {
  return (params.initializationOptions as { index?: boolean } | undefined)?.index !== false;
}

function workspaceFolders(uris: readonly string[]): string[] {
  return uris.flatMap((uri) => {
    try {
      return uri.startsWith('file:') ? [fileURLToPath(uri)] : [];
    } catch {
      return [];
    }
  });
}
