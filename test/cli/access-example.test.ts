/**
 * The worked example of `access --diff` (examples/access): the recorded outputs are what the
 * CLI prints today for the template with widen.patch applied. When this fails after an
 * intended change of the output, run `npm run build && node scripts/access-example.mjs`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeDir, repoRoot, runCli } from './run';

interface ExampleScript {
  readonly EXAMPLE_DIR: string;
  readonly OUTPUTS: readonly { file: string; args: string[] }[];
  exampleRepository(): string;
}

test('examples/access: the recorded diff.txt and diff.md are current', async () => {
  // A real dynamic import: the script is an ES module.
  const load = new Function('url', 'return import(url)') as (url: string) => Promise<ExampleScript>;
  const script = await load(pathToFileURL(path.join(repoRoot, 'scripts', 'access-example.mjs')).href);
  const dir = script.exampleRepository();
  try {
    for (const { file, args } of script.OUTPUTS) {
      const { code, stdout, stderr } = await runCli(['access', '--diff', ...args], { cwd: dir });
      assert.equal(code, 0, stderr);
      assert.equal(stdout, fs.readFileSync(path.join(script.EXAMPLE_DIR, file), 'utf8'), `examples/access/${file} is stale: run node scripts/access-example.mjs`);
    }
    // The example's README shows diff.txt as it is.
    assert.ok(fs.readFileSync(path.join(script.EXAMPLE_DIR, 'README.md'), 'utf8').includes(`\`\`\`\n${fs.readFileSync(path.join(script.EXAMPLE_DIR, 'diff.txt'), 'utf8')}\`\`\``));
    // The example shows what it says: the widened grant, at its statement, and nothing else.
    const json = JSON.parse((await runCli(['access', '--diff', '--format', 'json'], { cwd: dir })).stdout) as { added: unknown[]; removed: unknown[]; changed: { before: { principal: string; method: string; decision: string }; after: { decision: string; via: { file: string; sid?: string }[] }; change: string }[] };
    assert.deepEqual(
      [json.added, json.removed, json.changed.map((c) => [c.before.principal, c.before.method, c.before.decision, c.after.decision, c.change, c.after.via.map((v) => `${v.file}#${v.sid}`)])],
      [[], [], [['ReportingRole', 'POST', 'deny', 'allow', 'widened', ['template.yaml#ReadOrders']]]],
    );
  } finally {
    removeDir(dir);
  }
});
