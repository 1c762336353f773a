// One build script, three bundles: the extension client, the language server and the CLI,
// plus the IAM reference tables in dist/iam that the server and the CLI read at run time.
// `--production` minifies and drops source maps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { buildIamData } from './scripts/build-iam-data.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) {
          console.error(`    ${location.file}:${location.line}:${location.column}:`);
        }
      }
      console.log('[watch] build finished');
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // jsonc-parser's UMD build hides its requires from esbuild; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  plugins: watch ? [problemMatcher] : [],
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  // dist/server.js starts dist/server-main.js through V8's code cache (server/src/lsp/boot.ts).
  { ...common, entryPoints: ['server/src/lsp/boot.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/lsp/main.ts'], outfile: 'dist/server-main.js' },
  { ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js' },
];

// The tables are data files beside the bundles, not bundled: each service is read only when
// a document needs it. A no-op when dist/iam is already built from the pinned package.
await buildIamData('dist/iam');

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
