/**
 * JSON text → DocNode: ranges of keys and values, scalars, duplicate keys, long-form
 * intrinsics and broken input. Expected ranges are written into the test text with
 * `[[` … `]]` and computed by `markers()`, never typed in as numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJson } from '../../../server/src/core/model/parse-json';
import { getProperty, nodeAtPath, propertyAtPath, type DocNode, type Path } from '../../../server/src/core/model/node';
import { markers } from '../../helpers';

/** The root of a JSON text that must parse without findings. */
function parseClean(text: string): DocNode {
  const { root, findings } = parseJson(text);
  assert.deepEqual(findings, [], `unexpected findings for ${text}`);
  assert.ok(root, `no root for ${text}`);
  return root;
}

function rangeOf(node: { offset: number; length: number }): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}

interface RangeCase {
  readonly name: string;
  /** JSON text with one `[[…]]` range: the key or the value at `path`. */
  readonly marked: string;
  readonly path: Path;
  readonly target: 'key' | 'value';
}

const rangeCases: readonly RangeCase[] = [
  { name: 'string value includes its quotes', marked: '{"Effect": [["Allow"]]}', path: ['Effect'], target: 'value' },
  { name: 'key includes its quotes', marked: '{[["Effect"]]: "Allow"}', path: ['Effect'], target: 'key' },
  { name: 'number value', marked: '{"n": [[1.50]]}', path: ['n'], target: 'value' },
  { name: 'negative number with exponent', marked: '{"n": [[-2e3]]}', path: ['n'], target: 'value' },
  { name: 'boolean', marked: '{"b": [[true]]}', path: ['b'], target: 'value' },
  { name: 'null', marked: '{"z": [[null]]}', path: ['z'], target: 'value' },
  { name: 'object value', marked: '{"o": [[{"a": 1}]]}', path: ['o'], target: 'value' },
  { name: 'string inside an array inside an object', marked: '{"S": [{"Action": [["s3:*"]]}]}', path: ['S', 0, 'Action'], target: 'value' },
  { name: 'second array item', marked: '{"A": ["x", [["y"]]]}', path: ['A', 1], target: 'value' },
  { name: 'nested key', marked: '{"S": [{[["Action"]]: "s3:*"}]}', path: ['S', 0, 'Action'], target: 'key' },
  { name: 'escaped key', marked: '{[["a\\"b"]]: 1}', path: ['a"b'], target: 'key' },
  { name: 'escaped string value', marked: '{"a": [["x\\ny"]]}', path: ['a'], target: 'value' },
  { name: 'multi-line layout', marked: '{\n  "Version": [["2012-10-17"]],\n  "Statement": []\n}', path: ['Version'], target: 'value' },
  // Offsets are UTF-16 code units: the emoji before the value counts as two.
  { name: 'offsets in UTF-16 code units', marked: '{"é😀": "😀", "k": [["v"]]}', path: ['k'], target: 'value' },
];

for (const c of rangeCases) {
  test(`parse-json range: ${c.name}`, () => {
    const { text, ranges } = markers(c.marked);
    assert.equal(ranges.length, 1);
    const root = parseClean(text);
    if (c.target === 'value') {
      const node = nodeAtPath(root, c.path);
      assert.ok(node, `no node at ${JSON.stringify(c.path)}`);
      assert.deepEqual(rangeOf(node), ranges[0]);
    } else {
      const prop = propertyAtPath(root, c.path);
      assert.ok(prop, `no property at ${JSON.stringify(c.path)}`);
      assert.deepEqual({ offset: prop.keyOffset, length: prop.keyLength }, ranges[0]);
    }
  });
}

test('parse-json: a property spans from its key to the end of its value', () => {
  const { text, ranges } = markers('{ [["a": {"b": [1, 2]}]] }');
  const prop = propertyAtPath(parseClean(text), ['a']);
  assert.ok(prop);
  assert.deepEqual(rangeOf(prop), ranges[0]);
});

test('parse-json: an array spans its brackets', () => {
  const text = '{"a": [1, 2]}';
  const node = nodeAtPath(parseClean(text), ['a']);
  assert.ok(node && node.kind === 'array');
  assert.deepEqual(rangeOf(node), { offset: text.indexOf('['), length: '[1, 2]'.length });
  assert.equal(node.flow, true);
});

const scalarCases: readonly { text: string; kind: string; value: unknown; source: string; style: string }[] = [
  { text: '"Allow"', kind: 'string', value: 'Allow', source: 'Allow', style: 'double' },
  { text: '1.50', kind: 'number', value: 1.5, source: '1.50', style: 'plain' },
  { text: '123456789012', kind: 'number', value: 123456789012, source: '123456789012', style: 'plain' },
  { text: '1e3', kind: 'number', value: 1000, source: '1e3', style: 'plain' },
  { text: '-0.0', kind: 'number', value: -0, source: '-0.0', style: 'plain' },
  { text: 'true', kind: 'boolean', value: true, source: 'true', style: 'plain' },
  { text: 'false', kind: 'boolean', value: false, source: 'false', style: 'plain' },
  { text: 'null', kind: 'null', value: null, source: 'null', style: 'plain' },
];

for (const c of scalarCases) {
  test(`parse-json scalar ${c.text}: kind, value, source and style`, () => {
    const node = nodeAtPath(parseClean(`{"v": ${c.text}}`), ['v']);
    assert.ok(node && node.kind !== 'object' && node.kind !== 'array' && node.kind !== 'intrinsic');
    assert.deepEqual({ kind: node.kind, value: node.value, source: node.source, style: node.style }, {
      kind: c.kind,
      value: c.value,
      source: c.source,
      style: c.style,
    });
  });
}

test('parse-json: objects keep key order and are flow', () => {
  const root = parseClean('{"b": 1, "a": 2, "c": 3}');
  assert.ok(root.kind === 'object');
  assert.deepEqual(root.properties.map((p) => p.key), ['b', 'a', 'c']);
  assert.equal(root.flow, true);
});

test('parse-json: parent links lead back to the root', () => {
  const root = parseClean('{"a": [{"b": "c"}]}');
  const leaf = nodeAtPath(root, ['a', 0, 'b']);
  assert.ok(leaf);
  const item = nodeAtPath(root, ['a', 0]);
  const list = nodeAtPath(root, ['a']);
  assert.equal(leaf.parent, item);
  assert.equal(item?.parent, list);
  assert.equal(list?.parent, root);
  assert.equal(root.parent, undefined);
});

test('parse-json: duplicate keys are reported at the second key and lookups take the last value', () => {
  const { text, ranges } = markers('{"a": 1, [["a"]]: 2}');
  const { root, findings } = parseJson(text);
  assert.ok(root && root.kind === 'object');
  assert.deepEqual(findings, [{ ruleId: 'syntax/duplicate-key', messageId: 'duplicate', ...ranges[0]!, data: { key: 'a' }, root: 0 }]);
  // Both properties stay in the tree, in source order; lookups behave as JSON.parse.
  assert.deepEqual(root.properties.map((p) => p.key), ['a', 'a']);
  assert.equal(getProperty(root, 'a')?.offset, text.indexOf('2'));
  const node = nodeAtPath(root, ['a']);
  assert.ok(node && node.kind === 'number');
  assert.equal(node.value, 2);
  assert.equal(propertyAtPath(root, ['a'])?.keyOffset, ranges[0]!.offset);
});

test('parse-json: a key repeated three times gives two findings', () => {
  const { text, ranges } = markers('{"k": 1, [["k"]]: 2, [["k"]]: 3}');
  const { findings } = parseJson(text);
  assert.deepEqual(
    findings.map((f) => ({ ruleId: f.ruleId, offset: f.offset, length: f.length })),
    ranges.map((r) => ({ ruleId: 'syntax/duplicate-key', ...r })),
  );
});

test('parse-json: the same key in different objects is not a duplicate', () => {
  parseClean('{"a": {"k": 1}, "b": {"k": 2}}');
});

test('parse-json: {"Ref": "X"} becomes a long-form intrinsic node', () => {
  const { text, ranges } = markers('{"B": [[{[["Ref"]]: [["X"]]}]]}');
  // The innermost ranges close first: key, argument, then the whole object.
  const [key, arg, whole] = ranges;
  const node = nodeAtPath(parseClean(text), ['B']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.equal(node.fn, 'Ref');
  assert.equal(node.shortForm, false);
  assert.deepEqual(rangeOf(node), whole);
  assert.deepEqual({ offset: node.keyOffset, length: node.keyLength }, key);
  assert.equal(node.arg.kind, 'string');
  assert.equal(node.arg.parent, node);
  assert.deepEqual(rangeOf(node.arg), arg);
});

test('parse-json: {"Fn::Sub": [...]} becomes an intrinsic whose argument paths go through the function name', () => {
  const { text, ranges } = markers('{"B": {[["Fn::Sub"]]: ["${A}-x", {"A": [[{"Ref": "P"}]]}]}}');
  const [key, inner] = ranges;
  const root = parseClean(text);
  const node = nodeAtPath(root, ['B']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.equal(node.fn, 'Fn::Sub');
  assert.equal(node.shortForm, false);
  assert.deepEqual({ offset: node.keyOffset, length: node.keyLength }, key);
  assert.equal(node.arg.kind, 'array');
  const nested = nodeAtPath(root, ['B', 'Fn::Sub', 1, 'A']);
  assert.ok(nested && nested.kind === 'intrinsic');
  assert.equal(nested.fn, 'Ref');
  assert.deepEqual(rangeOf(nested), inner);
  assert.equal(nodeAtPath(root, ['B', 'Fn::Sub', 1, 'A', 'Ref'])?.kind, 'string');
});

const notIntrinsic: readonly { name: string; text: string }[] = [
  { name: 'a Ref next to another key', text: '{"Ref": "X", "Other": 1}' },
  { name: 'an unknown Fn:: name', text: '{"Fn::NotAFunction": "X"}' },
  // `Condition` is also a resource attribute and a statement element; only the short
  // form `!Condition` is read as the function.
  { name: 'the Condition key', text: '{"Condition": "IsProd"}' },
  { name: 'a lower-case ref', text: '{"ref": "X"}' },
];

for (const c of notIntrinsic) {
  test(`parse-json: ${c.name} stays an object`, () => {
    assert.equal(parseClean(c.text).kind, 'object');
  });
}

interface BrokenCase {
  readonly name: string;
  /** `[[…]]` marks where each finding is expected, in order. */
  readonly marked: string;
  /** Paths that must still be in the partial tree, with their values. */
  readonly partial: readonly [Path, unknown][];
}

const brokenCases: readonly BrokenCase[] = [
  { name: 'line comment', marked: '{"a": 1 [[// note]]\n}', partial: [[['a'], 1]] },
  { name: 'block comment', marked: '{[[/* note */]] "a": 1}', partial: [[['a'], 1]] },
  { name: 'trailing comma in an object', marked: '{"a": 1, "b": 2,[[}]]', partial: [[['a'], 1], [['b'], 2]] },
  { name: 'trailing comma in an array', marked: '{"a": [1, 2,[[]]]}', partial: [[['a', 0], 1], [['a', 1], 2]] },
  { name: 'missing comma', marked: '{"a": 1 [["b"]]: 2}', partial: [[['a'], 1], [['b'], 2]] },
  { name: 'unclosed object', marked: '{"a": {"b": 1}[[]]', partial: [[['a', 'b'], 1]] },
];

for (const c of brokenCases) {
  test(`parse-json broken input: ${c.name} gives syntax/parse-error and a partial tree`, () => {
    const { text, ranges } = markers(c.marked);
    const { root, findings } = parseJson(text);
    assert.ok(findings.length > 0, 'expected parse errors');
    assert.ok(findings.every((f) => f.ruleId === 'syntax/parse-error' && (f.messageId === 'json' || f.messageId === 'jsonTruncated')));
    // Every marked place has a finding that starts there.
    for (const r of ranges) {
      assert.ok(
        findings.some((f) => f.offset === r.offset),
        `no finding at ${r.offset}; got ${findings.map((f) => f.offset).join(', ')}`,
      );
    }
    assert.ok(root, 'no partial tree');
    for (const [path, value] of c.partial) {
      const node = nodeAtPath(root, path);
      assert.ok(node && node.kind === 'number', `missing ${JSON.stringify(path)}`);
      assert.equal(node.value, value);
    }
  });
}

test('parse-json: the comment finding covers the comment', () => {
  const { text, ranges } = markers('{"a": 1 [[// note]]\n}');
  const { findings } = parseJson(text);
  assert.deepEqual(
    findings.map((f) => ({ offset: f.offset, length: f.length })),
    ranges,
  );
});

test('parse-json: `not json` gives no root and parse errors', () => {
  const { root, findings } = parseJson('not json');
  assert.equal(root, undefined);
  assert.ok(findings.length > 0);
  assert.ok(findings.every((f) => f.ruleId === 'syntax/parse-error'));
  assert.equal(findings[0]?.offset, 0);
});

test('parse-json: empty text gives no root and one parse error at the start', () => {
  const { root, findings } = parseJson('');
  assert.equal(root, undefined);
  assert.deepEqual(
    findings.map((f) => ({ ruleId: f.ruleId, offset: f.offset })),
    [{ ruleId: 'syntax/parse-error', offset: 0 }],
  );
});

test('parse-json: white space only is like empty text', () => {
  const { root, findings } = parseJson('  \n ');
  assert.equal(root, undefined);
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.ruleId, 'syntax/parse-error');
});

test('parse-json: a scalar root parses', () => {
  const root = parseClean(' "x" ');
  assert.deepEqual({ kind: root.kind, offset: root.offset, length: root.length }, { kind: 'string', offset: 1, length: 3 });
});

test('parse-json: mapOffset shifts every offset into the host document', () => {
  const { root } = parseJson('{"a": "b"}', (offset) => offset + 100);
  assert.ok(root && root.kind === 'object');
  assert.equal(root.offset, 100);
  assert.equal(root.length, 10);
  const prop = root.properties[0]!;
  assert.deepEqual([prop.keyOffset, prop.keyLength, prop.value.offset, prop.value.length], [101, 3, 106, 3]);
});
