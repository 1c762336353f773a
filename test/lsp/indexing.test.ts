/**
 * Indexing a real temporary workspace through the real server: a client that declares
 * `window.workDoneProgress` is asked for a token and gets begin, report and end
 * notifications for it; requests and diagnostics sent while the index works are answered
 * before it ends (the index gives way between slices). Ordering only, never timing.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Hover } from 'vscode-languageserver/node';
import { positionOf, startClient, type TestClient } from './client';
import { INVALID_EFFECT, jsonPolicy } from './fixtures';

const FILES = 400;

/** A template with `roles` roles, each with an inline policy: some work to parse. */
function template(n: number, roles: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:'];
  for (let r = 0; r < roles; r++) {
    lines.push(
      `  Role${n}x${r}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
      '      Policies:',
      '        - PolicyName: p',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [s3:GetObject, "execute-api:Invoke"]',
      `                Resource: "arn:aws:execute-api:us-east-1:123456789012:api${n}/prod/GET/*"`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('workspace indexing: progress, and requests answered meanwhile', () => {
  let dir: string;
  let client: TestClient | undefined;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-indexing-'));
    for (let i = 0; i < FILES; i++) {
      const sub = path.join(dir, `d${i % 8}`);
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `t${i}.yaml`), template(i, 6));
    }
  });

  after(async () => {
    await client?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('progress begins, reports and ends on the token the client created; a hover and diagnostics come before the end', async () => {
    client = await startClient({ settings: { gatewarden: {} }, rootPath: dir, workDoneProgress: true });
    // A document open from the start, as the client re-sends after restarting a crashed
    // server: its diagnostics must not wait for the index.
    const policyUri = pathToFileURL(path.join(dir, 'open.json')).href;
    const text = jsonPolicy('Alow');
    await client.open(policyUri, 'json', text);
    const diagnostics = client.waitForDiagnostics(policyUri, (p) => p.version === 1, 30_000).then((p) => ({ p, progressSeen: client!.progress.length }));

    // Once the index reports that it has started reading files, ask for a hover.
    await client.waitForProgress((p) => p.value.kind === 'report', 30_000);
    const hover = client.connection
      .sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: policyUri }, position: positionOf(text, text.indexOf('s3:GetObject') + 2) })
      .then((h) => ({ h, progressSeen: client!.progress.length }));
    const end = await client.waitForProgress((p) => p.value.kind === 'end', 60_000);
    const answered = await hover;
    const published = await diagnostics;

    // One token, created by the server before any progress on it.
    assert.equal(client.progressTokens.length, 1);
    const [token] = client.progressTokens;
    const mine = client.progress.filter((p) => p.token === token);
    assert.equal(mine.length, client.progress.length, 'no progress on other tokens');
    const kinds = mine.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(kinds.slice(1, -1).every((k) => k === 'report'), kinds.join());
    assert.equal(typeof mine[0]!.value.title, 'string');
    assert.ok(mine[0]!.value.title!.length > 0);
    // Percentages: integers, never going back, from the start to 100, and more than
    // one report for 400 files (one every hundred files at least).
    const percentages = mine.filter((p) => p.value.kind === 'report').map((p) => p.value.percentage);
    assert.ok(percentages.length >= FILES / 100, `${percentages.length} reports`);
    for (let i = 0; i < percentages.length; i++) {
      const pct = percentages[i];
      assert.ok(typeof pct === 'number' && Number.isInteger(pct) && pct >= 0 && pct <= 100, `report ${i}: ${pct}`);
      assert.ok(i === 0 || pct >= percentages[i - 1]!, `percentages went back: ${percentages.join()}`);
    }
    assert.equal(percentages.at(-1), 100);
    assert.equal(end.token, token);

    // The hover was answered while the index was still working: before the end arrived.
    const endAt = client.progress.indexOf(end);
    assert.ok(answered.h, 'the hover has contents');
    assert.ok(answered.progressSeen <= endAt, `hover answered after ${answered.progressSeen} progress messages; the end is message ${endAt + 1}`);
    // So were the open document's diagnostics.
    assert.deepEqual(
      published.p.diagnostics.map((d) => d.code),
      [INVALID_EFFECT],
    );
    assert.ok(published.progressSeen <= endAt, `diagnostics published after ${published.progressSeen} progress messages; the end is message ${endAt + 1}`);
    assert.deepEqual(client.errorLogs, []);
  });

  test('a client without window.workDoneProgress is asked for no token and gets no progress', async () => {
    const plain = await startClient({ settings: { gatewarden: {} }, rootPath: dir });
    try {
      // The end of indexing is seen from outside as the open documents' diagnostics
      // published again (the index's end revalidates them): wait for the second publish.
      const uri = pathToFileURL(path.join(dir, 'open.json')).href;
      await plain.open(uri, 'json', jsonPolicy('Alow'));
      await plain.waitForDiagnostics(uri, () => (plain.published.get(uri)?.length ?? 0) >= 2, 60_000);
      assert.deepEqual(plain.progressTokens, []);
      assert.deepEqual(plain.progress, []);
    } finally {
      await plain.dispose();
    }
  });
});
