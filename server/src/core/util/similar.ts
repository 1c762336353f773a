import { cell } from '../engine';

/**
 * Edit distance for "did you mean" suggestions: optimal string alignment, so a swapped
 * pair of letters ("Efefct") is one edit, as people type it. Bounded: once a whole row
 * exceeds `max` the comparison stops, so a long input costs O(len × len) at worst and
 * usually far less.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) {
    return max + 1;
  }
  const width = b.length + 1;
  // Three rows (two back, one back, this one) in one reused buffer: no allocation per call.
  let rows = scratch.get();
  if (rows.length < width * 3) {
    rows = scratch.set(new Int32Array(width * 3 * 2));
  }
  let older = 0;
  let prev = width;
  let curr = width * 2;
  for (let j = 0; j < width; j++) {
    rows[prev + j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    rows[curr] = i;
    let rowMin = i;
    for (let j = 1; j < width; j++) {
      const bj = b.charCodeAt(j - 1);
      const substitution = rows[prev + j - 1]! + (ai === bj ? 0 : 1);
      const deletion = rows[prev + j]! + 1;
      const insertion = rows[curr + j - 1]! + 1;
      let d = substitution < deletion ? substitution : deletion;
      if (insertion < d) {
        d = insertion;
      }
      if (j > 1 && ai === b.charCodeAt(j - 2) && aPrev === bj && rows[older + j - 2]! + 1 < d) {
        d = rows[older + j - 2]! + 1;
      }
      rows[curr + j] = d;
      if (d < rowMin) {
        rowMin = d;
      }
    }
    if (rowMin > max) {
      return max + 1;
    }
    const spare = older;
    older = prev;
    prev = curr;
    curr = spare;
  }
  return rows[prev + b.length]!;
}

/** The reused rows of editDistance (scratch space, owned by the engine like all kept state). */
const scratch = cell('util/similar.scratch', () => new Int32Array(256));

/**
 * The candidate closest to `word`, compared case-insensitively, if it is near enough:
 * by default at most a third of the word's length in edits, and at least one.
 */
export function closestMatch(word: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const lower = word.toLowerCase();
  const limit = maxDistance ?? Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const d = editDistance(lower, candidate.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
