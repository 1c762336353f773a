/**
 * The access analysis kept across edits (access/workspace.ts): an edit that changes nothing
 * the analysis reads reuses it; an edit to a grant or to the methods computes what it must;
 * either way the findings are those of a fresh analysis of the new text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessFor } from '../../../server/src/core/access/workspace';
import { parseDocument } from '../../../server/src/core/model/parse';
import { reparseDocument } from '../../../server/src/core/model/reparse';
import type { SourceDocument } from '../../../server/src/core/types';
import { analyzer } from '../../helpers';

const URI = 'file:///w/template.yaml';

function template(): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', '      Auth:', '        DefaultAuthorizer: AWS_IAM'];
  for (let f = 0; f < 3; f++) {
    lines.push(`  Fn${f}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      Description: function ${f}`, `      Handler: fn${f}.handler`, '      Events:', '        Get:', '          Type: Api', '          Properties:', '            RestApiId: !Ref Api', `            Path: /items${f}`, '            Method: get');
  }
  lines.push(
    '  Caller:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]',
    '      Policies:',
    '        - PolicyName: invoke',
    '          PolicyDocument:',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: execute-api:Invoke',
    '                Resource: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/items0',
  );
  return `${lines.join('\n')}\n`;
}

const workspaceOf = (doc: SourceDocument) => ({ documents: [{ uri: URI, doc }], self: URI });
const summary = (doc: SourceDocument): string[] =>
  analyzer
    .analyze(doc, { workspace: workspaceOf(doc) })
    .filter((f) => f.ruleId.startsWith('apigw/'))
    .map((f) => `${f.ruleId} ${f.offset}+${f.length} ${f.path.join('/')}`);

test('an edit that changes nothing the access analysis reads keeps it; others recompute it; findings equal a fresh analysis', () => {
  const text = template();
  let doc = parseDocument(text, { format: 'yaml' });
  const first = accessFor(doc, workspaceOf(doc));
  assert.deepEqual(summary(doc), summary(parseDocument(text, { format: 'yaml' })));

  // A Description: the same analysis, not a new one.
  let next = text.replace('function 0', 'function zero');
  doc = reparseDocument(doc, next, { format: 'yaml' }).doc;
  assert.equal(accessFor(doc, workspaceOf(doc)).matrix, first.matrix);
  assert.deepEqual(summary(doc), summary(parseDocument(next, { format: 'yaml' })));

  // The grant names a path that does not exist: a new analysis, and the stale grant is reported.
  const before = next;
  next = before.replace('/*/GET/items0', '/*/GET/items9');
  doc = reparseDocument(doc, next, { format: 'yaml' }).doc;
  const regranted = accessFor(doc, workspaceOf(doc));
  assert.notEqual(regranted.matrix, first.matrix);
  const stale = summary(doc);
  assert.ok(stale.some((s) => s.startsWith('apigw/invoke-unmatched ')), stale.join('\n'));
  assert.deepEqual(stale, summary(parseDocument(next, { format: 'yaml' })));

  // The method appears: the same grant is no longer stale.
  const methodAdded = next.replace('Path: /items2', 'Path: /items9');
  doc = reparseDocument(doc, methodAdded, { format: 'yaml' }).doc;
  const fixed = summary(doc);
  assert.ok(!fixed.some((s) => s.startsWith('apigw/invoke-unmatched ')), fixed.join('\n'));
  assert.deepEqual(fixed, summary(parseDocument(methodAdded, { format: 'yaml' })));
});

test('an edit to a parameter that a grant resolves through reaches the access analysis', () => {
  // Separate uris per step, so nothing kept for the incremental chain serves the fresh parses.
  const text = template()
    .replace('Resources:', 'Parameters:\n  InvokeAction:\n    Type: String\n    Default: execute-api:Invoke\nResources:')
    .replace('Action: execute-api:Invoke', 'Action: !Ref InvokeAction');
  const unreachable = (doc: SourceDocument, uri: string): string[] =>
    analyzer
      .analyze(doc, { workspace: { documents: [{ uri, doc }], self: uri } })
      .filter((f) => f.ruleId === 'apigw/iam-method-unreachable')
      .map((f) => f.path.join('/'));
  let doc = parseDocument(text, { format: 'yaml' });
  const before = unreachable(doc, URI);
  assert.ok(!before.includes('Resources/Fn0/Properties/Events/Get'), before.join('\n'));
  const edited = text.replace('Default: execute-api:Invoke', 'Default: s3:GetObject');
  const result = reparseDocument(doc, edited, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  doc = result.doc;
  const after = unreachable(doc, URI);
  assert.ok(after.includes('Resources/Fn0/Properties/Events/Get'), 'the grant no longer allows execute-api:Invoke');
  assert.deepEqual(after, unreachable(parseDocument(edited, { format: 'yaml' }), 'file:///w/fresh.yaml'));
});
