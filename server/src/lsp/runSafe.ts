/**
 * Guards request handlers: an exception is logged and answered with a default value, so one
 * bad document never takes the server down, and a request the client has already cancelled
 * is answered with `RequestCancelled` instead of being computed.
 */
import { performance } from 'node:perf_hooks';
import { LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';

/** Where runSafe reports failures; `connection.console` fits. */
export interface ErrorLogger {
  error(message: string): void;
}

/**
 * Requests being answered right now, and who waits for there to be none. Background work
 * (the workspace index) waits on `whenNoRequests` between its slices, so a hover that
 * arrives while the index is busy is answered next instead of after more indexing.
 */
let inFlight = 0;
let idleWaiters: (() => void)[] = [];
/** When the last request was answered (performance.now()). */
let lastSettledAt = -Infinity;

/** Resolves once no request is being answered (at once when none is). */
export function whenNoRequests(): Promise<void> {
  return inFlight === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
}

/**
 * Resolves once no request is being answered and none has been for `quietMs`: requests come
 * in runs (a hover as the mouse moves, the code actions of a cursor move), and work that
 * yields between slices should not put a slice between two requests of a run.
 */
export async function whenQuiet(quietMs: number): Promise<void> {
  for (;;) {
    await whenNoRequests();
    const wait = lastSettledAt + quietMs - performance.now();
    if (wait <= 0 && inFlight === 0) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, wait)));
  }
}

function settled(): void {
  lastSettledAt = performance.now();
  inFlight--;
  if (inFlight === 0) {
    const waiters = idleWaiters;
    idleWaiters = [];
    waiters.forEach((w) => w());
  }
}

export function runSafe<T>(
  logger: ErrorLogger,
  work: () => T | Promise<T>,
  errorValue: T,
  errorMessage: string,
  token: CancellationToken,
): Promise<T | ResponseError<void>> {
  inFlight++;
  return new Promise<T | ResponseError<void>>((resolve) => {
    // Deferring to the next turn lets a `$/cancelRequest` that arrived right behind the
    // request be read first, so cancelled work is skipped rather than done and discarded.
    setImmediate(() => {
      if (token.isCancellationRequested) {
        resolve(cancelled());
        return;
      }
      Promise.resolve()
        .then(work)
        .then(
          (result) => resolve(token.isCancellationRequested ? cancelled() : result),
          (error: unknown) => {
            logger.error(formatError(errorMessage, error));
            resolve(errorValue);
          },
        );
    });
  }).finally(settled);
}

/** Formats an unknown thrown value with its stack when there is one, for the output channel. */
export function formatError(message: string, error: unknown): string {
  if (error instanceof Error) {
    return `${message}: ${error.message}\n${error.stack ?? ''}`;
  }
  return `${message}: ${String(error)}`;
}

function cancelled(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}
