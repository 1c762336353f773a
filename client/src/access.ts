/**
 * Client side of "who can invoke what": the commands behind the code lenses, "Explain
 * access" and "Narrow to chosen methods…". The server computes; this shows pickers and
 * markdown, and applies edits. Answers open as read-only virtual documents (scheme
 * `gatewarden-answer`, served from memory by a TextDocumentContentProvider) in the Markdown
 * preview: nothing is left behind that asks to be saved.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AccessRequests, type AccessTarget, type ExplainChoice } from '../../shared/protocol';

/** The scheme of the read-only documents answers are shown in. */
export const ANSWER_SCHEME = 'gatewarden-answer';
/** Answers kept for their documents (the preview re-reads them); older ones are dropped. */
const KEPT_ANSWERS = 20;

export function registerAccessCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const answers = new Map<string, string>();
  let counter = 0;
  const provider: vscode.TextDocumentContentProvider = { provideTextDocumentContent: (uri) => answers.get(uri.toString()) ?? '' };
  /** Shows `markdown` in the Markdown preview of a new read-only document titled `title`; returns its uri. */
  const showMarkdown = async (title: string, markdown: string): Promise<vscode.Uri> => {
    counter++;
    const safe = title.replace(/[\\/?#%]+/g, ' ').trim().slice(0, 80) || 'answer';
    const uri = vscode.Uri.from({ scheme: ANSWER_SCHEME, path: `/${safe}.md`, query: String(counter) });
    answers.set(uri.toString(), withPlainLocations(markdown));
    while (answers.size > KEPT_ANSWERS) {
      answers.delete(answers.keys().next().value!);
    }
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      // Without the Markdown extension, the document itself (read-only) is the view.
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document, { preview: true, viewColumn: vscode.ViewColumn.Beside });
    }
    return uri;
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, provider),
    vscode.commands.registerCommand('gatewarden.showAccessDetail', async (target: AccessTarget) => {
      const result = await client()?.sendRequest(AccessRequests.detail, target);
      return result ? showMarkdown('Who can invoke what', result.markdown) : undefined;
    }),
    // A "since HEAD" lens carries its rows, computed when the lens was: nothing to ask again.
    vscode.commands.registerCommand('gatewarden.showAccessDiff', async (detail: { markdown?: unknown } | undefined) => {
      return typeof detail?.markdown === 'string' ? showMarkdown('Access since the git base', detail.markdown) : undefined;
    }),
    // Resolves with the uri of the read-only document the answer is shown in (undefined when cancelled).
    vscode.commands.registerCommand('gatewarden.explainAccess', async (): Promise<vscode.Uri | undefined> => {
      const c = client();
      if (!c) {
        return undefined;
      }
      const editor = vscode.window.activeTextEditor;
      const options = await c.sendRequest(AccessRequests.explainOptions, {
        uri: editor?.document.uri.toString(),
        offset: editor ? editor.document.offsetAt(editor.selection.active) : undefined,
      });
      const principal = await pick(options.principals, options.defaultPrincipal !== undefined ? [options.defaultPrincipal] : [], 'Who is calling? (a role, a user, a policy file)');
      if (!principal) {
        return undefined;
      }
      // The method under the cursor first, then the methods this caller has a decision for.
      const reaches = principal.index === options.defaultPrincipal ? (options.reachedByDefault ?? []) : [];
      const first = options.defaultMethod !== undefined ? [options.defaultMethod, ...reaches.filter((i) => i !== options.defaultMethod)] : reaches;
      const method = await pick(options.methods, first, `Which method does ${principal.choice.label} call?`);
      if (!method) {
        return undefined;
      }
      const result = await c.sendRequest(AccessRequests.explain, { principal: principal.choice.target, method: method.choice.target });
      return showMarkdown(`Explain access ${principal.choice.label} to ${method.choice.label}`, result.markdown);
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

/** A picker with the `first` choices (the one under the cursor, then related ones) on top, the first preselected. */
async function pick(choices: readonly ExplainChoice[], first: readonly number[], title: string): Promise<{ choice: ExplainChoice; index: number } | undefined> {
  const items = choices.map((choice, index) => ({ label: choice.label, description: choice.detail, choice, index }));
  const top = first.filter((i) => items[i] !== undefined);
  const ordered = [...top.map((i) => items[i]!), ...items.filter((item) => !top.includes(item.index))];
  const picked = await vscode.window.showQuickPick(ordered, { title, matchOnDescription: true });
  return picked ? { choice: picked.choice, index: picked.index } : undefined;
}

/**
 * The Markdown preview renders no `file:` links (markdown-it refuses the scheme), so the
 * links answers carry to a statement's line become its place in words: `statement 2 of
 * policy p (templates/api.yaml:14)`. Hovers keep the links, which VS Code opens at the line.
 */
function withPlainLocations(markdown: string): string {
  return markdown.replace(/\[([^\]]+)\]\((file:[^)\s#]+)#L(\d+)\)/g, (_all, text: string, file: string, line: string) => {
    const path = vscode.workspace.asRelativePath(vscode.Uri.parse(file), false);
    return `${text} (${path}:${line})`;
  });
}
