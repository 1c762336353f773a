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
import { createRestartPolicy, MAX_RESTARTS, RESTART_WINDOW_MS } from './restart';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // Lets a developer attach a debugger to the server when the extension runs in debug mode.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const languages = ['json', 'jsonc', 'yaml'];
  const restarts = createRestartPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
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
  await client.start();
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
