/**
 * `locate`: how a path a rule reports becomes a range. An existing path gives its value
 * (or key); a path that runs past the tree gives the key of the closest existing property,
 * or the first line of the closest node when that node has no key.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locate } from '../../../server/src/core/services/analyze';
import type { Path } from '../../../server/src/core/model/node';
import type { DocumentFormat } from '../../../server/src/core/types';
import { markers, parse } from '../../helpers';

interface LocateCase {
  readonly name: string;
  readonly format: DocumentFormat;
  /** `[[…]]` marks the expected range. */
  readonly marked: string;
  readonly path: Path;
  readonly target: 'key' | 'value';
  readonly root?: number;
}

const JSON_POLICY = (statement: string): string => `{\n  "Version": "2012-10-17",\n  "Statement": [\n    ${statement}\n  ]\n}\n`;

const cases: readonly LocateCase[] = [
  {
    name: 'existing path, value',
    format: 'json',
    marked: JSON_POLICY('{"Effect": [["Alow"]], "Action": "s3:*", "Resource": "*"}'),
    path: ['Statement', 0, 'Effect'],
    target: 'value',
  },
  {
    name: 'existing path, key',
    format: 'json',
    marked: JSON_POLICY('{[["Effect"]]: "Alow", "Action": "s3:*", "Resource": "*"}'),
    path: ['Statement', 0, 'Effect'],
    target: 'key',
  },
  {
    name: 'a missing key maps to the key of the closest existing property',
    format: 'json',
    marked: JSON_POLICY('{"Effect": "Allow", [["Condition"]]: {}}'),
    path: ['Statement', 0, 'Condition', 'StringEquals', 'aws:SourceAccount'],
    target: 'value',
  },
  {
    name: 'a missing element of an array item maps to the first line of the item',
    format: 'json',
    marked: '{\n  "Statement": [\n    [[{ "Effect": "Allow",]]\n      "Resource": "*" }\n  ]\n}\n',
    path: ['Statement', 0, 'Action'],
    target: 'value',
  },
  {
    name: 'a missing index maps to the key holding the array',
    format: 'json',
    marked: '{"Version": "2012-10-17", [["Statement"]]: []}',
    path: ['Statement', 0, 'Effect'],
    target: 'value',
  },
  {
    name: 'existing path, value',
    format: 'yaml',
    marked: "Version: '2012-10-17'\nStatement:\n  - Effect: [[Alow]]\n    Action: s3:*\n",
    path: ['Statement', 0, 'Effect'],
    target: 'value',
  },
  {
    name: 'existing path, key',
    format: 'yaml',
    marked: "Version: '2012-10-17'\nStatement:\n  - [[Effect]]: Alow\n    Action: s3:*\n",
    path: ['Statement', 0, 'Effect'],
    target: 'key',
  },
  {
    name: 'a missing key maps to the key of the closest existing property',
    format: 'yaml',
    marked: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    [[Condition]]:\n      Bool: {}\n",
    path: ['Statement', 0, 'Condition', 'StringEquals'],
    target: 'value',
  },
  {
    name: 'a missing element of a sequence item maps to the first line of the item',
    format: 'yaml',
    marked: "Version: '2012-10-17'\nStatement:\n  - [[Effect: Allow]]\n    Resource: '*'\n",
    path: ['Statement', 0, 'Action'],
    target: 'value',
  },
  {
    name: 'a path through an intrinsic',
    format: 'yaml',
    marked: 'Resources:\n  R:\n    Properties:\n      Name: !Join [ [[-]], [a, b] ]\n',
    path: ['Resources', 'R', 'Properties', 'Name', 'Fn::Join', 0],
    target: 'value',
  },
  {
    name: 'the second document of a stream',
    format: 'yaml',
    marked: "Statement: []\n---\nVersion: '2012-10-17'\n[[Statement]]: []\n",
    path: ['Statement', 0],
    target: 'value',
    root: 1,
  },
];

for (const c of cases) {
  test(`locate: ${c.name} (${c.format})`, () => {
    const { text, ranges } = markers(c.marked);
    assert.equal(ranges.length, 1);
    assert.deepEqual(locate(parse(text, c.format), c.root ?? 0, c.path, c.target), ranges[0]);
  });
}

test('locate: the key of the root is its first line', () => {
  const text = '{"Version": "2012-10-17",\n "Statement": []}';
  assert.deepEqual(locate(parse(text, 'json'), 0, [], 'key'), { offset: 0, length: text.indexOf('\n') });
  assert.deepEqual(locate(parse(text, 'json'), 0, [], 'value'), { offset: 0, length: text.length });
});

test('locate: a root that does not exist gives an empty range at the start', () => {
  assert.deepEqual(locate(parse('{"Statement": []}', 'json'), 3, ['Statement'], 'value'), { offset: 0, length: 0 });
});
