/**
 * Statements written under `Fn::If` (one statement, the whole list, or the policy document)
 * are analysed in both branches by every rule: the example, a statement with
 * `Effect: Alow`, a misspelt action and a resource that is not an ARN, inside `Fn::If`,
 * gets its findings at the branch's paths, in JSON and in YAML.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings } from '../../helpers';

const BAD = { Effect: 'Alow', Action: 's3:GetObjectt', Resource: 'bucket' };
const GOOD = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };

function template(statement: unknown): unknown {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Conditions: { IsProd: { 'Fn::Equals': ['a', 'b'] } },
    Resources: {
      Role: {
        Type: 'AWS::IAM::Role',
        Properties: {
          AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
          Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: statement } }],
        },
      },
    },
  };
}

const BASE = ['Resources', 'Role', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement'];
const CASES: readonly { name: string; statement: unknown; at: (string | number)[] }[] = [
  { name: 'a statement of the list under Fn::If (first branch)', statement: [{ 'Fn::If': ['IsProd', BAD, { Ref: 'AWS::NoValue' }] }], at: [0, 'Fn::If', 1] },
  { name: 'a statement of the list under Fn::If (second branch)', statement: [GOOD, { 'Fn::If': ['IsProd', GOOD, BAD] }], at: [1, 'Fn::If', 2] },
  { name: 'the whole list under Fn::If', statement: { 'Fn::If': ['IsProd', [GOOD], [BAD]] }, at: ['Fn::If', 2, 0] },
];

for (const c of CASES) {
  for (const format of ['json', 'yaml'] as const) {
    test(`Fn::If statements: ${c.name} (${format})`, () => {
      const text = format === 'json' ? JSON.stringify(template(c.statement), null, 2) : JSON.stringify(template(c.statement));
      const got = findings(text, format)
        .filter((f) => ['iam/invalid-effect', 'iam/unknown-action', 'iam/invalid-arn'].includes(f.ruleId))
        .map((f) => `${f.ruleId} ${f.path.join('/')}`)
        .sort();
      const at = [...BASE, ...c.at].join('/');
      assert.deepEqual(got, [`iam/invalid-arn ${at}/Resource`, `iam/invalid-effect ${at}/Effect`, `iam/unknown-action ${at}/Action`]);
    });
  }
}

test('Fn::If statements: two branches with the same Sid are not duplicates, two statements of one branch are', () => {
  const sid = (s: object, id: string): object => ({ Sid: id, ...s });
  const text = JSON.stringify(template([{ 'Fn::If': ['IsProd', sid(GOOD, 'A'), sid(GOOD, 'A')] }, sid(GOOD, 'B'), sid(GOOD, 'B')]), null, 2);
  assert.deepEqual(
    findings(text, 'json', 'iam/duplicate-sid').map((f) => f.path.join('/')),
    [[...BASE, 2, 'Sid'].join('/')],
  );
});
