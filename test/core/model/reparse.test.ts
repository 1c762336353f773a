/**
 * Incremental parsing (model/reparse.ts) against the full parse it stands in for: for
 * random keystroke-sized edits of the corpus YAML files and a generated SAM template, the
 * tree reparseDocument builds from the previous version must be the tree parseDocument
 * builds from the new text, node for node (offsets, lengths, keys, values, styles,
 * parent links), with the same kinds and syntax findings; and analysing it must give the
 * same findings. The splice path must carry most edits of a template, or it is not doing
 * its job.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSpliceable, parseDocument } from '../../../server/src/core/model/parse';
import { changedSpan, reparseDocument, spliceView, type ReparseMode } from '../../../server/src/core/model/reparse';
import type { DocNode } from '../../../server/src/core/model/node';
import { EDITS, int, shape } from '../../helpers/yaml-shape';
import type { SourceDocument } from '../../../server/src/core/types';
import { analyzer, IAM_DATA_DIR } from '../../helpers';
import { loadServicesSync } from '../../../server/src/node/iam-data';
import { corpusFiles, prng } from '../../robustness/fuzz-lib';
import { policySites } from '../../../server/src/core/policy/sites';

function samTemplate(functions: number): string {
  // Resolution reads Parameters: an edit there must reach the statements that use them.
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Parameters:', '  Service:', '    Type: String', '    Default: s3', 'Resources:'];
  for (let f = 0; f < functions; f++) {
    lines.push(`  Fn${f}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      Handler: src/fn${f}.handler`, '      Tags:', `        team: t${f % 7}`);
    lines.push('      Policies:', '        - Statement:', '            - Effect: Allow', '              Action: [s3:GetObject, !Sub "${Service}:PutObject"]', `              Resource: !Sub arn:aws:s3:::bucket-${f}/*`);
    lines.push(`      Description: "Function ${f}" # a comment`, '      Events:', '        Get:', '          Type: Api', '          Properties:', `            Path: /items/${f}`, '            Method: get');
  }
  lines.push('  Role:', '    Type: AWS::IAM::Role', '    Properties:', '      Policies:', '        - PolicyName: p', '          PolicyDocument: |', '            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*",}]}');
  lines.push('Outputs:', '  Api:', '    Value: !Sub "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod"', '');
  return lines.join('\n');
}

interface Tally {
  splice: number;
  full: number;
  unchanged: number;
}

/** The edit, for a failure message. */
function describe(before: string, after: string): string {
  const { start, oldEnd, newEnd } = changedSpan(before, after);
  return `${JSON.stringify(before.slice(Math.max(0, start - 60), start))} [${JSON.stringify(before.slice(start, oldEnd))} → ${JSON.stringify(after.slice(start, newEnd))}] ${JSON.stringify(before.slice(oldEnd, oldEnd + 60))}`;
}

function check(before: string, after: string, label: string, tally: Tally): SourceDocument {
  const previous = parseDocument(before, { format: 'yaml' });
  const result = reparseDocument(previous, after, { format: 'yaml' });
  tally[result.mode]++;
  const expected = parseDocument(after, { format: 'yaml' });
  assert.deepEqual(shape(result.doc), shape(expected), `${label} (${result.mode}): ${describe(before, after)}`);
  assert.equal(result.doc.text, after);
  return result.doc;
}

test('changedSpan finds the one span that differs', () => {
  assert.deepEqual(changedSpan('abcdef', 'abXYef'), { start: 2, oldEnd: 4, newEnd: 4, delta: 0 });
  assert.deepEqual(changedSpan('aaa', 'aaaa'), { start: 3, oldEnd: 3, newEnd: 4, delta: 1 });
  assert.deepEqual(changedSpan('abc', ''), { start: 0, oldEnd: 3, newEnd: 0, delta: -3 });
  assert.deepEqual(changedSpan('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4, delta: 0 });
  // Longer than the comparison chunks, with the change near either end and in the middle.
  const long = 'abcdefghij'.repeat(700);
  for (const at of [0, 1, 1023, 1024, 1025, 3500, 6998, 6999]) {
    const edited = `${long.slice(0, at)}XY${long.slice(at + 1)}`;
    const span = changedSpan(long, edited);
    assert.equal(long.slice(0, span.start) + edited.slice(span.start, span.newEnd) + long.slice(span.oldEnd), edited, `at ${at}`);
    assert.ok(span.start <= at && span.oldEnd >= at + 1 && span.oldEnd - span.start <= 2, `at ${at}: ${JSON.stringify(span)}`);
  }
});

test('a reparse equals a full parse, for random edits of a SAM template', () => {
  const base = samTemplate(12);
  const random = prng(Number(process.env.SEED ?? 8));
  const tally: Tally = { splice: 0, full: 0, unchanged: 0 };
  for (let i = 0; i < 1500; i++) {
    const edit = EDITS[int(random, EDITS.length)]!;
    check(base, edit(base, random), `edit ${i}`, tally);
  }
  // Most keystrokes land inside one resource and are spliced; the rest fall back.
  assert.ok(tally.splice > 600, `spliced ${tally.splice}, full ${tally.full}`);
  assert.ok(tally.full > 50, `the fallback is exercised too (full ${tally.full})`);
});

test('a reparse equals a full parse, for random edits of every YAML file of the corpus', () => {
  const random = prng(Number(process.env.SEED ?? 19));
  const tally: Tally = { splice: 0, full: 0, unchanged: 0 };
  const files = corpusFiles().filter((f) => f.format === 'yaml');
  assert.ok(files.length > 10, 'the corpus has YAML files');
  for (const file of files) {
    for (let i = 0; i < 25; i++) {
      const edit = EDITS[int(random, EDITS.length)]!;
      check(file.text, edit(file.text, random), `${file.name} edit ${i}`, tally);
    }
  }
  assert.ok(tally.splice > files.length * 5, `spliced ${tally.splice}, full ${tally.full}`);
});

/** A node's keys and values, without offsets: what a splice view promises of its `values`. */
function values(node: DocNode): unknown {
  switch (node.kind) {
    case 'object':
      return { flow: node.flow, props: node.properties.map((p) => [p.key, values(p.value)]) };
    case 'array':
      return node.items.map(values);
    case 'intrinsic':
      return { fn: node.fn, short: node.shortForm, arg: values(node.arg) };
    default:
      return [node.kind, node.value, node.style];
  }
}

test('a splice view gives what a full parse gives, and leaves the previous parse as it was', () => {
  const random = prng(Number(process.env.SEED ?? 23));
  const sources = [samTemplate(8), ...corpusFiles().filter((f) => f.format === 'yaml').map((f) => f.text)];
  let viewed = 0;
  let declined = 0;
  for (let i = 0; i < 1500; i++) {
    const before = sources[i % sources.length]!;
    const after = EDITS[int(random, EDITS.length)]!(before, random);
    if (after === before) {
      continue;
    }
    const previous = parseDocument(before, { format: 'yaml' });
    const was = shape(previous);
    // Half the time with the span the caller knows, widened by a character each side.
    const exact = changedSpan(before, after);
    const span = i % 2 === 0 ? { start: Math.max(0, exact.start - 1), oldEnd: Math.min(before.length, exact.oldEnd + 1), newEnd: Math.min(after.length, exact.newEnd + 1) } : undefined;
    const widened = span && span.newEnd - span.oldEnd === after.length - before.length ? span : undefined;
    const view = spliceView(previous, after, { format: 'yaml' }, widened);
    assert.deepEqual(shape(previous), was, `the previous parse is untouched: ${describe(before, after)}`);
    if (!view) {
      declined++;
      continue;
    }
    viewed++;
    const expected = parseDocument(after, { format: 'yaml' });
    const label = `edit ${i}: ${describe(before, after)}`;
    assert.equal(expected.syntaxFindings.length, 0, label);
    assert.equal(expected.roots.length, 1, label);
    assert.deepEqual(values(view.values), values(expected.roots[0]!), label);
    // The new entries are the full parse's entries of that mapping in the span, offsets and all.
    let container: DocNode | undefined = expected.roots[0];
    for (const key of view.at) {
      container = container?.kind === 'object' ? container.properties.find((p) => p.key === key)?.value : undefined;
    }
    assert.ok(container?.kind === 'object', label);
    const inSpan = container.properties.filter((p) => p.keyOffset >= view.start && p.keyOffset < view.end);
    const place = (props: readonly { key: string; keyOffset: number; offset: number; length: number; value: DocNode }[]): unknown =>
      props.map((p) => [p.key, p.keyOffset, p.offset, p.length, p.value.offset, p.value.length, values(p.value)]);
    assert.deepEqual(place(view.entries), place(inSpan), label);
  }
  assert.ok(viewed > 500, `viewed ${viewed}, declined ${declined}`);
  assert.ok(declined > 50, `the declines are exercised too (${declined})`);
});

test('a chain of reparses (typing) stays equal to a full parse, findings included', () => {
  let text = samTemplate(6);
  let doc = parseDocument(text, { format: 'yaml' });
  const random = prng(Number(process.env.SEED ?? 3));
  const tally: Tally = { splice: 0, full: 0, unchanged: 0 };
  for (let i = 0; i < 300; i++) {
    const next = EDITS[int(random, EDITS.length)]!(text, random);
    const expected = parseDocument(next, { format: 'yaml' });
    if (!isSpliceable(expected) || expected.kinds[0] !== 'sam') {
      continue; // Typing goes on from a template that parses; broken steps are covered above.
    }
    const result = reparseDocument(doc, next, { format: 'yaml' });
    tally[result.mode]++;
    assert.deepEqual(shape(result.doc), shape(expected), `step ${i} (${result.mode}): ${describe(text, next)}`);
    if (i % 3 === 0) {
      // The reparsed document's unchanged policies keep their memoised reports; a fresh
      // parse has none to keep. Both must be analysed the same.
      const strip = (doc: SourceDocument): string[] => {
        loadServicesSync(analyzer, doc, IAM_DATA_DIR);
        return analyzer.analyze(doc).map((f) => `${f.ruleId} ${f.messageId} ${f.offset}+${f.length} ${f.root}:${f.path.join('/')} ${JSON.stringify(f.data)}`);
      };
      assert.deepEqual(strip(result.doc), strip(expected), `findings at step ${i}`);
    }
    text = next;
    doc = result.doc;
  }
  assert.ok(tally.splice > tally.full, `spliced ${tally.splice}, full ${tally.full}`);
});

test('the embedded JSON policy findings move with an edit above them', () => {
  const text = samTemplate(2);
  let doc = parseDocument(text, { format: 'yaml' });
  const first = analyzer.analyze(doc).filter((f) => f.ruleId.startsWith('syntax/'));
  assert.ok(first.length > 0, 'the JSON string policy has a trailing comma');
  const edited = text.replace('Handler: src/fn0.handler', 'Handler: src/fn0.handlerX');
  const result = reparseDocument(doc, edited, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  doc = result.doc;
  const moved = analyzer.analyze(doc).filter((f) => f.ruleId.startsWith('syntax/'));
  assert.deepEqual(
    moved.map((f) => [f.ruleId, f.offset]),
    first.map((f) => [f.ruleId, f.offset + 1]),
  );
});

test('what is never spliced: JSON, anchors and aliases, broken text, a new duplicate key', () => {
  const cases: { name: string; before: string; after: string; format?: 'json' | 'yaml'; mode: ReparseMode }[] = [
    { name: 'JSON', format: 'json', before: '{"Resources": {"A": {"Type": "X"}}}', after: '{"Resources": {"A": {"Type": "Y"}}}', mode: 'full' },
    { name: 'aliases', before: 'Resources:\n  A: &a\n    Type: X\n  B: *a\n', after: 'Resources:\n  A: &a\n    Type: Y\n  B: *a\n', mode: 'full' },
    { name: 'an unclosed quote', before: 'Resources:\n  A:\n    Type: X\n  B:\n    Type: Y\n', after: 'Resources:\n  A:\n    Type: "X\n  B:\n    Type: Y\n', mode: 'full' },
    { name: 'a duplicate key', before: 'Resources:\n  A:\n    Type: X\n  B:\n    Type: Y\n', after: 'Resources:\n  A:\n    Type: X\n  A:\n    Type: Y\n', mode: 'full' },
    { name: 'the same text', before: 'Resources:\n  A:\n    Type: X\n', after: 'Resources:\n  A:\n    Type: X\n', mode: 'unchanged' },
    { name: 'inside one resource', before: 'Resources:\n  A:\n    Type: X\n  B:\n    Type: Y\n', after: 'Resources:\n  A:\n    Type: XZ\n  B:\n    Type: Y\n', mode: 'splice' },
    // Issue 13: a document end marker inside an entry ends the document in place; alone, the
    // slice looked like one whole document.
    { name: 'an end-of-document line', before: 'Resources:\n  A:\n    Type: X\n    Z: 1\n  B:\n    Type: Y\n', after: 'Resources:\n  A:\n    Type: X\n...\n    Z: 1\n  B:\n    Type: Y\n', mode: 'full' },
    { name: 'an end-of-document line at the end of an entry', before: 'A:\n  Type: X\nB:\n  Type: Y\n', after: 'A:\n  Type: X\n...\nB:\n  Type: Y\n', mode: 'full' },
    { name: 'a document start line', before: 'A:\n  Type: X\n  Z: 1\nB:\n  Type: Y\n', after: 'A:\n  Type: X\n---\n  Z: 1\nB:\n  Type: Y\n', mode: 'full' },
    { name: 'a directive line', before: 'A:\n  Type: X\n  Z: 1\nB:\n  Type: Y\n', after: 'A:\n  Type: X\n%YAML 1.2\n  Z: 1\nB:\n  Type: Y\n', mode: 'full' },
    // Issue 13: brackets before the entry count towards the nesting limit of a full parse.
    {
      name: 'an edit that takes the text past the nesting limit',
      before: `# ${'['.repeat(250)}\nA:\n  Type: X\nB:\n  Type: Y\n`,
      after: `# ${'['.repeat(250)}\nA:\n  Type: [[[[[[[[x]]]]]]]]\nB:\n  Type: Y\n`,
      mode: 'full',
    },
  ];
  for (const c of cases) {
    const format = c.format ?? 'yaml';
    const result = reparseDocument(parseDocument(c.before, { format }), c.after, { format });
    assert.equal(result.mode, c.mode, c.name);
    assert.deepEqual(shape(result.doc), shape(parseDocument(c.after, { format })), c.name);
  }
});

/**
 * What `project` says of a YAML document before an edit, after the edit is spliced in (the
 * reparse must splice), and of a fresh parse of the edited text.
 */
function acrossSplice(text: string, edited: string, project: (doc: SourceDocument) => string[]): { before: string[]; after: string[]; fresh: string[] } {
  const doc = parseDocument(text, { format: 'yaml' });
  const before = project(doc);
  const result = reparseDocument(doc, edited, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  return { before, after: project(result.doc), fresh: project(parseDocument(edited, { format: 'yaml' })) };
}

test('an edit to Parameters reaches the statements that resolve them, though their policies are unchanged', () => {
  const text = samTemplate(2);
  const ids = (doc: SourceDocument): string[] => {
    loadServicesSync(analyzer, doc, IAM_DATA_DIR);
    return analyzer
      .analyze(doc)
      .filter((f) => f.ruleId === 'iam/unknown-action')
      .map((f) => `${f.offset} ${f.path.join('/')}`);
  };
  const { before, after, fresh } = acrossSplice(text, text.replace('Default: s3', 'Default: s4'), ids);
  assert.deepEqual(before, []);
  assert.equal(after.length, 2, 'each function resolves "${Service}:PutObject" to an unknown service');
  assert.deepEqual(after, fresh);
});

test('renaming a resource reaches the unchanged resources that refer to it', () => {
  const text = 'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n  Reader:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: !Ref Table\n';
  const refs = (doc: SourceDocument): string[] =>
    analyzer
      .analyze(doc)
      .filter((f) => f.ruleId === 'cfn/unresolved-ref')
      .map((f) => `${f.offset} ${f.path.join('/')}`);
  const { before, after, fresh } = acrossSplice(text, text.replace('  Table:', '  Tables:'), refs);
  assert.deepEqual(before, []);
  assert.equal(after.length, 1, 'Reader refers to a name no longer defined');
  assert.deepEqual(after, fresh);
});

test('an empty key is never spliced: its place comes from the mapping around it', () => {
  const text = 'Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal: {Service: lambda.amazonaws.com}\n            Action: sts:AssumeRole\n';
  const edited = text.replace('        Statement:', '        :');
  const result = reparseDocument(parseDocument(text, { format: 'yaml' }), edited, { format: 'yaml' });
  assert.equal(result.mode, 'full');
  assert.deepEqual(shape(result.doc), shape(parseDocument(edited, { format: 'yaml' })));
});

test('a JSON string that stops being a policy (its resource type changed) is analysed as a plain string again', () => {
  const text = `AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      Description: x\n      PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:us-east-1:123456789012:q"}]}'\n`;
  const edited = text.replace('AWS::IAM::ManagedPolicy', 'AWS::IAM::ManagedPolicyX');
  const summary = (doc: SourceDocument): string[] =>
    analyzer.analyze(doc).map((f) => `${f.ruleId} ${f.offset}+${f.length} ${f.path.join('/')}`);
  let doc = parseDocument(text, { format: 'yaml' });
  summary(doc);
  for (const next of [edited, text, edited]) {
    const result = reparseDocument(doc, next, { format: 'yaml' });
    assert.equal(result.mode, 'splice');
    doc = result.doc;
    assert.deepEqual(summary(doc), summary(parseDocument(next, { format: 'yaml' })), next === text ? 'back to a policy' : 'no longer a policy');
  }
});

test('an edit to one parameter reaches what names it and keeps what does not (issue 13)', () => {
  const text = [
    'Parameters:',
    '  First: {Type: String, Default: s3}',
    '  Second: {Type: String, Default: sqs}',
    'Resources:',
    '  A:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: !Sub "${First}:GetObject", Resource: "*"}]}',
    '  B:',
    '    Type: AWS::IAM::ManagedPolicy',
    '    Properties:',
    '      PolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: !Sub "${Second}:SendMessage", Resource: "*"}]}',
    '',
  ].join('\n');
  const doc = parseDocument(text, { format: 'yaml' });
  loadServicesSync(analyzer, doc, IAM_DATA_DIR);
  const sitesBefore = policySites(doc);
  assert.deepEqual(analyzer.analyze(doc).filter((f) => f.ruleId === 'iam/unknown-action'), []);
  const edited = text.replace('Default: s3', 'Default: s4');
  const result = reparseDocument(doc, edited, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  const sitesAfter = policySites(result.doc);
  // The policy that names Second is the very same site (its memos hold); the one that names First is read again.
  assert.equal(sitesAfter.find((s) => s.owner === 'B'), sitesBefore.find((s) => s.owner === 'B'));
  assert.notEqual(sitesAfter.find((s) => s.owner === 'A'), sitesBefore.find((s) => s.owner === 'A'));
  const unknown = (d: SourceDocument): string[] => analyzer.analyze(d).filter((f) => f.ruleId === 'iam/unknown-action').map((f) => f.path.join('/'));
  assert.deepEqual(unknown(result.doc), unknown(parseDocument(edited, { format: 'yaml' })));
  assert.deepEqual(unknown(result.doc), ['Resources/A/Properties/PolicyDocument/Statement/0/Action']);
});
