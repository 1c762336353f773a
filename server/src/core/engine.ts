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
 * declared where the memo is used; the module comments there say which. Reads outside the
 * subtree a memo is keyed by go through a `Source` (a template's parameters and mappings,
 * template/reads.ts), and with `checkReads` on the engine records every such read a memo's
 * computation makes (`computeDeclared`) and lists each one its declared inputs do not hold
 * (`undeclaredReads`): the declarations are checked against what is read.
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

// --- Reads --------------------------------------------------------------------------------

/**
 * A part of a document that computations read by name, outside the subtree their memo is
 * keyed by: a template's parameters, its mappings. `context` is what it is read in (the
 * template model); a read gives an object whose identity changes when what was read does.
 */
export interface Source<C> {
  readonly name: string;
  read(context: C, key: string): unknown;
}

/** One read of a source: which, in what, under which name, and what it gave. */
export interface Read {
  readonly source: string;
  /** What it was read in (a template model): a memo judges the reads of its own only. */
  readonly context: unknown;
  readonly key: string;
  readonly value: unknown;
}

/** A read made while a memo computed that the memo's declared inputs do not hold. */
export interface UndeclaredRead {
  readonly memo: string;
  readonly read: Read;
}

/** Whether reads are recorded and checked (tests, `gatewarden.debug.verifyIncremental`). */
let checking = false;
/** The reads of the computations under way, innermost last (only while checking). */
const frames: Read[][] = [];
/** What the checks found since they were turned on (bounded: a few tell the story). */
const undeclared: UndeclaredRead[] = [];
const MAX_UNDECLARED = 100;

/** Turns the recording and checking of reads on or off (and forgets what it found). */
export function checkReads(on: boolean): void {
  checking = on;
  frames.length = 0;
  undeclared.length = 0;
}

/** Whether reads are recorded and checked now. */
export function checkingReads(): boolean {
  return checking;
}

/** The reads found undeclared since `checkReads(true)`. */
export function undeclaredReads(): readonly UndeclaredRead[] {
  return [...undeclared];
}

/** Reads `key` of `source` in `context`, for the computations under way to record. */
export function read<C>(source: Source<C>, context: C, key: string): unknown {
  const value = source.read(context, key);
  if (checking) {
    frames[frames.length - 1]?.push({ source: source.name, context, key, value });
  }
  return value;
}

/**
 * Runs the computation of memo `memo`, whose declared inputs hold a read when `declares`
 * says so. While checking, every read it makes (and every read a memo it uses declared) is
 * recorded, each one not declared is listed, and all of them count as reads of the
 * computation that asked for this one.
 */
export function computeDeclared<T>(memo: string, declaresOf: () => (read: Read) => boolean, compute: () => T): T {
  if (!checking) {
    return compute();
  }
  const declares = declaresOf();
  const reads: Read[] = [];
  frames.push(reads);
  let value: T;
  try {
    value = compute();
  } finally {
    frames.pop();
  }
  for (const r of reads) {
    if (!declares(r) && undeclared.length < MAX_UNDECLARED) {
      undeclared.push({ memo, read: r });
    }
  }
  frames[frames.length - 1]?.push(...reads);
  return value;
}

/**
 * Runs a computation whose result those who use it declare as a whole, not by what it reads
 * (an API inventory, the access matrix's rows: access/workspace.ts declares them as the
 * workspace's parts): while checking, its memos check their own reads, and none of them
 * counts as read by the computation that asked, whether it was computed now or before.
 */
export function isolated<T>(compute: () => T): T {
  if (!checking) {
    return compute();
  }
  frames.push([]);
  try {
    return compute();
  } finally {
    frames.pop();
  }
}

/** A memo used instead of computed: while checking, what it declared counts as read by the computation under way. */
export function replayDeclared(reads: () => readonly Read[]): void {
  if (checking && frames.length > 0) {
    frames[frames.length - 1]!.push(...reads());
  }
}
