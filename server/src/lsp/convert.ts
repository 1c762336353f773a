/**
 * The edge between the core's offsets and LSP's positions. The core speaks UTF-16 offsets,
 * the same unit as LSP's default position encoding, so `positionAt` is the whole conversion.
 */
import { DiagnosticSeverity, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { docsUrl, type Finding, type FixRequest, type Severity, type TextEdit as CoreTextEdit } from '../core/index';

/** Every diagnostic the server publishes carries this source; code actions look for it. */
export const SOURCE = 'gatewarden';

/** What a diagnostic's `data` holds: enough to ask the core for fixes, never the message. */
export type DiagnosticData = FixRequest & { readonly messageId: string };

const SEVERITIES: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toRange(document: TextDocument, offset: number, length: number): Range {
  return { start: document.positionAt(offset), end: document.positionAt(offset + length) };
}

export function toDiagnostic(document: TextDocument, finding: Finding): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, root: finding.root, path: finding.path, messageId: finding.messageId };
  return {
    range: toRange(document, finding.offset, finding.length),
    severity: SEVERITIES[finding.severity],
    code: finding.ruleId,
    codeDescription: { href: docsUrl(finding.ruleId) },
    source: SOURCE,
    message: finding.message,
    data,
  };
}

export function toTextEdit(document: TextDocument, edit: CoreTextEdit): TextEdit {
  return { range: toRange(document, edit.offset, edit.length), newText: edit.newText };
}

/**
 * Checks a diagnostic's `data` as it comes back from the client. The client round-trips it
 * untouched, but it is still untrusted JSON, so every field is checked before use.
 */
export function isDiagnosticData(value: unknown): value is DiagnosticData {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const data = value as Record<string, unknown>;
  return (
    typeof data.ruleId === 'string' &&
    typeof data.messageId === 'string' &&
    typeof data.root === 'number' &&
    Array.isArray(data.path) &&
    data.path.every((segment) => typeof segment === 'string' || typeof segment === 'number')
  );
}
