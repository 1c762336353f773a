/**
 * A progress line on stderr for long runs on a terminal: `gatewarden: 1200/5000 files`,
 * rewritten in place. It appears only once a run has taken a second, so short runs (and
 * pre-commit hooks) print nothing extra, and at most ten times a second, so it costs
 * nothing measurable. It is erased before the results are printed.
 */

/** Runs shorter than this show no progress line. */
export const PROGRESS_DELAY_MS = 1000;
const PROGRESS_INTERVAL_MS = 100;

export interface Progress {
  /** `done` files of the total are finished. */
  update(done: number): void;
  /** Erases the line, if one was drawn. */
  done(): void;
}

export const NO_PROGRESS: Progress = { update: () => undefined, done: () => undefined };

export function createProgress(total: number, write: (text: string) => void, now: () => number = Date.now): Progress {
  const started = now();
  let lastDrawn = -Infinity;
  let drawn = false;
  return {
    update(done) {
      const t = now();
      if (t - started < PROGRESS_DELAY_MS || t - lastDrawn < PROGRESS_INTERVAL_MS) {
        return;
      }
      lastDrawn = t;
      drawn = true;
      // \r returns to the line's start and \x1b[K clears what a longer line left behind.
      write(`\r\u001b[Kgatewarden: ${done}/${total} files`);
    },
    done() {
      if (drawn) {
        write('\r\u001b[K');
        drawn = false;
      }
    },
  };
}
