/**
 * `gatewarden check` with access assertions in the configuration: violations found across
 * files (the grant in one template, the method in another) are findings of the granting file,
 * an assertion that matches nothing is a finding of the configuration file at its line, a
 * broken assertion is a configuration error (exit 2) naming its line; YAML and JSON
 * configuration alike.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify as yamlStringify } from 'yaml';
import { execFileSync } from 'node:child_process';
import { makeTempDir, removeDir, runCli, writeFiles } from './run';
import { ORDERS_API, readerRole } from '../helpers/templates';

const API = `${ORDERS_API}  Health:
    Type: AWS::ApiGateway::Resource
    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: health}
  GetHealth:
    Type: AWS::ApiGateway::Method
    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Health, HttpMethod: GET, AuthorizationType: NONE}
`;

/** A role in another template, granting every verb on /orders of any API (line 9: the statement). */
const ROLES = readerRole('*');

const ITEMS = [
  { deny: { principal: 'ReaderRole', method: 'POST /orders' } },
  { public: { methods: ['GET /health'] } },
  { deny: { principal: 'WriterRole', method: 'POST /orders' } },
];

interface JsonFinding {
  readonly file: string;
  readonly ruleId: string;
  readonly severity: string;
  readonly range: { readonly start: { readonly line: number } };
}

for (const [name, text] of [
  ['.gatewarden.yaml', yamlStringify({ access: { expect: ITEMS } })],
  ['.gatewarden.json', JSON.stringify({ access: { expect: ITEMS } }, null, 2)],
] as const) {
  test(`check: access assertions from ${name}, across files`, async () => {
    const dir = makeTempDir({ [name]: text, 'api.yaml': API, 'roles.yaml': ROLES });
    try {
      const { code, stdout } = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
      const found = (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('access/'));
      // The third assertion names a role that does not exist: at its own line of the configuration.
      const unmatchedLine = text.split('\n').findIndex((l) => l.includes('WriterRole')) - (name.endsWith('.json') ? 2 : 1);
      assert.deepEqual(
        found.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId} ${f.severity}`).sort(),
        [`${name}:${unmatchedLine} access/expect-unmatched warning`, 'roles.yaml:10 access/expect-deny error'].sort(),
      );
      assert.equal(code, 1);
    } finally {
      removeDir(dir);
    }
  });
}

test('check: the rule severities of the configuration apply to the assertion rules', async () => {
  const config = yamlStringify({ rules: { 'access/expect-deny': 'off' }, access: { expect: [ITEMS[0]] } });
  const dir = makeTempDir({ '.gatewarden.yaml': config, 'api.yaml': API, 'roles.yaml': ROLES });
  try {
    const { stdout } = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
    assert.deepEqual((JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('access/')), []);
  } finally {
    removeDir(dir);
  }
});

test('check: a broken assertion is a configuration error at its line (exit 2)', async () => {
  const dir = makeTempDir({ '.gatewarden.yaml': 'access:\n  expect:\n    - deny: { principal: ReaderRole, method: "POST orders" }\n', 'api.yaml': API });
  try {
    const { code, stderr } = await runCli(['check', '.'], { cwd: dir });
    assert.equal(code, 2);
    assert.match(stderr, /config error: \.gatewarden\.yaml:3:\d+: /);
  } finally {
    removeDir(dir);
  }
});

test('check: files named one by one (as pre-commit passes them) break assertions but leave unmatched ones unsaid', async () => {
  const dir = makeTempDir({ '.gatewarden.yaml': yamlStringify({ access: { expect: ITEMS } }), 'api.yaml': API, 'roles.yaml': ROLES });
  try {
    const { stdout } = await runCli(['check', 'api.yaml', 'roles.yaml', '--format', 'json'], { cwd: dir });
    const found = (JSON.parse(stdout) as JsonFinding[]).filter((f) => f.ruleId.startsWith('access/'));
    assert.deepEqual(found.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`), ['roles.yaml:10 access/expect-deny']);
  } finally {
    removeDir(dir);
  }
});

/** Runs git in `dir` with a fixed identity, without the user's or system's configuration. */
function git(dir: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd: dir,
    stdio: 'ignore',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' },
  });
}

/** A repository whose HEAD grants ReaderRole GET /orders, with the working tree granting every verb. */
function widenedRepository(config: string): string {
  const dir = makeTempDir({ '.gatewarden.yaml': config, 'api.yaml': API, 'roles.yaml': ROLES.replace('*/*/*/orders', '*/*/GET/orders') });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  writeFiles(dir, { 'roles.yaml': ROLES });
  return dir;
}

interface DiffJson {
  readonly assertions?: { readonly broken: readonly { ruleId: string; file: string; line: number; item: number; definite: boolean; methods: readonly string[] }[] };
}

test('access --diff: the head breaks a deny assertion: reported in every format, exit 1 without --fail-on options', async () => {
  const dir = widenedRepository(yamlStringify({ access: { expect: [ITEMS[0]] } }));
  try {
    const json = await runCli(['access', '--diff', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 1);
    const broken = (JSON.parse(json.stdout) as DiffJson).assertions?.broken.map((b) => ({ ruleId: b.ruleId, file: b.file, line: b.line, item: b.item, definite: b.definite, methods: b.methods }));
    assert.deepEqual(broken, [{ ruleId: 'access/expect-deny', file: 'roles.yaml', line: 11, item: 1, definite: true, methods: ['POST /orders'] }]);
    const github = await runCli(['access', '--diff', '--format', 'github'], { cwd: dir });
    assert.equal(github.code, 1);
    assert.ok(github.stdout.split('\n').some((l) => l.startsWith('::error file=roles.yaml,line=11,title=access/expect-deny::')), github.stdout);
    const text = await runCli(['access', '--diff'], { cwd: dir });
    assert.equal(text.code, 1);
    assert.ok(text.stdout.includes('roles.yaml:11: access/expect-deny'), text.stdout);
  } finally {
    removeDir(dir);
  }
});

test('access --diff --fail-on-new-access: new access an only assertion lists is allowed, other new access fails', async () => {
  const allowed = widenedRepository(yamlStringify({ access: { expect: [{ only: { method: 'POST /orders', principals: ['ReaderRole'] } }] } }));
  const unlisted = widenedRepository(yamlStringify({ access: { expect: [{ only: { method: 'POST /orders', principals: ['WriterRole'] } }] } }));
  const none = widenedRepository('rules: {}\n');
  try {
    assert.equal((await runCli(['access', '--diff', '--fail-on-new-access'], { cwd: allowed })).code, 0);
    // Without the flag the new access is shown, and nothing fails.
    const shown = await runCli(['access', '--diff', '--format', 'json'], { cwd: allowed });
    assert.equal(shown.code, 0);
    // WriterRole alone may reach POST: ReaderRole breaks the assertion (exit 1 on its own).
    assert.equal((await runCli(['access', '--diff'], { cwd: unlisted })).code, 1);
    assert.equal((await runCli(['access', '--diff', '--fail-on-new-access'], { cwd: none })).code, 1);
  } finally {
    removeDir(allowed);
    removeDir(unlisted);
    removeDir(none);
  }
});
