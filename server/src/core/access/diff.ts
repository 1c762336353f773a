/**
 * The access diff: what a change grants and revokes, as the difference between two access
 * matrices (rows as `gatewarden access --format json` prints them, rows.ts). Pure: the CLI
 * reads both versions from git, the editor may compare the open workspace with a base.
 *
 * Identity. A row is the same row on both sides when its principal, its API, the method
 * (verb and path), the stage and the environments are the same. Principals and APIs are
 * named by logical id (or, for standalone policy files, by file) together with the file
 * that defines them, base files mapped to their head names through `renames` (what git
 * reports as moved). A row that still has no partner is then matched again without the
 * files, when exactly one row on each side has that name: a template moved without git
 * seeing the move keeps its rows. A renamed method is a different method (removed, added).
 *
 * What is reported. A row missing on one side counts as a deny there, so rows that deny on
 * every side they exist on are not listed: the diff is about who can invoke what.
 * - added: a grant (allow or conditional) with no row on the base side;
 * - removed: a grant on the base side with no row on the head side;
 * - changed: a row on both sides whose decision, verbs, dependencies or template Conditions
 *   differ (`widened`: deny → conditional → allow, or more verbs; `narrowed`: the other
 *   way; `changed`: different but not ordered), and a grant that reaches a stage or an
 *   environment the same principal and method had no row for on the other side (`before`
 *   is then that grant in another stage or environment).
 * - unknown: rows that involve a file one side could not read or parse; they are neither
 *   added nor removed, since what that side grants is not known.
 */
import type { AccessRowJson, ViaJson } from './rows';

export type DecisionChange = 'widened' | 'narrowed' | 'changed';

/** What differs between the two rows of a changed entry. */
export type ChangeReason = 'decision' | 'verbs' | 'depends-on' | 'template-conditions' | 'stage' | 'environment';

export interface ChangedRow {
  readonly before: AccessRowJson;
  readonly after: AccessRowJson;
  readonly change: DecisionChange;
  readonly reasons: readonly ChangeReason[];
}

/** A file a side could not read or parse, named as that side's rows name files. */
export interface UnreadableFile {
  readonly file: string;
  /** `parse-error`, `too-large`, `unreadable` … */
  readonly reason: string;
}

export interface DiffSide {
  readonly rows: readonly AccessRowJson[];
  readonly unreadable?: readonly UnreadableFile[];
}

export interface DiffOptions {
  /** Base file → head file, for files moved between the two versions. */
  readonly renames?: ReadonlyMap<string, string>;
}

export interface AccessDiff {
  readonly added: readonly AccessRowJson[];
  readonly removed: readonly AccessRowJson[];
  readonly changed: readonly ChangedRow[];
  /** Grants of the head (of the base when the head has no such row) that involve an unreadable file. */
  readonly unknown: readonly AccessRowJson[];
  /** Unreadable files on each side, base files by their base names. */
  readonly unreadable: { readonly base: readonly UnreadableFile[]; readonly head: readonly UnreadableFile[] };
  /** Head rows of methods anyone may call that nobody could call anonymously on the base side, one per method and stage. */
  readonly becamePublic: readonly AccessRowJson[];
}

const RANK: Readonly<Record<AccessRowJson['decision'], number>> = { deny: 0, conditional: 1, allow: 2 };

/** Whether a row grants anything: allow or conditional. */
export function grants(row: AccessRowJson): boolean {
  return row.decision !== 'deny';
}

/** Whether anyone at all may call through this row: no authorization, or a resource policy Allow for "*" with no Condition. */
export function isPublicRow(row: AccessRowJson): boolean {
  return row.decision === 'allow' && ((row.principalKind === 'anyone' && row.principal === '*') || row.via.some((v) => v.public === true));
}

/** Whether a diff adds access: a grant added, or a row widened. */
export function addsAccess(diff: AccessDiff): boolean {
  return diff.added.length > 0 || diff.changed.some((c) => c.change === 'widened');
}

export function diffMatrices(base: DiffSide, head: DiffSide, options: DiffOptions = {}): AccessDiff {
  const renames = options.renames ?? new Map<string, string>();
  const headName = (file: string): string => renames.get(file) ?? file;
  const baseUnreadable = new Set((base.unreadable ?? []).map((u) => headName(u.file)));
  const headUnreadable = new Set((head.unreadable ?? []).map((u) => u.file));
  const involves = (row: AccessRowJson, files: ReadonlySet<string>, rename: (f: string) => string): boolean =>
    files.size > 0 && (files.has(rename(row.principalFile)) || files.has(rename(row.apiFile)) || row.via.some((v) => files.has(rename(v.file))));
  const unknownFiles = new Set([...baseUnreadable, ...headUnreadable]);
  const same = (f: string): string => f;

  // Only rows whose principal, API, verb and path have a grant on some side can be listed
  // (a row missing counts as a deny, and deny against deny is no change). Matrices are mostly
  // implicit denies, so the rest are set aside before anything is keyed: lookups in nested
  // maps, nothing allocated per row.
  const principalOf = (row: AccessRowJson, rename: (f: string) => string): string => (row.principalKind === 'policy-file' ? rename(row.principal) : row.principal);
  const granted = new Map<string, Map<string, Map<string, Set<string>>>>();
  const mark = (row: AccessRowJson, rename: (f: string) => string): void => {
    const principal = principalOf(row, rename);
    let apis = granted.get(principal);
    if (!apis) {
      apis = new Map();
      granted.set(principal, apis);
    }
    let paths = apis.get(row.api);
    if (!paths) {
      paths = new Map();
      apis.set(row.api, paths);
    }
    let verbs = paths.get(row.path);
    if (!verbs) {
      verbs = new Set();
      paths.set(row.path, verbs);
    }
    verbs.add(row.method);
  };
  head.rows.forEach((row) => grants(row) && mark(row, same));
  base.rows.forEach((row) => grants(row) && mark(row, headName));
  const relevant = (row: AccessRowJson, rename: (f: string) => string): boolean => granted.get(principalOf(row, rename))?.get(row.api)?.get(row.path)?.has(row.method) === true;

  const unknown: AccessRowJson[] = [];
  const baseRows: AccessRowJson[] = [];
  const headRows: AccessRowJson[] = [];
  const unknownKeys = new Set<string>();
  for (const row of head.rows) {
    if (!relevant(row, same)) {
      continue;
    }
    if (involves(row, unknownFiles, same)) {
      if (grants(row)) {
        unknown.push(row);
        unknownKeys.add(rowKey(row, same, true));
      }
    } else {
      headRows.push(row);
    }
  }
  for (const row of base.rows) {
    if (!relevant(row, headName)) {
      continue;
    }
    if (involves(row, unknownFiles, headName)) {
      if (grants(row) && !unknownKeys.has(rowKey(row, headName, true))) {
        unknown.push(row);
      }
    } else {
      baseRows.push(row);
    }
  }

  // Pass 1: exact identity, files included; pass 2: without files, where unambiguous.
  const intern = new Interner();
  const pairs: [AccessRowJson, AccessRowJson][] = [];
  const baseLeft = new Set(baseRows);
  const headLeft = new Set(headRows);
  for (const files of [true, false]) {
    const shape: Shape = { files, place: true };
    const bases = new RowIndex(shape, headName, intern, [...baseLeft]);
    const heads = files ? undefined : new RowIndex(shape, same, intern, [...headLeft]);
    for (const row of [...headLeft]) {
      const candidates = bases.matching(row, same).filter((b) => baseLeft.has(b));
      if (candidates.length === 0 || (!files && (candidates.length > 1 || heads!.matching(row, same).length > 1))) {
        continue;
      }
      pairs.push([candidates[0]!, row]);
      baseLeft.delete(candidates[0]!);
      headLeft.delete(row);
    }
  }

  const changed: ChangedRow[] = [];
  for (const [before, after] of pairs) {
    const c = compareRows(before, after);
    if (c) {
      changed.push(c);
    }
  }
  // A grant in a stage or environment the other side has no row for: changed when the same
  // principal and method have a row in another stage or environment there. Only the rows that
  // could be such a partner are indexed.
  const grantShape: Shape = { files: true, place: false };
  const leftGrants = [...[...headLeft].filter(grants).map((r) => intern.hash(r, same, grantShape)), ...[...baseLeft].filter(grants).map((r) => intern.hash(r, headName, grantShape))];
  const wantedHashes = new Set(leftGrants);
  const baseByGrant = new RowIndex(grantShape, headName, intern, wantedHashes.size === 0 ? [] : baseRows, wantedHashes);
  const headByGrant = new RowIndex(grantShape, same, intern, wantedHashes.size === 0 ? [] : headRows, wantedHashes);
  const added: AccessRowJson[] = [];
  for (const row of [...headLeft].filter(grants)) {
    const others = baseByGrant.matching(row, same);
    const before = others.find((o) => baseLeft.has(o)) ?? others[0];
    if (before) {
      baseLeft.delete(before);
      changed.push({ before, after: row, change: RANK[row.decision] >= RANK[before.decision] ? 'widened' : 'changed', reasons: placeReasons(before, row) });
    } else {
      added.push(row);
    }
  }
  const removed: AccessRowJson[] = [];
  for (const row of [...baseLeft].filter(grants)) {
    const after = headByGrant.matching(row, headName)[0];
    if (after) {
      changed.push({ before: row, after, change: RANK[after.decision] <= RANK[row.decision] ? 'narrowed' : 'changed', reasons: placeReasons(row, after) });
    } else {
      removed.push(row);
    }
  }

  const publicBefore = new Set(baseRows.filter(isPublicRow).map((r) => methodKey(r, headName)));
  const becamePublic = new Map<string, AccessRowJson>();
  for (const row of sortRows(headRows.filter(isPublicRow))) {
    const key = methodKey(row, same);
    if (!publicBefore.has(key) && !becamePublic.has(key)) {
      becamePublic.set(key, row);
    }
  }

  return {
    added: sortRows(added),
    removed: sortRows(removed),
    changed: changed.sort((a, b) => compareRowsOrder(a.after, b.after) || compareRowsOrder(a.before, b.before)),
    unknown: sortRows(unknown),
    unreadable: { base: base.unreadable ?? [], head: head.unreadable ?? [] },
    becamePublic: sortRows([...becamePublic.values()]),
  };
}

/** The changed entry for two rows of the same identity, or undefined when they grant the same. */
function compareRows(before: AccessRowJson, after: AccessRowJson): ChangedRow | undefined {
  const reasons: ChangeReason[] = [];
  const rank = RANK[after.decision] - RANK[before.decision];
  if (rank !== 0) {
    reasons.push('decision');
  }
  const verbs = setCompare(before.verbs, after.verbs);
  // Verbs matter only while something is granted.
  if (verbs !== 'same' && (grants(before) || grants(after))) {
    reasons.push('verbs');
  }
  if (before.decision === 'conditional' && after.decision === 'conditional' && setCompare(before.dependsOn.map(dependencyKey), after.dependsOn.map(dependencyKey)) !== 'same') {
    reasons.push('depends-on');
  }
  if (grants(before) && grants(after) && setCompare(templateConditions(before.via), templateConditions(after.via)) !== 'same') {
    reasons.push('template-conditions');
  }
  if (reasons.length === 0) {
    return undefined;
  }
  let change: DecisionChange;
  if (rank > 0) {
    change = 'widened';
  } else if (rank < 0) {
    change = 'narrowed';
  } else if (reasons.length === 1 && reasons[0] === 'verbs' && verbs !== 'different') {
    change = verbs === 'more' ? 'widened' : 'narrowed';
  } else {
    change = 'changed';
  }
  return { before, after, change, reasons };
}

function placeReasons(a: AccessRowJson, b: AccessRowJson): ChangeReason[] {
  const reasons: ChangeReason[] = [];
  if (a.stage !== b.stage) {
    reasons.push('stage');
  }
  if ((a.environment ?? '') !== (b.environment ?? '') || (a.principalEnvironment ?? '') !== (b.principalEnvironment ?? '')) {
    reasons.push('environment');
  }
  if (a.decision !== b.decision) {
    reasons.push('decision');
  }
  return reasons;
}

/** The identity of a row as one string (for the few rows that need one); `rename` maps its files to head names. */
function rowKey(row: AccessRowJson, rename: (file: string) => string, files: boolean): string {
  const shape: Shape = { files, place: true };
  let key = '';
  for (let i = 0; i < FIELDS; i++) {
    key += `${fieldAt(row, rename, shape, i)}\u0000`;
  }
  return key;
}

/** Which parts of a row's identity count: the files defining its principal and API, its stage and environments. */
interface Shape {
  readonly files: boolean;
  readonly place: boolean;
}

const FIELDS = 10;

/**
 * The identity of a row, field by field: principal (a policy file by its head name), API,
 * verb, path, then (with `files`) the files defining the principal and the API, then (with
 * `place`) stage and environments. A field a shape leaves out is ''.
 */
function fieldAt(row: AccessRowJson, rename: (file: string) => string, shape: Shape, i: number): string {
  switch (i) {
    case 0:
      return row.principalKind;
    case 1:
      return row.principalKind === 'policy-file' ? rename(row.principal) : row.principal;
    case 2:
      return row.api;
    case 3:
      return row.method;
    case 4:
      return row.path;
    case 5:
      return shape.files && row.principalKind !== 'policy-file' ? rename(row.principalFile) : '';
    case 6:
      return shape.files ? rename(row.apiFile) : '';
    case 7:
      return shape.place ? row.stage : '';
    case 8:
      return shape.place ? (row.environment ?? '') : '';
    default:
      return shape.place ? (row.principalEnvironment ?? '') : '';
  }
}

/**
 * Field values as small numbers, and a row's identity as a 32-bit hash of them: a matrix
 * holds up to millions of rows, and a string key per row costs more than the diff itself.
 * Rows with equal hashes are compared field by field.
 */
class Interner {
  private readonly ids = new Map<string, number>();

  hash(row: AccessRowJson, rename: (file: string) => string, shape: Shape): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < FIELDS; i++) {
      const value = fieldAt(row, rename, shape, i);
      let id = this.ids.get(value);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(value, id);
      }
      h = Math.imul(h ^ id, 0x01000193) ^ (h >>> 15);
    }
    return h;
  }
}

/** Rows of one side by identity (`shape`), for finding the other side's partners. */
class RowIndex {
  private readonly buckets = new Map<number, AccessRowJson | AccessRowJson[]>();

  /** With `only`, rows whose hash is not in it are left out. */
  constructor(
    private readonly shape: Shape,
    private readonly rename: (file: string) => string,
    private readonly intern: Interner,
    rows: readonly AccessRowJson[],
    only?: ReadonlySet<number>,
  ) {
    for (const row of rows) {
      const h = intern.hash(row, rename, shape);
      if (only && !only.has(h)) {
        continue;
      }
      const there = this.buckets.get(h);
      if (there === undefined) {
        this.buckets.set(h, row);
      } else if (Array.isArray(there)) {
        there.push(row);
      } else {
        this.buckets.set(h, [there, row]);
      }
    }
  }

  /** The indexed rows with the same identity as `row` (named through `rename`), in the order given. */
  matching(row: AccessRowJson, rename: (file: string) => string): AccessRowJson[] {
    const there = this.buckets.get(this.intern.hash(row, rename, this.shape));
    if (there === undefined) {
      return [];
    }
    const list = Array.isArray(there) ? there : [there];
    return list.filter((other) => {
      for (let i = 0; i < FIELDS; i++) {
        if (fieldAt(other, this.rename, this.shape, i) !== fieldAt(row, rename, this.shape, i)) {
          return false;
        }
      }
      return true;
    });
  }
}

/** A method in a stage and environment: where "anyone may call" is counted. */
function methodKey(row: AccessRowJson, rename: (file: string) => string): string {
  return `${rename(row.apiFile)}\u0000${row.api}\u0000${row.method}\u0000${row.path}\u0000${row.stage}\u0000${row.environment ?? ''}`;
}

function dependencyKey(d: AccessRowJson['dependsOn'][number]): string {
  return `${d.kind}:${'name' in d ? d.name : ''}`;
}

function templateConditions(via: readonly ViaJson[]): string[] {
  // Which statement grants does not matter here, only under which template Conditions.
  return via.filter((v) => !v.ignored && v.effect === 'Allow').map((v) => (v.conditions ?? []).join('&'));
}

/** `more`: b holds every item of a and more; `fewer` the other way; else `different` (or `same`). */
function setCompare(a: readonly string[], b: readonly string[]): 'same' | 'more' | 'fewer' | 'different' {
  const sa = new Set(a);
  const sb = new Set(b);
  const aInB = [...sa].every((x) => sb.has(x));
  const bInA = [...sb].every((x) => sa.has(x));
  return aInB && bInA ? 'same' : aInB ? 'more' : bInA ? 'fewer' : 'different';
}

/** Rows in a stable order: API file, API, path, verb, stage, environment, principal. */
function sortRows(rows: AccessRowJson[]): AccessRowJson[] {
  return rows.sort(compareRowsOrder);
}

function compareRowsOrder(a: AccessRowJson, b: AccessRowJson): number {
  const ka = [a.apiFile, a.api, a.path, a.method, a.stage, a.environment ?? '', a.principal, a.principalEnvironment ?? ''];
  const kb = [b.apiFile, b.api, b.path, b.method, b.stage, b.environment ?? '', b.principal, b.principalEnvironment ?? ''];
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i]) {
      return ka[i]! < kb[i]! ? -1 : 1;
    }
  }
  return 0;
}
