/**
 * Text for a terminal. File names, messages and source lines come from the repository being
 * checked, and a terminal obeys what it prints: an escape sequence can recolour, retitle or
 * clear it, a bell rings, a newline or carriage return forges a line of output, and bidi
 * overrides make text read differently from what it is. So every such character is shown as
 * a visible escape (`\x1b`, `\n`, `\u202e`) instead. JSON and SARIF are for programs and stay
 * exact (JSON.stringify escapes control characters itself).
 */

/** `keepTabs`: a tab in a source line stays a tab, so the caret underline lines up with it. */
export function printable(text: string, options: { readonly keepTabs?: boolean } = {}): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (needsEscape(code, options.keepTabs === true)) {
      out += text.slice(from, i) + escapeOf(code);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * Each UTF-16 unit of `text` as what `printable` prints for it, so a caller can measure
 * columns of the printed line (the code frame's caret underline does).
 */
export function printableUnits(text: string, options: { readonly keepTabs?: boolean } = {}): string[] {
  const units: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    units.push(needsEscape(code, options.keepTabs === true) ? escapeOf(code) : text[i]!);
  }
  return units;
}

function needsEscape(code: number, keepTabs: boolean): boolean {
  if (code < 0x20) {
    return !(keepTabs && code === 0x09);
  }
  return (
    (code >= 0x7f && code <= 0x9f) || // DEL and the C1 controls (0x9b is a one-byte CSI)
    code === 0x061c || // Arabic letter mark
    code === 0x200e ||
    code === 0x200f || // left-to-right and right-to-left marks
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2066 && code <= 0x2069) || // bidi isolates
    code === 0x2028 ||
    code === 0x2029 // line and paragraph separators
  );
}

const NAMED: Readonly<Record<number, string>> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

function escapeOf(code: number): string {
  return NAMED[code] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
}
