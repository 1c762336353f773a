/**
 * Client side of "who can invoke what": the commands behind the code lenses, "Explain
 * access" and "Narrow to chosen methods…". The server computes; this shows pickers and
 * markdown, and applies edits.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AccessRequests, type AccessTarget, type ExplainChoice } from '../../shared/protocol';

export function registerAccessCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('gatewarden.showAccessDetail', async (target: AccessTarget) => {
      const result = await client()?.sendRequest(AccessRequests.detail, target);
      if (result) {
        await showMarkdown(result.markdown);
      }
    }),
    vscode.commands.registerCommand('gatewarden.explainAccess', async () => {
      const c = client();
      if (!c) {
        return;
      }
      const editor = vscode.window.activeTextEditor;
      const options = await c.sendRequest(AccessRequests.explainOptions, {
        uri: editor?.document.uri.toString(),
        offset: editor ? editor.document.offsetAt(editor.selection.active) : undefined,
      });
      const principal = await pick(options.principals, options.defaultPrincipal, 'Who is calling? (a role, a user, a policy file)');
      if (!principal) {
        return;
      }
      const method = await pick(options.methods, options.defaultMethod, 'Which method do they call?');
      if (!method) {
        return;
      }
      const result = await c.sendRequest(AccessRequests.explain, { principal: principal.target, method: method.target });
      await showMarkdown(result.markdown);
    }),
    vscode.commands.registerCommand('gatewarden.narrowPick', async (uri: string, position: vscode.Position) => {
      const c = client();
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
      if (!c || !document) {
        return;
      }
      const offset = document.offsetAt(new vscode.Position(position.line, position.character));
      const { methods } = await c.sendRequest(AccessRequests.narrowChoices, { uri, offset });
      const chosen = await vscode.window.showQuickPick(
        methods.map((label, index) => ({ label, index, picked: true })),
        { canPickMany: true, title: 'Narrow the wildcard to these methods' },
      );
      if (!chosen || chosen.length === 0) {
        return;
      }
      const edit = await c.sendRequest(AccessRequests.narrowEdit, { uri, offset, chosen: chosen.map((x) => x.index) });
      if (edit) {
        await vscode.workspace.applyEdit(await c.protocol2CodeConverter.asWorkspaceEdit(edit));
      }
    }),
  );
}

/** A picker with the choice under the cursor first, preselected. */
async function pick(choices: readonly ExplainChoice[], preferred: number | undefined, title: string): Promise<ExplainChoice | undefined> {
  const items = choices.map((choice, index) => ({ label: choice.label, description: choice.detail, choice, index }));
  if (preferred !== undefined && items[preferred]) {
    items.unshift(...items.splice(preferred, 1));
  }
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true });
  return picked?.choice;
}

async function showMarkdown(markdown: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument({ content: markdown, language: 'markdown' });
  await vscode.commands.executeCommand('markdown.showPreviewToSide', document.uri);
}
