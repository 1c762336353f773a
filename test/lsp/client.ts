/**
 * A small LSP client for the server tests. It starts the real bundled server
 * (`dist/server.js --stdio`) as a child process and speaks JSON-RPC over its stdio, the
 * way an editor would. Tests wait on notifications with predicates, never on sleeps.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type Message, type MessageConnection, type MessageReader } from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeLens,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
  WorkspaceEditClientCapabilities,
} from 'vscode-languageserver/node';

/** The repository root: compiled tests live in out/test/lsp. */
export const REPO_ROOT = resolve(__dirname, '..', '..', '..');
export const SERVER_PATH = join(REPO_ROOT, 'dist', 'server.js');

export const DEFAULT_TIMEOUT_MS = 5000;

export interface TestClient {
  readonly connection: MessageConnection;
  readonly initializeResult: InitializeResult;
  /**
   * What the client answers to `workspace/configuration`, by section. Tests change its
   * entries and then call `changeConfiguration()`.
   */
  readonly settings: Record<string, unknown>;
  /** Every publishDiagnostics received, per uri, in arrival order. */
  readonly published: Map<string, PublishDiagnosticsParams[]>;
  /** Messages the server logged with type Error (1), for tests that expect none. */
  readonly errorLogs: string[];
  /** Every message the server logged (window/logMessage), in arrival order. */
  readonly logs: LogMessageParams[];
  /** Tokens the server asked for with `window/workDoneProgress/create`, in order. */
  readonly progressTokens: (string | number)[];
  /** Every `$/progress` notification, in arrival order. */
  readonly progress: ProgressParams[];
  /** Resolves with the first `$/progress` (received or to come) that satisfies `predicate`. */
  waitForProgress(predicate: (params: ProgressParams) => boolean, timeoutMs?: number): Promise<ProgressParams>;
  /**
   * Sends a request as raw JSON-RPC, so params the typed connection refuses to send (`null`,
   * a string, nothing at all) reach the server as written. Resolves with the response.
   */
  rawRequest(method: string, params?: unknown): Promise<RawResponse>;
  /**
   * Every window/showMessage received, from the start (a test that registers its own
   * handler for them replaces this recording).
   */
  readonly shownMessages: ShowMessageParams[];
  /**
   * Resolves with the first publishDiagnostics for `uri` that satisfies `predicate`: the
   * latest one already received, or one still to come. Rejects after `timeoutMs`.
   */
  waitForDiagnostics(uri: string, predicate: (params: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  open(uri: string, languageId: string, text: string, version?: number): Promise<void>;
  change(uri: string, version: number, text: string): Promise<void>;
  /** Incremental changes, as an editor sends keystrokes: each replaces a range of the text as it stands after the ones before. */
  edit(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): Promise<void>;
  close(uri: string): Promise<void>;
  /**
   * `textDocument/codeLens`, then `codeLens/resolve` for each lens that came without its
   * command, as VS Code does for the lenses in view: the lenses with their titles.
   */
  codeLenses(uri: string): Promise<CodeLens[]>;
  /** Sends `workspace/didChangeConfiguration` (the server pulls the new values). */
  changeConfiguration(): Promise<void>;
  /** shutdown + exit, then makes sure the child is gone. Safe to call twice. */
  dispose(): Promise<void>;
  /** The server process's id (for tests that read its memory use from /proc). */
  readonly pid: number | undefined;
}

export interface ProgressParams {
  readonly token: string | number;
  readonly value: { readonly kind: 'begin' | 'report' | 'end'; readonly title?: string; readonly percentage?: number; readonly message?: string };
}

export interface RawResponse {
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

export interface StartOptions {
  /** Environment variables for the server process, besides this process's own. */
  readonly env?: Readonly<Record<string, string>>;
  /** Advertise `workspace.configuration`; on by default, as VS Code does. */
  readonly configuration?: boolean;
  readonly settings?: Record<string, unknown>;
  /** The workspace folder the server indexes; the repository root by default. */
  readonly rootPath?: string;
  /** Snippet edits in code actions and snippet completions (LSP 3.18 / 3.0 capabilities); off by default. */
  readonly snippets?: boolean;
  /** What the extension passes at start (`index`, `indexExclude`). */
  readonly initializationOptions?: unknown;
  /** Declare `window.workDoneProgress`, so the server reports progress; off by default. */
  readonly workDoneProgress?: boolean;
  /** Several workspace folders (paths), sent as `workspaceFolders`; `rootPath` alone otherwise. */
  readonly folders?: readonly string[];
  /**
   * What `workspace/configuration` answers for an item whose `scopeUri` is (inside) one of
   * these folder uris, by section; other items get `settings`.
   */
  readonly scopedSettings?: Readonly<Record<string, Record<string, unknown>>>;
  /** Declare `workspace.codeLens.refreshSupport`; off by default. */
  readonly codeLensRefresh?: boolean;
}

interface Waiter {
  readonly uri: string;
  readonly predicate: (params: PublishDiagnosticsParams) => boolean;
  readonly resolve: (params: PublishDiagnosticsParams) => void;
  readonly reject: (error: Error) => void;
}

export async function startClient(options: StartOptions = {}): Promise<TestClient> {
  if (!existsSync(SERVER_PATH)) {
    throw new Error(`${SERVER_PATH} is missing; run \`npm run build\` first.`);
  }
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: options.env ? { ...process.env, ...options.env } : process.env });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // Responses to raw requests (ids starting "raw-") are taken out before the typed
  // connection sees them, since it did not send those requests.
  const rawPending = new Map<string, (response: RawResponse) => void>();
  const reader = new StreamMessageReader(child.stdout!);
  const filtered: MessageReader = {
    onError: reader.onError,
    onClose: reader.onClose,
    onPartialMessage: reader.onPartialMessage,
    listen: (callback) =>
      reader.listen((message: Message) => {
        const { id, method } = message as { id?: unknown; method?: unknown };
        const pending = typeof id === 'string' && method === undefined ? rawPending.get(id) : undefined;
        if (pending) {
          rawPending.delete(id as string);
          pending(message as RawResponse);
        } else {
          callback(message);
        }
      }),
    dispose: () => reader.dispose(),
  };
  const writer = new StreamMessageWriter(child.stdin!);
  const connection = createMessageConnection(filtered, writer);
  let rawId = 0;
  const progressTokens: (string | number)[] = [];
  const progress: ProgressParams[] = [];
  let progressWaiters: { predicate: (p: ProgressParams) => boolean; resolve: (p: ProgressParams) => void }[] = [];
  const published = new Map<string, PublishDiagnosticsParams[]>();
  const errorLogs: string[] = [];
  const shownMessages: ShowMessageParams[] = [];
  const logs: LogMessageParams[] = [];
  const settings: Record<string, unknown> = { ...options.settings };
  let waiters: Waiter[] = [];

  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    const list = published.get(params.uri) ?? [];
    list.push(params);
    published.set(params.uri, list);
    waiters = waiters.filter((w) => {
      if (w.uri === params.uri && w.predicate(params)) {
        w.resolve(params);
        return false;
      }
      return true;
    });
  });
  connection.onNotification('window/showMessage', (params: ShowMessageParams) => {
    shownMessages.push(params);
  });
  connection.onNotification('window/logMessage', (params: LogMessageParams) => {
    logs.push(params);
    if (params.type === 1) {
      errorLogs.push(params.message);
    }
  });
  connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    progressTokens.push(params.token);
    return null;
  });
  connection.onNotification('$/progress', (params: ProgressParams) => {
    progress.push(params);
    progressWaiters = progressWaiters.filter((w) => (w.predicate(params) ? (w.resolve(params), false) : true));
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
    params.items.map((item) => {
      const scoped = Object.entries(options.scopedSettings ?? {}).find(([folder]) => item.scopeUri !== undefined && (item.scopeUri === folder || item.scopeUri.startsWith(`${folder}/`)));
      const source = scoped ? scoped[1] : settings;
      return item.section === undefined ? source : (source[item.section] ?? null);
    }),
  );
  // Anything else the server may ask (capability registration, progress) is acknowledged.
  connection.onRequest(() => null);
  connection.listen();

  const capabilities: ClientCapabilities = {
    ...(options.workDoneProgress ? { window: { workDoneProgress: true } } : {}),
    // `snippetEditSupport` is LSP 3.18, newer than these protocol types.
    workspace: { ...(options.codeLensRefresh ? { codeLens: { refreshSupport: true } } : {}), configuration: options.configuration ?? true, workspaceEdit: { documentChanges: true, ...(options.snippets ? { snippetEditSupport: true } : {}) } as WorkspaceEditClientCapabilities },
    textDocument: {
      synchronization: { dynamicRegistration: false },
      publishDiagnostics: { versionSupport: true, relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
      hover: { contentFormat: ['markdown', 'plaintext'] },
      codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true, dataSupport: true },
      completion: { completionItem: { snippetSupport: options.snippets === true } },
    },
  };
  let disposed = false;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  // A server that dies mid-test fails the waiting test at once, with its stderr, rather
  // than after a timeout.
  child.once('exit', (code, signal) => {
    if (!disposed) {
      const error = new Error(`The server exited unexpectedly (code ${code}, signal ${signal}).\n${stderr}`);
      waiters.forEach((w) => w.reject(error));
      waiters = [];
    }
  });

  let initializeResult: InitializeResult;
  try {
    initializeResult = await withTimeout(
      connection.sendRequest<InitializeResult>('initialize', {
        // The server exits by itself if this process dies without shutting it down.
        processId: process.pid,
        rootUri: pathToFileURL(options.rootPath ?? REPO_ROOT).href,
        capabilities,
        workspaceFolders: options.folders ? options.folders.map((f) => ({ uri: pathToFileURL(f).href, name: basename(f) })) : null,
        ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
      }),
      DEFAULT_TIMEOUT_MS,
    );
    await connection.sendNotification('initialized', {});
  } catch (error) {
    connection.dispose();
    child.kill('SIGKILL');
    throw error;
  }

  return {
    connection,
    initializeResult,
    pid: child.pid,
    settings,
    published,
    errorLogs,
    logs,
    shownMessages,
    progressTokens,
    progress,
    waitForProgress(predicate, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const seen = progress.find(predicate);
      if (seen) {
        return Promise.resolve(seen);
      }
      return withTimeout(new Promise((resolvePromise) => progressWaiters.push({ predicate, resolve: resolvePromise })), timeoutMs);
    },
    rawRequest(method, params) {
      const id = `raw-${++rawId}`;
      const response = new Promise<RawResponse>((resolvePromise) => rawPending.set(id, resolvePromise));
      const message = params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params };
      return writer.write(message as Message).then(() => withTimeout(response, DEFAULT_TIMEOUT_MS));
    },
    waitForDiagnostics(uri, predicate, timeoutMs = DEFAULT_TIMEOUT_MS) {
      const latest = published.get(uri)?.at(-1);
      if (latest && predicate(latest)) {
        return Promise.resolve(latest);
      }
      return new Promise((resolvePromise, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seen = JSON.stringify(published.get(uri)?.slice(-3) ?? [], null, 1);
          reject(new Error(`No matching diagnostics for ${uri} within ${timeoutMs} ms; last received: ${seen}\n${stderr}`));
        }, timeoutMs);
        const waiter: Waiter = {
          uri,
          predicate,
          resolve: (params) => {
            clearTimeout(timer);
            resolvePromise(params);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.push(waiter);
      });
    },
    open: (uri, languageId, text, version = 1) =>
      connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } }),
    change: (uri, version, text) => {
      const contentChanges: TextDocumentContentChangeEvent[] = [{ text }];
      return connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    },
    edit: (uri, version, changes) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes }),
    close: (uri) => connection.sendNotification('textDocument/didClose', { textDocument: { uri } }),
    async codeLenses(uri) {
      const lenses = (await connection.sendRequest<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
      return Promise.all(lenses.map((lens) => (lens.command ? lens : connection.sendRequest<CodeLens>('codeLens/resolve', lens))));
    },
    changeConfiguration: () => connection.sendNotification('workspace/didChangeConfiguration', { settings }),
    async dispose() {
      if (disposed) {
        return;
      }
      disposed = true;
      try {
        if (child.exitCode === null) {
          await withTimeout(connection.sendRequest('shutdown'), 2000);
          await connection.sendNotification('exit');
          await withTimeout(exited, 2000);
        }
      } catch {
        // A server that does not shut down cleanly is killed below; the test has its answer.
      } finally {
        connection.dispose();
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGKILL');
        }
      }
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolvePromise(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** A file uri in a directory that does not exist: the server never reads from disk. */
export function fileUri(name: string): string {
  return pathToFileURL(join(REPO_ROOT, 'test', 'lsp', '__virtual__', name)).href;
}

/**
 * The LSP position (line, UTF-16 character) of the first occurrence of `needle` in `text`,
 * and of its end, so expected ranges are computed from the text instead of written by hand.
 */
export function rangeOf(text: string, needle: string, from = 0): { start: { line: number; character: number }; end: { line: number; character: number } } {
  const offset = text.indexOf(needle, from);
  if (offset === -1) {
    throw new Error(`${JSON.stringify(needle)} does not occur in the text`);
  }
  return { start: positionOf(text, offset), end: positionOf(text, offset + needle.length) };
}

/**
 * Sends a request again every 50 ms until `ok` accepts its answer or 10 s have passed (the
 * workspace index catches up after `initialized`), and returns the last answer.
 */
export async function eventually<T>(request: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await request();
    if (ok(value) || Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function positionOf(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
