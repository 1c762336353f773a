/**
 * What a document is, from its content, and which documents are left alone: unrelated
 * JSON and YAML get no roots and no findings, so the editor stays quiet on them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detectKind, mightBeRelevant } from '../../../server/src/core/model/detect';
import { parseDocument } from '../../../server/src/core/model/parse';
import type { DocumentFormat, DocumentKind } from '../../../server/src/core/types';
import { analyzer } from '../../helpers';

const PACKAGE_JSON = '{\n  "name": "demo",\n  "version": "1.0.0",\n  "scripts": {"test": "node --test"},\n  "dependencies": {"yaml": "^2.0.0"}\n}\n';
const TSCONFIG = '{\n  // Shared settings.\n  "compilerOptions": {"strict": true, "target": "ES2022",},\n  "include": ["src"]\n}\n';
const COMPOSE = 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.27\n    ports:\n      - "8080:80"\n';

interface KindCase {
  readonly name: string;
  readonly format: DocumentFormat;
  readonly text: string;
  readonly kind: DocumentKind;
}

const kindCases: readonly KindCase[] = [
  { name: 'policy with Statement', format: 'json', text: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}', kind: 'iam-policy' },
  { name: 'policy with only a Statement', format: 'yaml', text: 'Statement:\n  Effect: Allow\n', kind: 'iam-policy' },
  { name: 'policy with only a Version', format: 'json', text: '{"Version": "2012-10-17"}', kind: 'iam-policy' },
  { name: 'policy with the old Version and an Id', format: 'json', text: '{"Version": "2008-10-17", "Id": "x"}', kind: 'iam-policy' },
  { name: 'Version with other keys is not a policy', format: 'json', text: '{"Version": "2012-10-17", "name": "x"}', kind: 'unknown' },
  { name: 'a non-policy Version alone is not a policy', format: 'json', text: '{"Version": "1.0.0"}', kind: 'unknown' },
  { name: 'template by AWSTemplateFormatVersion', format: 'json', text: '{"AWSTemplateFormatVersion": "2010-09-09"}', kind: 'cfn' },
  { name: 'template by a typed resource', format: 'yaml', text: 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n', kind: 'cfn' },
  { name: 'Resources without AWS types is not a template', format: 'yaml', text: 'Resources:\n  Bucket:\n    Type: bucket\n', kind: 'unknown' },
  {
    name: 'SAM by Transform string',
    format: 'yaml',
    text: 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\nResources: {}\n',
    kind: 'sam',
  },
  {
    name: 'SAM by Transform list',
    format: 'json',
    text: '{"AWSTemplateFormatVersion": "2010-09-09", "Transform": ["AWS::LanguageExtensions", "AWS::Serverless-2016-10-31"]}',
    kind: 'sam',
  },
  { name: 'SAM by an AWS::Serverless:: type', format: 'yaml', text: 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n', kind: 'sam' },
  { name: 'other Transform stays cfn', format: 'yaml', text: 'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::LanguageExtensions\n', kind: 'cfn' },
  { name: 'swagger "2.0"', format: 'json', text: '{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}', kind: 'openapi2' },
  { name: 'swagger: 2.0 unquoted (a YAML number)', format: 'yaml', text: 'swagger: 2.0\ninfo:\n  title: x\npaths: {}\n', kind: 'openapi2' },
  { name: 'openapi 3.0 in YAML', format: 'yaml', text: 'openapi: 3.0.1\ninfo:\n  title: x\npaths: {}\n', kind: 'openapi3' },
  { name: 'openapi 3.1 in JSON', format: 'json', text: '{"openapi": "3.1.0", "paths": {}}', kind: 'openapi3' },
  { name: 'package.json-like', format: 'json', text: PACKAGE_JSON, kind: 'unknown' },
  { name: 'tsconfig-like', format: 'json', text: '{"compilerOptions": {"strict": true}, "include": ["src"]}', kind: 'unknown' },
  { name: 'docker-compose-like', format: 'yaml', text: COMPOSE, kind: 'unknown' },
  { name: 'a list root', format: 'json', text: '[{"Statement": []}]', kind: 'unknown' },
  { name: 'a scalar root', format: 'yaml', text: 'Statement\n', kind: 'unknown' },
];

for (const c of kindCases) {
  test(`detect ${c.name} → ${c.kind} (${c.format})`, () => {
    const doc = parseDocument(c.text, { format: c.format, assumeRelevant: true });
    assert.equal(doc.roots.length, 1);
    assert.deepEqual(doc.kinds, [c.kind]);
  });
}

test('detect: no root is unknown', () => {
  assert.equal(detectKind(undefined), 'unknown');
});

test('detect: each document of a YAML stream has its own kind', () => {
  const text = "Version: '2012-10-17'\nStatement: []\n---\nAWSTemplateFormatVersion: '2010-09-09'\n---\nname: other\n";
  assert.deepEqual(parseDocument(text, { format: 'yaml', assumeRelevant: true }).kinds, ['iam-policy', 'cfn', 'unknown']);
});

const relevance: readonly { name: string; text: string; relevant: boolean }[] = [
  { name: 'package.json-like', text: PACKAGE_JSON, relevant: false },
  { name: 'tsconfig-like', text: TSCONFIG, relevant: false },
  { name: 'docker-compose-like', text: COMPOSE, relevant: false },
  { name: 'plain words', text: 'not json', relevant: false },
  { name: 'a JSON policy', text: '{"Statement": []}', relevant: true },
  { name: 'a YAML Version key', text: 'Version: 1\n', relevant: true },
  { name: 'a template', text: 'AWSTemplateFormatVersion: "2010-09-09"\n', relevant: true },
  { name: 'Resources', text: '{"Resources": {}}', relevant: true },
  { name: 'OpenAPI', text: 'openapi: 3.0.0\n', relevant: true },
  { name: 'Swagger', text: '{"swagger": "2.0"}', relevant: true },
];

for (const c of relevance) {
  test(`detect mightBeRelevant: ${c.name} → ${c.relevant}`, () => {
    assert.equal(mightBeRelevant(c.text), c.relevant);
  });
}

test('detect: unrelated JSON is not parsed unless assumeRelevant is set', () => {
  const quiet = parseDocument(PACKAGE_JSON, { format: 'json' });
  assert.deepEqual({ roots: quiet.roots, kinds: quiet.kinds, syntaxFindings: quiet.syntaxFindings }, { roots: [], kinds: [], syntaxFindings: [] });
  const forced = parseDocument(PACKAGE_JSON, { format: 'json', assumeRelevant: true });
  assert.equal(forced.roots.length, 1);
  assert.deepEqual(forced.kinds, ['unknown']);
  assert.deepEqual(analyzer.analyze(forced), []);
});

test('detect: a tsconfig-like JSON with a comment gets no findings, with or without assumeRelevant', () => {
  for (const assumeRelevant of [false, true]) {
    const doc = parseDocument(TSCONFIG, { format: 'json', assumeRelevant });
    assert.deepEqual(doc.syntaxFindings, [], `assumeRelevant: ${assumeRelevant}`);
    assert.deepEqual(analyzer.analyze(doc), []);
  }
});

test('detect: broken YAML of an unknown kind gets no findings', () => {
  // Mentions Resources, so it is parsed; it is still no template, so its errors are not ours.
  const doc = parseDocument('Resources: x\nlist: [1, 2\n', { format: 'yaml' });
  assert.deepEqual(doc.kinds, ['unknown']);
  assert.deepEqual(doc.syntaxFindings, []);
});

test('detect: `not json` with assumeRelevant gives parse errors', () => {
  const doc = parseDocument('not json', { format: 'json', assumeRelevant: true });
  assert.deepEqual(doc.roots, []);
  assert.ok(doc.syntaxFindings.length > 0);
  assert.ok(doc.syntaxFindings.every((f) => f.ruleId === 'syntax/parse-error'));
  assert.ok(analyzer.analyze(doc).every((f) => f.ruleId === 'syntax/parse-error'));
});

test('detect: a policy with a comment keeps its syntax findings', () => {
  const doc = parseDocument('{"Version": "2012-10-17", // why\n "Statement": []}', { format: 'json' });
  assert.deepEqual(doc.kinds, ['iam-policy']);
  assert.deepEqual(
    doc.syntaxFindings.map((f) => f.ruleId),
    ['syntax/parse-error'],
  );
});

test('detect: in a stream, one known document keeps the findings of all', () => {
  const doc = parseDocument("Version: '2012-10-17'\nStatement: []\n---\nname: [1\n", { format: 'yaml' });
  assert.deepEqual(doc.kinds, ['iam-policy', 'unknown']);
  assert.deepEqual(
    doc.syntaxFindings.map((f) => [f.ruleId, f.root]),
    [['syntax/parse-error', 1]],
  );
});
