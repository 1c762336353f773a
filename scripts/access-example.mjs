// The worked example of `gatewarden access --diff` in examples/access: a template
// (template.yaml) committed to a fresh repository, a change that widens a grant
// (widen.patch) applied to the working tree, and the diff in text and markdown as recorded in
// diff.txt and diff.md. `node scripts/access-example.mjs` rewrites the recordings (build
// first: `npm run build`); `--check` says whether they are current. test/cli/access-example.test.ts
// runs the same steps through the CLI in-process and compares.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const EXAMPLE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'access');

/** The recorded outputs: file name and the arguments after `access --diff`. */
export const OUTPUTS = [
  { file: 'diff.txt', args: [] },
  { file: 'diff.md', args: ['--format', 'markdown'] },
];

/** A repository in a new temporary folder holding the example with the patch applied (uncommitted); fixed dates, so the commit id is the same everywhere. */
export function exampleRepository() {
  const dir = mkdtempSync(join(tmpdir(), 'gatewarden-example-'));
  const env = { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z', GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = (...args) => execFileSync('git', ['-c', 'user.name=Example', '-c', 'user.email=example@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  copyFileSync(join(EXAMPLE_DIR, 'template.yaml'), join(dir, 'template.yaml'));
  git('init', '-q');
  git('add', 'template.yaml');
  git('commit', '-q', '-m', 'The orders API');
  git('apply', join(EXAMPLE_DIR, 'widen.patch'));
  return dir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check');
  const bin = resolve(EXAMPLE_DIR, '..', '..', 'bin', 'gatewarden.js');
  const dir = exampleRepository();
  let stale = 0;
  try {
    for (const { file, args } of OUTPUTS) {
      const out = spawnSync(process.execPath, [bin, 'access', '--diff', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout;
      const recorded = join(EXAMPLE_DIR, file);
      if (check) {
        const current = readFileSync(recorded, 'utf8') === out;
        stale += current ? 0 : 1;
        console.log(`${file}: ${current ? 'current' : 'stale'}`);
      } else {
        writeFileSync(recorded, out);
        console.log(`wrote examples/access/${file}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
