/**
 * Rule documentation offline: the pages of docs/rules ship in the .vsix, and each Gatewarden
 * diagnostic gets a "Show documentation for RULE" code action that opens its page in VS Code's
 * Markdown preview. The online link stays on the diagnostic's code (codeDescription).
 */
import * as vscode from 'vscode';
import { isRuleId } from './present';

export const SHOW_RULE_DOCS_COMMAND = 'gatewarden.showRuleDocumentation';

/** The rule id of a Gatewarden diagnostic, from its code. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== 'gatewarden') {
    return undefined;
  }
  const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
  return isRuleId(code) ? code : undefined;
}

export function registerRuleDocs(context: vscode.ExtensionContext, selector: vscode.DocumentSelector): void {
  const provider: vscode.CodeActionProvider = {
    provideCodeActions(_document, _range, actionContext) {
      const ids = [...new Set(actionContext.diagnostics.map(ruleIdOf).filter((id): id is string => id !== undefined))];
      return ids.map((id) => {
        const action = new vscode.CodeAction(`Show documentation for ${id}`, vscode.CodeActionKind.QuickFix.append('gatewarden').append('docs'));
        action.command = { command: SHOW_RULE_DOCS_COMMAND, title: action.title, arguments: [id] };
        action.diagnostics = actionContext.diagnostics.filter((d) => ruleIdOf(d) === id);
        return action;
      });
    },
  };
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(selector, provider, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    vscode.commands.registerCommand(SHOW_RULE_DOCS_COMMAND, async (id: unknown) => {
      if (!isRuleId(id)) {
        return;
      }
      const page = vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules', ...id.split('/'));
      const file = page.with({ path: `${page.path}.md` });
      try {
        await vscode.workspace.fs.stat(file);
      } catch {
        void vscode.window.showWarningMessage(`Gatewarden has no documentation page for ${id} in this installation.`);
        return;
      }
      await vscode.commands.executeCommand('markdown.showPreview', file);
    }),
  );
}
