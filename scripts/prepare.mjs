// `npm ci` / `npm install` in a checkout (and pre-commit's install of the hook, which runs
// npm install with dev dependencies, then npm pack) build dist/ here. An install that left
// out the dev dependencies has no esbuild: a dist/ already built is then used as it is, and
// without one the command says how to build instead of failing the whole install.
// `npm pack` and `npm publish` run this too: then the bundles are production builds (minified,
// no source maps), which is what the tarball ships. npm never runs `prepare` for a tarball.
import { existsSync } from 'node:fs';

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  esbuild = undefined;
}
if (esbuild === undefined) {
  const built = existsSync('dist/cli.js') && existsSync('dist/iam/index.json');
  console.warn(
    built
      ? 'gatewarden: esbuild is not installed (dev dependencies omitted); using the dist/ that is already built.'
      : 'gatewarden: esbuild is not installed (dev dependencies omitted), so dist/ was not built; run `npm install --include=dev && npm run build`.',
  );
} else {
  if (['pack', 'publish'].includes(process.env.npm_command ?? '') && !process.argv.includes('--production')) {
    process.argv.push('--production');
  }
  await import('../esbuild.mjs');
}
