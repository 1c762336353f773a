/**
 * `gatewarden access --diff` on real git repositories in temporary folders: a history of
 * one change per commit (a grant widened, a Deny removed, a resource policy added, a stage
 * added, a method renamed, a file moved, a file deleted, a template Condition flipped), each
 * compared with the commit before row for row; every format on one diff; the exit codes;
 * the merge-base mode; a dirty working tree; a ref that is not there; a base version that
 * does not parse.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AccessDiff, ChangedRow } from '../../server/src/core/access/diff';
import type { AccessRowJson } from '../../server/src/core/access/rows';
import { makeTempDir, removeDir, runCli, writeFiles } from './run';
import { commitAll, FLIPPED_AUDITOR, git, LEGACY, orders, pets, RESOURCE_POLICY } from '../helpers/access-diff';

let repo = '';
const commits: Record<string, string> = {};

function commit(cwd: string, name: string): string {
  const id = commitAll(cwd, name);
  commits[name] = id;
  return id;
}

/** The history, one change per commit, in order. */
const HISTORY: readonly { name: string; change: (dir: string) => void }[] = [
  { name: 'grant-widened', change: (d) => writeFiles(d, { 'api.yaml': pets({ readerVerb: '*' }) }) },
  { name: 'deny-removed', change: (d) => writeFiles(d, { 'api.yaml': pets({ readerVerb: '*', writerDeny: false }) }) },
  { name: 'resource-policy-added', change: (d) => writeFiles(d, { 'api.yaml': pets({ readerVerb: '*', writerDeny: false, resourcePolicy: RESOURCE_POLICY }) }) },
  { name: 'stage-added', change: (d) => writeFiles(d, { 'api.yaml': pets({ readerVerb: '*', writerDeny: false, resourcePolicy: RESOURCE_POLICY, devStage: true }) }) },
  { name: 'method-renamed', change: (d) => writeFiles(d, { 'orders.yaml': orders('purchases') }) },
  { name: 'file-moved', change: (d) => git(d, 'mv', 'orders.yaml', path.join('stacks', 'orders.yaml')) },
  { name: 'file-deleted', change: (d) => git(d, 'rm', '-q', 'legacy.yaml') },
  { name: 'condition-flipped', change: (d) => writeFiles(d, { 'api.yaml': pets({ readerVerb: '*', writerDeny: false, resourcePolicy: RESOURCE_POLICY, devStage: true, auditor: FLIPPED_AUDITOR }) }) },
];

before(() => {
  repo = makeTempDir({ 'api.yaml': pets(), 'orders.yaml': orders(), 'legacy.yaml': LEGACY });
  fs.mkdirSync(path.join(repo, 'stacks'));
  git(repo, 'init', '-q');
  commit(repo, 'base');
  for (const step of HISTORY) {
    step.change(repo);
    commit(repo, step.name);
  }
});
after(() => removeDir(repo));

type Json = AccessDiff & { base: { ref: string; commit: string | null; mergeBase: boolean }; head: { ref: string | null; commit: string | null } };

async function diffJson(cwd: string, ...args: string[]): Promise<{ code: number; json: Json; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['access', '--format', 'json', ...args], { cwd });
  assert.notEqual(code, 2, stderr);
  return { code, json: JSON.parse(stdout) as Json, stderr };
}

const rowText = (r: AccessRowJson): string => `${r.principal} ${r.api} ${r.stage} ${r.method} ${r.path} ${r.decision}${r.implicit ? '(implicit)' : ''}`;
const changedText = (c: ChangedRow): string =>
  `${c.after.principal} ${c.after.api} ${c.before.stage}>${c.after.stage} ${c.after.method} ${c.after.path} ${c.before.decision}${c.before.implicit ? '(implicit)' : ''}>${c.after.decision} ${c.change} ${c.reasons.join('+')}`;
const summary = (d: AccessDiff): { added: string[]; removed: string[]; changed: string[]; public: string[] } => ({
  added: d.added.map(rowText),
  removed: d.removed.map(rowText),
  changed: d.changed.map(changedText),
  public: d.becamePublic.map(rowText),
});

/** What each commit of HISTORY changes against the one before. */
const EXPECTED: Record<string, ReturnType<typeof summary>> = {
  'grant-widened': { added: [], removed: [], changed: ['Reader Api prod>prod DELETE /pets deny(implicit)>allow widened decision'], public: [] },
  'deny-removed': { added: [], removed: [], changed: ['Writer Api prod>prod DELETE /pets deny>allow widened decision'], public: [] },
  'resource-policy-added': { added: [], removed: [], changed: ['Auditor Api prod>prod DELETE /pets deny(implicit)>allow widened decision'], public: [] },
  'stage-added': {
    added: [],
    removed: [],
    changed: [
      'Auditor Api prod>dev DELETE /pets allow>allow widened stage',
      'Reader Api prod>dev DELETE /pets allow>allow widened stage',
      'Writer Api prod>dev DELETE /pets allow>allow widened stage',
      'Auditor Api prod>dev GET /pets conditional>conditional widened stage',
      'Reader Api prod>dev GET /pets allow>allow widened stage',
      'Writer Api prod>dev GET /pets allow>allow widened stage',
    ],
    public: [],
  },
  'method-renamed': { added: ['OrdersCaller Orders prod GET /purchases allow'], removed: ['OrdersCaller Orders prod GET /orders allow'], changed: [], public: [] },
  'file-moved': { added: [], removed: [], changed: [], public: [] },
  'file-deleted': { added: [], removed: ['LegacyCaller Legacy prod GET /legacy allow'], changed: [], public: [] },
  'condition-flipped': {
    added: [],
    removed: [],
    changed: ['Auditor Api dev>dev GET /pets conditional>conditional changed template-conditions', 'Auditor Api prod>prod GET /pets conditional>conditional changed template-conditions'],
    public: [],
  },
};

for (const [i, step] of HISTORY.entries()) {
  test(`access --diff: ${step.name}, row for row against the commit before`, async () => {
    const previous = i === 0 ? 'base' : HISTORY[i - 1]!.name;
    const { code, json } = await diffJson(repo, '--diff', commits[previous]!, '--head', commits[step.name]!);
    assert.equal(code, 0);
    assert.deepEqual(summary(json), EXPECTED[step.name]);
    assert.deepEqual([json.base.commit, json.head.commit, json.unknown, json.unreadable], [commits[previous], commits[step.name], [], { base: [], head: [] }]);
  });
}

test('access --diff: the statement responsible, in the head for added and widened rows, in the base for removed ones', async () => {
  const widened = (await diffJson(repo, '--diff', commits['base']!, '--head', commits['grant-widened']!)).json.changed[0]!;
  assert.deepEqual(
    widened.after.via.map((v) => [v.file, v.policy, v.statement, v.line, v.effect]),
    [['api.yaml', 'invoke', 'Read', pets({ readerVerb: '*' }).split('\n').findIndex((l) => l.includes('Sid: Read')) + 1, 'Allow']],
  );
  const deleted = (await diffJson(repo, '--diff', commits['file-moved']!, '--head', commits['file-deleted']!)).json.removed[0]!;
  assert.deepEqual(
    deleted.via.map((v) => [v.file, v.statement, v.line]),
    [['legacy.yaml', 'Call', LEGACY.split('\n').findIndex((l) => l.includes('Sid: Call')) + 1]],
  );
  // After the move, rows name the new file; before it, the old one.
  const moved = await diffJson(repo, '--diff', commits['method-renamed']!, '--head', commits['file-deleted']!);
  assert.deepEqual(summary(moved.json), EXPECTED['file-deleted']);
});

test('access --diff over several commits: the changes add up, a stage added shows once per grant', async () => {
  const { json } = await diffJson(repo, '--diff', commits['base']!, '--head', commits['condition-flipped']!);
  assert.deepEqual(summary(json).removed, ['LegacyCaller Legacy prod GET /legacy allow', 'OrdersCaller Orders prod GET /orders allow']);
  assert.deepEqual(summary(json).added, ['OrdersCaller Orders prod GET /purchases allow']);
  assert.equal(json.changed.filter((c) => c.change === 'widened').length, 3 + 6);
});
