/**
 * The GitHub Action (action.yml at the repository root): its inputs and steps as GitHub
 * reads them, and its command line run for real. The `check` step's script is run with
 * bash the way the runner would (inputs as environment variables, GITHUB_OUTPUT a file),
 * with the repository's own bin standing in for the install step, on a fixture folder.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { binPath, makeTempDir, policyJson, removeDir, repoRoot } from './run';

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly uses?: string;
  readonly if?: string;
  readonly shell?: string;
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly with?: Record<string, string>;
  readonly 'working-directory'?: string;
}

interface Action {
  readonly name: string;
  readonly description: string;
  readonly inputs: Record<string, { description: string; default?: string; required?: boolean }>;
  readonly outputs: Record<string, { value: string }>;
  readonly runs: { using: string; steps: Step[] };
}

const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as Action;
const step = (id: string): Step => {
  const found = action.runs.steps.find((s) => s.id === id);
  assert.ok(found, `no step ${id}`);
  return found;
};

/**
 * The step's environment as the runner makes it: each `${{ inputs.X }}` from `inputs` (or
 * the input's default), `${{ steps.install.outputs.bin }}` the repository's bin.
 */
function stepEnv(s: Step, inputs: Record<string, string>, outputs: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, expression] of Object.entries(s.env ?? {})) {
    env[name] = expression.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, ref: string) => {
      if (ref.startsWith('inputs.')) {
        const input = ref.slice('inputs.'.length);
        assert.ok(input in action.inputs, `${ref} is not an input`);
        return inputs[input] ?? action.inputs[input]?.default ?? '';
      }
      if (ref === 'steps.install.outputs.bin') {
        return binPath;
      }
      assert.ok(ref in outputs, `unexpected expression ${ref}`);
      return outputs[ref]!;
    });
  }
  return env;
}

function runStep(s: Step, cwd: string, env: Record<string, string>): { code: number; stdout: string; stderr: string; outputs: Record<string, string> } {
  assert.equal(s.shell, 'bash');
  assert.ok(s.run, 'a run script');
  const outputFile = path.join(cwd, '.github-output');
  fs.writeFileSync(outputFile, '');
  const base: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  delete base['FORCE_COLOR'];
  const result = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', '-c', s.run], {
    cwd,
    encoding: 'utf8',
    env: { ...base, ...env, GITHUB_OUTPUT: outputFile },
    timeout: 60_000,
  });
  const outputs = Object.fromEntries(
    fs
      .readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, outputs };
}

describe('action.yml', () => {
  test('a composite action with the documented inputs and outputs', () => {
    assert.equal(action.runs.using, 'composite');
    for (const input of ['paths', 'format', 'fail-on', 'sarif', 'sarif-file', 'args', 'working-directory', 'version', 'node-version']) {
      assert.ok(action.inputs[input]?.description, `input ${input}`);
    }
    assert.deepEqual(
      [action.inputs['paths']?.default, action.inputs['format']?.default, action.inputs['fail-on']?.default, action.inputs['sarif']?.default],
      ['.', 'github', 'error', 'false'],
    );
    assert.match(action.outputs['exit-code']?.value ?? '', /steps\.check\.outputs\.exit-code/);
  });

  test('inputs reach the scripts only through env, never pasted into a run script', () => {
    for (const s of action.runs.steps) {
      assert.ok(!/\$\{\{/.test(s.run ?? ''), `${s.name ?? s.id ?? s.uses}: an expression inside run:`);
    }
  });

  test('SARIF is uploaded by codeql-action only when asked, and even when the check found problems', () => {
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.ok(upload);
    assert.match(upload.if ?? '', /always\(\)/);
    assert.match(upload.if ?? '', /inputs\.sarif == 'true'/);
    assert.match(upload.with?.['sarif_file'] ?? '', /steps\.check\.outputs\.sarif-file/);
    const order = action.runs.steps.indexOf(upload);
    assert.ok(order > action.runs.steps.indexOf(step('check')), 'upload after the check');
  });

  describe('the check step, run', () => {
    let dir = '';
    before(() => {
      dir = makeTempDir({ 'infra/bad.json': policyJson('Alow'), 'infra/good.json': policyJson('Allow'), 'other/bad.json': policyJson('Alow') });
    });
    after(() => removeDir(dir));

    test('defaults: annotations for the findings, exit-code 1 recorded, the step itself passes', () => {
      const run = runStep(step('check'), dir, stepEnv(step('check'), {}));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.outputs['exit-code'], '1');
      const lines = run.stdout.split('\n').filter((l) => l !== '');
      assert.deepEqual(
        lines.map((l) => /^::error file=([^,]+),.*title=([^:]+)::/.exec(l)?.slice(1)),
        [
          ['infra/bad.json', 'iam/invalid-effect'],
          ['other/bad.json', 'iam/invalid-effect'],
        ],
      );
      assert.equal(run.outputs['sarif-file'], undefined);
    });

    test('paths, sarif and args: only the named folder, SARIF written, the output names it', () => {
      const inputs = { paths: 'infra/good.json\ninfra/bad.json', sarif: 'true', 'sarif-file': 'out/g.sarif', args: '--rule iam/invalid-effect=warning' };
      const run = runStep(step('check'), dir, stepEnv(step('check'), inputs));
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.outputs['exit-code'], '0', 'a warning is below fail-on error');
      assert.equal(run.outputs['sarif-file'], 'out/g.sarif');
      assert.match(run.stdout, /^::warning file=infra\/bad\.json,/m);
      const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'g.sarif'), 'utf8')) as {
        runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
      };
      assert.deepEqual(
        sarif.runs[0]?.results.map((r) => [r.ruleId, r.locations[0]?.physicalLocation.artifactLocation.uri]),
        [['iam/invalid-effect', 'infra/bad.json']],
      );
    });

    test('fail-on warning and format json: exit-code 1, JSON in the log', () => {
      const inputs = { paths: 'infra', format: 'json', 'fail-on': 'warning', args: '--rule iam/invalid-effect=warning' };
      const run = runStep(step('check'), dir, stepEnv(step('check'), inputs));
      assert.equal(run.outputs['exit-code'], '1');
      assert.deepEqual((JSON.parse(run.stdout) as { ruleId: string }[]).map((f) => f.ruleId), ['iam/invalid-effect']);
    });

    test('a glob in paths is not expanded by the shell; a missing path is exit-code 2', () => {
      const run = runStep(step('check'), dir, stepEnv(step('check'), { paths: 'infra/*.json' }));
      assert.equal(run.outputs['exit-code'], '2');
      assert.match(run.stderr, /infra\/\*\.json/);
    });

    test('the last step fails the job with the check exit code, and passes on 0', () => {
      const last = action.runs.steps.at(-1)!;
      assert.match(last.if ?? '', /steps\.check\.outputs\.exit-code != '0'/);
      for (const code of ['1', '2']) {
        const run = runStep(last, dir, stepEnv(last, {}, { 'steps.check.outputs.exit-code': code }));
        assert.equal(String(run.code), code);
      }
    });
  });
});
