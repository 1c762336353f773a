/**
 * Text edits in the document's own style: quoting kept on replace and rename, a new first
 * property laid out like its neighbours, and the quote style a document prefers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indentationAt, insertFirstProperty, preferredStyle, renameKey, replaceScalar, scalarText } from '../../../server/src/core/util/edits';
import { nodeAtPath, propertyAtPath, type Path } from '../../../server/src/core/model/node';
import type { DocumentFormat } from '../../../server/src/core/types';
import { applyEdits, markers, parse } from '../../helpers';

interface EditCase {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly code: string;
  readonly path: Path;
  readonly value: string;
  readonly output: string;
}

const replaceCases: readonly EditCase[] = [
  { name: 'JSON string keeps its quotes', format: 'json', code: '{"Effect": "Alow"}', path: ['Effect'], value: 'Allow', output: '{"Effect": "Allow"}' },
  { name: 'JSON boolean becomes a string', format: 'json', code: '{"Effect": true}', path: ['Effect'], value: 'Allow', output: '{"Effect": "Allow"}' },
  { name: 'JSON escapes what it must', format: 'json', code: '{"a": "x"}', path: ['a'], value: 'say "hi"\n', output: '{"a": "say \\"hi\\"\\n"}' },
  { name: 'YAML plain stays plain', format: 'yaml', code: 'Effect: Alow\n', path: ['Effect'], value: 'Allow', output: 'Effect: Allow\n' },
  { name: 'YAML single stays single', format: 'yaml', code: "Effect: 'Alow'\n", path: ['Effect'], value: 'Allow', output: "Effect: 'Allow'\n" },
  { name: 'YAML single doubles an apostrophe', format: 'yaml', code: "a: 'x'\n", path: ['a'], value: "it's", output: "a: 'it''s'\n" },
  { name: 'YAML double stays double', format: 'yaml', code: 'Effect: "Alow"\n', path: ['Effect'], value: 'Allow', output: 'Effect: "Allow"\n' },
  { name: 'YAML plain quotes a value that would not read back', format: 'yaml', code: 'Resource: arn\n', path: ['Resource'], value: '*', output: 'Resource: "*"\n' },
  { name: 'YAML plain quotes a value with ": "', format: 'yaml', code: 'a: b\n', path: ['a'], value: 'x: y', output: 'a: "x: y"\n' },
  { name: 'YAML value in a sequence', format: 'yaml', code: 'a:\n  - x\n  - y\n', path: ['a', 1], value: 'z', output: 'a:\n  - x\n  - z\n' },
  { name: 'YAML number replaced in plain style', format: 'yaml', code: 'Version: 12\n', path: ['Version'], value: 'v1', output: 'Version: v1\n' },
];

for (const c of replaceCases) {
  test(`edits replaceScalar: ${c.name}`, () => {
    const doc = parse(c.code, c.format);
    const node = nodeAtPath(doc.roots[0]!, c.path);
    assert.ok(node);
    const edit = replaceScalar(doc, node, c.value);
    assert.deepEqual({ offset: edit.offset, length: edit.length }, { offset: node.offset, length: node.length });
    assert.equal(applyEdits(c.code, [edit]), c.output);
  });
}

const renameCases: readonly EditCase[] = [
  { name: 'JSON key keeps its quotes', format: 'json', code: '{"Efect": "Allow"}', path: ['Efect'], value: 'Effect', output: '{"Effect": "Allow"}' },
  { name: 'YAML plain key', format: 'yaml', code: 'Efect: Allow\n', path: ['Efect'], value: 'Effect', output: 'Effect: Allow\n' },
  { name: 'YAML single-quoted key', format: 'yaml', code: "'Efect': Allow\n", path: ['Efect'], value: 'Effect', output: "'Effect': Allow\n" },
  { name: 'YAML double-quoted key', format: 'yaml', code: '"Efect": Allow\n', path: ['Efect'], value: 'Effect', output: '"Effect": Allow\n' },
  {
    name: 'YAML nested key',
    format: 'yaml',
    code: 'Condition:\n  StringEqual:\n    a:b: c\n',
    path: ['Condition', 'StringEqual'],
    value: 'StringEquals',
    output: 'Condition:\n  StringEquals:\n    a:b: c\n',
  },
];

for (const c of renameCases) {
  test(`edits renameKey: ${c.name}`, () => {
    const doc = parse(c.code, c.format);
    const prop = propertyAtPath(doc.roots[0]!, c.path);
    assert.ok(prop);
    assert.equal(applyEdits(c.code, [renameKey(doc, prop, c.value)]), c.output);
  });
}

const insertCases: readonly EditCase[] = [
  {
    name: 'multi-line JSON: a new line at the first key\'s indentation',
    format: 'json',
    code: '{\n  "Statement": []\n}',
    path: [],
    value: '"2012-10-17"',
    output: '{\n  "Version": "2012-10-17",\n  "Statement": []\n}',
  },
  {
    name: 'nested multi-line JSON',
    format: 'json',
    code: '{\n  "Policy": {\n      "Statement": []\n  }\n}',
    path: ['Policy'],
    value: '"2012-10-17"',
    output: '{\n  "Policy": {\n      "Version": "2012-10-17",\n      "Statement": []\n  }\n}',
  },
  {
    name: 'one-line JSON with spaces inside the braces',
    format: 'json',
    code: '{ "Statement": [] }',
    path: [],
    value: '"2012-10-17"',
    output: '{ "Version": "2012-10-17", "Statement": [] }',
  },
  {
    name: 'one-line JSON without spaces',
    format: 'json',
    code: '{"Statement": []}',
    path: [],
    value: '"2012-10-17"',
    output: '{"Version": "2012-10-17","Statement": []}',
  },
  { name: 'empty JSON object', format: 'json', code: '{"P": {}}', path: ['P'], value: '"2012-10-17"', output: '{"P": {"Version": "2012-10-17"}}' },
  {
    name: 'YAML block map',
    format: 'yaml',
    code: "Statement:\n  - Effect: Allow\n",
    path: [],
    value: "'2012-10-17'",
    output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n",
  },
  {
    name: 'nested YAML block map',
    format: 'yaml',
    code: 'PolicyDocument:\n    Statement: []\n',
    path: ['PolicyDocument'],
    value: "'2012-10-17'",
    output: "PolicyDocument:\n    Version: '2012-10-17'\n    Statement: []\n",
  },
  {
    name: 'YAML block map that is a sequence item',
    format: 'yaml',
    code: 'Policies:\n  - Statement: []\n    PolicyName: p\n',
    path: ['Policies', 0],
    value: "'2012-10-17'",
    output: "Policies:\n  - Version: '2012-10-17'\n    Statement: []\n    PolicyName: p\n",
  },
  {
    name: 'YAML block map that is an item of a nested sequence',
    format: 'yaml',
    code: 'P:\n  - - A: 1\n      B: 2\n',
    path: ['P', 0, 0],
    value: '0',
    output: 'P:\n  - - Version: 0\n      A: 1\n      B: 2\n',
  },
  {
    name: 'YAML flow map',
    format: 'yaml',
    code: 'P: {Statement: []}\n',
    path: ['P'],
    value: "'2012-10-17'",
    output: "P: {Version: '2012-10-17',Statement: []}\n",
  },
  { name: 'YAML flow map with spaces', format: 'yaml', code: 'P: { Statement: [] }\n', path: ['P'], value: 'x', output: 'P: { Version: x, Statement: [] }\n' },
  { name: 'empty YAML flow map', format: 'yaml', code: 'P: {}\n', path: ['P'], value: "'2012-10-17'", output: "P: {Version: '2012-10-17'}\n" },
];

for (const c of insertCases) {
  test(`edits insertFirstProperty: ${c.name}`, () => {
    const doc = parse(c.code, c.format);
    const obj = nodeAtPath(doc.roots[0]!, c.path);
    assert.ok(obj && obj.kind === 'object');
    const output = applyEdits(c.code, [insertFirstProperty(doc, obj, 'Version', c.value)]);
    assert.equal(output, c.output);
    // The result parses cleanly and has the new key first.
    const after = parse(output, c.format);
    assert.deepEqual(after.syntaxFindings, []);
    const inserted = nodeAtPath(after.roots[0]!, c.path);
    assert.equal(inserted?.kind === 'object' && inserted.properties[0]?.key, 'Version');
  });
}

test('edits insertFirstProperty: a sequence item with extra spaces after the dash', () => {
  const code = 'Policies:\n  -   Statement: []\n      PolicyName: p\n';
  const doc = parse(code, 'yaml');
  const obj = nodeAtPath(doc.roots[0]!, ['Policies', 0]);
  assert.ok(obj && obj.kind === 'object');
  assert.equal(
    applyEdits(code, [insertFirstProperty(doc, obj, 'Version', 'x')]),
    'Policies:\n  -   Version: x\n      Statement: []\n      PolicyName: p\n',
  );
});

const indentCases: readonly { marked: string; indent: string }[] = [
  { marked: '  ‸key: 1', indent: '  ' },
  { marked: 'a:\n\t‸key: 1', indent: '\t' },
  { marked: 'a:\n  - ‸key: 1', indent: '    ' },
  { marked: 'a:\n  - - ‸key: 1', indent: '      ' },
  { marked: 'a: {‸key: 1}', indent: '' },
];

for (const c of indentCases) {
  test(`edits indentationAt ${JSON.stringify(c.marked)}`, () => {
    const { text, cursor } = markers(c.marked);
    assert.equal(indentationAt(text, cursor!), c.indent);
  });
}

const styleCases: readonly { name: string; format: DocumentFormat; code: string; style: string }[] = [
  { name: 'JSON is always double', format: 'json', code: '{"a": "x"}', style: 'double' },
  { name: 'mostly plain', format: 'yaml', code: 'a: x\nb: y\nc: "z"\n', style: 'plain' },
  { name: 'mostly single', format: 'yaml', code: "a: 'x'\nb: 'y'\nc: z\n", style: 'single' },
  { name: 'mostly double', format: 'yaml', code: 'a: "x"\nb: "y"\nc: z\n', style: 'double' },
  { name: 'double and single tie: double', format: 'yaml', code: 'a: "x"\nb: \'y\'\n', style: 'double' },
  { name: 'no strings: plain', format: 'yaml', code: 'a: 1\nb: true\n', style: 'plain' },
  { name: 'strings inside intrinsics count', format: 'yaml', code: "a: !Sub 'x'\nb: !Ref 'y'\nc: z\n", style: 'single' },
  { name: 'keys do not count', format: 'yaml', code: "'a': x\n'b': y\n", style: 'plain' },
];

for (const c of styleCases) {
  test(`edits preferredStyle: ${c.name}`, () => {
    assert.equal(preferredStyle(parse(c.code, c.format)), c.style);
  });
}

test('edits scalarText: JSON always double-quotes; YAML follows the style asked for', () => {
  const json = parse('{"a": 1}', 'json');
  const yaml = parse("a: 'x'\n", 'yaml');
  assert.equal(scalarText(json, 'v', 'single'), '"v"');
  assert.equal(scalarText(yaml, 'v', 'double'), '"v"');
  assert.equal(scalarText(yaml, 'v', 'single'), "'v'");
  assert.equal(scalarText(yaml, 'v', 'plain'), 'v');
  assert.equal(scalarText(yaml, 'v'), "'v'", 'the preferred style by default');
  assert.equal(scalarText(yaml, 'two\nlines', 'plain'), '"two\\nlines"');
});
