/**
 * A unified diff of two texts, line by line, for `--fix-dry-run`: `---`/`+++` headers, then
 * hunks with three lines of context, as `git diff` and `patch` read them. Lines are compared
 * with their line break, so a changed line ending shows as a change. The shortest edit script
 * is Myers' O(ND) algorithm: fixes change few lines, so D stays small even in large files.
 */

export function unifiedDiff(before: string, after: string, oldName: string, newName: string, context = 3): string {
  if (before === after) {
    return '';
  }
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = editScript(a, b);
  const lines: string[] = [`--- ${oldName}`, `+++ ${newName}`];
  for (const hunk of hunks(ops, context)) {
    const oldStart = hunk.oldStart + (hunk.oldCount > 0 ? 1 : 0);
    const newStart = hunk.newStart + (hunk.newCount > 0 ? 1 : 0);
    lines.push(`@@ -${oldStart},${hunk.oldCount} +${newStart},${hunk.newCount} @@`);
    for (const op of hunk.ops) {
      const text = op.kind === 'insert' ? b[op.newIndex]! : a[op.oldIndex]!;
      const mark = op.kind === 'insert' ? '+' : op.kind === 'delete' ? '-' : ' ';
      lines.push(`${mark}${text.replace(/\r?\n$/, '')}`);
      if (!/\n$/.test(text)) {
        lines.push('\\ No newline at end of file');
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Lines with their line breaks (`\n` or `\r\n`); a last line without one is kept as is. */
function splitLines(text: string): string[] {
  return text === '' ? [] : (text.match(/[^\n]*\n|[^\n]+$/g) ?? []);
}

interface Op {
  readonly kind: 'equal' | 'delete' | 'insert';
  readonly oldIndex: number;
  readonly newIndex: number;
}

/** Myers' greedy shortest edit script, then walked back into equal/delete/insert steps. */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  outer: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        trace.push(next);
        break outer;
      }
    }
    v = next;
  }
  // Walk back from (n, m) through the recorded frontiers.
  const ops: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : frontier[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY && x > 0 && y > 0 && a[x - 1] === b[y - 1]) {
      x--;
      y--;
      ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
    }
    if (d === 0) {
      break;
    }
    if (down) {
      y--;
      ops.push({ kind: 'insert', oldIndex: x, newIndex: y });
    } else {
      x--;
      ops.push({ kind: 'delete', oldIndex: x, newIndex: y });
    }
  }
  while (x > 0 && y > 0) {
    x--;
    y--;
    ops.push({ kind: 'equal', oldIndex: x, newIndex: y });
  }
  return ops.reverse();
}

interface Hunk {
  readonly oldStart: number;
  readonly newStart: number;
  oldCount: number;
  newCount: number;
  readonly ops: Op[];
}

/** Groups changes with `context` equal lines around them; changes closer than twice that share a hunk. */
function hunks(ops: readonly Op[], context: number): Hunk[] {
  const out: Hunk[] = [];
  const changed = ops.map((op) => op.kind !== 'equal');
  let i = 0;
  while (i < ops.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - context);
    let end = i;
    // Extend while the next change is within 2 × context equal lines.
    for (;;) {
      let j = end + 1;
      while (j < ops.length && !changed[j] && j - end <= 2 * context) {
        j++;
      }
      if (j < ops.length && changed[j] && j - end <= 2 * context) {
        end = j;
      } else {
        break;
      }
    }
    const stop = Math.min(ops.length, end + context + 1);
    const slice = ops.slice(start, stop);
    const first = slice[0]!;
    const hunk: Hunk = { oldStart: first.oldIndex, newStart: first.newIndex, oldCount: 0, newCount: 0, ops: slice };
    for (const op of slice) {
      hunk.oldCount += op.kind === 'insert' ? 0 : 1;
      hunk.newCount += op.kind === 'delete' ? 0 : 1;
    }
    out.push(hunk);
    i = stop;
  }
  return out;
}
