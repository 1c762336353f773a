// Lint configuration. The one rule that matters most: the analysis core imports nothing
// from VS Code or the language server, and nothing from the LSP layer.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE_PATHS = [
  { name: 'vscode', message: 'The analysis core must not depend on VS Code.' },
  { name: 'vscode-languageserver', message: 'The analysis core must not depend on the LSP server.' },
  { name: 'vscode-languageserver/node', message: 'The analysis core must not depend on the LSP server.' },
  { name: 'fs', message: 'The analysis core does no I/O.' },
  { name: 'node:fs', message: 'The analysis core does no I/O.' },
  { name: 'fs/promises', message: 'The analysis core does no I/O.' },
  { name: 'node:fs/promises', message: 'The analysis core does no I/O.' },
  { name: 'path', message: 'The analysis core does no I/O.' },
  { name: 'node:path', message: 'The analysis core does no I/O.' },
];
const SHELLS = { group: ['**/lsp/**', '**/cli/**'], message: 'The core must not import the shells built on it.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'bench-results/**', 'node_modules/**', '.vscode-test/**', '**/*.d.ts', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      curly: 'error',
      eqeqeq: 'error',
      'no-throw-literal': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.ts', 'shared/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true, allowTypedFunctionExpressions: true }],
    },
  },
  {
    // Server code reads the disk only through the file host (server/src/host), where every
    // read is bounded. The bundled IAM data loader reads our own dist/iam, and the boot loader
    // our own bundle and its code cache, never the workspace (ARCHITECTURE.md). The core's own block below repeats these names, since a
    // later block's options replace an earlier one's.
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/host/node.ts', 'server/src/node/iam-data.ts', 'server/src/lsp/boot.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
            name,
            message: 'Read files through the file host (server/src/host/host.ts), which bounds every read.',
          })),
        },
      ],
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: CORE_PATHS, patterns: [SHELLS] }],
    },
  },
  {
    // A policy-scoped rule sees the document through a PolicyView (rules/define.ts); only the
    // helpers it passes the view to may open it.
    files: ['server/src/core/rules/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: CORE_PATHS,
          patterns: [SHELLS, { group: ['**/policy/view'], importNames: ['documentOf'], message: 'Rules read the document through their context, never through documentOf.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', require: 'readonly', module: 'writable', __dirname: 'readonly' } },
  },
  {
    // Plain CommonJS scripts run without a build step.
    files: ['bin/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
