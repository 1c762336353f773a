/**
 * When the language server dies, the client starts it again, but not forever: a server that
 * crashes on every start (a document that kills it as soon as it is reopened) would
 * otherwise restart in a loop. This decides, crash by crash, whether to restart, and
 * whether this crash is the one the user is told about: the first of the session only,
 * since a notification per crash is noise and the output channel keeps the count.
 *
 * It knows nothing of VS Code, so the tests drive it with their own clock.
 */

/** Restarts allowed within one window; the crash after them stops the server. */
export const MAX_RESTARTS = 5;
export const RESTART_WINDOW_MS = 3 * 60 * 1000;

export interface CrashDecision {
  /** Start the server again (false: leave it stopped and say so). */
  readonly restart: boolean;
  /** Crashes so far this session, this one included. */
  readonly crashes: number;
  /** Whether to tell the user: true for the first restart of the session only. */
  readonly notify: boolean;
}

export interface RestartPolicy {
  /** The server's connection closed without being asked to. */
  crashed(): CrashDecision;
  /** The user restarted the server by hand: the window starts afresh. */
  reset(): void;
}

export function createRestartPolicy(limit = MAX_RESTARTS, windowMs = RESTART_WINDOW_MS, now: () => number = Date.now): RestartPolicy {
  const recent: number[] = [];
  let crashes = 0;
  let notified = false;
  return {
    crashed() {
      const at = now();
      crashes++;
      recent.push(at);
      while (recent.length > 0 && at - recent[0]! > windowMs) {
        recent.shift();
      }
      const restart = recent.length <= limit;
      const notify = restart && !notified;
      notified ||= notify;
      return { restart, crashes, notify };
    },
    reset() {
      recent.length = 0;
    },
  };
}
