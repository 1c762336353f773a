/**
 * The differential test of everything the server keeps across edits (issue 13): seeded
 * random edit sequences are sent through the LSP to one long-lived server, as an editor
 * sends keystrokes (ranged changes, version numbers that repeat or go back, re-opens,
 * requests between edits that make the server parse intermediate versions); after each
 * sequence, a second server that has never seen the document opens its final text, and the
 * two must publish the same diagnostics and answer the same hovers and code lenses.
 *
 * Shared by test/robustness/incremental.test.ts (a short run with fixed seeds) and
 * `npm run fuzz` (scripts/fuzz-incremental.mjs, a longer one). Deterministic for a seed,
 * apart from how the server's debounce happens to fold edits: a failure prints the seed,
 * the sequence and its edits, and becomes a named regression test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hover, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { positionOf, startClient, type TestClient } from '../lsp/client';
import { prng } from './fuzz-lib';

type Random = () => number;
const int = (random: Random, n: number): number => Math.floor(random() * n);
const pick = <T>(random: Random, items: readonly T[]): T => items[int(random, items.length)]!;

/** How long a server must stay silent after the awaited publish before its answer counts as final. */
const QUIET_MS = 600;

export interface Base {
  readonly name: string;
  readonly languageId: 'json' | 'yaml';
  readonly text: string;
}

/** A SAM template with what the access analysis reads: an IAM-authorised API, roles that grant on it (one grant stale), Parameters. */
export function samBase(functions: number): string {
  const lines = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Transform: AWS::Serverless-2016-10-31',
    'Description: Orders service',
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: prod',
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties:',
    '      StageName: !Ref Stage',
    '      Auth:',
    '        DefaultAuthorizer: AWS_IAM',
  ];
  for (let f = 0; f < functions; f++) {
    lines.push(
      `  Fn${f}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      `      Handler: src/fn${f}.handler`,
      '      Runtime: nodejs20.x',
      `      Description: "Function ${f}" # a comment`,
      '      Policies:',
      '        - Statement:',
      '            - Effect: Allow',
      '              Action: [s3:GetObject, dynamodb:Query]',
      `              Resource: !Sub arn:aws:s3:::bucket-${f}/*`,
      '      Events:',
      '        Get:',
      '          Type: Api',
      '          Properties:',
      '            RestApiId: !Ref Api',
      `            Path: /items/${f}`,
      '            Method: get',
    );
  }
  lines.push(
    '  Reader:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Version: "2012-10-17"',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: lambda.amazonaws.com }',
    '            Action: sts:AssumeRole',
    '      Policies:',
    '        - PolicyName: invoke',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    '              - Sid: Items',
    '                Effect: Allow',
    '                Action: execute-api:Invoke',
    '                Resource: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/items/*"',
    '              - Sid: Stale',
    '                Effect: Allow',
    '                Action: execute-api:*',
    '                Resource: !Sub "arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/POST/nothing"',
    '        - PolicyName: text',
    '          PolicyDocument: |',
    '            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}',
    'Outputs:',
    '  Url:',
    '    Value: !Sub "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/${Stage}"',
    '',
  );
  return lines.join('\n');
}

export const JSON_POLICY = JSON.stringify(
  {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'Read', Effect: 'Allow', Action: ['s3:GetObject', 's3:List*'], Resource: ['arn:aws:s3:::bucket/*', '*'] },
      { Effect: 'Deny', NotAction: 'iam:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x' } } },
    ],
  },
  null,
  2,
);

/**
 * Two APIs, prod and dev, and roles that reach one, the other or both (one through two
 * statements): what the environment-crossing rule reports, whose per-statement results are
 * kept across edits (access/workspace.ts `acrossEdits`).
 */
export function stagesBase(): string {
  const role = (name: string, statements: readonly string[][]): string[] => [
    `  ${name}:`,
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
    '      Policies:',
    '        - PolicyName: invoke',
    '          PolicyDocument:',
    '            Version: "2012-10-17"',
    '            Statement:',
    ...statements.flatMap((arns) => [
      '              - Effect: Allow',
      '                Action: execute-api:Invoke',
      '                Resource:',
      ...arns.map((arn) => `                  - !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:${arn}"`),
    ]),
  ];
  return [
    'Resources:',
    '  Api:',
    '    Type: AWS::Serverless::Api',
    '    Properties: {StageName: prod, Auth: {DefaultAuthorizer: AWS_IAM}}',
    '  DevApi:',
    '    Type: AWS::Serverless::Api',
    '    Properties: {StageName: dev, Auth: {DefaultAuthorizer: AWS_IAM}}',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Runtime: nodejs20.x',
    '      Events:',
    '        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /items, Method: get}}',
    '        DevGet: {Type: Api, Properties: {RestApiId: !Ref DevApi, Path: /items, Method: get}}',
    ...role('Both', [['${Api}/prod/GET/items', '${DevApi}/dev/GET/items']]),
    ...role('Split', [['${Api}/prod/GET/items'], ['${DevApi}/dev/GET/items']]),
    ...role('DevOnly', [['${DevApi}/*/GET/*']]),
    '',
  ].join('\n');
}

export const DEFAULT_BASES: readonly Base[] = [
  { name: 'sam-3', languageId: 'yaml', text: samBase(3) },
  { name: 'sam-stages', languageId: 'yaml', text: stagesBase() },
  { name: 'sam-1', languageId: 'yaml', text: samBase(1) },
  { name: 'policy.json', languageId: 'json', text: JSON_POLICY },
];

/** One change of the text: `at`..`at + length` replaced by `insert`. */
interface Change {
  readonly at: number;
  readonly length: number;
  readonly insert: string;
}

const WORDS = ['Allow', 'Deny', 'Alow', 'execute-api:Invoke', 's3:GetObjectt', 'GET', 'POST', '/items', 'Stage', 'Api', 'Fn0', 'prod', '*', 'Ref', 'Sub'];
const CHARS = 'xa1 :-#"\'[{}]\n\t*&!|>%.';
const LINES = ['...', '---', '%YAML 1.2', '# comment', '  # indented comment', 'Extra: 1', '  Key: &anchor value', '  Other: *anchor', '      Tags: { a: b }', '    Doc: |', '      text', '        - !Ref Stage', '      Value: !Sub "${Stage}-x"'];

/** The edits a user makes, as one change each; some of them a keystroke, some a paste. */
const EDITS: ((text: string, random: Random) => Change)[] = [
  // Type a character.
  (t, r) => ({ at: int(r, t.length + 1), length: 0, insert: CHARS[int(r, CHARS.length)]! }),
  // Delete one to three characters.
  (t, r) => {
    const at = int(r, Math.max(1, t.length));
    return { at, length: Math.min(1 + int(r, 3), t.length - at), insert: '' };
  },
  // Replace a word.
  (t, r) => {
    const from = int(r, t.length);
    const m = /[A-Za-z0-9:*/-]+/.exec(t.slice(from));
    return m ? { at: from + m.index, length: m[0].length, insert: pick(r, WORDS) } : { at: from, length: 0, insert: 'x' };
  },
  // Indent or dedent a line.
  (t, r) => {
    const at = t.lastIndexOf('\n', int(r, t.length)) + 1;
    return r() < 0.5 ? { at, length: 0, insert: '  ' } : { at, length: t.startsWith('  ', at) ? 2 : 0, insert: '' };
  },
  // Quote or unquote a value.
  (t, r) => {
    const from = int(r, t.length);
    const m = /: ([A-Za-z0-9:*/-]+)$/m.exec(t.slice(from));
    if (!m) {
      return { at: from, length: 0, insert: '"' };
    }
    const at = from + m.index + 2;
    return { at, length: m[1]!.length, insert: r() < 0.5 ? `"${m[1]}"` : `'${m[1]}'` };
  },
  // A tag before a value.
  (t, r) => {
    const from = int(r, t.length);
    const colon = t.indexOf(': ', from);
    return colon < 0 ? { at: from, length: 0, insert: '!Ref ' } : { at: colon + 2, length: 0, insert: pick(r, ['!Ref ', '!Sub ', '!GetAtt ', '!If ']) };
  },
  // A whole line (a marker, a comment, an anchor, an alias, a block scalar) pasted in.
  (t, r) => ({ at: t.lastIndexOf('\n', int(r, t.length)) + 1, length: 0, insert: `${pick(r, LINES)}\n` }),
  // A line deleted, or duplicated.
  (t, r) => {
    const at = t.lastIndexOf('\n', int(r, t.length)) + 1;
    const end = t.indexOf('\n', at);
    const line = t.slice(at, end < 0 ? t.length : end + 1);
    return r() < 0.5 ? { at, length: line.length, insert: '' } : { at, length: 0, insert: line.endsWith('\n') ? line : `${line}\n` };
  },
];

function apply(text: string, change: Change): string {
  return text.slice(0, change.at) + change.insert + text.slice(change.at + change.length);
}

function toEvent(text: string, change: Change): TextDocumentContentChangeEvent {
  return { range: { start: positionOf(text, change.at), end: positionOf(text, change.at + change.length) }, text: change.insert };
}

/** What happened to the document, step by step, so a failure can be replayed by hand. */
type Step =
  | { readonly kind: 'edit'; readonly version: number; readonly change: Change }
  | { readonly kind: 'reopen'; readonly version: number }
  | { readonly kind: 'hover'; readonly offset: number }
  | { readonly kind: 'checkpoint'; readonly version: number };

export interface DifferentialFailure {
  readonly sequence: number;
  readonly base: string;
  readonly what: string;
  readonly steps: readonly Step[];
  readonly finalText: string;
}

export interface DifferentialResult {
  readonly sequences: number;
  readonly edits: number;
  readonly failures: DifferentialFailure[];
}

export interface DifferentialOptions {
  readonly seed: number;
  readonly sequences: number;
  /** Edits per sequence, at most. */
  readonly maxEdits?: number;
  readonly bases?: readonly Base[];
  readonly maxFailures?: number;
  readonly onProgress?: (done: number) => void;
  /**
   * Instead of random edits: these, in order, each followed by a hover that makes the server
   * parse that version (for regression tests). `version` defaults to the next one.
   */
  readonly script?: readonly ScriptedEdit[];
  /** The version the document is opened at (random when unset). */
  readonly openVersion?: number;
  /** Offsets in the final text to compare hovers at, besides random ones. */
  readonly hovers?: readonly number[];
}

export interface ScriptedEdit extends Change {
  readonly version?: number;
  /** Send the next edit at once, before this version is parsed (default: parse it first). */
  readonly rush?: boolean;
}

export async function runDifferential(options: DifferentialOptions): Promise<DifferentialResult> {
  const random = prng(options.seed);
  const bases = options.bases ?? DEFAULT_BASES;
  const root = mkdtempSync(join(tmpdir(), 'gatewarden-incremental-'));
  const failures: DifferentialFailure[] = [];
  let edits = 0;
  let kept: TestClient | undefined;
  let fresh: TestClient | undefined;
  try {
    kept = await startClient({ rootPath: root, settings: { gatewarden: {} } });
    fresh = await startClient({ rootPath: root, settings: { gatewarden: {} } });
    for (let sequence = 0; sequence < options.sequences && failures.length < (options.maxFailures ?? 5); sequence++) {
      const base = pick(random, bases);
      const uri = `file://${root}/seq-${options.seed}-${sequence}.${base.languageId === 'json' ? 'json' : 'yaml'}`;
      const steps: Step[] = [];
      let text = base.text;
      let version = options.openVersion ?? 1 + int(random, 5);
      const versions: number[] = [version];
      await kept.open(uri, base.languageId, text, version);
      if (options.script || random() < 0.7) {
        // Usually the opened text is analysed before the first edit, so the edits that
        // follow are parsed incrementally from it.
        await kept.waitForDiagnostics(uri, (p) => p.version === version, 10_000);
      }
      for (const change of options.script ?? []) {
        version = change.version ?? Math.max(...versions) + 1;
        versions.push(version);
        await kept.edit(uri, version, [toEvent(text, change)]);
        text = apply(text, change);
        steps.push({ kind: 'edit', version, change });
        edits++;
        if (!change.rush) {
          await kept.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, change.at) });
          await settled(kept, uri, version);
        }
      }
      const count = options.script ? 0 : 1 + int(random, options.maxEdits ?? 30);
      for (let e = 0; e < count; e++) {
        const roll = random();
        if (roll < 0.05) {
          // A re-open: close, then open the current text again, at a version seen before.
          version = pick(random, versions);
          await kept.close(uri);
          await kept.open(uri, base.languageId, text, version);
          steps.push({ kind: 'reopen', version });
          continue;
        }
        if (roll < 0.1) {
          // A checkpoint: the answers for this very version, against a fresh server's.
          steps.push({ kind: 'checkpoint', version });
          await fresh.open(uri, base.languageId, text, version);
          const what = await compare(kept, fresh, uri, version, text, random);
          await fresh.close(uri);
          if (what) {
            failures.push({ sequence, base: base.name, what, steps: [...steps], finalText: text });
            break;
          }
          continue;
        }
        if (roll < 0.25) {
          // A request between edits makes the server parse this version (a chain of reparses).
          const offset = int(random, text.length + 1);
          steps.push({ kind: 'hover', offset });
          await kept.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionOf(text, offset) });
          continue;
        }
        const change = pick(random, EDITS)(text, random);
        // Mostly the next version; sometimes one used before, as a client that restarts counting.
        version = random() < 0.1 ? pick(random, versions) : Math.max(...versions) + 1;
        versions.push(version);
        await kept.edit(uri, version, [toEvent(text, change)]);
        text = apply(text, change);
        steps.push({ kind: 'edit', version, change });
        edits++;
        if (random() < 0.3) {
          // Let the debounce fire now and then, so intermediate versions are analysed too.
          await new Promise((resolve) => setTimeout(resolve, 25 + int(random, 30)));
        }
      }
      // A last, empty change under a version never used, to know which publish is final. A
      // script is compared at its own last version: a kept answer that a later version
      // would correct is still a wrong answer.
      let last = version;
      if (!options.script) {
        last = 1_000_000 + sequence;
        await kept.edit(uri, last, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '' }]);
      }
      if (failures.at(-1)?.sequence !== sequence) {
        await fresh.open(uri, base.languageId, text, last);
        const what = await compare(kept, fresh, uri, last, text, random, options.hovers);
        if (what) {
          failures.push({ sequence, base: base.name, what, steps, finalText: text });
        }
      }
      await kept.close(uri);
      await fresh.close(uri);
      options.onProgress?.(sequence + 1);
    }
  } finally {
    await kept?.dispose();
    await fresh?.dispose();
    rmSync(root, { recursive: true, force: true });
  }
  return { sequences: options.sequences, edits, failures };
}

/** The final answer of a server for a version: its last publish once it has been quiet for a while. */
async function settled(client: TestClient, uri: string, version: number): Promise<PublishDiagnosticsParams> {
  await client.waitForDiagnostics(uri, (p) => p.version === version, 10_000);
  for (;;) {
    const count = client.published.get(uri)!.length;
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    if (client.published.get(uri)!.length === count) {
      return client.published.get(uri)!.at(-1)!;
    }
  }
}

/** What differs between the two servers' answers on the same text, or undefined. */
async function compare(kept: TestClient, fresh: TestClient, uri: string, version: number, text: string, random: Random, hovers: readonly number[] = []): Promise<string | undefined> {
  const [a, b] = await Promise.all([settled(kept, uri, version), settled(fresh, uri, version)]);
  const diagnostics = (p: PublishDiagnosticsParams): string[] =>
    p.diagnostics
      .map((d) => JSON.stringify({ range: d.range, code: d.code, severity: d.severity, message: d.message, data: d.data }))
      .sort();
  const da = diagnostics(a);
  const db = diagnostics(b);
  if (JSON.stringify(da) !== JSON.stringify(db)) {
    return `diagnostics differ\nkept only:\n  ${da.filter((d) => !db.includes(d)).join('\n  ')}\nfresh only:\n  ${db.filter((d) => !da.includes(d)).join('\n  ')}`;
  }
  const request = async <T>(method: string, params: object): Promise<[T, T]> =>
    Promise.all([kept.connection.sendRequest<T>(method, params), fresh.connection.sendRequest<T>(method, params)]);
  const offsets = [...hovers, ...Array.from({ length: 6 }, () => int(random, text.length + 1))];
  for (const offset of offsets) {
    const [ha, hb] = await request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: positionOf(text, offset) });
    if (JSON.stringify(ha) !== JSON.stringify(hb)) {
      return `hover at offset ${offset} differs\nkept: ${JSON.stringify(ha)}\nfresh: ${JSON.stringify(hb)}`;
    }
  }
  // With their titles, resolved as the editor resolves the lenses in view.
  const [la, lb] = await Promise.all([kept.codeLenses(uri), fresh.codeLenses(uri)]);
  if (JSON.stringify(la) !== JSON.stringify(lb)) {
    return `code lenses differ\nkept: ${JSON.stringify(la)}\nfresh: ${JSON.stringify(lb)}`;
  }
  return undefined;
}

/** A failure as text: enough to replay it and to write its regression test. */
export function describeFailure(seed: number, failure: DifferentialFailure): string {
  return [
    `seed ${seed}, sequence ${failure.sequence}, base ${failure.base}: ${failure.what}`,
    `steps: ${JSON.stringify(failure.steps)}`,
    `final text:\n${failure.finalText}`,
  ].join('\n');
}
