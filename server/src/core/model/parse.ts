/**
 * Text → SourceDocument, for either format. Parsing never throws.
 */
import type { DocumentFormat, DocumentKind, SourceDocument } from '../types';
import type { DocNode } from './node';
import { detectKind, mightBeRelevant } from './detect';
import { parseJson } from './parse-json';
import { parseYaml } from './parse-yaml';
import { syntaxFinding, type RawFinding } from './syntax-findings';
import { weakTable } from '../engine';

export const DEFAULT_MAX_FILE_SIZE = 5_000_000;

export interface ParseOptions {
  readonly format: DocumentFormat;
  /** Larger texts (UTF-16 code units) are not parsed; one `syntax/too-large` finding says so. */
  readonly maxFileSize?: number;
  /**
   * Skip the cheap text test that lets unrelated JSON and YAML through without parsing.
   * The CLI sets it for files it was asked to check, so a file that is not JSON at all is
   * reported; the editor leaves it off, since VS Code reports JSON syntax itself.
   */
  readonly assumeRelevant?: boolean;
}

/**
 * The document of a file the shell did not read because it has more bytes than the limit:
 * no text, one `syntax/too-large` finding, as if its text had been too long.
 */
export function oversizedDocument(format: DocumentFormat, size: number, limit: number): SourceDocument {
  return { format, text: '', roots: [], kinds: [], syntaxFindings: [syntaxFinding('syntax/too-large', 'tooLarge', 0, 0, { size, limit })] };
}

export function parseDocument(text: string, options: ParseOptions): SourceDocument {
  const { format } = options;
  const relevantText = options.assumeRelevant === true || mightBeRelevant(text);
  if (!relevantText) {
    return { format, text, roots: [], kinds: [], syntaxFindings: [] };
  }
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (text.length > maxFileSize) {
    return {
      format,
      text,
      roots: [],
      kinds: [],
      syntaxFindings: [syntaxFinding('syntax/too-large', 'tooLarge', 0, 0, { size: text.length, limit: maxFileSize })],
    };
  }
  let roots: DocNode[];
  let findings: RawFinding[];
  let plain = false;
  if (format === 'json') {
    const parsed = parseJson(text);
    roots = parsed.root ? [parsed.root] : [];
    findings = parsed.findings;
  } else {
    const parsed = parseYaml(text);
    roots = parsed.roots;
    findings = parsed.findings;
    plain = parsed.plain;
  }
  const kinds: DocumentKind[] = roots.map(detectKind);
  const doc: SourceDocument = { format, text, roots, kinds, syntaxFindings: relevantFindings(roots, kinds, findings) };
  if (plain && findings.length === 0 && roots.length === 1) {
    markSpliceable(doc);
  }
  return doc;
}

/**
 * Documents whose parts can be parsed again on their own after an edit: YAML with one
 * document, no syntax findings, and no anchors, aliases or merge keys. Kept aside (not a
 * field) so that a SourceDocument stays plain data.
 */
const spliceable = weakTable<SourceDocument, true>('model/parse.spliceable');

export function markSpliceable(doc: SourceDocument): void {
  spliceable.set(doc, true);
}

export function isSpliceable(doc: SourceDocument): boolean {
  return spliceable.has(doc);
}

/**
 * Syntax findings matter when the document is one we analyse, or when it is so broken
 * that we cannot tell (no root, or a root that is not a mapping). A well-formed-enough
 * file of some other kind (a tsconfig with comments) gets nothing.
 */
function relevantFindings(roots: DocNode[], kinds: DocumentKind[], findings: RawFinding[]): RawFinding[] {
  if (findings.length === 0) {
    return findings;
  }
  if (kinds.some((k) => k !== 'unknown')) {
    return findings;
  }
  const unreadable = roots.length === 0 || roots.every((r) => r.kind !== 'object');
  return unreadable ? findings : [];
}

/** JSON or YAML from a file name, falling back to the first significant character. */
export function formatFor(fileName: string, text: string): DocumentFormat {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.jsonc')) {
    return 'json';
  }
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    return 'yaml';
  }
  const first = /\S/.exec(text);
  return first && (first[0] === '{' || first[0] === '[') ? 'json' : 'yaml';
}
