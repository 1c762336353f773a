/**
 * The npm package as users get it: `npm pack` of the built repository, installed from the
 * tarball into an empty folder with the network off, then `npx gatewarden` run there. The
 * package is bundled code only, so the install fetches nothing and adds one package.
 * Runs in `npm test` (after `npm run build`); packs with --ignore-scripts so the build in
 * the working tree is what gets packed, untouched while other tests read it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonFinding } from '../../server/src/cli/format';

const repoRoot = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  files?: string[];
};

/** Bounds with room to grow: today 519 files, 7.9 MB unpacked from a production build (457 of them IAM tables). */
const MAX_FILES = 700;
const MAX_UNPACKED_BYTES = 12 * 1024 * 1024;

interface PackResult {
  readonly filename: string;
  readonly entryCount: number;
  readonly unpackedSize: number;
  readonly files: readonly { readonly path: string; readonly size: number }[];
}

let work = '';
let pack: PackResult;
let installed = '';

function npm(args: readonly string[], cwd: string, command = 'npm'): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    // A cache of its own: nothing from the user's cache, nothing left in it; colour off.
    env: { ...process.env, npm_config_cache: path.join(work, 'cache'), npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
    timeout: 180_000,
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (result.error) {
    throw result.error;
  }
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

before(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-pack-'));
  const packed = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot);
  assert.equal(packed.code, 0, packed.stderr);
  pack = (JSON.parse(packed.stdout) as PackResult[])[0]!;
  installed = path.join(work, 'project');
  fs.mkdirSync(installed);
  fs.writeFileSync(path.join(installed, 'package.json'), '{"name": "empty-project", "version": "1.0.0", "private": true}\n');
  const install = npm(['install', '--offline', '--no-audit', '--no-fund', path.join(work, pack.filename)], installed);
  assert.equal(install.code, 0, `npm install of the tarball failed offline:\n${install.stderr}`);
});

after(() => {
  if (work !== '') {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test('the manifest: publishable, no runtime dependencies, a files list', () => {
  assert.equal(manifest.private, undefined);
  assert.deepEqual(manifest.dependencies ?? {}, {});
  assert.ok(Array.isArray(manifest.files) && manifest.files.length > 0);
});

test(`the tarball: at most ${MAX_FILES} files and ${MAX_UNPACKED_BYTES / 1024 / 1024} MB, no sources, maps, tests or bench scripts`, () => {
  assert.ok(pack.entryCount <= MAX_FILES, `${pack.entryCount} files`);
  assert.ok(pack.unpackedSize <= MAX_UNPACKED_BYTES, `${pack.unpackedSize} bytes`);
  const names = pack.files.map((f) => f.path);
  const unwanted = names.filter((n) => /\.(ts|mts|cts|map|tsbuildinfo)$/.test(n) || /^(server|client|shared|test|bench|scripts|out|examples|node_modules)\//.test(n) || n.startsWith('.'));
  assert.deepEqual(unwanted, []);
  for (const needed of ['package.json', 'bin/gatewarden.js', 'dist/cli.js', 'dist/iam/index.json', 'README.md', 'LICENSE']) {
    assert.ok(names.includes(needed), `${needed} is missing`);
  }
  // Every rule's page ships, for `gatewarden explain`.
  assert.ok(names.includes('docs/rules/iam/invalid-effect.md'));
});

test('installing the tarball adds exactly one package, with nothing to fetch', () => {
  const modules = fs.readdirSync(path.join(installed, 'node_modules')).filter((n) => !n.startsWith('.'));
  assert.deepEqual(modules, [manifest.name]);
  const lock = JSON.parse(fs.readFileSync(path.join(installed, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  assert.deepEqual(Object.keys(lock.packages).filter((k) => k !== ''), [`node_modules/${manifest.name}`]);
});

test('npx gatewarden check in the project: findings as JSON, exit 1; a clean file exits 0', () => {
  fs.writeFileSync(path.join(installed, 'bad.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Alow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}\n');
  fs.writeFileSync(path.join(installed, 'good.yaml'), 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/*\n');
  const bad = npm(['--offline', 'gatewarden', 'check', 'bad.json', '--format', 'json'], installed, 'npx');
  assert.equal(bad.code, 1, bad.stderr);
  const findings = JSON.parse(bad.stdout) as JsonFinding[];
  assert.deepEqual(
    findings.map((f) => [f.file, f.ruleId, f.severity, f.range.start.line, f.range.start.character]),
    [['bad.json', 'iam/invalid-effect', 'error', 0, 51]],
  );
  const good = npm(['--offline', 'gatewarden', 'check', 'good.yaml'], installed, 'npx');
  assert.equal(good.code, 0, good.stderr);
});

test('the installed CLI reads its IAM tables: an unknown action is reported', () => {
  fs.writeFileSync(path.join(installed, 'typo.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObjectt", "Resource": "arn:aws:s3:::b/*"}]}\n');
  const run = npm(['--offline', 'gatewarden', 'check', 'typo.json', '--format', 'json'], installed, 'npx');
  assert.deepEqual((JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.ruleId), ['iam/unknown-action']);
});

test('the installed CLI: --version, rules, and explain from the shipped pages', () => {
  const version = npm(['--offline', '--', 'gatewarden', '--version'], installed, 'npx');
  const [first, data] = version.stdout.trim().split('\n');
  assert.equal(first, manifest.version);
  // The IAM tables found beside the installed bundle.
  assert.match(data ?? '', /\bbundled\b/);
  const rules = npm(['--offline', 'gatewarden', 'rules', '--format', 'json'], installed, 'npx');
  assert.ok((JSON.parse(rules.stdout) as { id: string }[]).some((r) => r.id === 'iam/invalid-effect'));
  const explain = npm(['--offline', 'gatewarden', 'explain', 'iam/invalid-effect'], installed, 'npx');
  assert.equal(explain.code, 0, explain.stderr);
  assert.ok(explain.stdout.startsWith('# iam/invalid-effect\n'));
});
