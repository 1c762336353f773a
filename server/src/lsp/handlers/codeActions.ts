/**
 * Quick fixes, computed statelessly: each Gatewarden diagnostic in the request carries its
 * rule id, root, path and message id, and the core finds the fixes again on the current
 * text. Nothing is remembered from the analysis, and message text is never consulted.
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer, Fix, SourceDocument } from '../../core/index';
import { isDiagnosticData, SOURCE, toTextEdit } from '../convert';

export function codeActionsFor(
  analyzer: Analyzer,
  document: TextDocument,
  parsed: SourceDocument,
  params: CodeActionParams,
): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some(coversQuickFix)) {
    return [];
  }
  const actions: CodeAction[] = [];
  for (const diagnostic of params.context.diagnostics) {
    if (diagnostic.source !== SOURCE || !isDiagnosticData(diagnostic.data)) {
      continue;
    }
    const { ruleId, root, path, messageId } = diagnostic.data;
    for (const fix of analyzer.quickFixes(parsed, { ruleId, root, path, messageId })) {
      actions.push(toCodeAction(document, diagnostic, fix));
    }
  }
  return actions;
}

/** Code action kinds are dot-separated hierarchies: `quickfix` is covered by itself and by `''`. */
function coversQuickFix(kind: string): boolean {
  return kind === '' || kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`);
}

function toCodeAction(document: TextDocument, diagnostic: Diagnostic, fix: Fix): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: fix.edits.map((edit) => toTextEdit(document, edit)) } },
    isPreferred: fix.isPreferred === true,
  };
}
