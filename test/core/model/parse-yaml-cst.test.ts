/**
 * The two fast YAML parses against the parse through `yaml`'s composer they stand in for:
 * the one built straight from `yaml`'s CST (model/parse-yaml-cst.ts) and the line scan
 * (model/parse-yaml-scan.ts). Wherever either takes a text, the tree and findings must be
 * the composer path's, node for node (offsets, lengths, keys, values, styles, sources,
 * parent links). Over every YAML file of the corpus, generated SAM templates, hand-written
 * cases at the edge of what they take, thousands of random edits of them, and thousands of
 * generated documents with comments, blank lines and block scalars in awkward places. Each
 * must take most templates, or it saves nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../server/src/core/model/parse-yaml';
import { parseYamlCst } from '../../../server/src/core/model/parse-yaml-cst';
import { parseYamlScan } from '../../../server/src/core/model/parse-yaml-scan';
import type { SourceDocument } from '../../../server/src/core/types';
import { corpusFiles, prng } from '../../robustness/fuzz-lib';
import { EDITS, int, randomBlockYaml, shape } from '../../helpers/yaml-shape';
import { samBase, stagesBase } from '../../robustness/incremental-lib';

const asDoc = (text: string, via: 'scan' | 'cst' | 'composer'): SourceDocument => {
  const parsed = parseYaml(text, via);
  return { format: 'yaml', text, roots: parsed.roots, kinds: [], syntaxFindings: parsed.findings.map((f) => ({ ...f, severity: 'error' as const, message: '' })) as never };
};

/**
 * Whether the CST path takes the text. Whichever of the CST path and the line scan takes it,
 * its result must be the composer's.
 */
function compare(text: string, label: string): boolean {
  const taken = parseYamlCst(text) !== undefined;
  const composed = shape(asDoc(text, 'composer'));
  assert.deepEqual(shape(asDoc(text, 'cst')), composed, label);
  if (parseYamlScan(text) !== undefined) {
    scanned++;
    assert.deepEqual(shape(asDoc(text, 'scan')), composed, `${label} (line scan)`);
  }
  return taken;
}

/** How many texts the line scan took. */
let scanned = 0;

const EDGES: Record<string, string> = {
  'numbers, booleans and nulls as the core schema reads them': 'A: 1\nB: 0o17\nC: 0x1F\nD: 1.50\nE: .inf\nF: true\nG: ~\nH: null\nI: 1e3\nJ: "1"\nK: \'2\'\n200: x\n0123: y\n',
  'short-form tags on scalars, flow and block collections': 'A: !Sub x\nB: !Ref Y\nC: !GetAtt [R, Arn]\nD: !If\n  - c\n  - a\n  - b\nE: [!Ref a, !Sub "b"]\nF: {a: !Ref b}\n',
  'long-form intrinsics': 'A:\n  Fn::Sub: x\nB: {Ref: Y}\n',
  'block scalars, kept and stripped': 'A: |\n  one\n  two\nB: >-\n  folded\n  text\n\nC: |+\n  kept\n\nD: x\n',
  'comments everywhere a block allows them': '# top\nA: 1 # after\n# between\nB:\n  # before the first\n  - a # item\n  # between items\n  - b\n# trailing\n',
  'quoted keys and escapes': '"a b": 1\n\'c\': 2\nD: "tab\\tnew\\nunicode\\u00e9"\nE: \'it\'\'s\'\n',
  'sequences of mappings, nested': 'A:\n- x: 1\n  y: 2\n- - a\n  - b\nB:\n  - {k: v, l: [1, 2]}\n',
  'a document marker and comment lines around the document': '# before\n--- # marker\nA: 1\n# after\n',
};

/**
 * Texts at the edges of the line scan: comments and blank lines where the parser places them
 * differently, block scalar headers and indentation, quoted and flow scalars, markers, wrong
 * indentation. Each is compared wherever a fast parse takes it; most are taken.
 */
const SCAN_EDGES: readonly string[] = [
  'A: http://x.y/z#frag\nB: a#b\nC: a # c\n',
  '"a:b": 1\n\'c d\' : 2\nE: x\n',
  'A: a:b\nB: "x": 1\n',
  'A: [a, "b, c", \'d]\', {e: f}]\nB: {"a b": [1,2], c: !Ref d}\n',
  'A:\n  - |\n    x\n  - >\n    y\n\n    z\n  -   w\n',
  'A: -1\nB: - x\n',
  'A: !Sub\n  - x${y}\n  - y: z\n',
  'A: !Ref\n',
  'A: |\n\n\n  x\n',
  'A: |\n   \n  x\n',
  'A: |-\n  x\n   \n  \n# c\nB: 1\n',
  'A: >2\n   x\n  y\nB: 1\n',
  'A:\n  B: 1\n    # deep\n  # mid\n# top\nC: 2\n',
  'A:\n- 1\n   # deep\n# top\n',
  'A: x\n...\n',
  '---\nA: 1\n---\n',
  'A: 1\n--- \n',
  '--- # c\n# d\nA: 1',
  '\n\n  A: 1\n  B: 2\n',
  'A: 𝒳 y\nB: "é\\u00e9\\x41\\U0001F600"\n',
  'A: "a\\qb"\n',
  'A: \'a\'\'\'\n',
  'A: [a, b,]\n',
  'A: []\nB: {}\nC: [ ]\n',
  'A: {a: }\n',
  'A: [a: b]\n',
  'A: !GetAtt\n  - R\n  - Arn\n',
  'A: ! x\n',
  'A: !!str x\n',
  'A: !Ref x y\n',
  'key with spaces: v\n',
  '? a\n',
  'A: x\n  # c\n  # d\nB: y\n',
  'A:   \n  B: 1\n',
  'A:    # c\n  B: 1\n',
  'A: !If # c\n  - a\n',
  '- a\n- b\n',
  'A: 1\n B: 2\n',
  'A:\n  B: 1\n C: 2\n',
  'A:\n    - x\n  - y\n',
  'A: 0o17\nB: 0x\nC: 1_000\nD: 1e\nE: .5\nF: +1\nG: -.inf\nH: .NaN\nI: 1.\n',
  'A: x  \nB: y\t\n',
  'A: "x" # c\nB: \'y\'# c\n',
  'A: [x] # c\nB: {a: b}# c\n',
  'A:\n  - - a\n    - b\n  - c\n',
  'A: |+\n  x\n\n\nB: 1\n',
  'A: |+\n  x\n\n',
  'A: >\n  a\n  b\n\n  c\n    d\n  e\n',
  'A: |\n  # not a comment\n  x\n',
  'A: |\nB: 1\n',
  'A: |\n  x\n y\n',
  'A: |1\n  x\n',
  'A: |0\n  x\n',
  'A: |--\n  x\n',
  'A: |#c\n  x\n',
  'A: >\n\n  x\n',
  'Resources:\n  R:\n    Type: X # t\n\n\n  # c\n\n  S:\n    Type: Y\n',
  'A:\n  - a\n  # c\n  - b\n',
  'A:\n  - a\n    # c\n  - b\n',
  'a: b\nc: d\n\n\n',
  'a: b\n   ',
  'a: b\n   # c',
  'a: |\n  x\n   ',
];

/** What the CST path leaves to the composer, each alone: the composer's answer stands. */
const LEFT: Record<string, string> = {
  'an anchor and an alias': 'A: &a 1\nB: *a\n',
  'an empty value': 'A:\nB: 1\n',
  'a flow collection over two lines': 'A: [a,\n  b]\n',
  'an explicit key': '? A\n: 1\n',
  'a plain scalar over two lines': 'A: x\n  continued\n',
  'a merge key': 'A: {x: 1}\nB:\n  <<: {G: 1}\n  H: 2\n',
  'a duplicate key': 'A: 1\nA: 2\n',
  'a directive': '%YAML 1.2\n---\nA: 1\n',
  'two documents': 'A: 1\n---\nB: 2\n',
  'a tag that is no intrinsic': 'A: !!str 1\n',
  'a tab in the indentation': 'A:\n\t- 1\n',
  'broken text': 'A: [1, 2\nB: 3\n',
  // Found in review: yaml's lexer reads a `-` before `,` `]` `}` in a flow collection as an
  // indicator (an error), and reports `!ForEach` as a tag it was not told of.
  'a dash alone in a flow sequence': 'A: [-]\n',
  'a dash alone as a flow mapping value': 'A: {a: -}\n',
  'a dash as the last flow item': 'A: [a, -]\n',
  'a dash after a tag in a flow sequence': 'A: [!Ref -]\n',
  'the ForEach tag, which yaml is not told of': 'A: !ForEach x\n',
};

test('built from the CST where it can be, the tree is the composer path\'s: corpus, generated templates, edge cases', () => {
  const corpus = corpusFiles().filter((f) => f.format === 'yaml');
  let taken = 0;
  for (const file of corpus) {
    taken += compare(file.text, file.name) ? 1 : 0;
  }
  assert.ok(taken > corpus.length / 2, `the CST path takes ${taken} of ${corpus.length} corpus files`);
  assert.ok(scanned > corpus.length / 2, `the line scan takes ${scanned} of ${corpus.length} corpus files`);
  for (const [name, text] of [['generated SAM template', samBase(20)], ['generated two-stage template', stagesBase()]] as const) {
    assert.ok(compare(text, name), `the CST path takes the ${name}`);
    assert.ok(parseYamlScan(text), `the line scan takes the ${name}`);
  }
  for (const [name, text] of Object.entries(EDGES)) {
    assert.equal(compare(text, name), true, `taken: ${name}`);
    assert.ok(parseYamlScan(text), `taken by the line scan: ${name}`);
  }
  for (const [name, text] of Object.entries(LEFT)) {
    assert.equal(compare(text, name), false, `left to the composer: ${name}`);
    assert.equal(parseYamlScan(text), undefined, `left to the composer by the line scan: ${name}`);
  }
});

test('the line scan at its edges: wherever it takes a text, the tree is the composer path\'s', () => {
  const before = scanned;
  SCAN_EDGES.forEach((text, i) => compare(text, `scan edge ${i}: ${JSON.stringify(text)}`));
  assert.ok(scanned - before >= SCAN_EDGES.length / 2, `the line scan took ${scanned - before} of ${SCAN_EDGES.length}`);
});

test('built from the CST where it can be, the tree is the composer path\'s after random edits', () => {
  const random = prng(Number(process.env.SEED ?? 29));
  const sources = [...corpusFiles().filter((f) => f.format === 'yaml').map((f) => f.text), ...Object.values(EDGES), ...Object.values(LEFT), ...SCAN_EDGES, samBase(3), stagesBase()];
  let taken = 0;
  let declined = 0;
  for (let i = 0; i < 3000; i++) {
    let text = sources[i % sources.length]!;
    // One to three edits, so broken and odd texts are met as well as plain ones.
    for (let k = 0; k <= int(random, 3); k++) {
      text = EDITS[int(random, EDITS.length)]!(text, random);
    }
    if (compare(text, `edit ${i}`)) {
      taken++;
    } else {
      declined++;
    }
  }
  // Up to three random edits break most texts; what still parses cleanly is taken.
  assert.ok(taken > 500, `taken ${taken}, declined ${declined}`);
  assert.ok(declined > 300, `the composer path is exercised too (declined ${declined})`);
});

test('the line scan gives the composer path\'s tree on generated documents with trivia and block scalars everywhere', () => {
  const random = prng(Number(process.env.SEED ?? 31));
  const before = scanned;
  for (let i = 0; i < 2000; i++) {
    compare(randomBlockYaml(random), `generated ${i}`);
  }
  // Most generated documents are valid YAML of the kind the scan reads.
  assert.ok(scanned - before > 1200, `the line scan took ${scanned - before} of 2000`);
});
