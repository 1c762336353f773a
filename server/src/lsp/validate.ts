/**
 * Request parameters checked at the edge. Every request the server answers reads its
 * params through one of the readers below before any handler code runs, so a client (or
 * a fuzzer) that sends `null`, strings for numbers or half an object gets a JSON-RPC
 * `InvalidParams` (-32602) answer instead of an internal error, an answer built from
 * `NaN`, or a crash.
 *
 * What is accepted, field by field:
 * - Positions (`line`, `character`) and offsets must be JSON numbers that are non-negative
 *   integers. Anything else (a string, `null`, a float, a negative number) is rejected:
 *   LSP declares them `uinteger`, and guessing what `2.5` or `"3"` meant would hide the
 *   client's bug. (`NaN` and infinities cannot cross JSON; they arrive as `null`.)
 * - A non-negative integer past the end of its line or document, however large, is
 *   accepted and clamped, as LSP specifies: a character past the line's end means the
 *   line's end, a line past the last means the end of the document. `TextDocument.offsetAt`
 *   does exactly that, and offsets are clamped to the text's length where they are read.
 * - A range's start and end are checked each; a range whose end comes before its start is
 *   accepted, since the handlers read only its start.
 * - Uris must be strings. A uri the server has no open document for is not an error: the
 *   request gets the empty answer it always got.
 * - Diagnostics in a code action's context must be objects with a valid range, since the
 *   code actions send them back.
 */
import {
  ErrorCodes,
  ResponseError,
  type CancellationToken,
  type Diagnostic,
  type NotificationHandler,
  type Position,
  type Range,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AccessTarget, AccessTreeParams } from '../../../shared/protocol';

/** What a request handler answers: a value, or an error sent as the JSON-RPC error. */
export type Answer<R> = R | ResponseError<void> | Promise<R | ResponseError<void>>;

/**
 * Wraps a request handler: the raw params go through `read` first, and a reader's
 * rejection is answered as `InvalidParams` without calling the handler.
 */
export function validated<P, R>(read: (raw: unknown) => P, handle: (params: P, token: CancellationToken) => Answer<R>): (raw: unknown, token: CancellationToken) => Answer<R> {
  return (raw, token) => {
    const params = readParams(raw, read);
    return params instanceof ResponseError ? params : handle(params, token);
  };
}

/** Runs a reader, turning its rejection into the `InvalidParams` error. */
export function readParams<P>(raw: unknown, read: (raw: unknown) => P): P | ResponseError<void> {
  try {
    return read(raw);
  } catch (error) {
    if (error instanceof InvalidParams) {
      return new ResponseError(ErrorCodes.InvalidParams, error.message);
    }
    throw error;
  }
}

/** Thrown by readers; never leaves this module's `readParams`. */
class InvalidParams extends Error {}

function reject(what: string, expected: string): never {
  throw new InvalidParams(`${what} must be ${expected}`);
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    reject(what, 'an object');
  }
  return value as Record<string, unknown>;
}

function string(value: unknown, what: string): string {
  return typeof value === 'string' ? value : reject(what, 'a string');
}

/** A non-negative integer; how large is for the caller to clamp. */
export function uinteger(value: unknown, what: string): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : reject(what, 'a non-negative integer');
}

function position(value: unknown, what: string): Position {
  const p = object(value, what);
  return { line: uinteger(p.line, `${what}.line`), character: uinteger(p.character, `${what}.character`) };
}

function range(value: unknown, what: string): Range {
  const r = object(value, what);
  return { start: position(r.start, `${what}.start`), end: position(r.end, `${what}.end`) };
}

function textDocument(params: Record<string, unknown>): { uri: string } {
  return { uri: string(object(params.textDocument, 'textDocument').uri, 'textDocument.uri') };
}

/** Params of requests on a document: code lenses. */
export function readDocumentParams(raw: unknown): { textDocument: { uri: string } } {
  return { textDocument: textDocument(object(raw, 'params')) };
}

/** Params of requests at a position: hover, completion. */
export function readPositionParams(raw: unknown): { textDocument: { uri: string }; position: Position } {
  const params = object(raw, 'params');
  return { textDocument: textDocument(params), position: position(params.position, 'position') };
}

/** The parts of code action params the handlers read, each checked. */
export interface CheckedCodeActionParams {
  readonly textDocument: { uri: string };
  readonly range: Range;
  readonly context: { diagnostics: Diagnostic[]; only?: string[] };
}

export function readCodeActionParams(raw: unknown): CheckedCodeActionParams {
  const params = object(raw, 'params');
  const context = object(params.context, 'context');
  if (!Array.isArray(context.diagnostics)) {
    reject('context.diagnostics', 'an array');
  }
  const diagnostics = context.diagnostics.map((d: unknown, i) => {
    const diagnostic = object(d, `context.diagnostics[${i}]`);
    range(diagnostic.range, `context.diagnostics[${i}].range`);
    return diagnostic as unknown as Diagnostic;
  });
  let only: string[] | undefined;
  if (context.only !== undefined) {
    if (!Array.isArray(context.only)) {
      reject('context.only', 'an array of strings');
    }
    only = context.only.map((kind: unknown, i) => string(kind, `context.only[${i}]`));
  }
  return { textDocument: textDocument(params), range: range(params.range, 'range'), context: { diagnostics, only } };
}

export function readExecuteCommandParams(raw: unknown): { command: string; arguments: unknown[] } {
  const params = object(raw, 'params');
  const args = params.arguments ?? [];
  return { command: string(params.command, 'command'), arguments: Array.isArray(args) ? args : reject('arguments', 'an array') };
}

// The custom `gatewarden/*` requests (shared/protocol.ts).

export function readAccessTarget(raw: unknown, what = 'params'): AccessTarget {
  const target = object(raw, what);
  const kind = target.kind;
  if (kind !== 'method' && kind !== 'principal') {
    reject(`${what}.kind`, '"method" or "principal"');
  }
  if (!Array.isArray(target.path)) {
    reject(`${what}.path`, 'an array');
  }
  const path = target.path.map((segment: unknown, i) => (typeof segment === 'string' ? segment : uinteger(segment, `${what}.path[${i}]`)));
  return { uri: string(target.uri, `${what}.uri`), kind, root: uinteger(target.root, `${what}.root`), path };
}

export function readExplainOptionsParams(raw: unknown): { uri?: string; offset?: number } {
  const params = object(raw, 'params');
  return {
    uri: params.uri === undefined ? undefined : string(params.uri, 'uri'),
    offset: params.offset === undefined ? undefined : uinteger(params.offset, 'offset'),
  };
}

export function readExplainParams(raw: unknown): { principal: AccessTarget; method: AccessTarget } {
  const params = object(raw, 'params');
  return { principal: readAccessTarget(params.principal, 'principal'), method: readAccessTarget(params.method, 'method') };
}

export function readNarrowChoicesParams(raw: unknown): { uri: string; offset: number } {
  const params = object(raw, 'params');
  return { uri: string(params.uri, 'uri'), offset: uinteger(params.offset, 'offset') };
}

export function readNarrowEditParams(raw: unknown): { uri: string; offset: number; chosen: number[] } {
  const params = object(raw, 'params');
  if (!Array.isArray(params.chosen)) {
    reject('chosen', 'an array');
  }
  const chosen = params.chosen.map((index: unknown, i) => uinteger(index, `chosen[${i}]`));
  return { uri: string(params.uri, 'uri'), offset: uinteger(params.offset, 'offset'), chosen };
}

export function readAccessTreeParams(raw: unknown): AccessTreeParams {
  const params = object(raw, 'params');
  if (params.mode !== 'methods' && params.mode !== 'principals') {
    reject('mode', '"methods" or "principals"');
  }
  return {
    mode: params.mode,
    parent: params.parent === undefined || params.parent === null ? undefined : string(params.parent, 'parent'),
    filter: params.filter === undefined || params.filter === null ? undefined : string(params.filter, 'filter'),
  };
}

export function readUriParams(raw: unknown): { uri: string } {
  return { uri: string(object(raw, 'params').uri, 'uri') };
}

/** What `TextDocuments.listen` takes (the library does not export the type by name). */
type TextDocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

// Document notifications. TextDocuments applies them as they come: a `didOpen` whose text
// is not a string, or a `didChange` whose range holds floats, would become a document with
// a number for text or fractional line offsets, and every answer on it would carry them. A
// notification has no answer to carry an error, so a malformed one is logged and dropped.

/**
 * The connection as `TextDocuments.listen` sees it, with each document notification's
 * params checked first; `warn` hears about the ones dropped.
 */
export function checkedDocumentNotifications(connection: TextDocumentConnection, warn: (message: string) => void): TextDocumentConnection {
  const guard =
    <P>(method: string, read: (raw: unknown) => unknown, handler: NotificationHandler<P>): NotificationHandler<P> =>
    (raw: P) => {
      const checked = readParams(raw, read);
      if (checked instanceof ResponseError) {
        warn(`Ignored a malformed ${method} notification: ${checked.message}`);
        return;
      }
      handler(raw);
    };
  return {
    onDidOpenTextDocument: (handler) => connection.onDidOpenTextDocument(guard('textDocument/didOpen', readDidOpenParams, handler)),
    onDidChangeTextDocument: (handler) => connection.onDidChangeTextDocument(guard('textDocument/didChange', readDidChangeParams, handler)),
    onDidCloseTextDocument: (handler) => connection.onDidCloseTextDocument(guard('textDocument/didClose', readDocumentParams, handler)),
    // The server announces no save notifications, so those pass as they are.
    onWillSaveTextDocument: (handler) => connection.onWillSaveTextDocument(handler),
    onWillSaveTextDocumentWaitUntil: (handler) => connection.onWillSaveTextDocumentWaitUntil(handler),
    onDidSaveTextDocument: (handler) => connection.onDidSaveTextDocument(handler),
  };
}

function readDidOpenParams(raw: unknown): unknown {
  const document = object(object(raw, 'params').textDocument, 'textDocument');
  string(document.uri, 'textDocument.uri');
  string(document.languageId, 'textDocument.languageId');
  string(document.text, 'textDocument.text');
  integer(document.version, 'textDocument.version');
  return raw;
}

function readDidChangeParams(raw: unknown): unknown {
  const params = object(raw, 'params');
  const document = object(params.textDocument, 'textDocument');
  string(document.uri, 'textDocument.uri');
  integer(document.version, 'textDocument.version');
  if (!Array.isArray(params.contentChanges)) {
    reject('contentChanges', 'an array');
  }
  params.contentChanges.forEach((c: unknown, i) => {
    const change = object(c, `contentChanges[${i}]`);
    string(change.text, `contentChanges[${i}].text`);
    if (change.range !== undefined) {
      range(change.range, `contentChanges[${i}].range`);
    }
  });
  return raw;
}

/** Document versions are LSP `integer`s: any sign. */
function integer(value: unknown, what: string): number {
  return typeof value === 'number' && Number.isInteger(value) ? value : reject(what, 'an integer');
}
