/**
 * Bounds that keep hostile input from hanging or crashing the parser and the rules.
 * The parsers and our tree walks recurse, so nesting is checked before parsing.
 */
export const MAX_NESTING_DEPTH = 256;
/** Nodes that YAML alias expansion may create in one document, beyond those written out. */
export const MAX_ALIAS_EXPANSION_NODES = 10_000;

/**
 * Offset of the first bracket that opens nesting deeper than `limit`, counting `[`/`{`
 * outside JSON strings (comments are not skipped: brackets in them count too, which errs
 * on the side of refusing); `undefined` when the text stays within it. Linear time.
 * YAML block nesting costs at least one column of indentation per level, so only flow
 * nesting can be both deep and short, and flow nesting is what this counts. YAML's plain
 * scalars may hold a lone quote, so for YAML quotes are not honoured: a bracket inside a
 * quoted YAML string counts, which errs on the side of refusing.
 */
export function firstTooDeepOffset(text: string, limit: number, honourQuotes = true): number | undefined {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */ && quote === 34) {
        i++;
      } else if (c === quote) {
        quote = 0;
      }
      continue;
    }
    if (c === 34 /* " */ && honourQuotes) {
      quote = 34;
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      depth++;
      if (depth > limit) {
        return i;
      }
    } else if (c === 93 || c === 125) {
      if (depth > 0) {
        depth--;
      }
    }
  }
  return undefined;
}
