/**
 * Declared reads against the reads the engine records (engine.ts `checkReads`): every memo
 * that keeps a value computed from a template's parameters and mappings declares what it
 * reads of them (template/reads.ts `templateReads`), and with checking on, the engine
 * records what resolving the values actually reads and lists each read a memo did not
 * declare. Over the corpus, generated templates and random edits of them, analysed with
 * their access analysis, nothing may be listed; and a memo that declares too little is
 * caught.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkReads, fresh, undeclaredReads } from '../../server/src/core/engine';
import { parseDocument } from '../../server/src/core/model/parse';
import { reparseDocument } from '../../server/src/core/model/reparse';
import { getProperty, nodeAtPath, type DocNode } from '../../server/src/core/model/node';
import { templateModel } from '../../server/src/core/template/model';
import { computeReading, templateReads } from '../../server/src/core/template/reads';
import { resolveString } from '../../server/src/core/template/resolve';
import type { SourceDocument } from '../../server/src/core/types';
import { analyzer } from '../helpers';
import { corpusFiles, prng } from '../robustness/fuzz-lib';
import { samBase, stagesBase } from '../robustness/incremental-lib';
import { EDITS, int } from '../helpers/yaml-shape';
import { READING } from '../helpers/reading-template';

const URI = 'file:///w/template.yaml';


const analyse = (doc: SourceDocument): void => {
  analyzer.analyze(doc, { workspace: { documents: [{ uri: URI, doc }], self: URI } });
};

beforeEach(() => checkReads(true));
afterEach(() => checkReads(false));

test('every read of a template the analysis makes is declared by the memo that keeps it: corpus and generated templates', () => {
  const texts = [...corpusFiles().map((f) => ({ name: f.name, text: f.text, format: f.format })), { name: 'reading', text: READING, format: 'yaml' as const }, { name: 'sam', text: samBase(6), format: 'yaml' as const }, { name: 'stages', text: stagesBase(), format: 'yaml' as const }];
  for (const { name, text, format } of texts) {
    analyse(parseDocument(text, { format }));
    assert.deepEqual(undeclaredReads(), [], name);
  }
});

test('regression: a Ref to a structure or a number reads what its memo declares (found by the random edits)', () => {
  // `!Ref [a, b]` looked up the parameter "" though nothing declared it; `{Ref: 7}` named the
  // parameter "7" to resolution but not to templateReads.
  for (const value of ['!Ref [a, b]', '{Ref: 7}', '!Ref 7', '{Ref: true}', '!Sub "arn:aws:s3:::${}"', '!Sub "arn:aws:s3:::${ !x}"']) {
    const text = READING.replace('Resource: !Sub arn:aws:execute-api', `Resource: ${value}\n              Condition: {StringEquals: {a: !Sub "arn:aws:execute-api`).replace('/${Stage}/GET/*\n', '/${Stage}/GET/*"}}\n');
    analyse(parseDocument(text, { format: 'yaml' }));
    assert.deepEqual(undeclaredReads(), [], value);
  }
  const numbered = READING.replace('  Prefix:\n', '  "7":\n    Type: String\n    Default: seven\n  Prefix:\n').replace('Action: execute-api:Invoke', 'Action: {Ref: 7}');
  analyse(parseDocument(numbered, { format: 'yaml' }));
  assert.deepEqual(undeclaredReads(), []);
});

test('regression: `${}` in a Sub reads the parameter "" and is declared so; an edit to that parameter reaches the value (found in review)', () => {
  const text = READING.replace('  Prefix:\n', '  "":\n    Type: String\n    Default: one\n  Prefix:\n').replace('Action: execute-api:Invoke', 'Action: !Sub "s3:${}"');
  let doc = parseDocument(text, { format: 'yaml' });
  analyse(doc);
  assert.deepEqual(undeclaredReads(), []);
  const next = text.replace('Default: one', 'Default: two');
  doc = reparseDocument(doc, next, { format: 'yaml' }).doc;
  const actionOf = (d: SourceDocument): string[] => {
    const model = templateModel(d.roots[0]!);
    const caller = [...model.resources.values()].find((r) => r.logicalId === 'Caller')!.node;
    const first = nodeAtPath(caller, ['Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0]);
    return resolveString(getProperty(first, 'Action'), model).map((r) => r.text);
  };
  assert.deepEqual(actionOf(doc), ['s3:two']);
  assert.deepEqual(actionOf(doc), fresh(() => actionOf(parseDocument(next, { format: 'yaml' }))));
});

test('every read is declared after random edits, reparsed and analysed with kept memos', () => {
  const random = prng(Number(process.env.SEED ?? 47));
  const bases = [READING, samBase(3), stagesBase()];
  for (let sequence = 0; sequence < 24; sequence++) {
    let text = bases[sequence % bases.length]!;
    let doc = parseDocument(text, { format: 'yaml' });
    analyse(doc);
    for (let k = 0; k < 6; k++) {
      text = EDITS[int(random, EDITS.length)]!(text, random);
      doc = reparseDocument(doc, text, { format: 'yaml' }).doc;
      analyse(doc);
      assert.deepEqual(undeclaredReads(), [], `sequence ${sequence}, edit ${k}`);
    }
  }
});

test('a memo that declares less than its computation reads is listed, with what it read', () => {
  const doc = parseDocument(READING, { format: 'yaml' });
  const model = templateModel(doc.roots[0]!);
  const node = [...model.resources.values()].find((r) => r.logicalId === 'Fn')!.node;
  // The Sub in the statement's Action names Prefix, whose default names Stage.
  const statementAction = (): unknown => resolveString(findAction(node), model);
  fresh(() => computeReading('test.too-little', () => model, [], statementAction));
  const listed = undeclaredReads();
  assert.deepEqual(
    listed.map((u) => `${u.memo} ${u.read.source} ${u.read.key}`),
    ['test.too-little parameter Prefix', 'test.too-little parameter Stage'],
  );
  // Declared as templateReads gives it, nothing is listed.
  checkReads(true);
  fresh(() => computeReading('test.enough', () => model, templateReads(model, findAction(node)), statementAction));
  assert.deepEqual(undeclaredReads(), []);
});

function findAction(resource: DocNode): DocNode {
  const policies = getProperty(getProperty(resource, 'Properties'), 'Policies');
  const statement = policies?.kind === 'array' ? getProperty(policies.items[1], 'Statement') : undefined;
  const first = statement?.kind === 'array' ? statement.items[0] : undefined;
  return getProperty(first, 'Action')!;
}
