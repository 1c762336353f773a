/**
 * Structural edits in the document's own layout: one list item replaced by several, a
 * single value turned into a list, a property (with nested mappings) appended; and their
 * snippet forms, with placeholders kept inside the quotes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendProperty, replaceWithValues, SnippetValue, type EditValue } from '../../../server/src/core/util/edits';
import { nodeAtPath, type ObjectNode, type Path } from '../../../server/src/core/model/node';
import type { DocumentFormat } from '../../../server/src/core/types';
import { applyEdits, parse } from '../../helpers';

interface ListCase {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly code: string;
  /** The element (a list, or a single value) and, for a list, the item to replace. */
  readonly element: Path;
  readonly item?: number;
  readonly values: readonly (string | SnippetValue)[];
  readonly output: string;
  readonly snippet?: string;
}

const listCases: readonly ListCase[] = [
  { name: 'JSON inline list keeps its separator', format: 'json', code: '{"a": ["x", "y"]}', element: ['a'], item: 0, values: ['p', 'q'], output: '{"a": ["p", "q", "y"]}' },
  { name: 'JSON compact list stays compact', format: 'json', code: '{"a":["x","y"]}', element: ['a'], item: 1, values: ['p', 'q'], output: '{"a":["x","p","q"]}' },
  { name: 'JSON one-item list on its own lines', format: 'json', code: '{\n  "a": [\n    "x"\n  ]\n}', element: ['a'], item: 0, values: ['p', 'q'], output: '{\n  "a": [\n    "p",\n    "q"\n  ]\n}' },
  { name: 'JSON value in a multi-line object becomes a multi-line list', format: 'json', code: '{\n    "a": "x",\n    "b": 1\n}', element: ['a'], values: ['p', 'q'], output: '{\n    "a": [\n        "p",\n        "q"\n    ],\n    "b": 1\n}' },
  { name: 'JSON value in a one-line object becomes an inline list', format: 'json', code: '{"a":"x","b":1}', element: ['a'], values: ['p', 'q'], output: '{"a":["p","q"],"b":1}' },
  { name: 'one value replaces in place, quotes kept', format: 'yaml', code: "a: 'x'\n", element: ['a'], values: ['p'], output: "a: 'p'\n" },
  { name: 'YAML block item, indentation kept', format: 'yaml', code: 'a:\n    - x\n    - y\n', element: ['a'], item: 0, values: ['p', 'q'], output: 'a:\n    - p\n    - q\n    - y\n' },
  { name: 'YAML flow list', format: 'yaml', code: 'a: [x, y]\n', element: ['a'], item: 1, values: ['p', 'q'], output: 'a: [x, p, q]\n' },
  { name: 'YAML value becomes a block list one step in', format: 'yaml', code: 'b:\n  a: x\n  c: 1\n', element: ['b', 'a'], values: ['p', '*'], output: 'b:\n  a:\n    - p\n    - "*"\n  c: 1\n' },
  { name: 'YAML value becomes an indentless list where the document writes them so', format: 'yaml', code: 'l:\n- 1\na: x\n', element: ['a'], values: ['p', 'q'], output: 'l:\n- 1\na:\n- p\n- q\n' },
  { name: 'YAML value in a flow mapping becomes a flow list', format: 'yaml', code: 's: {a: x, b: 1}\n', element: ['s', 'a'], values: ['p', 'q'], output: 's: {a: [p, q], b: 1}\n' },
  {
    name: 'placeholders stay tab stops inside JSON quotes',
    format: 'json',
    code: '{"a": "x"}',
    element: ['a'],
    values: [new SnippetValue(['arn:', { placeholder: 1, text: 'aws' }, ':s3:::', { placeholder: 2, text: 'b"x' }]), 'y'],
    output: '{"a": ["arn:aws:s3:::b\\"x", "y"]}',
    snippet: '["arn:${1:aws}:s3:::${2:b\\\\"x}", "y"]',
  },
];

for (const c of listCases) {
  test(`edits replaceWithValues: ${c.name}`, () => {
    const doc = parse(c.code, c.format);
    const element = nodeAtPath(doc.roots[0]!, c.element)!;
    const item = c.item === undefined ? element : nodeAtPath(element, [c.item])!;
    const edit = replaceWithValues(doc, element, item, c.values);
    assert.equal(applyEdits(c.code, [edit]), c.output);
    assert.equal(edit.snippet, c.snippet);
  });
}

interface AppendCase {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly code: string;
  readonly object: Path;
  readonly key: string;
  readonly value: EditValue;
  readonly output: string;
}

const appendCases: readonly AppendCase[] = [
  {
    name: 'JSON multi-line: a nested mapping on its own lines',
    format: 'json',
    code: '{\n  "s": {\n    "a": 1\n  }\n}',
    object: ['s'],
    key: 'C',
    value: { Op: { k: 'v' } },
    output: '{\n  "s": {\n    "a": 1,\n    "C": {\n      "Op": {\n        "k": "v"\n      }\n    }\n  }\n}',
  },
  { name: 'JSON one line: inline, spacing kept', format: 'json', code: '{"s":{"a":1}}', object: ['s'], key: 'C', value: { Op: { k: ['v', 'w'] } }, output: '{"s":{"a":1,"C":{"Op":{"k":["v","w"]}}}}' },
  {
    name: 'YAML block: after the last property, one step in per level',
    format: 'yaml',
    code: 's:\n  a: 1\n  b:\n    - x\n# end\n',
    object: ['s'],
    key: 'C',
    value: { Op: { 'k:x': 'v' } },
    output: 's:\n  a: 1\n  b:\n    - x\n  C:\n    Op:\n      k:x: v\n# end\n',
  },
  { name: 'YAML flow mapping', format: 'yaml', code: 's: {a: 1}\n', object: ['s'], key: 'C', value: { Op: 'v' }, output: 's: {a: 1, C: {Op: v}}\n' },
];

for (const c of appendCases) {
  test(`edits appendProperty: ${c.name}`, () => {
    const doc = parse(c.code, c.format);
    const obj = nodeAtPath(doc.roots[0]!, c.object) as ObjectNode;
    assert.equal(applyEdits(c.code, [appendProperty(doc, obj, c.key, c.value)]), c.output);
  });
}
