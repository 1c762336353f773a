/**
 * `npm run test:electron`: the same in-host suite under @vscode/test-electron, for machines
 * that can download VS Code (this project's CI cannot; it runs `npm run test:e2e`).
 *
 * Like test:e2e it tests the packaged .vsix: `npm run package`, then VS Code's CLI installs
 * it into a private extensions folder. test-electron then starts VS Code on a copy of
 * test/e2e/workspace with the test host extension (test/e2e/host) as the development
 * extension (it does nothing there: GATEWARDEN_E2E_SUITE is not set) and the suite as
 * `extensionTestsPath`; the suite's `run()` rejects on a failure, which fails runTests.
 * GATEWARDEN_VSCODE_VERSION picks the VS Code version (default: stable; `1.91.0` is the
 * oldest that package.json's engines allow).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadAndUnzipVSCode, resolveCliArgsFromVSCodeExecutablePath, runTests } from '@vscode/test-electron';
import { copyWorkspace, log, packageExtension, packageHostExtension, SUITE_INDEX, writeUserSettings } from './build';
import { countResults, ENV_RESULTS, printTest, readResults } from './results';

async function main(): Promise<number> {
  const vsix = packageExtension();
  const tmp = mkdtempSync(join(tmpdir(), 'gatewarden-electron-'));
  try {
    const host = packageHostExtension(tmp);
    const workspace = copyWorkspace(tmp);
    const profile = [`--extensions-dir=${join(tmp, 'extensions')}`, `--user-data-dir=${join(tmp, 'user-data')}`];
    writeUserSettings(join(tmp, 'user-data'));

    const vscodeExecutablePath = await downloadAndUnzipVSCode(process.env.GATEWARDEN_VSCODE_VERSION ?? 'stable');
    const [cli] = resolveCliArgsFromVSCodeExecutablePath(vscodeExecutablePath, { reuseMachineInstall: true });
    log(`installing ${vsix}`);
    const installed = spawnSync(cli!, [...profile, '--install-extension', vsix], { stdio: 'inherit', shell: process.platform === 'win32' });
    if (installed.status !== 0) {
      throw new Error(`installing ${vsix} failed`);
    }

    const resultsFile = join(tmp, 'results.json');
    let failed = false;
    try {
      await runTests({
        vscodeExecutablePath,
        extensionDevelopmentPath: host.folder,
        extensionTestsPath: SUITE_INDEX,
        launchArgs: [workspace, ...profile],
        extensionTestsEnv: { [ENV_RESULTS]: resultsFile },
      });
    } catch (error) {
      failed = true;
      console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    }
    const results = readResults(resultsFile);
    results?.tests.forEach(printTest);
    if (results?.error) {
      console.log(`  FAIL ${results.error}`);
    }
    const { passed, failed: failures, skipped } = countResults(results);
    console.log(`e2e: ${passed} passed, ${failures} failed, ${skipped} skipped`);
    return failed || failures > 0 || !results?.done || passed === 0 ? 1 : 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('e2e: 0 passed, 1 failed');
    process.exit(1);
  },
);
