/**
 * "Fix all of this kind in the file": the preferred fixes of every finding of one rule and
 * message, merged, only where the rule marks them safe to apply together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, applyEdits, parse } from '../../helpers';
import { fresh } from '../../../server/src/core/engine';

const TEMPLATE = `Resources:
  A:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::a/*
  B:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::b/*
`;

test('fix all adds the missing Version to every policy of a template', () => {
  const doc = parse(TEMPLATE, 'yaml');
  const missing = analyzer.analyze(doc).filter((f) => f.ruleId === 'iam/invalid-version');
  assert.equal(missing.length, 2);
  const fix = analyzer.fixAll(doc, missing[0]!);
  assert.ok(fix);
  const output = applyEdits(TEMPLATE, fix.edits);
  assert.equal(output.split("Version: '2012-10-17'").length - 1, 2);
  assert.deepEqual(analyzer.analyze(parse(output, 'yaml')).filter((f) => f.ruleId === 'iam/invalid-version'), []);
});

test('no fix all for fixes that need judgement, nor for a single finding', () => {
  const code = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjectt", "s3:PutObjectt"], "Resource": "*"}]}';
  const doc = parse(code, 'json');
  const [first] = analyzer.analyze(doc).filter((f) => f.ruleId === 'iam/unknown-action');
  assert.ok(first);
  assert.equal(analyzer.fixAll(doc, first), undefined, 'a misspelling\'s suggestion is a guess');
  const one = parse('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "execute-api:In*", "Resource": "*"}]}', 'json');
  const [partial] = analyzer.analyze(one).filter((f) => f.messageId === 'partial');
  assert.equal(analyzer.fixAll(one, partial!), undefined);
});

test('fix all honours configuration: findings turned off are not fixed', () => {
  const doc = parse(TEMPLATE, 'yaml');
  const [missing] = analyzer.analyze(doc).filter((f) => f.ruleId === 'iam/invalid-version');
  assert.equal(analyzer.fixAll(doc, missing!, { rules: { 'iam/invalid-version': 'off' } }), undefined);
});

test('fix all, kept per parse, answers what a computation from nothing answers, per configuration', () => {
  const doc = parse(TEMPLATE, 'yaml');
  const [missing] = analyzer.analyze(doc).filter((f) => f.ruleId === 'iam/invalid-version');
  const kept = analyzer.fixAll(doc, missing!);
  assert.ok(kept);
  // Asked again: the same answer, from the table (the same object).
  assert.equal(analyzer.fixAll(doc, missing!), kept);
  assert.deepEqual(fresh(() => analyzer.fixAll(parse(TEMPLATE, 'yaml'), missing!)), kept);
  // Another configuration is another entry, not the kept answer.
  assert.equal(analyzer.fixAll(doc, missing!, { rules: { 'iam/invalid-version': 'off' } }), undefined);
  assert.equal(analyzer.fixAll(doc, missing!), kept);
});
