/**
 * Hostile input: nesting far past the limit, nesting just under it, and random garbage.
 * Parsing never throws, and neither does analysing what it returns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../server/src/core/model/parse-json';
import { parseYaml } from '../../../server/src/core/model/parse-yaml';
import { firstTooDeepOffset, MAX_NESTING_DEPTH } from '../../../server/src/core/model/limits';
import { children, type DocNode } from '../../../server/src/core/model/node';
import type { DocumentFormat } from '../../../server/src/core/types';
import { analyzer } from '../../helpers';

/** Offset of the bracket that opens level `limit + 1`: where syntax/too-deep must point. */
function offsetOfLevel(text: string, level: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '[' || text[i] === '{') {
      depth++;
      if (depth === level) {
        return i;
      }
    }
  }
  throw new Error(`text is not ${level} levels deep`);
}

/** Depth of a tree, iteratively (the trees here are deep enough to matter). */
function depthOf(root: DocNode): number {
  let max = 0;
  const stack: [DocNode, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    max = Math.max(max, depth);
    for (const child of children(node)) {
      stack.push([child, depth + 1]);
    }
  }
  return max;
}

const nested = (open: string, close: string, levels: number, inner = ''): string => open.repeat(levels) + inner + close.repeat(levels);

const tooDeepCases: readonly { name: string; format: DocumentFormat; text: string }[] = [
  { name: 'JSON arrays', format: 'json', text: nested('[', ']', 10_000) },
  { name: 'JSON objects', format: 'json', text: nested('{"a": ', '}', 10_000, '1') },
  { name: 'JSON arrays, unclosed', format: 'json', text: '['.repeat(10_000) },
  { name: 'YAML flow sequences', format: 'yaml', text: `a: ${nested('[', ']', 10_000)}\n` },
  { name: 'YAML flow mappings', format: 'yaml', text: `a: ${nested('{b: ', '}', 10_000, '1')}\n` },
  { name: 'YAML flow, unclosed', format: 'yaml', text: `a: ${'['.repeat(10_000)}` },
];

for (const c of tooDeepCases) {
  test(`limits: 10,000-deep ${c.name} give one syntax/too-deep and no tree`, () => {
    const parse = (): readonly { ruleId: string; offset: number; length: number }[] =>
      c.format === 'json' ? parseJson(c.text).findings : parseYaml(c.text).findings;
    const found = parse();
    assert.deepEqual(
      found.map((f) => ({ ruleId: f.ruleId, offset: f.offset, length: f.length })),
      [{ ruleId: 'syntax/too-deep', offset: offsetOfLevel(c.text, MAX_NESTING_DEPTH + 1), length: 1 }],
    );
    const doc = analyzer.parse(c.text, { format: c.format, assumeRelevant: true });
    assert.deepEqual(doc.roots, []);
    const all = analyzer.analyze(doc);
    assert.deepEqual(
      all.map((f) => f.ruleId),
      ['syntax/too-deep'],
    );
  });
}

for (const format of ['json', 'yaml'] as const) {
  test(`limits: nesting exactly at the limit parses (${format})`, () => {
    const text = nested('[', ']', MAX_NESTING_DEPTH);
    const { roots, findings } = format === 'json' ? { roots: [parseJson(text).root], findings: parseJson(text).findings } : parseYaml(text);
    assert.deepEqual(findings, []);
    assert.equal(roots.length, 1);
    assert.equal(depthOf(roots[0]!), MAX_NESTING_DEPTH);
  });

  test(`limits: a policy nested just under the limit is analysed (${format})`, () => {
    // The policy opens five levels before the Condition value; the value takes the rest.
    const deepValue = nested('[', ']', MAX_NESTING_DEPTH - 5, '"x"');
    const json = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:SourceAccount": ${deepValue}}}}]}`;
    assert.equal(firstTooDeepOffset(json, MAX_NESTING_DEPTH), undefined);
    const doc = analyzer.parse(json, { format, assumeRelevant: true });
    assert.deepEqual(doc.syntaxFindings, []);
    assert.deepEqual(doc.kinds, ['iam-policy']);
    assert.doesNotThrow(() => analyzer.analyze(doc));
  });
}

test('limits: brackets inside JSON strings do not count', () => {
  const text = `{"a": "${'['.repeat(10_000)}"}`;
  const { root, findings } = parseJson(text);
  assert.deepEqual(findings, []);
  assert.equal(root?.kind, 'object');
});

test('limits: deep compact block nesting in YAML does not throw', () => {
  // `- - - x` costs two columns a level: deep, but only as deep as the line is long.
  for (const text of [`Statement:\n  ${'- '.repeat(10_000)}x\n`, `Statement:\n  ${'a: '.repeat(3_000)}x\n`]) {
    assert.doesNotThrow(() => analyzer.analyze(analyzer.parse(text, { format: 'yaml', assumeRelevant: true })));
  }
});

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = ['[', ']', '{', '}', '"', "'", ':', ',', '\n', ' ', '  ', '- ', '#', '|', '>', '&a ', '*a', '!Ref ', '<<: ', '\\', '/*', '//', 'a', '1', 'Statement', 'Version', 'Effect: Allow', '\t'];

for (const format of ['json', 'yaml'] as const) {
  test(`limits: parsing and analysing random garbage never throws (${format})`, () => {
    const next = random(format === 'json' ? 20_240_101 : 20_240_102);
    for (let i = 0; i < 200; i++) {
      const length = Math.floor(next() * 80);
      let text = '';
      for (let j = 0; j < length; j++) {
        text += PIECES[Math.floor(next() * PIECES.length)];
      }
      const label = `case ${i}: ${JSON.stringify(text)}`;
      let doc;
      try {
        doc = analyzer.parse(text, { format, assumeRelevant: true });
        analyzer.analyze(doc);
      } catch (error) {
        assert.fail(`${label} threw ${String(error)}`);
      }
      // Every node lies inside the text, and every finding starts inside it.
      const walk = (node: DocNode): void => {
        assert.ok(node.offset >= 0 && node.length >= 0 && node.offset + node.length <= text.length, `${label}: node out of range`);
        children(node).forEach(walk);
      };
      doc.roots.forEach(walk);
      for (const f of doc.syntaxFindings) {
        assert.ok(f.offset >= 0 && f.offset <= text.length && f.length >= 0, `${label}: finding out of range`);
      }
    }
  });
}
