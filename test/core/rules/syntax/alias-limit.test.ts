import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, ruleTester } from '../../../helpers';

/** The "billion laughs": each level is nine aliases of the one before, 9^levels nodes in all. */
function billionLaughs(levels: number, where: 'unused' | 'in-statement'): string {
  const lines = ['lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= levels; i++) {
    const prev = `*lol${i - 1}`;
    lines.push(`lol${i}: &lol${i} [${Array<string>(9).fill(prev).join(', ')}]`);
  }
  const action = where === 'in-statement' ? `*lol${levels}` : 's3:GetObject';
  return `Version: '2012-10-17'\n${lines.join('\n')}\nStatement:\n  - Effect: Allow\n    Action: ${action}\n    Resource: '*'\n`;
}

const LIMIT = 10_000;

ruleTester('syntax/alias-limit', {
  valid: [
    {
      name: 'a statement reused through an alias',
      code: "Version: '2012-10-17'\nStatement:\n  - &read\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n  - *read\n",
      format: 'yaml',
    },
    {
      name: 'merge keys',
      code: "Version: '2012-10-17'\nStatement:\n  - &base\n    Effect: Allow\n    Resource: '*'\n    Action: s3:GetObject\n  - <<: *base\n    Action: s3:PutObject\n",
      format: 'yaml',
    },
    { name: 'a small alias tree under the budget', code: billionLaughs(2, 'in-statement'), format: 'yaml' },
  ],
  invalid: [
    {
      name: 'billion laughs',
      code: billionLaughs(9, 'unused'),
      format: 'yaml',
      expected: [{ messageId: 'tooManyAliases', path: [], data: { limit: LIMIT }, severity: 'error' }],
    },
    {
      name: 'billion laughs expanded inside a statement',
      code: billionLaughs(9, 'in-statement'),
      format: 'yaml',
      expected: [{ messageId: 'tooManyAliases', path: [], data: { limit: LIMIT } }],
    },
  ],
});

test('syntax/alias-limit: an alias bomb is cut off', { timeout: 120_000 }, () => {
  // Unbounded expansion would take minutes and gigabytes: the timeout guards that, not a clock bound.
  const text = billionLaughs(12, 'in-statement');
  const got = findings(text, 'yaml', 'syntax/alias-limit');
  assert.equal(got.length, 1);
});
