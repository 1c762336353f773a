/**
 * Suppressions as the check command sees them: a YAML comment, template Metadata (JSON
 * and YAML), and for raw JSON policies the configuration file (`overrides` by glob, or
 * `ignore`). Unused suppressions are info findings under meta/unused-suppression.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonFinding } from '../../server/src/cli/format';
import { makeTempDir, policyJson, removeDir, runCli } from './run';

const EFFECT = 'iam/invalid-effect';
const UNUSED = 'meta/unused-suppression';

const templateJson = (ignore: string[]): string =>
  JSON.stringify(
    {
      AWSTemplateFormatVersion: '2010-09-09',
      Resources: {
        Quiet: {
          Type: 'AWS::IAM::ManagedPolicy',
          Metadata: { gatewarden: { ignore } },
          Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: '*' }] } },
        },
      },
    },
    null,
    2,
  );

const TEMPLATE_YAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Quiet:
    Type: AWS::IAM::ManagedPolicy
    Metadata:
      gatewarden:
        ignore: [${EFFECT}]
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Alow
            Action: s3:GetObject
            Resource: "*"
`;

const POLICY_YAML = `Version: "2012-10-17"
Statement:
  # gatewarden-ignore ${EFFECT}
  - Effect: Alow
    Action: s3:GetObject
    Resource: "*"
  - Effect: Deny  # gatewarden-ignore iam/duplicate-sid
    Action: s3:PutObject
    Resource: "*"
`;

let dir = '';
before(() => {
  dir = makeTempDir({
    'template.json': templateJson([EFFECT]),
    'template.yaml': TEMPLATE_YAML,
    'policy.yaml': POLICY_YAML,
    'policies/.gatewarden.yaml': `overrides:\n  - files: ["legacy-*.json"]\n    rules: { ${EFFECT}: off }\nignore: [vendor/]\n`,
    'policies/legacy-a.json': policyJson('Alow'),
    'policies/new.json': policyJson('Alow'),
    'policies/vendor/x.json': policyJson('Alow'),
  });
});
after(() => removeDir(dir));

async function findings(...argv: string[]): Promise<{ code: number; got: string[] }> {
  const { code, stdout } = await runCli(['check', ...argv, '--format', 'json'], { cwd: dir });
  return { code, got: (JSON.parse(stdout) as JsonFinding[]).map((f) => `${f.file.replace(/\\/g, '/')} ${f.ruleId} ${f.severity} ${f.range.start.line}`) };
}

test('Metadata on a template resource suppresses its findings (JSON)', async () => {
  assert.deepEqual(await findings('template.json'), { code: 0, got: [] });
});

test('Metadata on a template resource suppresses its findings (YAML)', async () => {
  assert.deepEqual(await findings('template.yaml'), { code: 0, got: [] });
});

test('a YAML comment suppresses the next line; an idle one is reported as info', async () => {
  assert.deepEqual(await findings('policy.yaml'), { code: 0, got: [`policy.yaml ${UNUSED} info 6`] });
});

test('raw JSON policies: overrides by glob in the configuration, and ignore', async () => {
  assert.deepEqual(await findings('policies'), { code: 1, got: [`policies/new.json ${EFFECT} error 0`] });
});

test('unused suppressions fail the run with --fail-on info, and can be switched off', async () => {
  assert.equal((await findings('policy.yaml', '--fail-on', 'info')).code, 1);
  assert.deepEqual(await findings('policy.yaml', '--fail-on', 'info', '--rule', `${UNUSED}=off`), { code: 0, got: [] });
});

test('an unused Metadata suppression points at its entry', async () => {
  const file = 'unused.json';
  const local = makeTempDir({ [file]: templateJson([EFFECT, 'iam/duplicate-sid']) });
  try {
    const { stdout } = await runCli(['check', file, '--format', 'json'], { cwd: local });
    const [f, ...rest] = JSON.parse(stdout) as JsonFinding[];
    assert.deepEqual(rest, []);
    assert.equal(f?.ruleId, UNUSED);
    // Line 10 (0-based 9) holds the list's second entry, "iam/duplicate-sid".
    assert.deepEqual(f?.range.start.line, 9);
  } finally {
    removeDir(local);
  }
});
