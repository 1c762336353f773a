/**
 * Quick fixes, computed statelessly: each Gatewarden diagnostic in the request carries its
 * rule id, root, path and message id, and the core finds the fixes again on the current
 * text. Nothing is remembered from the analysis, and message text is never consulted.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisSettings, Analyzer, Fix, SourceDocument } from '../../core/index';
import { isDiagnosticData, SOURCE, toRange, toTextEdit } from '../convert';

export interface CodeActionOptions {
  /**
   * The client applies snippet text edits (LSP 3.18 `workspace.workspaceEdit.snippetEditSupport`);
   * otherwise fixes with placeholders are not offered at all (VS Code declares no snippet
   * support for code action edits).
   */
  readonly snippetEdits?: boolean;
  /** The severities in force, so "fix all" counts the findings the user sees. */
  readonly settings?: AnalysisSettings;
  /** Actions found otherwise (narrowing a wildcard at the range), placed after the fixes and before the suppressions. */
  readonly alsoOffer?: readonly CodeAction[];
}

export function codeActionsFor(
  analyzer: Analyzer,
  document: TextDocument,
  parsed: SourceDocument,
  params: CodeActionParams,
  options: CodeActionOptions = {},
): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some(coversQuickFix)) {
    return [];
  }
  const actions: CodeAction[] = [];
  const fixAllOffered = new Set<string>();
  // Suppressions come after every fix, so a fix stays the first choice.
  const suppressions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE || !isDiagnosticData(diagnostic.data)) {
      continue;
    }
    const { ruleId, root, path, messageId } = diagnostic.data;
    const fixes = analyzer.quickFixes(parsed, { ruleId, root, path, messageId }, { workspace: options.settings?.workspace });
    for (const fix of fixes) {
      // A fix with placeholders goes only to a client that applies snippet edits: written as
      // plain text, `ApiId` or `BucketName` would land in the policy as if they were values.
      if (options.snippetEdits !== true && fix.edits.some((e) => e.snippet !== undefined)) {
        continue;
      }
      actions.push(toCodeAction(document, diagnostic, fix, options.snippetEdits === true));
    }
    // Last for each finding: suppressing it, in the document's own form.
    const suppress = analyzer.suppressionFix(parsed, { ruleId, root, path, offset: document.offsetAt(diagnostic.range.start) });
    if (suppress) {
      suppressions.push({ ...toCodeAction(document, diagnostic, suppress, false), isPreferred: false });
    }
    // One "fix all" per kind, after the fixes of the first diagnostic of that kind.
    const kind = `${ruleId}\u0000${messageId}`;
    if (fixes.some((f) => f.fixAll) && !fixAllOffered.has(kind)) {
      fixAllOffered.add(kind);
      const all = analyzer.fixAll(parsed, { ruleId, root, path, messageId }, options.settings);
      if (all) {
        actions.push({ ...toCodeAction(document, diagnostic, all, false), isPreferred: false });
      }
    }
  }
  return [...actions, ...(options.alsoOffer ?? []), ...suppressions];
}

/** Code action kinds are dot-separated hierarchies: `quickfix` is covered by itself and by `''`. */
function coversQuickFix(kind: string): boolean {
  return kind === '' || kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`);
}

function toCodeAction(document: TextDocument, diagnostic: Diagnostic, fix: Fix, snippetEdits: boolean): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: toWorkspaceEdit(document, fix, snippetEdits),
    isPreferred: fix.isPreferred === true,
  };
}

/**
 * Plain `changes`, unless the fix has placeholders and the client applies snippet edits:
 * then a `documentChanges` edit whose snippet edits carry `{ kind: 'snippet' }` values.
 */
function toWorkspaceEdit(document: TextDocument, fix: Fix, snippetEdits: boolean): WorkspaceEdit {
  if (!snippetEdits || !fix.edits.some((e) => e.snippet !== undefined)) {
    return { changes: { [document.uri]: fix.edits.map((edit) => toTextEdit(document, edit)) } };
  }
  const edits = fix.edits.map((edit) =>
    edit.snippet !== undefined
      ? { range: toRange(document, edit.offset, edit.length), snippet: { kind: 'snippet', value: edit.snippet } }
      : toTextEdit(document, edit),
  );
  // SnippetTextEdit is newer than the protocol types this server is built with.
  return { documentChanges: [{ textDocument: { uri: document.uri, version: document.version }, edits: edits as TextEdit[] }] };
}
