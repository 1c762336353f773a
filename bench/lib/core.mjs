// Loads the analysis core in-process for benchmarks: bundles a small entry with esbuild into
// bench-results/.core.cjs (gitignored) and requires it, so no prior tsc build is needed.
import { buildSync } from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function loadCore() {
  const out = join(root, 'bench-results', '.core.cjs');
  mkdirSync(dirname(out), { recursive: true });
  buildSync({
    stdin: {
      contents: `
        export { createAnalyzer } from './server/src/core/index';
        export { apiInventory } from './server/src/core/apigw/inventory';
        export { accessMatrix } from './server/src/core/access/matrix';
        export { accessHover, accessLenses } from './server/src/core/access/index';
        export { loadCatalogSync, loadServicesSync } from './server/src/node/iam-data';
      `,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    outfile: out,
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(out);
}

/** A deterministic pseudo-random generator (mulberry32), so generated workloads repeat. */
export function seeded(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function median(values) {
  return quantileOf(values, 0.5);
}

export function quantileOf(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** The files below `dir` the analyzer reads (JSON, YAML, .template), in a stable order. */
export function analysableFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/\.(json|ya?ml|template)$/i.test(name)) {
        out.push(full);
      }
    }
  };
  walk(dir);
  return out;
}
