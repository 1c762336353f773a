/**
 * The language status item (the `{}` area of the status bar) on JSON and YAML files: whether
 * Gatewarden analyses the active file and as what, the date of the IAM reference data, and
 * how far indexing the workspace has got. Clicking it opens the Gatewarden output.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceNotifications, WorkspaceRequests } from '../../shared/protocol';
import { statusText } from './present';

export function registerStatusItem(context: vscode.ExtensionContext, client: () => LanguageClient | undefined, selector: vscode.DocumentSelector): { listen(client: LanguageClient): void } {
  const item = vscode.languages.createLanguageStatusItem('gatewarden.status', selector);
  item.name = 'Gatewarden';
  item.text = 'Gatewarden';
  item.command = { command: 'gatewarden.showOutput', title: 'Show output' };
  let asked = 0;
  let timer: NodeJS.Timeout | undefined;

  const update = async (): Promise<void> => {
    const editor = vscode.window.activeTextEditor;
    const c = client();
    if (!editor || !c || !c.isRunning()) {
      return;
    }
    const mine = ++asked;
    try {
      const status = await c.sendRequest(WorkspaceRequests.documentStatus, { uri: c.code2ProtocolConverter.asUri(editor.document.uri) });
      if (mine !== asked) {
        return;
      }
      const shown = statusText(status);
      item.text = shown.text;
      item.detail = shown.detail;
      item.busy = shown.busy;
      item.severity = shown.warning ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
    } catch {
      // The server restarts or stops: the next event asks again.
    }
  };

  const later = (): void => {
    if (timer !== undefined) {
      clearTimeout(timer);
    }
    timer = setTimeout(() => {
      timer = undefined;
      void update();
    }, 150);
  };

  context.subscriptions.push(
    item,
    vscode.window.onDidChangeActiveTextEditor(later),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) {
        later();
      }
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('gatewarden')) {
        later();
      }
    }),
  );
  return {
    listen(c) {
      context.subscriptions.push(
        c.onNotification(WorkspaceNotifications.indexState, later),
        c.onDidChangeState(later),
      );
    },
  };
}
