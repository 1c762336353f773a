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

test('built from the CST where it can be, the tree is the composer path\'s after random edits', () => {
  const random = prng(Number(process.env.SEED ?? 29));
  const sources = [...corpusFiles().filter((f) => f.format === 'yaml').map((f) => f.text), ...Object.values(EDGES), ...Object.values(LEFT), samBase(3), stagesBase()];
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
