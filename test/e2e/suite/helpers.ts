/**
 * Helpers for the in-host suite: workspace files, Gatewarden's diagnostics, and waits that
 * end on `languages.onDidChangeDiagnostics` (or a deadline), never on a fixed sleep.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'gatewarden.gatewarden';
export const SOURCE = 'gatewarden';
export const INVALID_EFFECT = 'iam/invalid-effect';
/** How long a wait for the server may take; generous, as CI machines can be slow. */
export const WAIT_MS = 30_000;

/** Why a skipped test was skipped, by full title; index.ts puts them in the results. */
export const skipNotes = new Map<string, string>();

/** Skips the running test and records why, so the run's report says it. */
export function skipWithNote(context: Mocha.Context, note: string): never {
  const title = context.test?.fullTitle();
  if (title) {
    skipNotes.set(title, note);
  }
  context.skip();
}

export function workspaceUri(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor must be opened on test/e2e/workspace');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceUri(relative));
  return vscode.window.showTextDocument(document);
}

/** The rule id of a diagnostic: the server sends it as `code`, with a link to its docs page. */
export function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? code.value : code;
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

export function withCode(diagnostics: readonly vscode.Diagnostic[], code: string): vscode.Diagnostic[] {
  return diagnostics.filter((d) => codeOf(d) === code);
}

export function hasInvalidEffect(diagnostics: readonly vscode.Diagnostic[]): boolean {
  return withCode(diagnostics, INVALID_EFFECT).length > 0;
}

/** The range of the first occurrence of `needle` in the document, computed from its text. */
export function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const offset = document.getText().indexOf(needle);
  assert.notEqual(offset, -1, `${JSON.stringify(needle)} does not occur in ${document.uri.path}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + needle.length));
}

export function show(range: vscode.Range | undefined): string {
  return range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : 'none';
}

function describe(diagnostics: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(diagnostics.map((d) => `${String(codeOf(d))}@${show(d.range)}`));
}

/**
 * Resolves with Gatewarden's diagnostics for `uri` once they satisfy `predicate`: at once if
 * they already do, otherwise on the diagnostics change that makes them. Call it before or
 * after the action that should change them; the current state is checked first.
 */
export function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = WAIT_MS,
): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const current = ours(uri);
      if (predicate(current)) {
        cleanup();
        resolve(current);
        return true;
      }
      return false;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) {
        check();
      }
    });
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what} on ${uri.path}; Gatewarden's diagnostics there: ${describe(ours(uri))}`));
    }, timeoutMs);
    const cleanup = (): void => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

/**
 * Resolves on the next diagnostics change for `uri`, whatever it holds: the server publishes
 * for every document it analyses, an empty list for unrelated ones. Subscribe first, then act.
 */
export function nextDiagnosticsChange(uri: vscode.Uri, timeoutMs = WAIT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out after ${timeoutMs} ms: no diagnostics were published for ${uri.path}`));
    }, timeoutMs);
  });
}

/**
 * Reverts every modified document of the test workspace and closes all editors, so each test
 * starts clean. Documents outside the workspace (the user's settings.json, which the
 * workbench itself may open and write while a setting changes) are not ours to revert: showing
 * one can race the workbench ("another editor opened in the meantime").
 */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && !document.isUntitled && vscode.workspace.getWorkspaceFolder(document.uri) !== undefined) {
      await vscode.window.showTextDocument(document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
