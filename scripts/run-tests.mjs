// Runs the compiled tests with Node's own test runner. Node 20's `--test` takes no
// globs, so the files are listed here. Usage: node scripts/run-tests.mjs [subdir...]
// e.g. `node scripts/run-tests.mjs core` runs only out/test/core.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const roots = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [''];
const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      walk(full);
    } else if (name.endsWith('.test.js')) {
      files.push(full);
    }
  }
};
for (const r of roots) {
  walk(join('out', 'test', r));
}
if (files.length === 0) {
  console.error('No compiled tests found under out/test; run `npm run check-types` first.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
