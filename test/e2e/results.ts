/**
 * The channel between the in-host suite and the process that started the editor: the suite
 * writes a JSON results file (its path in GATEWARDEN_E2E_RESULTS) after every test and once
 * more, with `done: true`, when mocha ends. The runner waits for `done` and fails on any
 * failure, on an `error`, or when `done` does not come in time.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/** The compiled suite's index.js; the test host extension loads it when this is set. */
export const ENV_SUITE = 'GATEWARDEN_E2E_SUITE';
/** Where the suite writes its results. */
export const ENV_RESULTS = 'GATEWARDEN_E2E_RESULTS';

export interface TestResult {
  readonly title: string;
  readonly state: 'passed' | 'failed' | 'skipped';
  readonly durationMs?: number;
  /** The failure's message and stack. */
  readonly error?: string;
  /** Why a skipped test was skipped. */
  readonly note?: string;
}

export interface Results {
  readonly done: boolean;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** The editor's version and the tested extension's install path, for the log. */
  readonly host?: string;
  readonly tests: readonly TestResult[];
  /** A failure outside any test: the suite did not load, or mocha threw. */
  readonly error?: string;
}

/** Writes atomically, so a reader never sees half a file. */
export function writeResults(path: string, results: Results): void {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

export function readResults(path: string): Results | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Results;
  } catch {
    return undefined;
  }
}

export function countResults(results: Results | undefined): { passed: number; failed: number; skipped: number } {
  const tests = results?.tests ?? [];
  return {
    passed: tests.filter((t) => t.state === 'passed').length,
    failed: tests.filter((t) => t.state === 'failed').length + (results?.error === undefined ? 0 : 1),
    skipped: tests.filter((t) => t.state === 'skipped').length,
  };
}

/** One line per test for the runner's log, with the error or the skip note under it. */
export function printTest(test: TestResult): void {
  const mark = test.state === 'passed' ? 'ok  ' : test.state === 'failed' ? 'FAIL' : 'skip';
  const time = test.durationMs === undefined ? '' : ` (${test.durationMs} ms)`;
  console.log(`  ${mark} ${test.title}${time}${test.note ? `\n       skipped: ${test.note}` : ''}`);
  if (test.error) {
    console.log(test.error.replace(/^/gm, '       '));
  }
}
