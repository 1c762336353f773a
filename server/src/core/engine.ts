/**
 * The engine: the one owner of everything the core keeps between calls.
 *
 * Every derived value the core keeps (a template's model, a node's resolved values, a
 * policy site's rule reports, an action's resolution, a method's ARN language, the access
 * decisions of the last matrix …) lives in a table made here, never in a `Map` or `WeakMap`
 * of its own module. So that:
 *
 * - memory has one owner: tables keyed by parse nodes, documents or other objects are weak
 *   (they go with what they describe, so no old parse is held); tables keyed by strings are
 *   bounded, each with its limit in one place, evicting the least recently set entry;
 * - there is always a fresh twin: `fresh(compute)` runs a computation against new, empty
 *   tables and then puts the old ones back, so a test can compare what the kept tables answer
 *   with what a computation from nothing answers (test/core/engine.test.ts), and `reset()`
 *   forgets everything;
 * - a contributor sees what is kept, and under which name, in `tables()`.
 *
 * What each table is kept against (the inputs a memo is checked with before it is used) is
 * still written where the memo is used; the module comments there say which.
 * test/core/engine.test.ts fails on a module-level cache anywhere else in server/src/core.
 */

/** A table keyed by objects (parse nodes, documents, sites): entries go when their key does. */
export interface WeakTable<K extends object, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): V;
  has(key: K): boolean;
  delete(key: K): void;
}

/** A table keyed by strings or numbers, bounded: when full, the least recently set entry goes. */
export interface BoundedTable<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): V;
  has(key: K): boolean;
  delete(key: K): void;
  readonly size: number;
}

/** One value kept between calls (the state of the last access matrix, say). */
export interface Cell<T> {
  get(): T;
  set(value: T): T;
}

export interface TableInfo {
  readonly name: string;
  readonly kind: 'weak' | 'bounded' | 'cell';
  /** Entries now (bounded tables only: weak tables cannot be counted). */
  readonly size?: number;
  readonly limit?: number;
}

interface Registered {
  readonly info: () => TableInfo;
  /** Swaps in empty storage and returns a function that puts the previous storage back. */
  readonly swap: () => () => void;
}

const registry: Registered[] = [];
const names = new Set<string>();

function register(name: string, entry: Registered): void {
  if (names.has(name)) {
    throw new Error(`engine: a table named ${name} exists already`);
  }
  names.add(name);
  registry.push(entry);
}

export function weakTable<K extends object, V>(name: string): WeakTable<K, V> {
  let map = new WeakMap<K, V>();
  register(name, {
    info: () => ({ name, kind: 'weak' }),
    swap: () => {
      const before = map;
      map = new WeakMap();
      return () => {
        map = before;
      };
    },
  });
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      map.set(key, value);
      return value;
    },
    has: (key) => map.has(key),
    delete: (key) => {
      map.delete(key);
    },
  };
}

export function boundedTable<K, V>(name: string, limit: number): BoundedTable<K, V> {
  let map = new Map<K, V>();
  register(name, {
    info: () => ({ name, kind: 'bounded', size: map.size, limit }),
    swap: () => {
      const before = map;
      map = new Map();
      return () => {
        map = before;
      };
    },
  });
  return {
    get: (key) => map.get(key),
    set: (key, value) => {
      // Re-inserting moves the key to the end: the first key is the least recently set.
      map.delete(key);
      map.set(key, value);
      if (map.size > limit) {
        map.delete(map.keys().next().value as K);
      }
      return value;
    },
    has: (key) => map.has(key),
    delete: (key) => {
      map.delete(key);
    },
    get size() {
      return map.size;
    },
  };
}

export function cell<T>(name: string, initial: () => T): Cell<T> {
  let value = initial();
  register(name, {
    info: () => ({ name, kind: 'cell' }),
    swap: () => {
      const before = value;
      value = initial();
      return () => {
        value = before;
      };
    },
  });
  return {
    get: () => value,
    set: (next) => (value = next),
  };
}

/** Every table the engine owns, for diagnostics and the meta-test. */
export function tables(): TableInfo[] {
  return registry.map((r) => r.info());
}

/**
 * Runs `compute` from nothing: every table starts empty (the computation may still keep
 * values within itself), and afterwards the tables are as they were before. The fresh twin
 * of every incremental answer.
 */
export function fresh<T>(compute: () => T): T {
  const restores = registry.map((r) => r.swap());
  try {
    return compute();
  } finally {
    restores.forEach((restore) => restore());
  }
}

/** Forgets everything kept. */
export function reset(): void {
  registry.forEach((r) => r.swap());
}
