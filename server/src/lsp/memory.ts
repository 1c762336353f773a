/**
 * Keeps the server's memory flat while a large document is edited. Every keystroke in a
 * template of some megabytes leaves megabytes of garbage (the old text, its line table, the
 * parts of the parse and the findings the edit replaced). V8 collects it only when the heap
 * reaches a limit it sets well above what is live, so the resident memory climbs keystroke
 * after keystroke before it falls. After a document's diagnostics are published, the server
 * asks for a full collection itself once the heap has grown by GROWTH over what was live
 * after the last one, and by at least FLOOR_BYTES: small documents never pay for one, and a
 * large one pays a collection every few keystrokes instead of holding hundreds of megabytes.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How much the heap may grow over what was live after the last collection. */
export const GROWTH = 0.15;
/** Growth below this never asks for a collection. */
export const FLOOR_BYTES = 48 * 1024 * 1024;

export interface MemoryKeeper {
  /** Collects now if the heap has grown past the bound; says whether it did. */
  collectIfGrown(): boolean;
  /**
   * Collects now, whatever the growth: when the workspace index has just been built (its
   * reading and parsing leave most of what the heap holds then as garbage), so the live size
   * the bound follows is the index's and no request comes to wait on that collection later.
   */
  collect(): void;
}

/** The collector, exposed at run time (the server is started without `--expose-gc`). */
function exposedGc(): (() => void) | undefined {
  try {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

export function createMemoryKeeper(collect: (() => void) | undefined = exposedGc(), used: () => number = () => getHeapStatistics().used_heap_size): MemoryKeeper {
  let live = used();
  return {
    collectIfGrown() {
      const now = used();
      if (!collect || now - live < Math.max(FLOOR_BYTES, live * GROWTH)) {
        // Live data may also have shrunk (a large document closed): follow it down.
        live = Math.min(live, now);
        return false;
      }
      collect();
      live = used();
      return true;
    },
    collect() {
      collect?.();
      live = used();
    },
  };
}
