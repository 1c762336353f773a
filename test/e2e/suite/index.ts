/**
 * The in-host suite's entry point, run inside the extension host of a real editor:
 * - by @vscode/test-electron as `extensionTestsPath` (it calls `run()` and fails on a rejection);
 * - by the test host extension in code-server (test/e2e/host), which calls `run()` when
 *   GATEWARDEN_E2E_SUITE points here.
 * Either way the results also go to the file named by GATEWARDEN_E2E_RESULTS (results.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';
import { ENV_RESULTS, writeResults, type Results, type TestResult } from '../results';
import { EXTENSION_ID, skipNotes } from './helpers';

/** Per test; each waits on events with its own, shorter deadline. */
const TEST_TIMEOUT_MS = 60_000;

export function run(): Promise<void> {
  const resultsPath = process.env[ENV_RESULTS];
  const startedAt = new Date().toISOString();
  const tests: TestResult[] = [];
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  const host = `${vscode.env.appName} ${vscode.version}; ${EXTENSION_ID} ${extension?.packageJSON?.version ?? '(not installed)'} from ${extension?.extensionPath ?? '-'}`;
  const save = (done: boolean, error?: string): void => {
    if (resultsPath) {
      const results: Results = { done, startedAt, host, tests, ...(done ? { finishedAt: new Date().toISOString() } : {}), ...(error ? { error } : {}) };
      writeResults(resultsPath, results);
    }
  };
  save(false);

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: TEST_TIMEOUT_MS });
  for (const name of readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) {
      mocha.addFile(join(__dirname, name));
    }
  }

  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const error = tests.length === 0 ? 'No test ran.' : undefined;
        save(true, error);
        if (failures > 0 || error) {
          reject(new Error(error ?? `${failures} end-to-end test(s) failed.`));
        } else {
          resolve();
        }
      });
      runner.on('pass', (test) => {
        tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration ?? 0 });
        save(false);
      });
      runner.on('fail', (test, error: Error) => {
        // Hooks fail too ("before each" hook for …); they are reported under their own title.
        tests.push({ title: test.fullTitle(), state: 'failed', durationMs: test.duration ?? 0, error: error.stack ?? String(error) });
        save(false);
      });
      runner.on('pending', (test) => {
        const note = skipNotes.get(test.fullTitle());
        tests.push({ title: test.fullTitle(), state: 'skipped', ...(note ? { note } : {}) });
        save(false);
      });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      save(true, message);
      reject(error instanceof Error ? error : new Error(message));
    }
  });
}
