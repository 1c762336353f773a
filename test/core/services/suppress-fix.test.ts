/**
 * "Suppress RULE here": for each case the fix is asked for a finding, applied, and the text
 * analysed again: the finding is gone, nothing else changed, and no suppression is unused.
 * Cases where the document has no suppression form get no fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, applyEdits, parse } from '../../helpers';
import type { DocumentFormat } from '../../../server/src/core/index';

interface Case {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly code: string;
  readonly ruleId: string;
  /** What the edit must leave in the text; undefined when no fix is expected. */
  readonly contains?: string;
}

const ROLE_YAML = (metadata = ''): string => `Resources:
  Role:
    Type: AWS::IAM::Role
${metadata}    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: p
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: s3:*
                Resource: arn:aws:s3:::bucket/*
`;
const roleJson = (metadata?: unknown): string =>
  JSON.stringify(
    {
      Resources: {
        Role: {
          Type: 'AWS::IAM::Role',
          ...(metadata !== undefined ? { Metadata: metadata } : {}),
          Properties: {
            AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
            Policies: [{ PolicyName: 'p', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' }] } }],
          },
        },
      },
    },
    null,
    2,
  );

const CASES: readonly Case[] = [
  { name: 'YAML template: a comment line above, at the line\'s indentation', format: 'yaml', code: ROLE_YAML(), ruleId: 'iam/wildcard-action', contains: '                # gatewarden-ignore iam/wildcard-action\n                Action: s3:*' },
  { name: 'YAML policy: a comment line', format: 'yaml', code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:*\n    Resource: arn:aws:s3:::bucket/*\n', ruleId: 'iam/wildcard-action', contains: '    # gatewarden-ignore iam/wildcard-action\n    Action: s3:*' },
  { name: 'JSON template: Metadata added to the resource', format: 'json', code: roleJson(), ruleId: 'iam/wildcard-action', contains: '"Metadata": {' },
  { name: 'JSON template: an ignore list grows', format: 'json', code: roleJson({ gatewarden: { ignore: ['iam/duplicate-sid'] } }), ruleId: 'iam/wildcard-action', contains: '"iam/duplicate-sid",\n' },
  { name: 'JSON template: Metadata without gatewarden', format: 'json', code: roleJson({ Owner: 'team' }), ruleId: 'iam/wildcard-action', contains: '"gatewarden": {' },
  { name: 'raw JSON policy: no form, no fix', format: 'json', code: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::bucket/*' }] }, null, 2), ruleId: 'iam/wildcard-action' },
];

for (const c of CASES) {
  test(`suppress fix: ${c.name}`, () => {
    const doc = parse(c.code, c.format);
    const finding = analyzer.analyze(doc).find((f) => f.ruleId === c.ruleId);
    assert.ok(finding, `no ${c.ruleId} finding`);
    const fix = analyzer.suppressionFix(doc, { ruleId: finding.ruleId, root: finding.root, path: finding.path, offset: finding.offset });
    if (c.contains === undefined) {
      assert.equal(fix, undefined);
      return;
    }
    assert.ok(fix);
    const after = applyEdits(c.code, fix.edits);
    assert.ok(after.includes(c.contains), after);
    const key = (f: { ruleId: string; path: readonly (string | number)[] }): string => `${f.ruleId}@${f.path.join('/')}`;
    const before = analyzer.analyze(doc).map(key).filter((k) => k !== key(finding));
    assert.deepEqual(analyzer.analyze(parse(after, c.format)).map(key), before);
  });
}

test('suppress fix: a finding inside a block scalar gets Metadata, not a comment that would change the text', () => {
  const code = `Resources:
  Queue:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [q]
      PolicyDocument: |
        {"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}
`;
  const doc = parse(code, 'yaml');
  const finding = analyzer.analyze(doc).find((f) => f.ruleId === 'iam/invalid-effect');
  assert.ok(finding, JSON.stringify(analyzer.analyze(doc).map((f) => f.ruleId)));
  const fix = analyzer.suppressionFix(doc, { ruleId: finding.ruleId, root: finding.root, path: finding.path, offset: finding.offset });
  assert.ok(fix);
  const after = applyEdits(code, fix.edits);
  assert.ok(!/\|\n[^\n]*# gatewarden-ignore/.test(after), after);
  assert.ok(!analyzer.analyze(parse(after, 'yaml')).some((f) => f.ruleId === 'iam/invalid-effect' || f.ruleId === 'meta/unused-suppression'), after);
});

test('suppress fix: not offered for syntax findings', () => {
  const doc = parse('{"Version": "2012-10-17", "Statement": [', 'json');
  const finding = analyzer.analyze(doc).find((f) => f.ruleId.startsWith('syntax/'));
  assert.ok(finding);
  assert.equal(analyzer.suppressionFix(doc, { ruleId: finding.ruleId, root: finding.root, path: finding.path, offset: finding.offset }), undefined);
});
