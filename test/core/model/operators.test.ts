/**
 * IAM condition operator names: set prefixes, the IfExists suffix, and each way a name
 * can be wrong, with the suggestion a quick fix would offer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allOperatorNames, OPERATORS_BY_NAME, parseOperator, suggestOperator } from '../../../server/src/core/policy/operators';

const valid: readonly { text: string; prefix?: string; base: string; ifExists: boolean }[] = [
  { text: 'StringEquals', base: 'StringEquals', ifExists: false },
  { text: 'StringNotEqualsIgnoreCase', base: 'StringNotEqualsIgnoreCase', ifExists: false },
  { text: 'StringLikeIfExists', base: 'StringLike', ifExists: true },
  { text: 'ArnLikeIfExists', base: 'ArnLike', ifExists: true },
  { text: 'BoolIfExists', base: 'Bool', ifExists: true },
  { text: 'DateGreaterThanEquals', base: 'DateGreaterThanEquals', ifExists: false },
  { text: 'NotIpAddress', base: 'NotIpAddress', ifExists: false },
  { text: 'BinaryEquals', base: 'BinaryEquals', ifExists: false },
  { text: 'Null', base: 'Null', ifExists: false },
  { text: 'ForAllValues:StringEquals', prefix: 'ForAllValues', base: 'StringEquals', ifExists: false },
  { text: 'ForAnyValue:StringLikeIfExists', prefix: 'ForAnyValue', base: 'StringLike', ifExists: true },
  { text: 'ForAnyValue:Null', prefix: 'ForAnyValue', base: 'Null', ifExists: false },
];

for (const c of valid) {
  test(`operators parseOperator(${c.text}) is valid`, () => {
    const parsed = parseOperator(c.text);
    assert.ok(parsed.ok, JSON.stringify(parsed));
    assert.deepEqual(
      { prefix: parsed.operator.prefix, base: parsed.operator.base.name, ifExists: parsed.operator.ifExists },
      { prefix: c.prefix, base: c.base, ifExists: c.ifExists },
    );
    assert.equal(parsed.operator.base, OPERATORS_BY_NAME.get(c.base));
  });
}

const invalid: readonly { text: string; reason: string; suggestion: string | undefined }[] = [
  { text: 'StringEqual', reason: 'unknown', suggestion: 'StringEquals' },
  { text: 'StringEqualz', reason: 'unknown', suggestion: 'StringEquals' },
  { text: 'NumericLessThenEquals', reason: 'unknown', suggestion: 'NumericLessThanEquals' },
  { text: 'StringEqualsIfExist', reason: 'unknown', suggestion: 'StringEqualsIfExists' },
  { text: 'IfExists', reason: 'unknown', suggestion: undefined },
  { text: 'ForAllValues:', reason: 'unknown', suggestion: undefined },
  { text: 'CompletelyDifferentThing', reason: 'unknown', suggestion: undefined },
  { text: 'stringequals', reason: 'wrongCase', suggestion: 'StringEquals' },
  { text: 'StringEqualsIfexists', reason: 'wrongCase', suggestion: 'StringEqualsIfExists' },
  { text: 'BOOL', reason: 'wrongCase', suggestion: 'Bool' },
  { text: 'forallvalues:stringequals', reason: 'wrongCase', suggestion: 'ForAllValues:StringEquals' },
  { text: 'NullIfExists', reason: 'nullIfExists', suggestion: 'Null' },
  { text: 'ForAnyValue:NullIfExists', reason: 'nullIfExists', suggestion: 'ForAnyValue:Null' },
  { text: 'ForSomeValues:StringEquals', reason: 'badPrefix', suggestion: 'ForAllValues:StringEquals' },
  { text: 'ForAnyValues:StringLike', reason: 'badPrefix', suggestion: 'ForAnyValue:StringLike' },
  { text: ':StringEquals', reason: 'badPrefix', suggestion: 'StringEquals' },
];

for (const c of invalid) {
  test(`operators parseOperator(${JSON.stringify(c.text)}) fails: ${c.reason}`, () => {
    const parsed = parseOperator(c.text);
    assert.ok(!parsed.ok);
    assert.deepEqual({ reason: parsed.reason, suggestion: parsed.suggestion }, { reason: c.reason, suggestion: c.suggestion });
  });
}

test('operators: every accepted spelling parses, and suggests itself', () => {
  const names = allOperatorNames();
  // 27 operators, all but Null with IfExists, each bare and with two set prefixes.
  assert.equal(names.length, (27 * 2 - 1) * 3);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) {
    assert.ok(parseOperator(name).ok, name);
    assert.equal(suggestOperator(name), name);
  }
  assert.ok(!names.includes('NullIfExists'));
});
