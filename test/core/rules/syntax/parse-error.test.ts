import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, ruleTester } from '../../../helpers';

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };

// Syntax findings cover the whole document: their path is always [].
ruleTester('syntax/parse-error', {
  valid: [
    { name: 'well-formed policy', code: policy },
    { name: 'empty YAML stream', code: '', format: 'yaml' },
    {
      // A readable file that is not one we analyse gets no syntax findings (VS Code reports JSON syntax itself).
      name: 'JSON with a comment that is not a policy',
      code: '{"compilerOptions": {}, // comment\n"Version": "1"}',
      format: 'json',
    },
  ],
  invalid: [
    {
      name: 'truncated JSON',
      code: '{"Version": "2012-10-17", "Statement": [',
      format: 'json',
      expected: [
        { messageId: 'json', path: [] },
        { messageId: 'json', path: [] },
      ],
    },
    {
      name: 'JSON trailing comma',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",}]}',
      format: 'json',
      expected: [
        { messageId: 'json', path: [] },
        { messageId: 'json', path: [] },
      ],
    },
    {
      name: 'JSON comment in a policy',
      code: '{"Version": "2012-10-17", // latest\n"Statement": []}',
      format: 'json',
      expected: [{ messageId: 'json', path: [], severity: 'error' }],
    },
    { name: 'empty JSON file', code: '', format: 'json', expected: [{ messageId: 'json', path: [] }] },
    {
      name: 'YAML unterminated flow sequence',
      code: "Version: '2012-10-17'\nStatement: [\n",
      format: 'yaml',
      expected: [{ messageId: 'yaml', path: [], data: { code: 'BAD_INDENT' } }],
    },
    {
      name: 'YAML unterminated quote',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: \"Allow\n",
      format: 'yaml',
      expected: [{ messageId: 'yaml', path: [], data: { code: 'MISSING_CHAR' }, severity: 'error' }],
    },
  ],
});

test('syntax/parse-error: the rest of a broken document is still analysed', () => {
  const got = findings('{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "*"', 'json');
  assert.deepEqual(
    got.map((f) => `${f.ruleId}:${f.messageId}`).sort(),
    // Three unclosed containers: one "bracket expected" and one "brace expected" (the two
    // braces expected at the same place are reported once).
    ['iam/invalid-effect:invalid', 'syntax/parse-error:json', 'syntax/parse-error:json'].sort(),
  );
});
