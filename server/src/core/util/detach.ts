/**
 * Copies of data that share no characters with a document's text. A string read from a
 * parse is often a slice of the text, and a slice holds its whole text: a name or a path
 * kept after the parse is gone (an API inventory kept for the next version, a row kept
 * across matrices) would keep every old text of a large template alive.
 */

/** A string equal to `s` that holds only its own characters. */
export function ownString(s: string): string {
  // Shorter strings are always copied by V8; longer ones are sliced. Slicing a concatenation
  // flattens it into a new string first, so the slice holds that one (one character longer).
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

/**
 * A deep copy of plain data (arrays, plain objects, strings, numbers, booleans, null) with
 * every string its own; objects shared within `value` stay shared in the copy.
 */
export function detached<T>(value: T): T {
  const copies = new Map<object, unknown>();
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') {
      return ownString(v);
    }
    if (typeof v !== 'object' || v === null) {
      return v;
    }
    const known = copies.get(v);
    if (known !== undefined) {
      return known;
    }
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      copies.set(v, out);
      for (const item of v) {
        out.push(copy(item));
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    copies.set(v, out);
    for (const [key, item] of Object.entries(v)) {
      out[key] = copy(item);
    }
    return out;
  };
  return copy(value) as T;
}
