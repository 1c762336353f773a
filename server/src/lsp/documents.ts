/**
 * Open documents and their parses. The parse of a document is cached by uri and by its
 * text (only the latest text per uri), never by version number alone: a client may send
 * the same version number twice with different texts (a re-open, an undo past a save), and
 * a parse must always be of the text it claims. Diagnostics, hovers and code actions on the
 * same text share one parse, and each text is parsed incrementally from the one before.
 * The size limit is part of the key because it changes the parse: a text over the limit is
 * not parsed at all.
 */
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formatFor, type Analyzer, type DocumentFormat, type SourceDocument } from '../core/index';

export interface DocumentStore {
  readonly documents: TextDocuments<TextDocument>;
  /** The parse of the document's current text, from the cache when it is there. */
  parse(document: TextDocument, maxFileSize: number): SourceDocument;
  /**
   * Whether `parsed` is still the parse of the open document's current text. A parse is
   * consumed by the next reparse (core/model/reparse.ts moves the nodes it shares), so an
   * answer computed across an `await` must check this before it is used.
   */
  isCurrent(uri: string, parsed: SourceDocument): boolean;
  /** Forgets a closed document's parse. */
  forget(uri: string): void;
}

interface CacheEntry {
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
      const text = document.getText();
      // Strings compare by identity first, so the common case (the same text object) is
      // immediate; a different text of the same length is compared in native code.
      if (hit && hit.parsed.text === text && hit.maxFileSize === maxFileSize) {
        return hit.parsed;
      }
      const options = { format: formatOf(document, text), maxFileSize };
      // The next version of a document is parsed from the last one: only the part the
      // edits touched is parsed again (core/model/reparse.ts). That consumes the last
      // parse, which is why this cache holds one version per document and `onParsed`
      // hands the new one to whoever else holds the document (the workspace index).
      const parsed = hit && hit.maxFileSize === maxFileSize ? analyzer.reparse(hit.parsed, text, options) : analyzer.parse(text, options);
      cache.set(document.uri, { maxFileSize, parsed });
      onParsed?.(document.uri, parsed);
      return parsed;
    },
    isCurrent(uri, parsed) {
      const hit = cache.get(uri);
      const document = documents.get(uri);
      return hit !== undefined && hit.parsed === parsed && document !== undefined && document.getText() === parsed.text;
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
