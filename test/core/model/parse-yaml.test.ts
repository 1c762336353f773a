/**
 * YAML text → DocNode roots: CloudFormation short-form tags, scalars as CloudFormation
 * reads them, multi-document streams, anchors, merge keys, alias bombs and broken input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseYaml } from '../../../server/src/core/model/parse-yaml';
import { parseJson } from '../../../server/src/core/model/parse-json';
import { SHORT_FORM_TAGS } from '../../../server/src/core/model/intrinsics';
import { children, getProperty, nodeAtPath, propertyAtPath, type DocNode, type Path } from '../../../server/src/core/model/node';
import { findings, markers } from '../../helpers';

/** The single root of a YAML text that must parse without findings. */
function parseClean(text: string): DocNode {
  const { roots, findings: found } = parseYaml(text);
  assert.deepEqual(found, [], `unexpected findings for ${JSON.stringify(text)}`);
  assert.equal(roots.length, 1);
  return roots[0]!;
}

function rangeOf(node: { offset: number; length: number }): { offset: number; length: number } {
  return { offset: node.offset, length: node.length };
}

/** The structure of a node without offsets, styles or the short/long flag: what the analysis sees. */
function normalise(node: DocNode): unknown {
  switch (node.kind) {
    case 'object':
      return { object: node.properties.map((p) => [p.key, normalise(p.value)]) };
    case 'array':
      return { array: node.items.map(normalise) };
    case 'intrinsic':
      return { fn: node.fn, arg: normalise(node.arg) };
    default:
      return { [node.kind]: node.value };
  }
}

// ---------------------------------------------------------------------------------------
// Short-form tags

interface TagCase {
  readonly tag: string;
  readonly fn: string;
  /** The value after the tag, on one line (a scalar or a flow collection). */
  readonly value: string;
  readonly argKind: DocNode['kind'];
  /** The same argument in JSON long form, for the structural comparison. */
  readonly json: string;
}

const tagCases: readonly TagCase[] = [
  { tag: '!Ref', fn: 'Ref', value: 'MyBucket', argKind: 'string', json: '"MyBucket"' },
  { tag: '!Sub', fn: 'Fn::Sub', value: "'arn:${AWS::Partition}:s3:::b/*'", argKind: 'string', json: '"arn:${AWS::Partition}:s3:::b/*"' },
  { tag: '!Sub', fn: 'Fn::Sub', value: "['${A}-x', {A: !Ref P}]", argKind: 'array', json: '["${A}-x", {"A": {"Ref": "P"}}]' },
  { tag: '!GetAtt', fn: 'Fn::GetAtt', value: 'Role.Arn', argKind: 'string', json: '"Role.Arn"' },
  { tag: '!GetAtt', fn: 'Fn::GetAtt', value: '[Role, Arn]', argKind: 'array', json: '["Role", "Arn"]' },
  { tag: '!Join', fn: 'Fn::Join', value: "['', [a, b]]", argKind: 'array', json: '["", ["a", "b"]]' },
  { tag: '!Select', fn: 'Fn::Select', value: "[0, !GetAZs '']", argKind: 'array', json: '[0, {"Fn::GetAZs": ""}]' },
  { tag: '!Split', fn: 'Fn::Split', value: "[',', 'a,b']", argKind: 'array', json: '[",", "a,b"]' },
  { tag: '!If', fn: 'Fn::If', value: '[IsProd, a, !Ref AWS::NoValue]', argKind: 'array', json: '["IsProd", "a", {"Ref": "AWS::NoValue"}]' },
  { tag: '!Equals', fn: 'Fn::Equals', value: '[!Ref Env, prod]', argKind: 'array', json: '[{"Ref": "Env"}, "prod"]' },
  { tag: '!And', fn: 'Fn::And', value: '[!Equals [a, b], !Not [!Equals [c, d]]]', argKind: 'array', json: '[{"Fn::Equals": ["a", "b"]}, {"Fn::Not": [{"Fn::Equals": ["c", "d"]}]}]' },
  { tag: '!Or', fn: 'Fn::Or', value: '[!Equals [a, b], !Equals [c, d]]', argKind: 'array', json: '[{"Fn::Equals": ["a", "b"]}, {"Fn::Equals": ["c", "d"]}]' },
  { tag: '!Not', fn: 'Fn::Not', value: '[!Equals [a, b]]', argKind: 'array', json: '[{"Fn::Equals": ["a", "b"]}]' },
  { tag: '!Condition', fn: 'Condition', value: 'IsProd', argKind: 'string', json: '"IsProd"' },
  { tag: '!FindInMap', fn: 'Fn::FindInMap', value: '[RegionMap, !Ref AWS::Region, AMI]', argKind: 'array', json: '["RegionMap", {"Ref": "AWS::Region"}, "AMI"]' },
  { tag: '!ImportValue', fn: 'Fn::ImportValue', value: 'SharedVpcId', argKind: 'string', json: '"SharedVpcId"' },
  { tag: '!ImportValue', fn: 'Fn::ImportValue', value: "{Fn::Sub: '${Net}-VpcId'}", argKind: 'intrinsic', json: '{"Fn::Sub": "${Net}-VpcId"}' },
  { tag: '!Base64', fn: 'Fn::Base64', value: 'hello', argKind: 'string', json: '"hello"' },
  { tag: '!Base64', fn: 'Fn::Base64', value: '{Fn::Sub: "#!/bin/sh"}', argKind: 'intrinsic', json: '{"Fn::Sub": "#!/bin/sh"}' },
  { tag: '!Cidr', fn: 'Fn::Cidr', value: '[10.0.0.0/16, 6, 5]', argKind: 'array', json: '["10.0.0.0/16", 6, 5]' },
  { tag: '!GetAZs', fn: 'Fn::GetAZs', value: "''", argKind: 'string', json: '""' },
  // A YAML node takes one tag, so a short form inside a short form's scalar is written long.
  { tag: '!GetAZs', fn: 'Fn::GetAZs', value: '{Ref: AWS::Region}', argKind: 'intrinsic', json: '{"Ref": "AWS::Region"}' },
  {
    tag: '!Transform',
    fn: 'Fn::Transform',
    value: '{Name: AWS::Include, Parameters: {Location: s3://b/f.yaml}}',
    argKind: 'object',
    json: '{"Name": "AWS::Include", "Parameters": {"Location": "s3://b/f.yaml"}}',
  },
  { tag: '!Length', fn: 'Fn::Length', value: '[a, b]', argKind: 'array', json: '["a", "b"]' },
  { tag: '!ToJsonString', fn: 'Fn::ToJsonString', value: '{a: 1}', argKind: 'object', json: '{"a": 1}' },
];

test('parse-yaml: the tag table covers every registered short form', () => {
  assert.deepEqual([...new Set(tagCases.map((c) => c.tag))].sort(), [...SHORT_FORM_TAGS].sort());
});

for (const c of tagCases) {
  test(`parse-yaml short form ${c.tag} ${c.value}: intrinsic ${c.fn}, node at the tag, argument at the value`, () => {
    const prefix = 'X: ';
    const text = `${prefix}${c.tag} ${c.value}\n`;
    const node = nodeAtPath(parseClean(text), ['X']);
    assert.ok(node && node.kind === 'intrinsic', `not an intrinsic: ${node?.kind}`);
    assert.equal(node.fn, c.fn);
    assert.equal(node.shortForm, true);
    assert.deepEqual(rangeOf(node), { offset: prefix.length, length: `${c.tag} ${c.value}`.length });
    assert.deepEqual({ offset: node.keyOffset, length: node.keyLength }, { offset: prefix.length, length: c.tag.length });
    assert.equal(node.arg.kind, c.argKind);
    assert.deepEqual(rangeOf(node.arg), { offset: text.indexOf(c.value, prefix.length + c.tag.length), length: c.value.length });
    assert.equal(node.arg.parent, node);
    // Paths go through the function's long name.
    assert.equal(nodeAtPath(parseClean(text), ['X', c.fn])?.kind, c.argKind);
  });
}

for (const c of tagCases.filter((t) => t.fn !== 'Condition')) {
  test(`parse-yaml: ${c.tag} ${c.value} has the structure of its long forms in YAML and JSON`, () => {
    const short = nodeAtPath(parseClean(`X: ${c.tag} ${c.value}\n`), ['X']);
    const longYaml = nodeAtPath(parseClean(`X:\n  ${c.fn}: ${c.value}\n`), ['X']);
    const { root: jsonRoot, findings: jsonFindings } = parseJson(`{"X": {"${c.fn}": ${c.json}}}`);
    assert.deepEqual(jsonFindings, []);
    assert.ok(short && longYaml && jsonRoot);
    const longJson = nodeAtPath(jsonRoot, ['X']);
    assert.ok(longJson);
    assert.equal(longYaml.kind === 'intrinsic' && longYaml.shortForm, false);
    assert.deepEqual(normalise(short), normalise(longYaml));
    assert.deepEqual(normalise(short), normalise(longJson));
  });
}

test('parse-yaml: !Condition is the function, while a Condition key stays an ordinary key', () => {
  const root = parseClean('A: !Condition IsProd\nB:\n  Condition: IsProd\n');
  assert.equal(nodeAtPath(root, ['A'])?.kind, 'intrinsic');
  assert.equal(nodeAtPath(root, ['B'])?.kind, 'object');
});

test('parse-yaml: short form on a block sequence', () => {
  const { text, ranges } = markers("X: [[!Join\n  [[- ','\n  - - a\n    - b]]]]");
  const [arg, whole] = ranges;
  const node = nodeAtPath(parseClean(text), ['X']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.equal(node.fn, 'Fn::Join');
  assert.deepEqual(rangeOf(node), whole);
  assert.equal(node.arg.kind, 'array');
  assert.equal(node.arg.kind === 'array' && node.arg.flow, false);
  assert.deepEqual(rangeOf(node.arg), arg);
});

test('parse-yaml: short form on a block mapping', () => {
  const { text, ranges } = markers('X: [[!Transform\n  [[Name: AWS::Include\n  Parameters:\n    Location: s3://bucket/file.yaml]]]]');
  const [arg, whole] = ranges;
  const node = nodeAtPath(parseClean(text), ['X']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.equal(node.fn, 'Fn::Transform');
  assert.deepEqual(rangeOf(node), whole);
  assert.equal(node.arg.kind, 'object');
  assert.deepEqual(rangeOf(node.arg), arg);
  assert.equal(nodeAtPath(node, ['Fn::Transform', 'Parameters', 'Location'])?.kind, 'string');
});

test('parse-yaml: short forms as sequence items and in flow sequences', () => {
  const root = parseClean('A:\n  - !Ref X\n  - plain\nB: [!Ref Y, !GetAtt R.Arn]\n');
  assert.equal(nodeAtPath(root, ['A', 0, 'Ref'])?.kind, 'string');
  assert.equal(nodeAtPath(root, ['A', 1])?.kind, 'string');
  assert.equal(nodeAtPath(root, ['B', 0, 'Ref'])?.kind, 'string');
  assert.equal(nodeAtPath(root, ['B', 1, 'Fn::GetAtt'])?.kind, 'string');
});

test('parse-yaml: a short form with no value has an empty string argument after the tag', () => {
  const text = 'X: !GetAZs\n';
  const node = nodeAtPath(parseClean(text), ['X']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.deepEqual({ kind: node.arg.kind, value: node.arg.kind === 'string' && node.arg.value }, { kind: 'string', value: '' });
  assert.equal(node.arg.offset, text.indexOf('\n'));
});

test('parse-yaml: a short form with an anchor keeps the node at the tag', () => {
  const { text, ranges } = markers('X: [[!Ref &a [[Foo]]]]\n');
  const node = nodeAtPath(parseClean(text), ['X']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.deepEqual(rangeOf(node.arg), ranges[0]);
  assert.deepEqual(rangeOf(node), ranges[1]);
});

test('parse-yaml: long form in YAML is an intrinsic with shortForm false and the key as its key', () => {
  const { text, ranges } = markers('X:\n  [[Fn::Sub]]: ${AWS::StackName}-x\n');
  const node = nodeAtPath(parseClean(text), ['X']);
  assert.ok(node && node.kind === 'intrinsic');
  assert.equal(node.shortForm, false);
  assert.deepEqual({ offset: node.keyOffset, length: node.keyLength }, ranges[0]);
});

// ---------------------------------------------------------------------------------------
// Ranges and scalars

interface RangeCase {
  readonly name: string;
  readonly marked: string;
  readonly path: Path;
  readonly target: 'key' | 'value';
}

const rangeCases: readonly RangeCase[] = [
  { name: 'plain key', marked: '[[Effect]]: Allow\n', path: ['Effect'], target: 'key' },
  { name: 'plain value', marked: 'Effect: [[Allow]]\n', path: ['Effect'], target: 'value' },
  { name: 'quoted key includes its quotes', marked: '[["Effect"]]: Allow\n', path: ['Effect'], target: 'key' },
  { name: 'single-quoted value includes its quotes', marked: "Effect: [['Allow']]\n", path: ['Effect'], target: 'value' },
  { name: 'double-quoted value includes its quotes', marked: 'Effect: [["Allow"]]\n', path: ['Effect'], target: 'value' },
  { name: 'value before a comment', marked: 'Effect: [[Allow]] # the effect\n', path: ['Effect'], target: 'value' },
  { name: 'block sequence item', marked: 'Action:\n  - s3:GetObject\n  - [[s3:PutObject]]\n', path: ['Action', 1], target: 'value' },
  { name: 'key in a sequence item', marked: 'Statement:\n  - [[Effect]]: Allow\n', path: ['Statement', 0, 'Effect'], target: 'key' },
  { name: 'flow mapping value', marked: 'a: {b: [[1]]}\n', path: ['a', 'b'], target: 'value' },
  { name: 'flow mapping', marked: 'a: [[{b: 1, c: 2}]]\n', path: ['a'], target: 'value' },
  { name: 'literal block scalar, header to last line break', marked: 'a: [[|\n  text\n]]b: 1\n', path: ['a'], target: 'value' },
  { name: 'integer key', marked: '[[200]]: ok\n', path: ['200'], target: 'key' },
  { name: 'offsets in UTF-16 code units', marked: 'é😀: 😀\nk: [[v]]\n', path: ['k'], target: 'value' },
];

for (const c of rangeCases) {
  test(`parse-yaml range: ${c.name}`, () => {
    const { text, ranges } = markers(c.marked);
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

interface ScalarCase {
  readonly yaml: string;
  readonly kind: string;
  readonly value: unknown;
  readonly source: string;
  readonly style: string;
}

const scalarCases: readonly ScalarCase[] = [
  // CloudFormation and IAM want the string; YAML 1.2's core schema has no timestamps.
  { yaml: '2012-10-17', kind: 'string', value: '2012-10-17', source: '2012-10-17', style: 'plain' },
  { yaml: "'2012-10-17'", kind: 'string', value: '2012-10-17', source: "'2012-10-17'", style: 'single' },
  { yaml: '"2012-10-17"', kind: 'string', value: '2012-10-17', source: '"2012-10-17"', style: 'double' },
  // A leading zero is kept in `source`, so an account id written unquoted is not mangled.
  { yaml: '0123', kind: 'number', value: 123, source: '0123', style: 'plain' },
  { yaml: '123456789012', kind: 'number', value: 123456789012, source: '123456789012', style: 'plain' },
  { yaml: '2.0', kind: 'number', value: 2, source: '2.0', style: 'plain' },
  { yaml: '0x1F', kind: 'number', value: 31, source: '0x1F', style: 'plain' },
  { yaml: 'true', kind: 'boolean', value: true, source: 'true', style: 'plain' },
  { yaml: 'yes', kind: 'string', value: 'yes', source: 'yes', style: 'plain' },
  { yaml: 'null', kind: 'null', value: null, source: 'null', style: 'plain' },
  { yaml: '~', kind: 'null', value: null, source: '~', style: 'plain' },
  { yaml: "'it''s'", kind: 'string', value: "it's", source: "'it''s'", style: 'single' },
  { yaml: 's3:*', kind: 'string', value: 's3:*', source: 's3:*', style: 'plain' },
];

for (const c of scalarCases) {
  test(`parse-yaml scalar ${c.yaml}: kind, value, source and style`, () => {
    const node = nodeAtPath(parseClean(`v: ${c.yaml}\n`), ['v']);
    assert.ok(node && (node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean' || node.kind === 'null'));
    assert.deepEqual({ kind: node.kind, value: node.value, source: node.source, style: node.style }, {
      kind: c.kind,
      value: c.value,
      source: c.source,
      style: c.style,
    });
  });
}

test('parse-yaml: a missing value is null', () => {
  const node = nodeAtPath(parseClean('a:\nb: 1\n'), ['a']);
  assert.equal(node?.kind, 'null');
});

const keyCases: readonly { yaml: string; key: string }[] = [
  { yaml: '200: ok\n', key: '200' },
  { yaml: '0123: ok\n', key: '0123' },
  { yaml: 'true: ok\n', key: 'true' },
  { yaml: '"quoted key": ok\n', key: 'quoted key' },
  { yaml: '2012-10-17: ok\n', key: '2012-10-17' },
];

for (const c of keyCases) {
  test(`parse-yaml: key ${c.yaml.trim()} is the string "${c.key}"`, () => {
    const root = parseClean(c.yaml);
    assert.ok(root.kind === 'object');
    assert.deepEqual(root.properties.map((p) => p.key), [c.key]);
  });
}

test('parse-yaml: block scalar styles are recorded', () => {
  const root = parseClean('a: |\n  line\nb: >-\n  folded\n  text\nc: plain\n');
  const a = nodeAtPath(root, ['a']);
  const b = nodeAtPath(root, ['b']);
  assert.ok(a?.kind === 'string' && b?.kind === 'string');
  assert.deepEqual([a.style, a.value], ['block', 'line\n']);
  assert.deepEqual([b.style, b.value], ['block', 'folded text']);
});

test('parse-yaml: flow and block collections are recorded', () => {
  const root = parseClean('block:\n  k: v\nflow: {k: v}\nlist:\n  - a\nflist: [a]\n');
  const flow = (path: Path): boolean | undefined => {
    const n = nodeAtPath(root, path);
    return n && (n.kind === 'object' || n.kind === 'array') ? n.flow : undefined;
  };
  assert.deepEqual([flow([]), flow(['block']), flow(['flow']), flow(['list']), flow(['flist'])], [false, false, true, false, true]);
});

test('parse-yaml: duplicate keys are reported at the second key and lookups take the last value', () => {
  const { text, ranges } = markers('a: 1\n[[a]]: 2\n');
  const { roots, findings: found } = parseYaml(text);
  assert.deepEqual(found, [{ ruleId: 'syntax/duplicate-key', messageId: 'duplicate', ...ranges[0]!, data: { key: 'a' }, root: 0 }]);
  const value = getProperty(roots[0], 'a');
  assert.ok(value?.kind === 'number');
  assert.equal(value.value, 2);
});

// ---------------------------------------------------------------------------------------
// Streams, anchors, merge keys

test('parse-yaml: a multi-document stream gives one root per document, and findings name their document', () => {
  const { text, ranges } = markers('a: 1\n---\nb: [[!Foo]] x\n---\nc: [1, 2[[]]');
  const { roots, findings: found } = parseYaml(text);
  assert.equal(roots.length, 3);
  assert.deepEqual(roots.map((r) => (r.kind === 'object' ? r.properties.map((p) => p.key) : r.kind)), [['a'], ['b'], ['c']]);
  assert.deepEqual(
    found.map((f) => ({ ruleId: f.ruleId, root: f.root, offset: f.offset })),
    [
      { ruleId: 'syntax/yaml-warning', root: 1, offset: ranges[0]!.offset },
      { ruleId: 'syntax/parse-error', root: 2, offset: ranges[1]!.offset },
    ],
  );
});

test('parse-yaml: rule findings in a stream carry the index of their document', () => {
  const text = "Foo: bar\n---\nVersion: '2012-10-17'\nStatement:\n  - Effect: Alow\n    Action: s3:GetObject\n    Resource: '*'\n";
  const found = findings(text, 'yaml', 'iam/invalid-effect');
  assert.deepEqual(
    found.map((f) => ({ root: f.root, path: f.path, offset: f.offset })),
    [{ root: 1, path: ['Statement', 0, 'Effect'], offset: text.indexOf('Alow') }],
  );
});

test('parse-yaml: an empty stream has no roots; an empty document has a null root', () => {
  assert.deepEqual(parseYaml('').roots, []);
  const { roots } = parseYaml('---\n');
  assert.equal(roots.length, 1);
  assert.equal(roots[0]!.kind, 'null');
});

test('parse-yaml: aliases expand to the anchored node', () => {
  const root = parseClean('base: &b {x: 1, list: [a, b]}\ncopy: *b\nscalar: &s hello\nagain: *s\n');
  assert.deepEqual(normalise(nodeAtPath(root, ['copy'])!), normalise(nodeAtPath(root, ['base'])!));
  assert.equal(nodeAtPath(root, ['copy', 'list', 1])?.kind, 'string');
  const again = nodeAtPath(root, ['again']);
  assert.ok(again?.kind === 'string');
  assert.equal(again.value, 'hello');
});

test('parse-yaml: an alias value gets its own nodes, whose parent is the alias site', () => {
  const root = parseClean('base: &b {x: 1}\ncopy: *b\n');
  const copy = nodeAtPath(root, ['copy']);
  const base = nodeAtPath(root, ['base']);
  assert.ok(copy && base);
  assert.notEqual(copy, base);
  assert.equal(copy.parent, root);
  assert.equal(nodeAtPath(root, ['copy', 'x'])?.parent, copy);
});

test('parse-yaml: a property whose value is an alias spans from its key to the alias', () => {
  const { text, ranges } = markers('a: &s hello\n[[b: *s]]\n');
  const prop = propertyAtPath(parseClean(text), ['b']);
  assert.ok(prop);
  assert.deepEqual(rangeOf(prop), ranges[0]);
});

test('parse-yaml: merge keys add the properties the map lacks, without overriding its own', () => {
  const root = parseClean('base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\n');
  const m = nodeAtPath(root, ['m']);
  assert.ok(m && m.kind === 'object');
  assert.deepEqual(normalise(m), { object: [['y', { number: 3 }], ['x', { number: 1 }]] });
  assert.equal(getProperty(m, '<<'), undefined);
  assert.equal(nodeAtPath(root, ['m', 'x'])?.parent, m);
});

test('parse-yaml: with a list of merge sources the first source wins', () => {
  const root = parseClean('a: &a {k: 1}\nb: &b {k: 2, j: 2}\nc:\n  <<: [*a, *b]\n');
  assert.deepEqual(normalise(nodeAtPath(root, ['c'])!), { object: [['k', { number: 1 }], ['j', { number: 2 }]] });
});

test('parse-yaml: a quoted << is an ordinary key', () => {
  const root = parseClean("'<<': 1\n");
  assert.ok(root.kind === 'object');
  assert.deepEqual(root.properties.map((p) => p.key), ['<<']);
});

test('parse-yaml: an alias bomb ends in one syntax/alias-limit finding (the timeout guards against expansion)', { timeout: 120_000 }, () => {
  const names = 'abcdefghi';
  const lines = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < names.length; i++) {
    lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`);
  }
  const text = `first: document\n---\n${lines.join('\n')}\n`;
  // A bomb left to expand would not finish: the test's timeout guards that, not a clock bound.
  const { roots, findings: found } = parseYaml(text);
  assert.deepEqual(
    found.map((f) => ({ ruleId: f.ruleId, root: f.root })),
    [{ ruleId: 'syntax/alias-limit', root: 1 }],
  );
  const at = found[0]!;
  assert.equal(text.slice(at.offset, at.offset + at.length)[0], '*', 'the finding sits on an alias');
  // The tree stays bounded: a full expansion would have 9^9 leaves.
  let count = 0;
  const walk = (n: DocNode): void => {
    count++;
    children(n).forEach(walk);
  };
  roots.forEach(walk);
  assert.ok(count < 100_000, `${count} nodes`);
});

// ---------------------------------------------------------------------------------------
// Warnings and broken input

test('parse-yaml: an unknown tag gives syntax/yaml-warning at the tag and keeps the value', () => {
  const { text, ranges } = markers('a: [[!Foo]] bar\n');
  const { roots, findings: found } = parseYaml(text);
  assert.deepEqual(
    found.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, offset: f.offset, length: f.length })),
    [{ ruleId: 'syntax/yaml-warning', messageId: 'warning', ...ranges[0]! }],
  );
  const value = nodeAtPath(roots[0]!, ['a']);
  assert.ok(value?.kind === 'string');
  assert.equal(value.value, 'bar');
});

interface BrokenCase {
  readonly name: string;
  /** `[[]]` marks where the first finding starts. */
  readonly marked: string;
  /** Paths that must survive in the partial tree. */
  readonly partial: readonly Path[];
}

const brokenCases: readonly BrokenCase[] = [
  { name: 'bad indentation', marked: 'a:\n  b: 1\n[[]] c: 2\n', partial: [['a', 'b'], ['c']] },
  { name: 'unclosed flow sequence', marked: 'a: [1, 2\n[[]]', partial: [['a', 0], ['a', 1]] },
  { name: 'unclosed flow mapping', marked: 'a: {b: 1\n[[]]', partial: [['a', 'b']] },
  { name: 'unclosed quote', marked: 'ok: 1\na: "abc\n[[]]', partial: [['ok']] },
  { name: 'tab indentation', marked: 'ok: 1\na:\n[[\t]]b: 1\n', partial: [['ok']] },
];

for (const c of brokenCases) {
  test(`parse-yaml broken input: ${c.name} gives syntax/parse-error and a partial tree`, () => {
    const { text, ranges } = markers(c.marked);
    const { roots, findings: found } = parseYaml(text);
    const errors = found.filter((f) => f.ruleId === 'syntax/parse-error');
    assert.ok(errors.length > 0, `no parse error; got ${JSON.stringify(found)}`);
    assert.ok(errors.every((f) => f.messageId === 'yaml'));
    assert.equal(errors[0]!.offset, ranges[0]!.offset);
    assert.equal(roots.length, 1);
    for (const path of c.partial) {
      assert.ok(nodeAtPath(roots[0]!, path), `missing ${JSON.stringify(path)}`);
    }
  });
}
