/**
 * Hovers: the core explains the key under the cursor (policy elements, condition
 * operators) and says which range it explains.
 */
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisSettings, Analyzer, SourceDocument } from '../../core/index';
import { toRange } from '../convert';

export function hoverAt(analyzer: Analyzer, document: TextDocument, parsed: SourceDocument, position: Position, settings?: AnalysisSettings): Hover | null {
  const result = analyzer.hover(parsed, document.offsetAt(position), settings);
  if (!result) {
    return null;
  }
  return {
    contents: { kind: MarkupKind.Markdown, value: result.markdown },
    range: toRange(document, result.offset, result.length),
  };
}
