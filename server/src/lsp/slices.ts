/**
 * Long analyses off the keystroke path, in slices. The cross-file part of a large template
 * can take seconds; run in one piece, it would hold every message that arrives meanwhile (a
 * keystroke, a hover) until it ended. Run here, it stops at its next safe point once a slice
 * has used SLICE_MS (`AnalysisSettings.shouldStop`), the server reads what arrived, and the
 * analysis runs again: what it had computed is kept, so it goes on from where it stopped, and
 * its answer is the one a run in one piece gives. A run made stale meanwhile (a newer edit)
 * is dropped between slices.
 */
import { performance } from 'node:perf_hooks';
import { AnalysisInterrupted } from '../core/index';

/** How long a slice runs before the server reads its messages again. */
export const SLICE_MS = 20;

/**
 * Runs `run` until it finishes, in slices; between slices awaits `between`, which says
 * whether to go on. Returns the result, or undefined when `between` said stop.
 *
 * Progress: safe points are counted, and a slice stops only at a safe point past the
 * furthest one any slice stopped at. The analysis passes its safe points in the same order
 * each time, and what lies before the furthest was computed and kept, so every slice
 * computes something new and the number of slices is bounded by the number of safe points.
 * The points passed right after a piece of work was kept (`afterKeptWork`) are not counted
 * and may stop a slice at any time: the piece is done for every later run, so each such stop
 * also leaves something new behind, and there are as many as there are pieces.
 */
export async function inSlices<T>(run: (shouldStop: (afterKeptWork?: boolean) => boolean) => T, between: () => Promise<boolean>, sliceMs: number = SLICE_MS): Promise<T | undefined> {
  let furthest = 0;
  for (;;) {
    const started = performance.now();
    let reached = 0;
    try {
      return run((afterKeptWork) => {
        if (afterKeptWork === true) {
          // Right after work that is kept: the next run passes it at once, so it goes further.
          // Such points are not counted (they are passed only while the work is not yet kept).
          return performance.now() - started > sliceMs;
        }
        reached++;
        if (reached > furthest && performance.now() - started > sliceMs) {
          furthest = reached;
          return true;
        }
        return false;
      });
    } catch (error) {
      if (!(error instanceof AnalysisInterrupted)) {
        throw error;
      }
    }
    if (!(await between())) {
      return undefined;
    }
  }
}

/** One turn of the event loop: what arrived on the connection meanwhile is read and handled. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
