/**
 * What the YAML parse tests compare: a document as lines, every node with its place, its
 * values and whether its parent link is right (shape); and random edits the size of what a
 * user types (EDITS). Shared by test/core/model/reparse.test.ts and parse-yaml-cst.test.ts.
 */
import type { DocNode } from '../../server/src/core/model/node';
import type { SourceDocument } from '../../server/src/core/types';

export type Random = () => number;
export const int = (random: Random, n: number): number => Math.floor(random() * n);

/** Every node as one line: what it is, where it is, and that its parent link is right. */
export function shape(doc: SourceDocument): string[] {
  const out: string[] = [`kinds ${doc.kinds.join(',')}`];
  for (const f of doc.syntaxFindings) {
    out.push(`finding ${f.ruleId} ${f.messageId} ${f.offset}+${f.length} root ${f.root}`);
  }
  const visit = (node: DocNode, parent: DocNode | undefined, depth: number): void => {
    const pad = ' '.repeat(depth);
    const head = `${pad}${node.kind} ${node.offset}+${node.length}${node.parent === parent ? '' : ' WRONG-PARENT'}`;
    switch (node.kind) {
      case 'object':
        out.push(`${head} flow=${node.flow}`);
        for (const p of node.properties) {
          out.push(`${pad} key ${JSON.stringify(p.key)} ${p.keyOffset}+${p.keyLength} prop ${p.offset}+${p.length}`);
          visit(p.value, node, depth + 2);
        }
        break;
      case 'array':
        out.push(`${head} flow=${node.flow}`);
        node.items.forEach((item) => visit(item, node, depth + 1));
        break;
      case 'intrinsic':
        out.push(`${head} ${node.fn} short=${node.shortForm} key ${node.keyOffset}+${node.keyLength}`);
        visit(node.arg, node, depth + 1);
        break;
      default:
        out.push(`${head} ${JSON.stringify(node.value)} ${node.style} ${JSON.stringify(node.source)}`);
    }
  };
  doc.roots.forEach((root) => visit(root, undefined, 0));
  return out;
}

/** Edits the size of what a user types or deletes, at a random place. */
export const EDITS: ((text: string, random: Random) => string)[] = [
  // A line that a document marker or directive makes of its own (issue 13).
  (t, r) => {
    const at = t.lastIndexOf('\n', int(r, t.length)) + 1;
    return t.slice(0, at) + ['...', '---', '%YAML 1.2', '... # end', '--- !Ref x'][int(r, 5)] + '\n' + t.slice(at);
  },
  // Type a character.
  (t, r) => {
    const at = int(r, t.length + 1);
    return t.slice(0, at) + 'xa1 :-#"\'[{}]\n'[int(r, 15)] + t.slice(at);
  },
  // Delete a character.
  (t, r) => {
    const at = int(r, t.length);
    return t.slice(0, at) + t.slice(at + 1);
  },
  // Change a word.
  (t, r) => {
    const at = int(r, t.length);
    const m = /[A-Za-z0-9]+/.exec(t.slice(at));
    if (!m) {
      return t;
    }
    const s = at + m.index;
    return t.slice(0, s) + ['Renamed', 'Allow', 'Deny', 's3:*', '42', 'true', 'Ref'][int(r, 7)] + t.slice(s + m[0].length);
  },
  // A new line like the current one, under it.
  (t, r) => {
    const at = t.indexOf('\n', int(r, t.length));
    if (at < 0) {
      return t;
    }
    const lineStart = t.lastIndexOf('\n', at - 1) + 1;
    const indent = /^ */.exec(t.slice(lineStart, at))![0];
    const added = [`${indent}Added${int(r, 100)}: value`, `${indent}- item`, `${indent}# a comment`, '', `${indent}  Nested: !Ref X`][int(r, 5)];
    return `${t.slice(0, at + 1)}${added}\n${t.slice(at + 1)}`;
  },
  // Delete a line.
  (t, r) => {
    const from = t.lastIndexOf('\n', int(r, t.length)) + 1;
    const to = t.indexOf('\n', from);
    return to < 0 ? t.slice(0, from) : t.slice(0, from) + t.slice(to + 1);
  },
  // Paste a copy of a few lines elsewhere.
  (t, r) => {
    const from = t.lastIndexOf('\n', int(r, t.length)) + 1;
    let to = from;
    for (let i = 0; i < 1 + int(r, 4) && to >= 0; i++) {
      to = t.indexOf('\n', to + 1);
    }
    if (to < 0) {
      return t;
    }
    const at = t.lastIndexOf('\n', int(r, t.length)) + 1;
    return t.slice(0, at) + t.slice(from, to + 1) + t.slice(at);
  },
];


/**
 * A random, mostly valid YAML document of block mappings and sequences, with what makes a
 * line-by-line reading hard: comment lines at every indentation, blank lines (some with
 * spaces), block scalars of every header with blank and more-indented lines, compact and
 * indentless sequences, flow collections, quoted scalars and short-form tags.
 */
export function randomBlockYaml(random: Random): string {
  const lines: string[] = [];
  const trivia = (): void => {
    while (random() < 0.25) {
      const kind = int(random, 3);
      lines.push(kind === 0 ? '' : kind === 1 ? ' '.repeat(int(random, 9)) : `${' '.repeat(int(random, 10))}# c${int(random, 10)}`);
    }
  };
  const scalar = (): string =>
    ['plain', 'a b  c', '"q\\tx"', "'it''s'", '1', '-2.5', 'true', '~', 'null', 'x # note', '[a, !Ref b]', '{Ref: x}', '!Sub s-${A}', '!GetAtt [R, Arn]', 'arn:aws:s3:::b/*', '0x1F', '{a: [1, {b: c}]}', '[]'][int(random, 18)]!;
  const blockScalar = (indent: number): void => {
    const header = ['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-'][int(random, 8)]!;
    lines[lines.length - 1] += ` ${random() < 0.2 ? '!Sub ' : ''}${header}${random() < 0.2 ? ' # h' : ''}`;
    const explicit = /\d/.exec(header);
    const base = indent + (explicit ? Number(explicit[0]) : 2);
    for (let i = 0, n = 1 + int(random, 4); i < n; i++) {
      const kind = int(random, 5);
      lines.push(kind === 0 ? '' : kind === 1 ? ' '.repeat(int(random, base + 3)) : kind === 2 ? `${' '.repeat(base + 2)}more ${i}` : `${' '.repeat(base)}line ${i}`);
    }
  };
  const node = (indent: number, depth: number, prefix: string, seq?: boolean): void => {
    // `prefix` is what the first line starts with (`- ` for a compact mapping, or nothing);
    // `seq` makes it a sequence (an indentless one, under a mapping's key).
    const isSeq = seq ?? (depth === 0 || depth > 3 ? false : random() < 0.35);
    const n = 1 + int(random, 3);
    for (let i = 0; i < n; i++) {
      const lead = i === 0 && prefix ? prefix : ' '.repeat(indent);
      if (i > 0) {
        trivia();
      }
      if (isSeq) {
        lines.push(`${lead}-`);
      } else {
        lines.push(`${lead}K${depth}${i}:`);
      }
      const r = random();
      if (depth < 4 && r < 0.3) {
        // A collection on the lines after: indented, or under a mapping's key a sequence at
        // the key's own indentation.
        const indentless = !isSeq && random() < 0.3;
        trivia();
        node(indentless ? indent : indent + 2, depth + 1, '', indentless || undefined);
      } else if (isSeq && depth < 4 && r < 0.45) {
        // A compact mapping in the item.
        lines.pop();
        node(indent + 2, depth + 1, `${' '.repeat(indent)}- `);
      } else if (r < 0.6) {
        blockScalar(indent);
      } else {
        lines[lines.length - 1] += ` ${scalar()}`;
      }
    }
  };
  trivia();
  node(0, 0, '');
  trivia();
  return lines.join('\n') + (random() < 0.8 ? '\n' : '');
}
