/**
 * Completion: the core says what fits where the cursor is and which range it replaces;
 * this turns its items into LSP items, as snippets when the client takes them.
 */
import { CompletionItemKind, InsertTextFormat, type CompletionItem, type CompletionList, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Analyzer, CompletionItem as CoreItem, SourceDocument } from '../../core/index';
import { toRange } from '../convert';

/** Typing these opens the list: `:` after a service prefix, `"` opening a JSON string. */
export const TRIGGER_CHARACTERS = [':', '"'];

const KINDS: Readonly<Record<CoreItem['kind'], CompletionItemKind>> = {
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Property,
  arn: CompletionItemKind.Reference,
  element: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
};

export function completionAt(
  analyzer: Analyzer,
  document: TextDocument,
  parsed: SourceDocument,
  position: Position,
  snippetSupport: boolean,
): CompletionList | null {
  const result = analyzer.completion(parsed, document.offsetAt(position));
  if (!result) {
    return null;
  }
  const range = toRange(document, result.offset, result.length);
  const items = result.items.map((item): CompletionItem => {
    const snippet = snippetSupport && item.snippet !== undefined;
    return {
      label: item.label,
      kind: KINDS[item.kind],
      detail: item.detail,
      documentation: item.documentation ? { kind: 'markdown', value: item.documentation } : undefined,
      filterText: item.filterText,
      sortText: item.sortText,
      textEdit: { range, newText: snippet ? item.snippet! : item.insertText },
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      // After a service prefix, open the list again for its actions.
      command: item.kind === 'service' ? { title: 'Suggest actions', command: 'editor.action.triggerSuggest' } : undefined,
    };
  });
  // Every item is computed; the client filters as the user types.
  return { isIncomplete: false, items };
}
