/**
 * The language status item (the `{}` area of the status bar) on JSON and YAML files: whether
 * Gatewarden analyses the active file and as what, the date of the IAM reference data, and
 * how far indexing the workspace has got. Clicking it opens the Gatewarden output.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceNotifications, WorkspaceRequests, type DocumentStatus, type IndexState } from '../../shared/protocol';

const KIND_LABELS: Readonly<Record<string, string>> = {
  'iam-policy': 'IAM policy',
  cfn: 'CloudFormation',
  sam: 'SAM',
  openapi2: 'OpenAPI 2',
  openapi3: 'OpenAPI 3',
  config: 'Gatewarden configuration',
};

/** The item's text and detail for a document's status (pure, so it is tested without VS Code). */
export function statusText(status: DocumentStatus): { text: string; detail: string; busy: boolean; warning: boolean } {
  const kinds = status.kinds.map((k) => KIND_LABELS[k] ?? k);
  const text = status.analysed ? `Gatewarden: ${kinds.join(', ')}` : 'Gatewarden: not analysed';
  const parts = [status.analysed ? '' : (status.reason ?? '')];
  if (status.iamData) {
    parts.push(`IAM data of ${status.iamData.updatedAt.slice(0, 10)} (${status.iamData.version})`);
  } else {
    parts.push('IAM reference data missing');
  }
  parts.push(indexText(status.index));
  return { text, detail: parts.filter(Boolean).join(' · '), busy: status.index.state === 'indexing', warning: !status.iamData };
}

export function indexText(index: IndexState): string {
  switch (index.state) {
    case 'off':
      return 'workspace index off';
    case 'indexing':
      return index.total > 0 ? `indexing ${index.done}/${index.total} files` : 'indexing the workspace';
    default:
      return `${index.files} files indexed`;
  }
}

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
