/**
 * Checking many files on several threads. The worker script is this very module's file:
 * in the bundle that is dist/cli.js, compiled for tests it is out/…/cli/workers.js, and
 * either way, loaded on a worker thread, it answers check requests instead of running the
 * command line. With `--jobs N`, N-1 workers start and the main thread checks files too,
 * between handling replies. Files are handed out largest first, so one big template does
 * not finish last on its own; results are stored by the task's index, so the output order
 * never depends on which thread finished first.
 */
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { Analyzer } from '../core/index';
import { checkFile, createCheckAnalyzer, createChecker, type CheckOptions, type CheckTask, type FileReport } from './check';
import { host } from './host';

const WORKER_TAG = 'gatewarden-check-worker';

/**
 * A worker costs tens of milliseconds to start and warm up (it loads and compiles the
 * whole bundle), about what a dozen typical files cost to check, so each thread must have
 * at least this many files for a second one to pay off.
 */
export const MIN_FILES_PER_THREAD = 16;

/**
 * Files per message, and messages kept in flight per worker: batches make the per-message
 * cost (a lock and a wake-up on each side) small next to the checking, and a second batch
 * in flight means a worker never waits for the main thread.
 */
const BATCH_SIZE = 4;
const PIPELINE_DEPTH = 2;

export interface RunOptions extends CheckOptions {
  /** The most threads to use, the main one included; 1 checks on the main thread alone. */
  readonly jobs: number;
  /** An analyzer to use instead of the real one (tests); forces the main thread. */
  readonly analyzer?: Analyzer;
  /** Called after each file with the number done so far. */
  readonly onProgress?: (done: number) => void;
}

export function defaultJobs(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : Math.max(1, os.cpus().length);
}

/** How many threads (main included) a run of `files` files gets; 1 when more would not pay off. */
export function threadCount(files: number, jobs: number, injectedAnalyzer: boolean): number {
  if (injectedAnalyzer) {
    return 1;
  }
  return Math.max(1, Math.min(jobs, Math.floor(files / MIN_FILES_PER_THREAD)));
}

export async function checkAll(tasks: readonly CheckTask[], options: RunOptions): Promise<FileReport[]> {
  const threads = threadCount(tasks.length, options.jobs, options.analyzer !== undefined);
  if (threads === 1) {
    const check = createChecker(options, options.analyzer);
    return tasks.map((task, i) => {
      const report = check(task);
      options.onProgress?.(i + 1);
      return report;
    });
  }
  return checkOnThreads(tasks, options, threads - 1);
}

interface Request {
  readonly batch: readonly { readonly index: number; readonly task: CheckTask }[];
}

interface Reply {
  readonly batch: readonly { readonly index: number; readonly report: FileReport }[];
}

function checkOnThreads(tasks: readonly CheckTask[], options: RunOptions, workers: number): Promise<FileReport[]> {
  const results: FileReport[] = new Array<FileReport>(tasks.length);
  const checkOptions: CheckOptions = { maxFileSize: options.maxFileSize, cwd: options.cwd, withFixes: options.withFixes, iamData: options.iamData, fix: options.fix };
  const order = largestFirst(tasks);
  const analyzer = createCheckAnalyzer(options.iamData);
  let next = 0;
  let done = 0;
  let settled = false;
  return new Promise((resolve) => {
    const pool = new Set<Worker>();
    const finish = (index: number, report: FileReport): void => {
      results[index] = report;
      done++;
      options.onProgress?.(done);
      if (done === tasks.length) {
        settled = true;
        pool.forEach((w) => void w.terminate());
        resolve(results);
      }
    };
    const take = (): number | undefined => (next < order.length ? order[next++] : undefined);
    for (let w = 0; w < workers; w++) {
      const worker = new Worker(__filename, { workerData: { tag: WORKER_TAG, options: checkOptions } });
      const inFlight = new Set<number>();
      const feed = (): void => {
        while (inFlight.size < PIPELINE_DEPTH * BATCH_SIZE) {
          const batch: Request['batch'][number][] = [];
          for (let index = take(); index !== undefined; index = batch.length < BATCH_SIZE ? take() : undefined) {
            inFlight.add(index);
            batch.push({ index, task: tasks[index]! });
          }
          if (batch.length === 0) {
            return;
          }
          worker.postMessage({ batch } satisfies Request);
        }
      };
      worker.on('message', (reply: Reply) => {
        reply.batch.forEach(({ index }) => inFlight.delete(index));
        feed();
        reply.batch.forEach(({ index, report }) => finish(index, report));
      });
      // A worker that dies (out of memory, a bug) must not lose files: what it held is
      // checked on the main thread instead, which goes on taking files until none are left.
      const recover = (): void => {
        if (settled || !pool.delete(worker)) {
          return;
        }
        for (const index of [...inFlight]) {
          inFlight.delete(index);
          finish(index, checkFile(analyzer, tasks[index]!, checkOptions));
        }
      };
      worker.on('error', recover);
      worker.on('exit', recover);
      pool.add(worker);
      feed();
    }
    // The main thread checks one file per turn of the event loop, so worker replies (and
    // the requests they trigger) are handled between its files.
    const step = (): void => {
      const index = settled ? undefined : take();
      if (index !== undefined) {
        finish(index, checkFile(analyzer, tasks[index]!, checkOptions));
        setImmediate(step);
      }
    };
    setImmediate(step);
  });
}

/** Task indices by file size, largest first; a file that cannot be read sorts last. */
function largestFirst(tasks: readonly CheckTask[]): number[] {
  const sizes = tasks.map((t) => host.stat(t.file)?.size ?? 0);
  return tasks.map((_, i) => i).sort((a, b) => sizes[b]! - sizes[a]! || a - b);
}

/** The worker side: one analyzer for the thread's life, one reply per request. */
function serveChecks(): void {
  const port = parentPort;
  if (!port) {
    return;
  }
  const options = (workerData as { options: CheckOptions }).options;
  const analyzer = createCheckAnalyzer(options.iamData);
  port.on('message', (request: Request) => {
    const batch = request.batch.map(({ index, task }) => ({ index, report: checkFile(analyzer, task, options) }));
    port.postMessage({ batch } satisfies Reply);
  });
}

if (!isMainThread && (workerData as { tag?: unknown } | null)?.tag === WORKER_TAG) {
  serveChecks();
}
