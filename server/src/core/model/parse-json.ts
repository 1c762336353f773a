/**
 * JSON text → DocNode, through jsonc-parser. Never throws: syntax errors come back as
 * findings next to whatever partial tree jsonc-parser recovered.
 */
import { ParseErrorCode, parseTree, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import type { DocNode, ObjectNode, PropertyNode } from './node';
import { wrapLongFormIntrinsic } from './intrinsics';
import { syntaxFinding, type SyntaxFindingSink } from './syntax-findings';
import { firstTooDeepOffset, MAX_NESTING_DEPTH } from './limits';

export interface ParsedJson {
  readonly root: DocNode | undefined;
  readonly findings: SyntaxFindingSink['findings'];
}

/**
 * Parses JSON text. `mapOffset` turns an offset into `text` into an offset into the
 * host document; it is the identity for a whole file and a line map for JSON that was
 * written inside a YAML block scalar.
 */
export function parseJson(text: string, mapOffset: (offset: number) => number = identity): ParsedJson {
  const sink: SyntaxFindingSink = { findings: [] };
  const tooDeep = firstTooDeepOffset(text, MAX_NESTING_DEPTH);
  if (tooDeep !== undefined) {
    sink.findings.push(
      syntaxFinding('syntax/too-deep', 'tooDeep', mapOffset(tooDeep), 1, { limit: MAX_NESTING_DEPTH }),
    );
    return { root: undefined, findings: sink.findings };
  }
  const errors: ParseError[] = [];
  let tree: JsonNode | undefined;
  try {
    tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  } catch {
    // jsonc-parser is not known to throw; this keeps "parsing never throws" true regardless.
    tree = undefined;
    errors.push({ error: ParseErrorCode.InvalidSymbol, offset: 0, length: 0 });
  }
  // A document cut short gets one error from jsonc-parser per construct left open (an
  // unterminated string, then a colon, a closing brace, a closing bracket, all at the end).
  // The first error that reaches the end says what happened; the rest only repeat it.
  const end = text.trimEnd().length;
  const seen = new Set<string>();
  let truncated = false;
  for (const e of errors) {
    const atEnd = e.offset >= end || (e.offset + e.length >= end && UNTERMINATED.has(e.error));
    const key = `${e.offset}:${e.error}`;
    if (seen.has(key) || (atEnd && truncated)) {
      continue;
    }
    seen.add(key);
    truncated ||= atEnd && end > 0;
    sink.findings.push(
      syntaxFinding('syntax/parse-error', atEnd && end > 0 ? 'jsonTruncated' : 'json', mapOffset(e.offset), Math.max(1, mapLength(mapOffset, e.offset, e.length)), {
        detail: describeJsonError(e),
      }),
    );
  }
  const root = tree ? convert(tree, undefined, { text, map: mapOffset, sink }) : undefined;
  return { root, findings: sink.findings };
}

/** Errors for a token that runs to the end of the text because its closing quote or digits never come. */
const UNTERMINATED: ReadonlySet<ParseErrorCode> = new Set([ParseErrorCode.UnexpectedEndOfString, ParseErrorCode.UnexpectedEndOfComment, ParseErrorCode.UnexpectedEndOfNumber]);

function identity(offset: number): number {
  return offset;
}

function mapLength(mapOffset: (o: number) => number, offset: number, length: number): number {
  return mapOffset(offset + length) - mapOffset(offset);
}

function describeJsonError(e: ParseError): string {
  switch (printParseErrorCode(e.error)) {
    case 'InvalidSymbol':
      return 'unexpected character';
    case 'InvalidNumberFormat':
      return 'malformed number';
    case 'PropertyNameExpected':
      return 'a property name was expected (trailing commas are not allowed in JSON)';
    case 'ValueExpected':
      return 'a value was expected';
    case 'ColonExpected':
      return 'a colon was expected';
    case 'CommaExpected':
      return 'a comma was expected';
    case 'CloseBraceExpected':
      return 'a closing brace was expected';
    case 'CloseBracketExpected':
      return 'a closing bracket was expected';
    case 'EndOfFileExpected':
      return 'the document should end here';
    case 'InvalidCommentToken':
      return 'comments are not allowed in JSON policies';
    case 'UnexpectedEndOfComment':
      return 'unterminated comment';
    case 'UnexpectedEndOfString':
      return 'unterminated string';
    case 'UnexpectedEndOfNumber':
      return 'unterminated number';
    case 'InvalidUnicode':
      return 'invalid unicode escape';
    case 'InvalidEscapeCharacter':
      return 'invalid escape character';
    case 'InvalidCharacter':
      return 'invalid character in string';
    default:
      return 'malformed JSON';
  }
}

interface ConvertContext {
  readonly text: string;
  readonly map: (offset: number) => number;
  readonly sink: SyntaxFindingSink;
}

function convert(node: JsonNode, parent: ObjectNode | undefined, ctx: ConvertContext): DocNode {
  const { map, sink } = ctx;
  const offset = map(node.offset);
  // jsonc-parser counts an unterminated `/*` at the end of the text one character past
  // the end; a node never reaches beyond the text it came from.
  const length = map(Math.min(node.offset + node.length, ctx.text.length)) - offset;
  switch (node.type) {
    case 'object': {
      const obj: ObjectNode = { kind: 'object', offset, length, properties: [], flow: true, parent };
      const seen = new Set<string>();
      for (const propNode of node.children ?? []) {
        const keyNode = propNode.children?.[0];
        const valueNode = propNode.children?.[1];
        if (!keyNode || !valueNode) {
          continue; // jsonc-parser already reported the syntax error.
        }
        const key = String(keyNode.value);
        const value = convert(valueNode, undefined, ctx);
        const keyOffset = map(keyNode.offset);
        const prop: PropertyNode = {
          key,
          keyOffset,
          keyLength: map(keyNode.offset + keyNode.length) - keyOffset,
          value,
          offset: keyOffset,
          length: value.offset + value.length - keyOffset,
        };
        if (seen.has(key)) {
          sink.findings.push(syntaxFinding('syntax/duplicate-key', 'duplicate', prop.keyOffset, prop.keyLength, { key }));
        }
        seen.add(key);
        obj.properties.push(prop);
      }
      return wrapLongFormIntrinsic(obj);
    }
    case 'array': {
      const arr: DocNode = { kind: 'array', offset, length, items: [], flow: true, parent };
      for (const child of node.children ?? []) {
        const item = convert(child, undefined, ctx);
        item.parent = arr;
        arr.items.push(item);
      }
      return arr;
    }
    case 'string':
      return { kind: 'string', offset, length, value: String(node.value), source: String(node.value), style: 'double', parent };
    case 'number':
      return { kind: 'number', offset, length, value: Number(node.value), source: ctx.text.slice(node.offset, node.offset + node.length), style: 'plain', parent };
    case 'boolean':
      return { kind: 'boolean', offset, length, value: Boolean(node.value), source: String(node.value), style: 'plain', parent };
    default:
      return { kind: 'null', offset, length, value: null, source: 'null', style: 'plain', parent };
  }
}
