/**
 * The bench's generated SAM templates and keystrokes (bench/lib/sam-gen.mjs), checked so the
 * bench cannot silently time broken files: the template parses with no syntax finding, and
 * every edit kind's keystrokes, applied as an editor applies ranged changes, keep it free of
 * syntax findings and bring back the generated text. No timing here: that is the bench's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { analyzer } from '../helpers';

const REPO_ROOT = resolve(__dirname, '..', '..', '..');

interface Generated {
  readonly text: string;
  readonly kinds: readonly string[];
  readonly edits: readonly { kind: string; burst: number; change: TextDocumentContentChangeEvent }[];
}

/**
 * The generator is an ES module and the tests compile to CommonJS, so a child process
 * imports it and hands over the template and its keystrokes as JSON.
 */
function generate(lines: number): Generated {
  const lib = pathToFileURL(join(REPO_ROOT, 'bench', 'lib', 'sam-gen.mjs')).href;
  const script = `import(${JSON.stringify(lib)}).then((g) => { const text = g.samApplication({ lines: ${lines} }); process.stdout.write(JSON.stringify({ text, kinds: g.EDIT_KINDS, edits: g.editSequence(text, { bursts: 2, keystrokes: 10 }) })); });`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Generated;
}

const syntaxFindings = (text: string): readonly string[] => analyzer.parse(text, { format: 'yaml', assumeRelevant: true }).syntaxFindings.map((f) => f.ruleId);

const generated = generate(1000);

test('the generated 1k-line SAM template has at least 1,000 lines and no syntax finding', () => {
  assert.ok(generated.text.split('\n').length > 1000);
  assert.deepEqual(syntaxFindings(generated.text), []);
});

for (const kind of generated.kinds) {
  test(`bench keystrokes of kind ${kind}: 20 single-character ranged changes that keep the template clean and end on the generated text`, () => {
    const edits = generated.edits.filter((e) => e.kind === kind);
    assert.equal(edits.length, 20);
    assert.ok(edits.every((e) => 'range' in e.change && e.change.text.length <= 1));
    const doc = TextDocument.create('file:///bench/template.yaml', 'yaml', 1, generated.text);
    let version = 1;
    const seen = new Set<string>();
    for (const { change } of edits) {
      TextDocument.update(doc, [change], ++version);
      seen.add(doc.getText());
      assert.deepEqual(syntaxFindings(doc.getText()), [], `after keystroke ${version - 1}`);
    }
    assert.equal(doc.getText(), generated.text);
    // Each burst types something: the keystrokes really changed the text on the way.
    assert.ok(seen.size >= 10);
  });
}

test('the bench rotates over the kinds: each burst of ten keystrokes is one kind, and consecutive bursts differ', () => {
  const bursts: string[] = [];
  generated.edits.forEach((e, i) => {
    if (i % 10 === 0) {
      bursts.push(e.kind);
    }
    assert.equal(e.kind, bursts[bursts.length - 1]);
  });
  assert.deepEqual(bursts, [...generated.kinds, ...generated.kinds]);
});
