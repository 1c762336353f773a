/**
 * The code frame printed under each finding in the text format: the line the finding
 * starts on, and a caret underline beneath the reported range.
 *
 * ```
 *   5 |       "Effect": "Alow",
 *     |                 ^^^^^^
 * ```
 *
 * Carets are aligned by characters (code points), not UTF-16 units, and tabs in the line
 * are repeated in the underline, so the carets sit under the text in a terminal. A range
 * that runs past the line is underlined to the line's end. Very long lines (minified JSON)
 * are cut to a window around the range. Control characters in the line are shown as visible
 * escapes (server/src/cli/printable.ts), and the underline counts their width.
 */
import type { LineIndex, Position } from './format';
import { printableUnits } from './printable';

/** Lines longer than this many code units are shown as a window around the range. */
export const MAX_FRAME_WIDTH = 120;
/** How much of the line is kept before the range when a long line is cut. */
const CONTEXT_BEFORE = 40;
const ELLIPSIS = '…';

export interface FramePaint {
  readonly gutter: (s: string) => string;
  readonly marker: (s: string) => string;
}

export function codeFrame(text: string, index: LineIndex, range: { start: Position; end: Position }, paint: FramePaint): string[] {
  const { start, end } = range;
  const lineStart = index.offsetAt({ line: start.line, character: 0 });
  const nextLine = index.offsetAt({ line: start.line + 1, character: 0 });
  const line = text.slice(lineStart, nextLine).replace(/\r?\n$|\r$/, '');
  let from = Math.min(start.character, line.length);
  let to = end.line === start.line ? Math.min(Math.max(end.character, from), line.length) : line.length;

  let shown = line;
  let prefix = '';
  if (line.length > MAX_FRAME_WIDTH) {
    const windowStart = Math.max(0, Math.min(from - CONTEXT_BEFORE, line.length - MAX_FRAME_WIDTH));
    const windowEnd = Math.min(line.length, windowStart + MAX_FRAME_WIDTH);
    prefix = windowStart > 0 ? ELLIPSIS : '';
    shown = `${prefix}${line.slice(windowStart, windowEnd)}${windowEnd < line.length ? ELLIPSIS : ''}`;
    from = from - windowStart + prefix.length;
    to = Math.min(to, windowEnd) - windowStart + prefix.length;
  }

  // Control characters are printed as visible escapes (`\x1b`), several columns wide each.
  const units = printableUnits(shown, { keepTabs: true });
  const columns = units.map((u, i) => (u.length > 1 ? u.length : isLowSurrogate(shown, i) ? 0 : 1));
  const pad = units
    .slice(0, from)
    .map((u, i) => (u === '\t' ? '\t' : ' '.repeat(columns[i]!)))
    .join('');
  const width = Math.max(1, columns.slice(from, to).reduce((a, b) => a + b, 0));
  const number = String(start.line + 1);
  const blank = ' '.repeat(number.length);
  return [`${paint.gutter(`  ${number} |`)} ${units.join('')}`, `${paint.gutter(`  ${blank} |`)} ${pad}${paint.marker('^'.repeat(width))}`];
}

/** The second half of a surrogate pair: one character with the first, so no column of its own. */
function isLowSurrogate(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code >= 0xdc00 && code <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
}
