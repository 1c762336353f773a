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
      // Two containers left open: one finding, not one per closing bracket and brace.
      name: 'truncated JSON',
      code: '{"Version": "2012-10-17", "Statement": [',
      format: 'json',
      expected: [{ messageId: 'jsonTruncated', path: [] }],
    },
    {
      // Cut inside a key: the unterminated string, then a colon, a brace and a bracket, all at the end.
      name: 'JSON truncated inside a string',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resou',
      format: 'json',
      expected: [{ messageId: 'jsonTruncated', path: [], data: { detail: 'unterminated string' } }],
    },
    {
      name: 'JSON truncated after trailing whitespace',
      code: '{"Version": "2012-10-17", "Statement": [\n\n  ',
      format: 'json',
      expected: [{ messageId: 'jsonTruncated', path: [] }],
    },
    {
      // An error before the end stays its own finding.
      name: 'JSON with a stray comma, then cut short',
      code: '{"Version": "2012-10-17",, "Statement": [',
      format: 'json',
      expected: [
        { messageId: 'json', path: [] },
        { messageId: 'json', path: [] },
        { messageId: 'jsonTruncated', path: [] },
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
    // Three containers left open at the end: one finding says the document is cut short.
    ['iam/invalid-effect:invalid', 'syntax/parse-error:jsonTruncated'].sort(),
  );
});
