/**
 * Path and offset helpers of the document model, run on the same template in JSON and
 * YAML: lookups by path, the closest existing ancestor of a missing path, the node and
 * the key under a cursor, and pathOf as the inverse of nodeAtPath.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  asList,
  children,
  closestNodeAtPath,
  findProperty,
  getProperty,
  kindName,
  nodeAtOffset,
  nodeAtPath,
  pathOf,
  propertyAtPath,
  propertyKeyAtOffset,
  scalarText,
  type DocNode,
  type Path,
} from '../../../server/src/core/model/node';
import { parseJson } from '../../../server/src/core/model/parse-json';
import { parseYaml } from '../../../server/src/core/model/parse-yaml';
import type { DocumentFormat } from '../../../server/src/core/types';
import { markers } from '../../helpers';

const SAMPLE_JSON = `{
  "Resources": {
    "Role": {
      "Type": "AWS::IAM::Role",
      "Properties": {
        "RoleName": {"Fn::Sub": "\${AWS::StackName}-role"},
        "Policies": [
          {
            "PolicyName": "read",
            "PolicyDocument": {
              "Version": "2012-10-17",
              "Statement": [
                {
                  "Effect": "Allow",
                  "Action": ["s3:GetObject", "s3:PutObject"],
                  "Resource": {"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "Bucket"}, "/*"]]},
                  "Condition": {"Bool": {"aws:SecureTransport": true}}
                }
              ]
            }
          }
        ],
        "MaxSessionDuration": 3600,
        "Path": null
      }
    }
  }
}
`;

const SAMPLE_YAML = `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub '\${AWS::StackName}-role'
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - s3:GetObject
                  - s3:PutObject
                Resource: !Join
                  - ''
                  - - 'arn:aws:s3:::'
                    - !Ref Bucket
                    - /*
                Condition:
                  Bool:
                    aws:SecureTransport: true
      MaxSessionDuration: 3600
      Path: null
`;

function sample(format: DocumentFormat): { text: string; root: DocNode } {
  return { text: format === 'json' ? SAMPLE_JSON : SAMPLE_YAML, root: parseRoot(format === 'json' ? SAMPLE_JSON : SAMPLE_YAML, format) };
}

function parseRoot(text: string, format: DocumentFormat): DocNode {
  if (format === 'json') {
    const { root, findings } = parseJson(text);
    assert.deepEqual(findings, []);
    assert.ok(root);
    return root;
  }
  const { roots, findings } = parseYaml(text);
  assert.deepEqual(findings, []);
  assert.equal(roots.length, 1);
  return roots[0]!;
}

function allNodes(root: DocNode): DocNode[] {
  const out: DocNode[] = [];
  const walk = (n: DocNode): void => {
    out.push(n);
    children(n).forEach(walk);
  };
  walk(root);
  return out;
}

const STATEMENT: Path = ['Resources', 'Role', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0];

const lookups: readonly { path: Path; expect: string | undefined }[] = [
  { path: [], expect: 'object' },
  { path: ['Resources', 'Role', 'Type'], expect: 'string:AWS::IAM::Role' },
  { path: ['Resources', 'Role', 'Properties', 'RoleName'], expect: 'intrinsic:Fn::Sub' },
  { path: ['Resources', 'Role', 'Properties', 'RoleName', 'Fn::Sub'], expect: 'string:${AWS::StackName}-role' },
  { path: [...STATEMENT, 'Action', 1], expect: 'string:s3:PutObject' },
  { path: [...STATEMENT, 'Resource', 'Fn::Join', 1, 1, 'Ref'], expect: 'string:Bucket' },
  { path: [...STATEMENT, 'Condition', 'Bool', 'aws:SecureTransport'], expect: 'boolean:true' },
  { path: ['Resources', 'Role', 'Properties', 'MaxSessionDuration'], expect: 'number:3600' },
  { path: ['Resources', 'Role', 'Properties', 'Path'], expect: 'null:null' },
  // Misses: a key that is not there, an index past the end, a key on an array, an index on
  // an object, the wrong function name, and a path that goes on below a scalar.
  { path: ['Resources', 'Nope'], expect: undefined },
  { path: [...STATEMENT, 'Action', 2], expect: undefined },
  { path: [...STATEMENT, 'Action', 'x'], expect: undefined },
  { path: ['Resources', 0], expect: undefined },
  { path: ['Resources', 'Role', 'Properties', 'RoleName', 'Fn::Join'], expect: undefined },
  { path: ['Resources', 'Role', 'Type', 'x'], expect: undefined },
  { path: ['Nope', 'deeper', 'still'], expect: undefined },
];

function describeNode(node: DocNode | undefined): string | undefined {
  if (!node) {
    return undefined;
  }
  switch (node.kind) {
    case 'object':
    case 'array':
      return node.kind;
    case 'intrinsic':
      return `intrinsic:${node.fn}`;
    default:
      return `${node.kind}:${String(node.value)}`;
  }
}

for (const format of ['json', 'yaml'] as const) {
  for (const c of lookups) {
    test(`node nodeAtPath ${JSON.stringify(c.path)} (${format})`, () => {
      assert.equal(describeNode(nodeAtPath(sample(format).root, c.path)), c.expect);
    });
  }

  test(`node pathOf inverts nodeAtPath for every node of the sample (${format})`, () => {
    const { root } = sample(format);
    const nodes = allNodes(root);
    assert.ok(nodes.length > 30);
    for (const node of nodes) {
      const path = pathOf(node);
      assert.equal(nodeAtPath(root, path), node, `round trip failed at ${JSON.stringify(path)}`);
    }
  });

  test(`node pathOf goes through intrinsic nodes by function name (${format})`, () => {
    const { root } = sample(format);
    const path: Path = [...STATEMENT, 'Resource', 'Fn::Join', 1, 1, 'Ref'];
    assert.deepEqual(pathOf(nodeAtPath(root, path)!), path);
  });

  test(`node closestNodeAtPath returns the deepest existing node and the missing rest (${format})`, () => {
    const { root } = sample(format);
    const properties = nodeAtPath(root, ['Resources', 'Role', 'Properties']);
    assert.deepEqual(closestNodeAtPath(root, ['Resources', 'Role', 'Properties', 'Missing', 'x', 0]), {
      node: properties,
      missing: ['Missing', 'x', 0],
    });
    const type = nodeAtPath(root, ['Resources', 'Role', 'Type']);
    assert.deepEqual(closestNodeAtPath(root, ['Resources', 'Role', 'Type']), { node: type, missing: [] });
    assert.deepEqual(closestNodeAtPath(root, [...STATEMENT, 'Action', 5]), { node: nodeAtPath(root, [...STATEMENT, 'Action']), missing: [5] });
    assert.deepEqual(closestNodeAtPath(root, ['Nope']), { node: root, missing: ['Nope'] });
    assert.deepEqual(closestNodeAtPath(root, []), { node: root, missing: [] });
  });

  test(`node propertyAtPath gives the property holding a keyed path (${format})`, () => {
    const { text, root } = sample(format);
    const prop = propertyAtPath(root, ['Resources', 'Role', 'Type']);
    assert.ok(prop);
    assert.equal(prop.key, 'Type');
    const keyStart = text.indexOf(format === 'json' ? '"Type"' : 'Type:');
    assert.deepEqual([prop.keyOffset, prop.keyLength], [keyStart, format === 'json' ? 6 : 4]);
    assert.equal(prop.value, nodeAtPath(root, ['Resources', 'Role', 'Type']));
    assert.equal(propertyAtPath(root, [...STATEMENT, 'Action', 0]), undefined, 'an index has no property');
    assert.equal(propertyAtPath(root, []), undefined);
    assert.equal(propertyAtPath(root, ['Resources', 'Missing']), undefined);
    assert.equal(propertyAtPath(root, ['Missing', 'Deeper']), undefined);
    // The function name of an intrinsic is not a property.
    assert.equal(propertyAtPath(root, ['Resources', 'Role', 'Properties', 'RoleName', 'Fn::Sub']), undefined);
  });
}

interface CursorCase {
  readonly name: string;
  readonly format: DocumentFormat;
  /** `‸` is the cursor; `[[…]]` the node expected under it (none: no node). */
  readonly marked: string;
}

const cursorCases: readonly CursorCase[] = [
  { name: 'inside a string', format: 'json', marked: '{"a": {"b": [["x‸yz"]]}}' },
  { name: 'at the start of a string', format: 'json', marked: '{"a": ‸[["xyz"]]}' },
  { name: 'at the end of a string (end inclusive)', format: 'json', marked: '{"a": [["xyz"‸]]}' },
  { name: 'on a key: the object holding it', format: 'json', marked: '{"a": [[{"k‸ey": 1}]]}' },
  { name: 'in an intrinsic argument', format: 'json', marked: '{"a": {"Ref": [["Buc‸ket"]]}}' },
  { name: 'on an intrinsic key: the intrinsic', format: 'json', marked: '{"a": [[{"R‸ef": "Bucket"}]]}' },
  { name: 'inside a plain scalar', format: 'yaml', marked: 'a:\n  b: [[x‸yz]]\n' },
  { name: 'in a sequence item', format: 'yaml', marked: 'a:\n  - one\n  - [[tw‸o]]\n' },
  { name: 'on a short-form tag: the intrinsic', format: 'yaml', marked: 'a: [[!R‸ef Bucket]]\n' },
  { name: 'in a short-form argument', format: 'yaml', marked: 'a: !Ref [[Buc‸ket]]\n' },
];

for (const c of cursorCases) {
  test(`node nodeAtOffset ${c.name} (${c.format})`, () => {
    const { text, cursor, ranges } = markers(c.marked);
    assert.ok(cursor !== undefined);
    const root = parseRoot(text, c.format);
    const node = nodeAtOffset(root, cursor);
    assert.ok(node);
    assert.deepEqual({ offset: node.offset, length: node.length }, ranges[0]);
  });
}

test('node nodeAtOffset between array items is the array', () => {
  // Written without markers: the array's `]` next to a closing `]]` would be ambiguous.
  const text = '{"a": [1, 2]}';
  const node = nodeAtOffset(parseRoot(text, 'json'), text.indexOf(' 2'));
  assert.deepEqual(node && { kind: node.kind, offset: node.offset }, { kind: 'array', offset: text.indexOf('[') });
});

test('node nodeAtOffset outside the root is undefined', () => {
  const text = '  {"a": 1}  ';
  const root = parseRoot(text, 'json');
  assert.equal(nodeAtOffset(root, 0), undefined);
  assert.equal(nodeAtOffset(root, text.length), undefined);
  assert.equal(nodeAtOffset(root, 2), root);
});

const keyCursorCases: readonly { name: string; format: DocumentFormat; marked: string; key: string | undefined }[] = [
  { name: 'inside a key', format: 'json', marked: '{"Eff‸ect": "Allow"}', key: 'Effect' },
  { name: 'on the opening quote', format: 'json', marked: '{‸"Effect": "Allow"}', key: 'Effect' },
  { name: 'just after the key (end inclusive)', format: 'json', marked: '{"Effect"‸: "Allow"}', key: 'Effect' },
  { name: 'on a value', format: 'json', marked: '{"Effect": "Al‸low"}', key: undefined },
  { name: 'on a nested key', format: 'json', marked: '{"Condition": {"StringEq‸uals": {}}}', key: 'StringEquals' },
  { name: 'on a key inside an array item', format: 'json', marked: '{"Statement": [{"Act‸ion": "s3:*"}]}', key: 'Action' },
  { name: 'inside a plain key', format: 'yaml', marked: 'Statement:\n  - Eff‸ect: Allow\n', key: 'Effect' },
  { name: 'on a plain value', format: 'yaml', marked: 'Effect: Al‸low\n', key: undefined },
  { name: 'on a nested key', format: 'yaml', marked: 'Condition:\n  Bool:\n    aws:Secure‸Transport: true\n', key: 'aws:SecureTransport' },
];

for (const c of keyCursorCases) {
  test(`node propertyKeyAtOffset ${c.name} (${c.format})`, () => {
    const { text, cursor } = markers(c.marked);
    assert.ok(cursor !== undefined);
    const prop = propertyKeyAtOffset(parseRoot(text, c.format), cursor);
    assert.equal(prop?.key, c.key);
    if (prop) {
      assert.ok(cursor >= prop.keyOffset && cursor <= prop.keyOffset + prop.keyLength);
    }
  });
}

test('node lookups look through a document embedded in a string', () => {
  const host = parseRoot('{"PolicyDocument": "{\\"Version\\": \\"2012-10-17\\"}"}', 'json');
  const holder = nodeAtPath(host, ['PolicyDocument']);
  assert.ok(holder && holder.kind === 'string');
  const embedded = parseRoot('{"Version": "2012-10-17"}', 'json');
  holder.embedded = embedded;
  embedded.parent = holder;
  const version = nodeAtPath(host, ['PolicyDocument', 'Version']);
  assert.equal(describeNode(version), 'string:2012-10-17');
  assert.equal(propertyAtPath(host, ['PolicyDocument', 'Version'])?.key, 'Version');
  // The embedded document adds no path segment of its own.
  assert.deepEqual(pathOf(version!), ['PolicyDocument', 'Version']);
  assert.deepEqual(children(holder), [embedded]);
});

test('node getProperty and findProperty take the last of duplicate keys', () => {
  const root = parseJson('{"a": 1, "a": 2}').root;
  assert.equal(describeNode(getProperty(root, 'a')), 'number:2');
  assert.equal(describeNode(findProperty(root, 'a')?.value), 'number:2');
  assert.equal(getProperty(root, 'b'), undefined);
  assert.equal(getProperty(undefined, 'a'), undefined);
  assert.equal(getProperty(parseRoot('[1]', 'json'), 'a'), undefined);
});

test('node scalarText, asList and kindName', () => {
  const root = parseRoot('a: text\nb: 0123\nc: true\nd: null\ne: [1, 2]\nf: !Ref X\n', 'yaml');
  const at = (key: string): DocNode | undefined => getProperty(root, key);
  assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((k) => scalarText(at(k))), ['text', '0123', 'true', undefined, undefined]);
  assert.equal(scalarText(undefined), undefined);
  assert.equal(asList(at('e')).length, 2);
  assert.deepEqual(asList(at('a')), [at('a')]);
  assert.deepEqual(asList(undefined), []);
  assert.deepEqual(['a', 'd', 'e', 'f'].map((k) => kindName(at(k)!)), ['string', 'null', 'array', 'intrinsic function Ref']);
  assert.equal(kindName(root), 'object');
});
