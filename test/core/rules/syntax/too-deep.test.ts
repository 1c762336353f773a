import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, ruleTester } from '../../../helpers';

const LIMIT = 256;
const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedMaps = (depth: number): string => '{a: '.repeat(depth) + '1' + '}'.repeat(depth);

ruleTester('syntax/too-deep', {
  valid: [
    { name: 'ordinary policy', code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: '*' }] } },
    // The root object is one level, so 255 arrays inside it reach the limit exactly.
    { name: 'JSON at the limit', code: `{"Statement": ${nestedArrays(LIMIT - 1)}}`, format: 'json' },
    { name: 'YAML flow at the limit', code: `Statement: ${nestedArrays(LIMIT)}\n`, format: 'yaml' },
    { name: 'JSON brackets inside a string do not count', code: `{"Version": "2012-10-17", "Statement": [], "Id": "${'['.repeat(300)}"}`, format: 'json' },
  ],
  invalid: [
    {
      name: 'JSON, 300 nested arrays',
      code: `{"Version": "2012-10-17", "Statement": ${nestedArrays(300)}}`,
      format: 'json',
      expected: [{ messageId: 'tooDeep', path: [], data: { limit: LIMIT }, severity: 'error' }],
    },
    {
      name: 'JSON one past the limit',
      code: `{"Statement": ${nestedArrays(LIMIT)}}`,
      format: 'json',
      expected: [{ messageId: 'tooDeep', path: [], data: { limit: LIMIT } }],
    },
    {
      name: 'YAML flow sequences',
      code: `Version: '2012-10-17'\nStatement: ${nestedArrays(300)}\n`,
      format: 'yaml',
      expected: [{ messageId: 'tooDeep', path: [], data: { limit: LIMIT } }],
    },
    {
      name: 'YAML flow mappings',
      code: `Version: '2012-10-17'\nStatement: ${nestedMaps(300)}\n`,
      format: 'yaml',
      expected: [{ messageId: 'tooDeep', path: [], data: { limit: LIMIT } }],
    },
  ],
});

test('syntax/too-deep: the document is not analysed further', () => {
  for (const [format, text] of [
    ['json', `{"Version": "2012-10-18", "Statement": ${nestedArrays(300)}}`],
    ['yaml', `Version: '2012-10-18'\nStatement: ${nestedArrays(300)}\n`],
  ] as const) {
    assert.deepEqual(
      findings(text, format).map((f) => f.ruleId),
      ['syntax/too-deep'],
      format,
    );
  }
});
