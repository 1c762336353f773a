/**
 * `gatewarden access --diff` against the working tree: every format on one diff, row for
 * row; the exit codes of --fail-on-new-access and --fail-on-public; --merge-base; a dirty
 * tree (unstaged edits, an untracked template, a file moved without git); a ref that is not
 * there; a base version that does not parse (its rows unknown, said in every format); the
 * staged files against HEAD, as the gatewarden-access pre-commit hook compares them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AccessDiff } from '../../server/src/core/access/diff';
import type { AccessRowJson } from '../../server/src/core/access/rows';
import { parse as parseYaml } from 'yaml';
import { makeTempDir, removeDir, repoRoot, runCli, writeFiles } from './run';
import { commitAll, git, LEGACY, method, pets, resource } from '../helpers/access-diff';

const HEALTH = `${resource('HealthRes', 'Api', 'health')}${method('GetHealth', 'Api', 'HealthRes', 'GET', 'NONE')}`;
const rowText = (r: AccessRowJson): string => `${r.principal} ${r.api} ${r.stage} ${r.method} ${r.path} ${r.decision}`;
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

/** A repository with pets() and LEGACY committed, then `edit` applied to the working tree. */
async function withRepo(files: Record<string, string>, edit: (dir: string) => void, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = makeTempDir(files);
  try {
    git(dir, 'init', '-q');
    commitAll(dir, 'base');
    edit(dir);
    await body(dir);
  } finally {
    removeDir(dir);
  }
}

async function run(dir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli(['access', '--diff', ...args], { cwd: dir });
}

const WIDENED = pets({ readerVerb: '*', extra: HEALTH });

test('access --diff: every format, row for row, on one change (a grant widened, a public method added, a template deleted)', async () => {
  await withRepo(
    { 'api.yaml': pets(), 'legacy.yaml': LEGACY },
    (dir) => {
      writeFiles(dir, { 'api.yaml': WIDENED });
      fs.rmSync(path.join(dir, 'legacy.yaml'));
    },
    async (dir) => {
      const readLine = lineOf(WIDENED, 'Sid: Read');
      const healthLine = lineOf(WIDENED, 'GetHealth:') + 1;
      const json = JSON.parse((await run(dir, '--format', 'json')).stdout) as AccessDiff;
      assert.deepEqual(
        { added: json.added.map(rowText), removed: json.removed.map(rowText), changed: json.changed.map((c) => `${rowText(c.before)} -> ${c.after.decision} ${c.change}`), public: json.becamePublic.map(rowText) },
        {
          added: ['* Api prod GET /health allow'],
          removed: ['LegacyCaller Legacy prod GET /legacy allow'],
          changed: ['Reader Api prod DELETE /pets deny -> allow widened'],
          public: ['* Api prod GET /health allow'],
        },
      );

      // text: one line per row, marked +, -, ~ and ! (public), then the counts.
      const text = (await run(dir)).stdout.trimEnd().split('\n');
      assert.deepEqual(
        text.slice(1, -1).map((l) => [l[0], (/→ (\S+) (\S+) (\S+) (\S+)/.exec(l) ?? /^! public +(\S+) (\S+) (\S+) ([^:\s]+)/.exec(l))?.slice(1).join(' ')]),
        [
          ['+', 'Api prod GET /health'],
          ['-', 'Legacy prod GET /legacy'],
          ['~', 'Api prod DELETE /pets'],
          ['!', 'Api prod GET /health'],
        ],
      );
      assert.match(text.at(-1)!, /^1 added, 1 removed, 1 changed \(1 widened, 0 narrowed\), 1 newly public$/);

      // markdown: the summary line with the counts, a table per API, a row per change.
      const markdown = (await run(dir, '--format', 'markdown')).stdout;
      assert.match(markdown, /\*\*1 added, 1 removed, 1 changed \(1 widened, 0 narrowed\), 1 newly public\*\*/);
      const tables = markdown
        .split('\n')
        .filter((l) => l.startsWith('#### ') || (l.startsWith('| ') && !l.startsWith('| Change') && !l.startsWith('| ---')))
        .map((l) => (l.startsWith('#### ') ? l : l.split(' | ').slice(0, 4).map((c, i) => (i === 0 ? c.replace(/^\| \S+ /, '') : c)).join(' ')));
      assert.deepEqual(tables, ['#### Api in api.yaml', 'added GET /health prod \\*', 'widened DELETE /pets prod Reader', '#### Legacy in legacy.yaml', 'removed GET /legacy prod LegacyCaller']);

      // sarif: each added or widened row, and the public method, at the statement granting it.
      const sarif = JSON.parse((await run(dir, '--format', 'sarif')).stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
      assert.deepEqual(
        sarif.runs[0]!.results.map((r) => [r.ruleId, r.locations[0]!.physicalLocation.artifactLocation.uri, r.locations[0]!.physicalLocation.region.startLine]),
        [
          ['access/added', 'api.yaml', healthLine],
          ['access/widened', 'api.yaml', readLine],
          ['access/public', 'api.yaml', healthLine],
        ],
      );

      // github: a warning per added or widened grant and public method, a notice per removed one and for the summary.
      const github = (await run(dir, '--format', 'github')).stdout.trimEnd().split('\n');
      assert.deepEqual(
        github.map((l) => /^::(\w+) (?:file=([^,]*),line=(\d+),)?title=([^:]*)::/.exec(l)?.slice(1, 5)),
        [
          ['warning', 'api.yaml', String(healthLine), 'Access added'],
          ['warning', 'api.yaml', String(readLine), 'Access widened'],
          ['notice', undefined, undefined, 'Access removed'],
          ['warning', 'api.yaml', String(healthLine), 'Method callable by anyone'],
          ['notice', undefined, undefined, 'Access diff'],
        ],
      );
    },
  );
});

test('access --diff exit codes: 1 on new access or a public method only when asked; a narrowing never fails', async () => {
  await withRepo({ 'api.yaml': pets(), 'legacy.yaml': LEGACY }, (dir) => writeFiles(dir, { 'api.yaml': WIDENED }), async (dir) => {
    assert.equal((await run(dir)).code, 0);
    assert.equal((await run(dir, '--fail-on-new-access')).code, 1);
    assert.equal((await run(dir, '--fail-on-public')).code, 1);
    const widened = commitAll(dir, 'widened');
    // The other way round: the grant narrowed, the public method gone.
    const back = await runCli(['access', '--diff', widened, '--head', `${widened}~1`, '--fail-on-new-access', '--fail-on-public', '--format', 'json'], { cwd: dir });
    assert.equal(back.code, 0, back.stderr);
    const json = JSON.parse(back.stdout) as AccessDiff;
    assert.deepEqual([json.added.length, json.removed.map(rowText), json.changed.map((c) => c.change)], [0, ['* Api prod GET /health allow'], ['narrowed']]);
  });
});

test('access --diff --fail-on-public: a resource policy for Principal "*" without a Condition; with one it is not public', async () => {
  const policy = (condition: string): string =>
    `      Policy:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Allow, Principal: '*', Action: execute-api:Invoke, Resource: 'execute-api:/*/GET/pets'${condition}}\n`;
  for (const [condition, code, publicRows] of [
    ['', 1, ['Auditor Api prod GET /pets allow']],
    [", Condition: {StringEquals: {'aws:SourceVpce': vpce-1a2b3c4d}}", 0, []],
  ] as const) {
    await withRepo({ 'api.yaml': pets() }, (dir) => writeFiles(dir, { 'api.yaml': pets({ resourcePolicy: policy(condition) }) }), async (dir) => {
      const result = await run(dir, '--fail-on-public', '--format', 'json');
      assert.equal(result.code, code, result.stderr);
      assert.deepEqual((JSON.parse(result.stdout) as AccessDiff).becamePublic.map(rowText), publicRows);
    });
  }
});

test('access --diff --merge-base: what the branch changed, not what the other branch gained since', async () => {
  await withRepo({ 'api.yaml': pets() }, () => undefined, async (dir) => {
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    git(dir, 'checkout', '-q', '-b', 'feature');
    writeFiles(dir, { 'api.yaml': pets({ readerVerb: '*' }) });
    commitAll(dir, 'feature: widen Reader');
    git(dir, 'checkout', '-q', 'main');
    writeFiles(dir, { 'api.yaml': pets({ devStage: true }) });
    commitAll(dir, 'main: a dev stage');
    git(dir, 'checkout', '-q', 'feature');
    const merged = JSON.parse((await run(dir, 'main', '--merge-base', '--format', 'json')).stdout) as AccessDiff & { base: { commit: string; mergeBase: boolean } };
    assert.deepEqual([merged.base.commit, merged.base.mergeBase], [base, true]);
    assert.deepEqual(
      merged.changed.map((c) => `${rowText(c.after)} ${c.change}`),
      ['Reader Api prod DELETE /pets allow widened'],
    );
    // Against main itself, the dev stage main gained shows as taken away.
    const direct = JSON.parse((await run(dir, 'main', '--format', 'json')).stdout) as AccessDiff;
    assert.ok(direct.changed.some((c) => c.change === 'narrowed' && c.reasons.includes('stage')));
  });
});

test('access --diff in a dirty tree: unstaged edits, an untracked template, a file moved without git', async () => {
  await withRepo({ 'api.yaml': pets(), 'legacy.yaml': LEGACY }, (dir) => {
    writeFiles(dir, { 'api.yaml': pets({ writerDeny: false }), 'new/orders.yaml': LEGACY.replace(/Legacy/g, 'Orders').replace(/legacy/g, 'orders') });
    fs.mkdirSync(path.join(dir, 'moved'));
    fs.renameSync(path.join(dir, 'legacy.yaml'), path.join(dir, 'moved', 'legacy.yaml'));
  }, async (dir) => {
    const { code, stdout, stderr } = await run(dir, '--format', 'json');
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout) as AccessDiff;
    assert.deepEqual(
      { added: json.added.map(rowText), removed: json.removed.map(rowText), changed: json.changed.map((c) => `${rowText(c.after)} ${c.change}`) },
      { added: ['OrdersCaller Orders prod GET /orders allow'], removed: [], changed: ['Writer Api prod DELETE /pets allow widened'] },
    );
    // The working tree is as it was: nothing checked out, nothing staged.
    assert.equal(git(dir, 'status', '--porcelain').split('\n').filter(Boolean).sort().join('|'), [' D legacy.yaml', ' M api.yaml', '?? moved/', '?? new/'].join('|'));
  });
});

test('access --diff: a ref that is not there, a --head that is not there, no repository: exit 2 naming the problem', async () => {
  await withRepo({ 'api.yaml': pets() }, () => undefined, async (dir) => {
    const missing = await run(dir, 'no-such-ref');
    assert.deepEqual([missing.code, missing.stdout, missing.stderr.includes('"no-such-ref"')], [2, '', true]);
    const head = await run(dir, 'HEAD', '--head', 'nope');
    assert.deepEqual([head.code, head.stderr.includes('"nope"')], [2, true]);
    assert.equal((await run(dir, '--format', 'csv')).code, 2);
  });
  const outside = makeTempDir({ 'api.yaml': pets() });
  try {
    assert.equal((await run(outside)).code, 2);
  } finally {
    removeDir(outside);
  }
});

test('access --diff: a base version that does not parse is reported, its rows unknown rather than added, in every format', async () => {
  await withRepo({ 'api.yaml': 'Resources: {Api: [\n', 'legacy.yaml': LEGACY }, (dir) => writeFiles(dir, { 'api.yaml': pets() }), async (dir) => {
    const json = JSON.parse((await run(dir, '--format', 'json', '--fail-on-new-access')).stdout) as AccessDiff;
    assert.deepEqual(
      { added: json.added, removed: json.removed, changed: json.changed, unknownFiles: [...new Set(json.unknown.map((r) => r.apiFile))], unreadable: json.unreadable },
      { added: [], removed: [], changed: [], unknownFiles: ['api.yaml'], unreadable: { base: [{ file: 'api.yaml', reason: 'parse-error' }], head: [] } },
    );
    assert.ok(json.unknown.length >= 3);
    assert.equal((await run(dir, '--fail-on-new-access')).code, 0);
    const text = (await run(dir)).stdout.split('\n');
    assert.ok(text.some((l) => l.startsWith('? ') && l.includes('api.yaml')));
    const markdown = (await run(dir, '--format', 'markdown')).stdout.split('\n');
    assert.ok(markdown.some((l) => l.startsWith('> ⚠️') && l.includes('api.yaml')));
    const sarif = JSON.parse((await run(dir, '--format', 'sarif')).stdout) as { runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    assert.ok(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.some((n) => n.level === 'warning' && n.message.text.includes('api.yaml')));
    const github = (await run(dir, '--format', 'github')).stdout.split('\n');
    assert.ok(github.some((l) => l.startsWith('::warning title=Access diff incomplete::') && l.includes('api.yaml')));
  });
});

test('access --diff --staged, as the gatewarden-access pre-commit hook runs it: only what the commit will hold counts', async () => {
  const hooks = parseYaml(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; pass_filenames?: boolean }[];
  const hook = hooks.find((h) => h.id === 'gatewarden-access')!;
  const [bin, ...entry] = hook.entry.split(' ');
  assert.deepEqual([bin, hook.pass_filenames], ['gatewarden', false]);
  await withRepo({ 'api.yaml': pets() }, (dir) => {
    writeFiles(dir, { 'api.yaml': pets({ readerVerb: '*' }) });
    git(dir, 'add', 'api.yaml');
    // Not staged: the Deny removed in the working tree, and an untracked template.
    writeFiles(dir, { 'api.yaml': pets({ readerVerb: '*', writerDeny: false }), 'new.yaml': LEGACY });
  }, async (dir) => {
    const staged = await runCli(['access', '--diff', '--staged', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(staged.stdout) as AccessDiff & { head: { ref: string | null } };
    assert.deepEqual([json.head.ref, json.added.map(rowText), json.changed.map((c) => `${rowText(c.after)} ${c.change}`)], ['index', [], ['Reader Api prod DELETE /pets allow widened']]);
    assert.equal((await runCli(entry, { cwd: dir })).code, 1);
    // Once the widening is committed, the hook passes; the unstaged edits still do not count.
    git(dir, 'commit', '-q', '-m', 'widen');
    assert.equal((await runCli(entry, { cwd: dir })).code, 0);
  });
});

test('access --diff reads no symbolic link and enters no submodule of the base commit', async () => {
  const outside = makeTempDir({ 'secret.yaml': pets() });
  try {
    await withRepo({ 'api.yaml': pets() }, () => undefined, async (dir) => {
      // A committed link to a template outside the repository, and a submodule entry.
      fs.symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'linked.yaml'));
      git(dir, 'add', 'linked.yaml');
      git(dir, 'update-index', '--add', '--cacheinfo', `160000,${git(dir, 'rev-parse', 'HEAD').trim()},vendor`);
      commitAll(dir, 'a link and a submodule');
      fs.rmSync(path.join(dir, 'linked.yaml'));
      const { code, stdout, stderr } = await run(dir, 'HEAD', '--format', 'json');
      assert.equal(code, 0, stderr);
      const json = JSON.parse(stdout) as AccessDiff;
      // The link's target would have added its own roles' rows to the base: it was not read.
      assert.deepEqual([json.added, json.removed, json.changed, json.unknown], [[], [], [], []]);
    });
  } finally {
    removeDir(outside);
  }
});
