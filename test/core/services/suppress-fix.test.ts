/**
 * "Suppress RULE here": for each case the fix is asked for a finding, applied, and the text
 * analysed again: the finding is gone, nothing else changed, and no suppression is unused.
 * Cases where the document has no suppression form get no fix.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, applyEdits, parse } from '../../helpers';
import type { DocumentFormat } from '../../../server/src/core/index';
import { suppressionFix } from '../../../server/src/core/services/suppress-fix';
import { spliceView } from '../../../server/src/core/model/reparse';
import { corpusFiles } from '../../robustness/fuzz-lib';

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

const QUEUE_POLICY = '  Q:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [q]\n      PolicyDocument: |\n        {"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Principal": "*", "Action": "sqs:SendMessage", "Resource": "*"}]}\n';

test('suppress fix: checking the edit on its entry alone answers what parsing the whole edited text answers', () => {
  // Every finding of every YAML file of the corpus, and of templates whose findings sit in
  // block scalars, flow values and first entries: the fix with the check on the entry the
  // edit falls in (model/reparse.ts spliceView) must be the fix with a full parse.
  const texts = [
    ...corpusFiles().filter((f) => f.format === 'yaml').map((f) => ({ name: f.name, text: f.text })),
    { name: 'role', text: ROLE_YAML() },
    { name: 'role with Metadata', text: ROLE_YAML('    Metadata:\n      gatewarden:\n        ignore: [iam/duplicate-sid]\n') },
    { name: 'block scalar', text: `Resources:\n${QUEUE_POLICY}` },
    { name: 'block scalar, then another resource', text: `Resources:\n${QUEUE_POLICY}${QUEUE_POLICY.replace('  Q:', '  Q2:')}` },
  ];
  let compared = 0;
  let local = 0;
  let metadata = 0;
  for (const { name, text } of texts) {
    const doc = parse(text, 'yaml');
    for (const f of analyzer.analyze(doc).slice(0, 40)) {
      const request = { ruleId: f.ruleId, root: f.root, path: f.path, offset: f.offset };
      const kept = suppressionFix(doc, request);
      assert.deepEqual(kept, suppressionFix(doc, request, true), `${name}: ${f.ruleId} at ${f.offset}`);
      compared++;
      const edit = kept?.edits[0];
      if (edit && spliceView(doc, applyEdits(text, [edit]), { format: 'yaml', assumeRelevant: true })) {
        local++;
        metadata += edit.newText.includes('gatewarden-ignore') ? 0 : 1;
      }
    }
  }
  assert.ok(compared > 200, `compared ${compared}`);
  assert.ok(local > 100, `checked on the entry alone ${local}`);
  assert.ok(metadata > 0, `Metadata fixes checked on the entry alone ${metadata}`);
});
