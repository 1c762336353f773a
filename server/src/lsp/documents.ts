/**
 * Open documents and their parses. The parse of a document is cached by uri and version
 * (only the latest version per uri), so diagnostics, hovers and code actions on the same
 * text share one parse, and each version is parsed incrementally from the one before. The size limit is part of the key because it changes the parse:
 * a text over the limit is not parsed at all.
 */
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatFor, type Analyzer, type DocumentFormat, type SourceDocument } from '../core/index';

export interface DocumentStore {
  readonly documents: TextDocuments<TextDocument>;
  /** The parse of this exact version, from the cache when it is there. */
  parse(document: TextDocument, maxFileSize: number): SourceDocument;
  /** Forgets a closed document's parse. */
  forget(uri: string): void;
}

interface CacheEntry {
  readonly version: number;
  readonly maxFileSize: number;
  readonly parsed: SourceDocument;
}

export function createDocumentStore(analyzer: Analyzer, onParsed?: (uri: string, parsed: SourceDocument) => void): DocumentStore {
  const documents = new TextDocuments(TextDocument);
  const cache = new Map<string, CacheEntry>();
  return {
    documents,
    parse(document, maxFileSize) {
      const hit = cache.get(document.uri);
      if (hit && hit.version === document.version && hit.maxFileSize === maxFileSize) {
        return hit.parsed;
      }
      const text = document.getText();
      const options = { format: formatOf(document, text), maxFileSize };
      // The next version of a document is parsed from the last one: only the part the
      // edits touched is parsed again (core/model/reparse.ts). That consumes the last
      // parse, which is why this cache holds one version per document and `onParsed`
      // hands the new one to whoever else holds the document (the workspace index).
      const parsed = hit && hit.maxFileSize === maxFileSize ? analyzer.reparse(hit.parsed, text, options) : analyzer.parse(text, options);
      cache.set(document.uri, { version: document.version, maxFileSize, parsed });
      onParsed?.(document.uri, parsed);
      return parsed;
    },
    forget(uri) {
      cache.delete(uri);
    },
  };
}

/**
 * The editor's language id wins over the file name: a user who set a `.template` file to
 * YAML means YAML. Other ids fall back to the name and then to the first character.
 */
export function formatOf(document: TextDocument, text: string): DocumentFormat {
  switch (document.languageId) {
    case 'json':
    case 'jsonc':
      return 'json';
    case 'yaml':
      return 'yaml';
    default:
      return formatFor(uriPath(document.uri), text);
  }
}

/** The path part of a uri, without query or fragment, so its extension can be read. */
function uriPath(uri: string): string {
  const end = uri.search(/[?#]/);
  return end === -1 ? uri : uri.slice(0, end);
}
