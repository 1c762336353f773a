import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBothFormats, findings, ruleTester } from '../../../helpers';

/** An identity policy of exactly `size` characters as compact JSON (what AWS counts). */
function identityPolicy(size: number): unknown {
  return padded({ Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: [] as string[] }] }, size);
}

/** A role trust policy of exactly `size` characters as compact JSON. */
function trustPolicy(size: number): unknown {
  return padded({ Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Principal: { AWS: [] as string[] }, Action: 'sts:AssumeRole' }] }, size);
}

/** Fills the policy with ARNs, then pads the Sid so the compact length is exactly `size`. */
function padded(policy: { Version: string; Statement: Record<string, unknown>[] }, size: number): unknown {
  const statement = policy.Statement[0]!;
  const list = (statement.Resource ?? (statement.Principal as { AWS: string[] }).AWS) as string[];
  let i = 0;
  while (JSON.stringify(policy).length + 60 < size) {
    list.push(`arn:aws:iam::${String(111122220000 + i++).padStart(12, '0')}:root`);
  }
  statement.Sid = 'S'.repeat(size - JSON.stringify(policy).length);
  assert.equal(JSON.stringify(policy).length, size);
  return policy;
}

/** An identity policy whose compact size is `size`, most of it in escaped characters. */
function escaped(size: number): unknown {
  const policy = { Version: '2012-10-17', Statement: [{ Sid: '', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] };
  const unit = '"\\\u0001 '; // quote, backslash, control character, space: 2 + 2 + 6 + 0 counted
  const base = JSON.stringify(policy).length;
  const units = Math.floor((size - base) / 10);
  policy.Statement[0]!.Sid = unit.repeat(units) + 'S'.repeat(size - base - units * 10);
  assert.equal(JSON.stringify(policy).replace(/\s/g, '').length, size);
  return policy;
}

ruleTester('iam/policy-size', {
  valid: [
    { name: 'small policy', code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] } },
    { name: 'identity policy at the quota', code: identityPolicy(6144) },
    { name: 'trust policy at the quota', code: trustPolicy(2048) },
    {
      // Resource policies have per-service limits and are not checked.
      name: 'large resource policy',
      code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) }] },
    },
    {
      // White space does not count, even inside strings.
      name: 'white space is not counted',
      code: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Sid: ' '.repeat(7000) }] },
    },
  ],
  invalid: [
    {
      name: 'identity policy one over the quota',
      code: identityPolicy(6145),
      expected: [{ messageId: 'tooLarge', path: ['Statement'], data: { size: 6145, limit: 6144, what: 'managed policy' }, severity: 'warning' }],
    },
    {
      name: 'identity policy far over the quota',
      code: identityPolicy(10_000),
      expected: [{ messageId: 'tooLarge', path: ['Statement'], data: { size: 10_000, limit: 6144 } }],
    },
    {
      // Quotes, backslashes and control characters count as JSON escapes them; white space
      // inside the string does not.
      name: 'escaped characters count as escaped',
      code: escaped(6145),
      expected: [{ messageId: 'tooLarge', path: ['Statement'], data: { size: 6145, limit: 6144 } }],
    },
    {
      name: 'trust policy over its quota',
      code: trustPolicy(2049),
      expected: [{ messageId: 'tooLarge', path: ['Statement'], data: { size: 2049, limit: 2048, what: 'role trust policy' }, severity: 'warning' }],
    },
  ],
});

test('iam/policy-size: the size counted is the same in JSON and YAML', () => {
  const { json, yaml } = asBothFormats(identityPolicy(7000));
  const sizes = [findings(json, 'json', 'iam/policy-size'), findings(yaml, 'yaml', 'iam/policy-size')].map((f) => f.map((x) => x.data['size']));
  assert.deepEqual(sizes, [[7000], [7000]]);
});
