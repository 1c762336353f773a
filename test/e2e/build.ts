/**
 * Steps both e2e runners share: package Gatewarden's .vsix (the shipped artifact is what is
 * tested) and check its contents, package the test host extension, and copy the test
 * workspace so edits made by the tests never touch the repository.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Compiled into out/e2e, so the repository root is two levels up. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
/** Logs and screenshots of the last run; gitignored. */
export const RESULTS_DIR = join(REPO_ROOT, 'test-results', 'e2e');
/** The compiled in-host suite. */
export const SUITE_INDEX = join(__dirname, 'suite', 'index.js');

/** User settings for a quiet, reproducible workbench. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'security.workspace.trust.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'window.restoreWindows': 'none',
};

const VSCE = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

export function log(message: string): void {
  console.log(`[e2e] ${message}`);
}

/** Runs a command with inherited output; throws when it fails. */
export function sh(command: string, args: readonly string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
}

export function manifest(): { name: string; publisher: string; version: string } {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; publisher: string; version: string };
}

/**
 * `npm run package` (type-check, lint, production bundles, then vsce), then the allow-list
 * test on the result. Returns the .vsix path.
 */
export function packageExtension(): string {
  const { name, version } = manifest();
  const vsix = join(REPO_ROOT, `${name}-${version}.vsix`);
  log('npm run package');
  sh('npm', ['run', 'package']);
  log('checking the .vsix contents (test/package)');
  sh(process.execPath, ['--test', '--test-reporter=spec', 'test/package/'], { env: { ...process.env, GATEWARDEN_VSIX: vsix } });
  return vsix;
}

/**
 * Stages test/e2e/host (manifest + compiled extension.js) as a folder in `dir` (the
 * development extension under test-electron) and packages it as a .vsix (for code-server).
 */
export function packageHostExtension(dir: string): { folder: string; vsix: string } {
  const staging = join(dir, 'host-extension');
  mkdirSync(staging, { recursive: true });
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'host', 'package.json'), join(staging, 'package.json'));
  cpSync(join(__dirname, 'host', 'extension.js'), join(staging, 'extension.js'));
  writeFileSync(join(staging, 'README.md'), '# Gatewarden e2e test host\n\nTest-only; see test/e2e/README.md.\n');
  writeFileSync(join(staging, '.vscodeignore'), '**\n!extension.js\n!package.json\n!README.md\n');
  const vsix = join(dir, 'gatewarden-e2e-host.vsix');
  sh(process.execPath, [VSCE, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: staging,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { folder: staging, vsix };
}

/**
 * Copies test/e2e/workspace into `dir`, with the bundled SAM example (examples/orders-api,
 * which the access view, the lenses and README's screenshots show), and returns the copy's path.
 */
export function copyWorkspace(dir: string): string {
  const workspace = join(dir, 'workspace');
  cpSync(join(REPO_ROOT, 'test', 'e2e', 'workspace'), workspace, { recursive: true });
  cpSync(join(REPO_ROOT, 'examples', 'orders-api'), join(workspace, 'orders-api'), { recursive: true });
  commitWorkspace(workspace);
  return workspace;
}

/**
 * Makes the copy a git repository with everything committed, so the "since HEAD" lenses
 * (issue 16) have a base: the suite's unsaved edits are then what changed since HEAD. Run
 * with a fixed identity and without the user's or system's git configuration.
 */
function commitWorkspace(workspace: string): void {
  const options: SpawnSyncOptions = { cwd: workspace, stdio: 'ignore', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' } };
  const git = (...args: string[]): void => {
    const result = spawnSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.com', '-c', 'commit.gpgsign=false', ...args], options);
    if (result.status !== 0) {
      throw new Error(`git ${args.join(' ')} failed in the test workspace (is git installed?)`);
    }
  };
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'e2e workspace');
}

/** Writes USER_SETTINGS into a fresh user-data folder. */
export function writeUserSettings(userDataDir: string): void {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
}
