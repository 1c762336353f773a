/**
 * The "Gatewarden: Access" view in the Explorer: who can invoke what, as the server's access
 * matrix (the rows of `gatewarden access`). Two groupings (APIs → stages → methods →
 * principals, and principals → methods), a text filter, and a click that reveals the method,
 * the principal or the statement that decided. Each level is asked of the server when it is
 * expanded; the view refreshes when the server says the index changed, and only while shown.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WorkspaceNotifications, WorkspaceRequests, type AccessTreeMode, type AccessTreeNode, type FileLocation } from '../../shared/protocol';
import { iconOf } from './present';

export const ACCESS_VIEW_ID = 'gatewarden.access';
/** Changes are folded into one refresh after this long (the server already spaces its notifications). */
const REFRESH_DELAY_MS = 200;

class AccessTreeProvider implements vscode.TreeDataProvider<AccessTreeNode> {
  private readonly changed = new vscode.EventEmitter<AccessTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  mode: AccessTreeMode = 'methods';
  filter = '';

  constructor(private readonly client: () => LanguageClient | undefined) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  async getChildren(parent?: AccessTreeNode): Promise<AccessTreeNode[]> {
    const c = this.client();
    if (!c || !c.isRunning()) {
      return [];
    }
    const { nodes } = await c.sendRequest(WorkspaceRequests.accessTree, { mode: this.mode, parent: parent?.key, filter: this.filter || undefined });
    return [...nodes];
  }

  getTreeItem(node: AccessTreeNode): vscode.TreeItem {
    const expand = node.kind === 'api' || node.kind === 'stage' || this.filter !== '' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, node.hasChildren ? expand : vscode.TreeItemCollapsibleState.None);
    // The mode and filter are part of the id: a node of one grouping is not the same as another's.
    item.id = `${this.mode}\u0000${this.filter}\u0000${node.key}`;
    item.description = node.description;
    if (node.tooltip) {
      item.tooltip = new vscode.MarkdownString(node.tooltip);
    }
    const icon = iconOf(node);
    item.iconPath = new vscode.ThemeIcon(icon.id, icon.color ? new vscode.ThemeColor(icon.color) : undefined);
    item.contextValue = `gatewarden.access.${node.kind}${node.decision ? `.${node.decision}` : ''}`;
    if (node.location) {
      item.command = { command: 'gatewarden.access.reveal', title: 'Reveal in editor', arguments: [node.location] };
    }
    return item;
  }
}

export function registerAccessView(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): { listen(client: LanguageClient): void } {
  const provider = new AccessTreeProvider(client);
  const view = vscode.window.createTreeView(ACCESS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  let stale = false;
  let timer: NodeJS.Timeout | undefined;

  const refresh = (): void => {
    if (!view.visible) {
      // Asked again when shown: a hidden view costs the server nothing.
      stale = true;
      return;
    }
    if (timer === undefined) {
      timer = setTimeout(() => {
        timer = undefined;
        stale = false;
        provider.refresh();
      }, REFRESH_DELAY_MS);
    }
  };

  const setMode = async (mode: AccessTreeMode): Promise<void> => {
    provider.mode = mode;
    await vscode.commands.executeCommand('setContext', 'gatewarden.access.mode', mode);
    provider.refresh();
  };

  const setFilter = async (filter: string): Promise<void> => {
    provider.filter = filter.trim();
    view.message = provider.filter ? `Filtered by "${provider.filter}"` : undefined;
    view.description = provider.filter ? provider.filter : undefined;
    await vscode.commands.executeCommand('setContext', 'gatewarden.access.filtered', provider.filter !== '');
    provider.refresh();
  };

  void vscode.commands.executeCommand('setContext', 'gatewarden.access.mode', provider.mode);
  context.subscriptions.push(
    view,
    view.onDidChangeVisibility(() => {
      if (view.visible && stale) {
        refresh();
      }
    }),
    vscode.commands.registerCommand('gatewarden.access.refresh', () => provider.refresh()),
    vscode.commands.registerCommand('gatewarden.access.byPrincipal', () => setMode('principals')),
    vscode.commands.registerCommand('gatewarden.access.byMethod', () => setMode('methods')),
    vscode.commands.registerCommand('gatewarden.access.filter', async (text?: unknown) => {
      const filter =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({
              title: 'Filter the access view',
              prompt: 'Principal, API, stage, method, path or decision (allow, conditional, deny)',
              value: provider.filter,
            });
      if (filter !== undefined) {
        await setFilter(filter);
      }
    }),
    vscode.commands.registerCommand('gatewarden.access.clearFilter', () => setFilter('')),
    vscode.commands.registerCommand('gatewarden.access.reveal', (location: FileLocation) => reveal(location)),
  );
  return {
    // Called once, before the client starts: the client keeps the handler across restarts.
    listen(c) {
      context.subscriptions.push(c.onNotification(WorkspaceNotifications.accessChanged, refresh));
    },
  };
}

async function reveal(location: FileLocation): Promise<void> {
  const position = new vscode.Position(location.line, location.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(location.uri), { selection: new vscode.Range(position, position), preview: true });
}
