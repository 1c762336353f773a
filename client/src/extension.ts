/**
 * The VS Code side: starts the bundled language server over node IPC and registers the
 * commands. All analysis happens in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerAccessCommands } from './access';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    // Lets a developer attach a debugger to the server when the extension runs in debug mode.
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const languages = ['json', 'jsonc', 'yaml'];
  const clientOptions: LanguageClientOptions = {
    documentSelector: languages.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // The server pulls its settings, and re-pulls when this section changes.
    synchronize: { configurationSection: 'gatewarden' },
    outputChannelName: 'Gatewarden',
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
      await client?.restart();
    }),
  );
  registerAccessCommands(context, () => client);
  await client.start();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}
