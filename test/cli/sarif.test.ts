/**
 * `--format sarif`: valid against the SARIF 2.1.0 JSON schema (the copy shipped in the
 * @microsoft/jest-sarif package, checked with Ajv's draft-04 class, the schema's own
 * draft), with rules, regions in UTF-16 columns, and fixes from the core's quick fixes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rules } from '../../server/src/core/rules';
import { docsUrl } from '../../server/src/core/index';
import { applyEdits } from '../helpers';
import { makeTempDir, policyJson, removeDir, repoRoot, runCli } from './run';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const schema = require(path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json')) as object;

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}
interface Location {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Region };
}
interface Result {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: Location[];
  partialFingerprints: Record<string, string>;
  fixes?: { description: { text: string }; artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: Region; insertedContent: { text: string } }[] }[] }[];
}
interface Log {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; name: string; shortDescription: { text: string }; helpUri: string; help: { text: string }; defaultConfiguration: { level: string } }[] } };
    columnKind: string;
    results: Result[];
  }[];
}

/** Ajv's own options: the schema's one language-tag pattern is not valid as a Unicode regex. */
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
addFormats(ajv);
const validate = ajv.compile(schema);

const NON_ASCII = '{\n  "Version": "2012-10-17",\n  "Statement": [{"Resource": "arn:aws:s3:::café/😀", "Effect": "Alow", "Action": "s3:GetObject"}]\n}\n';

let dir = '';
before(() => {
  dir = makeTempDir({
    'policy.json': policyJson('Alow'),
    'non-ascii.json': NON_ASCII,
    'dir with space/p.yaml': 'Version: "2012-10-17"\nStatement:\n  - Effect: Deny\n    Action: s3:GetObject\n    Resource: "*"\n    Condtion: {}\n',
    'broken.json': '{"Version": "2012-10-17", "Statement": [',
    'unused.yaml': 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow # gatewarden-ignore iam/duplicate-sid\n    Action: s3:GetObject\n    Resource: "*"\n',
  });
});
after(() => removeDir(dir));

async function sarif(...argv: string[]): Promise<{ code: number; log: Log }> {
  const { code, stdout } = await runCli(['check', ...argv, '--format', 'sarif'], { cwd: dir });
  return { code, log: JSON.parse(stdout) as Log };
}

test('sarif: the log is valid against the SARIF 2.1.0 schema', async () => {
  const { code, log } = await sarif('.');
  assert.equal(code, 1);
  const valid = validate(log);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
  assert.equal(log.version, '2.1.0');
  assert.ok(log.runs[0]!.results.length >= 5);
});

test('sarif: the schema check itself rejects a broken log', () => {
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal' }] }] }), false);
});

test('sarif: every registered rule with summary, docs link, help and default level', async () => {
  const { log } = await sarif('policy.json');
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'Gatewarden');
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.deepEqual(
    run.tool.driver.rules.map((r) => r.id),
    rules.map((r) => r.id),
  );
  const effect = run.tool.driver.rules.find((r) => r.id === 'iam/invalid-effect')!;
  assert.equal(effect.name, 'IamInvalidEffect');
  assert.equal(effect.shortDescription.text, rules.find((r) => r.id === 'iam/invalid-effect')!.docs.summary);
  assert.equal(effect.helpUri, docsUrl('iam/invalid-effect'));
  assert.ok(effect.help.text.includes(docsUrl('iam/invalid-effect')));
  assert.equal(effect.defaultConfiguration.level, 'error');
  assert.equal(run.tool.driver.rules.find((r) => r.id === 'meta/unused-suppression')!.defaultConfiguration.level, 'note');
});

test('sarif: results carry rule index, level, a relative uri and a 1-based UTF-16 region', async () => {
  const { log } = await sarif('non-ascii.json', 'unused.yaml', 'dir with space');
  const run = log.runs[0]!;
  const byRule = (id: string): Result => run.results.find((r) => r.ruleId === id)!;
  const effect = byRule('iam/invalid-effect');
  assert.equal(run.tool.driver.rules[effect.ruleIndex]!.id, 'iam/invalid-effect');
  assert.equal(effect.level, 'error');
  assert.deepEqual(effect.locations[0]!.physicalLocation, {
    artifactLocation: { uri: 'non-ascii.json', uriBaseId: '%SRCROOT%' },
    region: { startLine: 3, startColumn: 64, endLine: 3, endColumn: 70 },
  });
  assert.match(effect.partialFingerprints['gatewarden/v1'] ?? '', /^[0-9a-f]{32}$/);
  assert.equal(byRule('meta/unused-suppression').level, 'note');
  assert.equal(byRule('iam/unknown-element').locations[0]!.physicalLocation.artifactLocation.uri, 'dir%20with%20space/p.yaml');
});

test('sarif: a quick fix becomes fixes with replacements that apply', async () => {
  const { log } = await sarif('policy.json');
  const effect = log.runs[0]!.results.find((r) => r.ruleId === 'iam/invalid-effect')!;
  const fix = effect.fixes?.[0];
  assert.ok(fix, 'no fixes on a fixable finding');
  const change = fix.artifactChanges[0]!;
  assert.equal(change.artifactLocation.uri, 'policy.json');
  // The policy is one line, so columns are offsets plus one.
  const text = policyJson('Alow');
  const edits = change.replacements.map((r) => ({ offset: r.deletedRegion.startColumn - 1, length: r.deletedRegion.endColumn - r.deletedRegion.startColumn, newText: r.insertedContent.text }));
  assert.equal(applyEdits(text, edits), policyJson('Allow'));
});

test('sarif: findings without a fix have no fixes; no findings give an empty result list', async () => {
  const { log } = await sarif('broken.json');
  assert.ok(log.runs[0]!.results.every((r) => r.fixes === undefined));
  const clean = makeTempDir({ 'ok.json': policyJson('Allow') });
  try {
    const { code, stdout } = await runCli(['check', 'ok.json', '--format', 'sarif'], { cwd: clean });
    assert.equal(code, 0);
    const log = JSON.parse(stdout) as Log;
    assert.ok(validate(log));
    assert.deepEqual(log.runs[0]!.results, []);
  } finally {
    removeDir(clean);
  }
});

test('sarif: a file outside the working folder gets an absolute file: uri', async () => {
  const { stdout } = await runCli(['check', path.join(dir, 'policy.json'), '--format', 'sarif'], { cwd: path.join(dir, 'dir with space') });
  const log = JSON.parse(stdout) as Log;
  assert.ok(validate(log));
  const location = log.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
  assert.equal(location.uriBaseId, undefined);
  assert.match(location.uri, /^file:\/\/.+\/policy\.json$/);
});
