/**
 * Wires the analysis core to an LSP connection: capabilities, document sync, settings and
 * the three features (push diagnostics, quick fixes, hovers). Everything here is plumbing;
 * what a finding, fix or hover is comes from the core.
 */
import {
  CodeActionKind,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type ResponseError,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { createAnalyzer, type SourceDocument } from '../core/index';
import { createDocumentStore } from './documents';
import { codeActionsFor } from './handlers/codeActions';
import { createSettingsSource, type SettingsSource } from './handlers/configuration';
import { createDiagnosticsScheduler, type DiagnosticsScheduler } from './handlers/diagnostics';
import { hoverAt } from './handlers/hover';
import { formatError, runSafe } from './runSafe';

export function startServer(connection: Connection): void {
  const analyzer = createAnalyzer({
    onRuleError: (ruleId, error) => connection.console.error(formatError(`Rule ${ruleId} threw`, error)),
  });
  const store = createDocumentStore(analyzer);
  // Both are created in onInitialize, once we know whether the client answers
  // workspace/configuration; no document event can arrive before that.
  let settings: SettingsSource | undefined;
  let diagnostics: DiagnosticsScheduler | undefined;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const canPull = params.capabilities.workspace?.configuration === true;
    settings = createSettingsSource(connection, canPull);
    diagnostics = createDiagnosticsScheduler({ connection, store, analyzer, settings });
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Full },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'gatewarden' },
    };
  });

  connection.onDidChangeConfiguration((params) => {
    settings?.changed(params.settings, () => diagnostics?.revalidateAll());
  });

  store.documents.onDidChangeContent(({ document }) => diagnostics?.schedule(document));
  store.documents.onDidClose(({ document }) => diagnostics?.closed(document.uri));

  /**
   * The current document and its parse, or undefined when the document is not open or
   * analysis is disabled. Requests always work on the latest version the server has.
   */
  const parsedDocument = async (uri: string): Promise<{ document: TextDocument; parsed: SourceDocument } | undefined> => {
    const document = store.documents.get(uri);
    if (!document || !settings) {
      return undefined;
    }
    const config = await settings.get();
    return config.enable ? { document, parsed: store.parse(document, config.maxFileSize) } : undefined;
  };

  connection.onCodeAction(
    (params, token: CancellationToken): Promise<CodeAction[] | ResponseError<void>> =>
      runSafe(
        connection.console,
        async () => {
          const current = await parsedDocument(params.textDocument.uri);
          return current ? codeActionsFor(analyzer, current.document, current.parsed, params) : [];
        },
        [],
        `Computing code actions for ${params.textDocument.uri} failed`,
        token,
      ),
  );

  connection.onHover(
    (params, token: CancellationToken): Promise<Hover | null | ResponseError<void>> =>
      runSafe(
        connection.console,
        async () => {
          const current = await parsedDocument(params.textDocument.uri);
          return current ? hoverAt(analyzer, current.document, current.parsed, params.position) : null;
        },
        null,
        `Computing the hover for ${params.textDocument.uri} failed`,
        token,
      ),
  );

  store.documents.listen(connection);
  connection.listen();
}
