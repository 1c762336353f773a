/**
 * Nothing in a repository can crash, hang or read past the workspace (#14). The real
 * objects (links to /dev/zero, FIFOs, folders, files over the cap, definitions outside the
 * repository, absolute paths elsewhere, and configuration files that are each of these)
 * go through the built command line (`check`, `methods`, `access` as child processes of
 * bin/gatewarden.js) and the bundled server over LSP. Each must answer, with the intended
 * rule id on the intended line or the intended exit code, within 300 MB, and the server
 * must go on serving other files. The timeouts are failure guards, not timing assertions.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, Hover } from 'vscode-languageserver/node';
import { binPath } from '../cli/run';
import { startClient, type TestClient } from '../lsp/client';
import { makeHostileTree, POLICY, UNREADABLE_INCLUDE, type HostileTree } from './hostile-files';

/** Peak resident memory any process may reach, in kilobytes. */
const MAX_RSS_KB = 300 * 1024;
/** A process still running after this is hung: killed, and the test fails. */
const GUARD_MS = 10_000;
const SLOW_GUARD_MS = 30_000;

let tree: HostileTree;
let preload = '';

before(() => {
  tree = makeHostileTree();
  // Loaded before the CLI with --require: on exit it writes the process's peak resident
  // memory (kilobytes) where the test can read it.
  preload = path.join(tree.top, 'max-rss.js');
  fs.writeFileSync(
    preload,
    "process.on('exit', () => require('node:fs').writeFileSync(process.env.GATEWARDEN_RSS_FILE, String(process.resourceUsage().maxRSS)));\n",
  );
});
after(() => tree?.cleanup());

interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly maxRssKb: number;
}

let runs = 0;

/** Runs bin/gatewarden.js in `cwd`; fails the test if it does not exit on its own or grows past the bound. */
function cli(args: readonly string[], cwd: string): CliRun {
  const rssFile = path.join(tree.top, `rss-${runs++}`);
  const result = spawnSync(process.execPath, ['--require', preload, binPath, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GATEWARDEN_RSS_FILE: rssFile },
    timeout: GUARD_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.signal, null, `gatewarden ${args.join(' ')} did not exit by itself (killed by ${result.signal}): ${result.stderr}`);
  const maxRssKb = Number(fs.readFileSync(rssFile, 'utf8'));
  assert.ok(maxRssKb > 0 && maxRssKb < MAX_RSS_KB, `gatewarden ${args.join(' ')} peaked at ${maxRssKb} kB`);
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr, maxRssKb };
}

/** `file:line` of each expected include problem, the file relative to the repository. */
function expectedIncludeLines(): string[] {
  return tree.templates.map((t) => `${path.relative(tree.ws, t.file)}:${t.line + 1}`).sort();
}

/** `file:line` of the `apigw/unreadable-include` lines a table command printed on stderr. */
function includeLinesOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => l.includes(` ${UNREADABLE_INCLUDE} `))
    .map((l) => /^(.+?):(\d+):\d+ /.exec(l)!.slice(1, 3).join(':'))
    .sort();
}

describe('the command line on hostile includes', () => {
  test('check reports each unreadable include once, on the line naming it, and exits', () => {
    const run = cli(['check', '.', '--format', 'json', '--fail-on', 'warning'], tree.ws);
    assert.equal(run.code, 1);
    const findings = JSON.parse(run.stdout) as { file: string; ruleId: string; range: { start: { line: number } } }[];
    const includes = findings.filter((f) => f.ruleId === UNREADABLE_INCLUDE).map((f) => `${f.file}:${f.range.start.line + 1}`);
    assert.deepEqual(includes.sort(), expectedIncludeLines());
    // The file over the cap, found by the walk, is not read either; the special files are not even listed.
    assert.deepEqual(
      findings.filter((f) => f.file.startsWith('big-api') || f.file.startsWith('api-')).map((f) => [f.file, f.ruleId]),
      [['big-api.yaml', 'syntax/too-large']],
    );
  });

  test('check with a smaller --max-file-size applies it to includes too', () => {
    const run = cli(['check', 'good.template.yaml', '--format', 'json', '--max-file-size', '10'], tree.ws);
    const findings = JSON.parse(run.stdout) as { ruleId: string }[];
    assert.deepEqual(
      findings.map((f) => f.ruleId),
      ['syntax/too-large'],
    );
    assert.equal(run.code, 0);
  });

  for (const command of ['methods', 'access']) {
    test(`${command} lists what it can read, reports each unreadable include on stderr, and exits 0`, () => {
      const run = cli([command, '.', '--format', 'json'], tree.ws);
      assert.equal(run.code, 0, run.stderr);
      assert.deepEqual(includeLinesOf(run.stderr), expectedIncludeLines());
      assert.ok(!run.stdout.includes('/secret-path'), 'a definition outside the repository was read');
      if (command === 'methods') {
        const rows = JSON.parse(run.stdout) as { file: string; path: string }[];
        assert.deepEqual(rows.map((r) => `${r.file} ${r.path}`).sort(), ['api.yaml /pets', 'api.yaml /pets']);
      }
    });
  }

  test('naming a FIFO or a device on the command line is a usage error, not a read', () => {
    assert.equal(cli(['check', 'api-fifo.yaml'], tree.ws).code, 2);
    assert.equal(cli(['check', 'api-zero.yaml'], tree.ws).code, 2);
    assert.equal(cli(['methods', '/dev/zero'], tree.ws).code, 2);
  });
});

describe('the command line on hostile configuration files', () => {
  for (const name of ['link-to-dev-zero', 'fifo', 'folder', 'over-cap', 'link-outside']) {
    test(`a .gatewarden.yaml that is ${name}: check, methods and access stop with exit 2 naming it`, () => {
      const { dir } = tree.configs.find((c) => c.name === name)!;
      for (const command of ['check', 'methods', 'access']) {
        const run = cli([command, '.'], dir);
        assert.equal(run.code, 2, command);
        assert.match(run.stderr, /^gatewarden: config error: \.gatewarden\.yaml:1:1: /m, command);
      }
    });
  }

  test('the lookup stops at the repository root: the configuration above it does not apply', () => {
    const run = cli(['check', 'policy.json', '--format', 'json'], tree.ws);
    assert.equal(run.code, 1);
    assert.deepEqual(
      (JSON.parse(run.stdout) as { ruleId: string }[]).map((f) => f.ruleId),
      ['iam/invalid-effect'],
    );
  });
});

/** Peak resident memory of a process, from /proc (kilobytes). */
function peakRssKb(pid: number | undefined): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(status)![1]);
}

const codesAt = (diagnostics: readonly Diagnostic[], code: string): number[] => diagnostics.filter((d) => d.code === code).map((d) => d.range.start.line);

describe('the language server on a hostile workspace', () => {
  let client: TestClient;
  before(async () => {
    client = await startClient({ rootPath: tree.ws });
  });
  after(async () => {
    await client?.dispose();
  });

  test('each template gets one apigw/unreadable-include on the line naming its definition', async () => {
    for (const t of tree.templates) {
      const uri = pathToFileURL(t.file).href;
      await client.open(uri, 'yaml', t.text);
      const params = await client.waitForDiagnostics(uri, (p) => p.version === 1, SLOW_GUARD_MS);
      assert.deepEqual(codesAt(params.diagnostics, UNREADABLE_INCLUDE), [t.line], t.name);
    }
  });

  test('the server goes on serving: diagnostics and a hover for another document, within 300 MB', async () => {
    const uri = pathToFileURL(path.join(tree.ws, 'policy.json')).href;
    await client.open(uri, 'json', POLICY);
    const params = await client.waitForDiagnostics(uri, (p) => p.version === 1, SLOW_GUARD_MS);
    assert.deepEqual(codesAt(params.diagnostics, 'iam/invalid-effect').length, 1, 'the configuration above the workspace applied');
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 8 } });
    assert.ok(hover !== null);
    const peak = peakRssKb(client.pid);
    assert.ok(peak < MAX_RSS_KB, `the server peaked at ${peak} kB`);
  });
});

describe('the language server on hostile configuration files', () => {
  let client: TestClient;
  before(async () => {
    client = await startClient({ rootPath: tree.configRoot });
  });
  after(async () => {
    await client?.dispose();
  });

  test('each configuration file is reported on itself; the files below it are still analysed', async () => {
    for (const { name, dir } of tree.configs) {
      const uri = pathToFileURL(path.join(dir, 'policy.json')).href;
      await client.open(uri, 'json', POLICY);
      // The editor's settings apply while the configuration is broken: the finding is there.
      const params = await client.waitForDiagnostics(uri, (p) => p.version === 1, SLOW_GUARD_MS);
      assert.equal(codesAt(params.diagnostics, 'iam/invalid-effect').length, 1, name);
      const config = await client.waitForDiagnostics(pathToFileURL(path.join(dir, '.gatewarden.yaml')).href, (p) => p.diagnostics.length > 0, SLOW_GUARD_MS);
      assert.deepEqual(
        config.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]),
        [['config', 0, 0]],
        name,
      );
    }
    const peak = peakRssKb(client.pid);
    assert.ok(peak < MAX_RSS_KB, `the server peaked at ${peak} kB`);
  });
});
