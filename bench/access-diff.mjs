// `gatewarden access --diff` against one `gatewarden access` on the generated 1,000-file
// workspace (bench/lib/generate.mjs workspaceTree: 500 templates with IAM-authorized methods
// and roles, 500 standalone policies), committed to a git repository with a few grants then
// changed in the working tree. The target: the diff takes under twice the time of one
// `access`. Both run through bin/gatewarden.js, medians over repeated runs. Part `access-diff`
// of `npm run bench` (`--only access-diff`); also runnable alone: node bench/access-diff.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { workspaceTree } from './lib/generate.mjs';

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n) => Math.round(n * 10) / 10;

/** Measures both commands `runs` times each, alternating; returns the figures. */
export function accessDiffSession({ root, scratch, runs = 5 }) {
  const dir = join(scratch, 'access-diff');
  const tree = workspaceTree();
  for (const f of tree) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const git = (...args) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'generated workspace');
  // A few changes in the working tree: in ten templates, grants on one route widened to the whole API.
  for (const f of tree.filter((t) => t.path.endsWith('.yaml')).slice(0, 10)) {
    const file = join(dir, f.path);
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\/\*\/\*\/r\d+\/\*'/g, "/*/*/*'"));
  }
  const bin = join(root, 'bin', 'gatewarden.js');
  const time = (args) => {
    const start = performance.now();
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: dir, maxBuffer: 1 << 30, encoding: 'utf8' });
    const ms = performance.now() - start;
    if (r.status !== 0) {
      throw new Error(`bench: gatewarden ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    }
    return { ms, stdout: r.stdout };
  };
  const access = [];
  const diff = [];
  let rows = 0;
  let changes;
  for (let i = 0; i < runs; i++) {
    // Text: the JSON of a million rows is longer than a string may be.
    const a = time(['access']);
    access.push(a.ms);
    rows = Number(/(\d+) rows\n$/.exec(a.stdout)?.[1]);
    const d = time(['access', '--diff', '--format', 'json']);
    diff.push(d.ms);
    const j = JSON.parse(d.stdout);
    changes = { added: j.added.length, removed: j.removed.length, changed: j.changed.length };
  }
  rmSync(dir, { recursive: true, force: true });
  const accessMs = median(access);
  const diffMs = median(diff);
  return { files: tree.length, rows, changes, runs, accessMedianMs: round(accessMs), diffMedianMs: round(diffMs), ratio: Math.round((diffMs / accessMs) * 100) / 100, target: '< 2', met: diffMs / accessMs < 2 };
}

export function printAccessDiff(r) {
  console.log(`\naccess --diff on the generated ${r.files}-file workspace (${r.rows} rows; the diff: ${r.changes.added} added, ${r.changes.removed} removed, ${r.changes.changed} changed)`);
  console.log(`  gatewarden access (median of ${r.runs}):        ${r.accessMedianMs} ms`);
  console.log(`  gatewarden access --diff (median of ${r.runs}): ${r.diffMedianMs} ms`);
  console.log(`  ratio diff / access: ${r.ratio} (target ${r.target}: ${r.met ? 'met' : 'NOT MET'})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const scratch = mkdtempSync(join(tmpdir(), 'gatewarden-bench-'));
  try {
    printAccessDiff(accessDiffSession({ root, scratch, runs: process.argv.includes('--quick') ? 2 : 5 }));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
