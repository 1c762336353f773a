import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, asBothFormats, ruleTester, type Expected } from '../../../helpers';
import type { DocumentFormat } from '../../../../server/src/core/index';

const policy = { Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: '*' }] };

// ruleTester cannot pass parse options, and the size limit is one (the parser refuses
// to parse a document over it), so the invalid cases below parse with the option directly.
ruleTester('syntax/too-large', {
  valid: [
    { name: 'small policy under the default limit', code: policy },
    { name: 'a long string well under the default limit', code: { ...policy, Id: 'x'.repeat(100_000) } },
  ],
  invalid: [],
});

const LIMIT = 64;
const invalid: readonly { name: string; code: unknown; expected: readonly Expected[] }[] = [
  {
    name: 'over a 64-character limit',
    code: policy,
    expected: [{ messageId: 'tooLarge', path: [], data: { limit: LIMIT }, severity: 'warning' }],
  },
];

for (const c of invalid) {
  for (const [format, text] of Object.entries(asBothFormats(c.code)) as [DocumentFormat, string][]) {
    test(`syntax/too-large invalid ${c.name} (${format})`, () => {
      const doc = analyzer.parse(text, { format, maxFileSize: LIMIT, assumeRelevant: true });
      // Analysis is skipped: the misspelt Effect is not reported, only the size.
      const got = analyzer.analyze(doc).map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, path: f.path, data: f.data, severity: f.severity }));
      const expected = c.expected.map((e) => ({
        ruleId: 'syntax/too-large',
        messageId: e.messageId,
        path: e.path,
        data: { ...e.data, size: text.length },
        severity: e.severity,
      }));
      assert.deepEqual(got, expected);
    });
  }
}

test('syntax/too-large: a document exactly at the limit is analysed', () => {
  const text = JSON.stringify(policy);
  const doc = analyzer.parse(text, { format: 'json', maxFileSize: text.length, assumeRelevant: true });
  assert.deepEqual(
    analyzer.analyze(doc).map((f) => f.ruleId),
    ['iam/invalid-effect'],
  );
});
