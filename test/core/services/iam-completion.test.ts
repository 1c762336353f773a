/**
 * Completion in policies, JSON and YAML: what is offered where the cursor (‸) is, and the
 * text each item writes (escaped inside quotes, quoted where bare YAML needs it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, markers, parse } from '../../helpers';
import type { CompletionResult, DocumentFormat } from '../../../server/src/core/index';

function complete(marked: string, format: DocumentFormat = 'json'): CompletionResult & { text: string } {
  const { text, cursor } = markers(marked);
  const result = analyzer.completion(parse(text, format), cursor!);
  assert.ok(result, 'no completion');
  return { ...result, text };
}

const replaced = (r: CompletionResult & { text: string }): string => r.text.slice(r.offset, r.offset + r.length);
const item = (r: CompletionResult, label: string): CompletionResult['items'][number] => {
  const found = r.items.find((i) => i.label === label);
  assert.ok(found, `no item ${label}`);
  return found;
};

test('services, then the actions of the service with their access level', () => {
  const services = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["la‸"], "Resource": "*"}]}');
  assert.equal(replaced(services), 'la');
  const lambda = item(services, 'lambda');
  assert.deepEqual([lambda.kind, lambda.detail, lambda.insertText], ['service', 'AWS Lambda', 'lambda:']);
  const actions = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get‸"], "Resource": "*"}]}');
  assert.equal(replaced(actions), 's3:Get');
  assert.equal(item(actions, 's3:GetObject').detail, 'Read');
  assert.equal(item(actions, 's3:GetObject').kind, 'action');
  assert.equal(item(actions, 's3:*').insertText, 's3:*');
});

test('actions after a typed service prefix in YAML, where `Action: s3:` parses as a mapping', () => {
  const r = complete('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:‸\n    Resource: "*"\n', 'yaml');
  assert.equal(replaced(r), 's3:');
  assert.equal(item(r, 's3:PutObject').detail, 'Write');
  assert.equal(item(r, 's3:*').insertText, 's3:*');
});

test('a bare YAML value that would not read back is quoted', () => {
  const r = complete('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: ‸\n', 'yaml');
  assert.equal(item(r, '*').insertText, '"*"');
});

test('condition operators under Condition', () => {
  const r = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"‸"}}]}');
  assert.equal(item(r, 'StringEquals').kind, 'operator');
  assert.ok(item(r, 'ForAnyValue:StringLikeIfExists'));
  assert.equal(r.items.some((i) => i.label === 'NullIfExists'), false);
});

test('condition keys valid for the statement\'s actions, and the global keys, templates as snippets', () => {
  const r = complete('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:ListBucket\n    Resource: "*"\n    Condition:\n      StringLike:\n        s3:pre‸\n', 'yaml');
  assert.equal(replaced(r), 's3:pre');
  assert.equal(item(r, 's3:prefix').kind, 'conditionKey');
  assert.equal(item(r, 'aws:SourceIp').detail, 'global, IPAddress');
  const tag = item(r, 'aws:RequestTag/tag-key');
  assert.deepEqual([tag.insertText, tag.snippet], ['aws:RequestTag/tag-key', 'aws:RequestTag/${1:tag-key}']);
  assert.equal(r.items.some((i) => i.label === 's3:x-amz-storage-class'), false, 'a key s3:ListBucket does not support');
});

test('ARN templates of the resource types the statement\'s actions use, and "*"', () => {
  const r = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "‸"}]}');
  assert.deepEqual(r.items.map((i) => i.label).sort(), ['*', 'arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}', 'arn:${Partition}:s3:::${BucketName}/${ObjectName}']);
  const object = item(r, 'arn:${Partition}:s3:::${BucketName}/${ObjectName}');
  assert.deepEqual([object.kind, object.insertText, object.snippet], ['arn', 'arn:aws:s3:::BucketName/ObjectName', 'arn:${1:aws}:s3:::${4:BucketName}/${5:ObjectName}']);
});

test('policy and statement element names, only those not written yet', () => {
  const statement = complete('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "‸"}]}');
  assert.deepEqual(statement.items.map((i) => i.label), ['Sid', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
  const yaml = complete('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Res‸\n', 'yaml');
  assert.equal(replaced(yaml), 'Res');
  assert.ok(item(yaml, 'Resource'));
  assert.equal(yaml.items.some((i) => i.label === 'Action'), false);
  const top = complete('{"Version": "2012-10-17", "‸"}');
  assert.deepEqual(top.items.map((i) => i.label), ['Id', 'Statement']);
});

test('Effect values', () => {
  const r = complete('Version: "2012-10-17"\nStatement:\n  - Effect: ‸\n', 'yaml');
  assert.deepEqual(r.items.map((i) => i.insertText), ['Allow', 'Deny']);
});

test('a very long line is completed (a hang guard, not a clock bound)', { timeout: 120_000 }, () => {
  const items = Array.from({ length: 20000 }, (_, i) => `s3:A${i}`).join(', ');
  const marked = `Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: [${items}, s3:Ge‸]\n    Resource: "*"\n`;
  const r = complete(marked, 'yaml');
  assert.equal(replaced(r), 's3:Ge');
});
