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
  let older = new Array<number>(b.length + 1).fill(0);
  let prev = new Array<number>(b.length + 1);
  let curr = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) {
    prev[j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    curr[0] = i;
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let d = Math.min(prev[j]! + 1, curr[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        d = Math.min(d, older[j - 2]! + 1);
      }
      curr[j] = d;
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) {
      return max + 1;
    }
    [older, prev, curr] = [prev, curr, older];
  }
  return prev[b.length]!;
}

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
