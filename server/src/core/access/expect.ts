/**
 * Access assertions (`access.expect` in the configuration): what must always hold of the
 * access matrix, checked offline the way IAM Access Analyzer's custom policy checks are
 * online. Four kinds:
 *
 * - `deny: {principal, method}`: the principal may not invoke the method (CheckAccessNotGranted).
 * - `only: {method, principals}`: nobody but the listed principals may invoke matching methods.
 * - `public: {methods}`: the only methods anyone may call (no authorization, or a resource
 *   policy allowing `Principal: "*"`) are the listed ones.
 * - `separate: {stages, from}`: no principal reaches a stage (or environment) of both sets.
 *
 * Principals match by logical id (`ReaderRole`, `GetFnRole`, a policy file's path), role or
 * user name (`RoleName`), or ARN pattern (`arn:aws:iam::*:role/reader-*`), with IAM's `*` and
 * `?`; methods by `VERB /path` with `*` (`* /admin/*`, `GET /health`); `ANY` or `*` as the verb
 * matches every verb, and a named verb also matches an `ANY` method answering it.
 *
 * A `conditional` decision (it depends on a condition key, a template Condition, an
 * authorizer) breaks an assertion only possibly: it is reported apart from a definite allow,
 * at warning level, so a reviewer can tell "grants it" from "may grant it". Implicit and
 * explicit denies never break one.
 *
 * Pure: the matrix and the documents come in, violations and what each assertion matched go out.
 */
import { getProperty, nodeAtPath, type DocNode, type Path } from '../model/node';
import { compileGlob, type CompiledGlob } from '../util/glob';
import { HTTP_VERBS } from '../apigw/types';
import type { AccessMatrix, AccessRow, MethodInEnvironment, PrincipalInfo, WorkspaceDocument } from './matrix';

export type AssertionKind = 'deny' | 'only' | 'public' | 'separate';

/** Where an assertion is written in the configuration text (the list item). */
export interface AssertionSource {
  /** Its index in `access.expect`. */
  readonly index: number;
  readonly offset: number;
  readonly length: number;
}

export type AccessAssertion = AssertionSource &
  (
    | { readonly kind: 'deny'; readonly principal: string; readonly method: string }
    | { readonly kind: 'only'; readonly method: string; readonly principals: readonly string[] }
    | { readonly kind: 'public'; readonly methods: readonly string[] }
    | { readonly kind: 'separate'; readonly stages: readonly string[]; readonly from: readonly string[] }
  );

/** `VERB /path`: the verb upper-cased (`*` for every verb), the path a glob. */
export interface MethodPattern {
  readonly verb: string;
  readonly path: string;
}

/** The verbs a method pattern may name; `ANY` and `*` name them all. */
export const PATTERN_VERBS: readonly string[] = [...HTTP_VERBS, 'ANY', '*'];

/**
 * Reads `VERB /path` (or `*` alone, every method). `undefined` when it is not one: a verb
 * outside `PATTERN_VERBS`, a path that does not start with `/`, `$` (HTTP and WebSocket
 * route keys such as `$default`) or `*`, or anything after the path.
 */
export function parseMethodPattern(text: string): MethodPattern | undefined {
  const trimmed = text.trim();
  if (trimmed === '*') {
    return { verb: '*', path: '*' };
  }
  const parts = trimmed.split(/\s+/);
  if (parts.length !== 2) {
    return undefined;
  }
  const verb = parts[0]!.toUpperCase();
  const path = parts[1]!;
  if (!PATTERN_VERBS.includes(verb) || !/^[/$*]/.test(path)) {
    return undefined;
  }
  return { verb: verb === 'ANY' ? '*' : verb, path };
}

/** One place an assertion is broken: the statement that grants the access, or the method without authorization. */
export interface AssertionViolation {
  readonly assertion: AccessAssertion;
  readonly uri: string;
  readonly root: number;
  readonly path: Path;
  /** `statement`: a granting statement; `method`: a method anyone may call for want of authorization. */
  readonly at: 'statement' | 'method';
  /** False when every decision it stands for is `conditional`. */
  readonly definite: boolean;
  /** The principals and methods concerned, as labels (sorted, unique). */
  readonly principals: readonly string[];
  readonly methods: readonly string[];
  /** For `separate`: the stages reached on each side. */
  readonly stages?: readonly string[];
  readonly from?: readonly string[];
}

export interface AssertionResults {
  readonly violations: readonly AssertionViolation[];
  /**
   * Per assertion (by index in the list given), the parts that match nothing in the
   * workspace: `principal`, `method`, `stages`, `from`, or a `public` method pattern.
   * Empty when it matches; an assertion with any entry guards nothing (or less than written).
   */
  readonly unmatched: ReadonlyMap<number, readonly string[]>;
}

export const NO_RESULTS: AssertionResults = { violations: [], unmatched: new Map() };

/** Checks every assertion against a whole matrix (rows for every method). */
export function checkAssertions(matrix: AccessMatrix, documents: readonly WorkspaceDocument[], assertions: readonly AccessAssertion[]): AssertionResults {
  const violations: AssertionViolation[] = [];
  const unmatched = new Map<number, readonly string[]>();
  const docs = new Map(documents.map((d) => [d.uri, d.doc]));
  for (const assertion of assertions) {
    const found = new Collector(assertion);
    const missing = checkOne(matrix, docs, assertion, found);
    if (missing.length > 0) {
      unmatched.set(assertion.index, missing);
    }
    violations.push(...found.violations());
  }
  return { violations, unmatched };
}

/** Checks one assertion into `found`; returns the parts that match nothing. */
function checkOne(matrix: AccessMatrix, docs: ReadonlyMap<string, WorkspaceDocument['doc']>, a: AccessAssertion, found: Collector): string[] {
  const live = (r: AccessRow): boolean => !r.implicit && r.decision !== 'deny';
  switch (a.kind) {
    case 'deny': {
      const principal = principalMatcher([a.principal]);
      const method = methodMatcher([a.method]);
      const missing = [
        ...(matrix.principals.some(principal) || matrix.rows.some((r) => principal(r.principal)) ? [] : ['principal']),
        ...(matrix.methods.some((m) => method.method(m)) ? [] : ['method']),
      ];
      for (const row of matrix.rows) {
        if (live(row) && principal(row.principal) && method.row(row)) {
          found.row(row, grants(row));
        }
      }
      return missing;
    }
    case 'only': {
      const allowed = principalMatcher(a.principals);
      const method = methodMatcher([a.method]);
      for (const row of matrix.rows) {
        if (live(row) && method.row(row) && !allowed(row.principal)) {
          found.row(row, grants(row));
        }
      }
      return matrix.methods.some((m) => method.method(m)) ? [] : ['method'];
    }
    case 'public': {
      const listed = a.methods.map((m) => methodMatcher([m]));
      for (const row of matrix.rows) {
        if (!live(row) || listed.some((m) => m.row(row))) {
          continue;
        }
        if (row.principal.kind === 'anyone') {
          found.row(row, [{ uri: row.methodUri, root: row.method.root, path: row.method.declaredAt, at: 'method' }]);
        } else {
          const everyone = row.via.filter((v) => v.policy === 'resource' && v.effect === 'Allow' && !v.ignored && namesEveryone(docs.get(v.uri), v.root, v.path));
          if (everyone.length > 0) {
            found.row(row, everyone.map((v) => ({ uri: v.uri, root: v.root, path: v.path, at: 'statement' as const })));
          }
        }
      }
      return a.methods.filter((_m, i) => !matrix.methods.some((m) => listed[i]!.method(m)));
    }
    case 'separate': {
      const labels = stageLabels(matrix.methods);
      const one = stageMatcher(a.stages);
      const other = stageMatcher(a.from);
      const missing = [...(labels.some(one) ? [] : ['stages']), ...(labels.some(other) ? [] : ['from'])];
      const byPrincipal = new Map<PrincipalInfo, AccessRow[]>();
      for (const row of matrix.rows) {
        if (live(row) && row.principal.kind !== 'anyone' && row.principal.kind !== 'authorizer') {
          byPrincipal.set(row.principal, [...(byPrincipal.get(row.principal) ?? []), row]);
        }
      }
      for (const rows of byPrincipal.values()) {
        const near = rows.filter((r) => rowStages(r).some(one));
        const far = rows.filter((r) => rowStages(r).some(other));
        if (near.length === 0 || far.length === 0) {
          continue;
        }
        // Definite only when each side is reached for certain.
        const definite = near.some((r) => r.decision === 'allow') && far.some((r) => r.decision === 'allow');
        const sides = { stages: unique(near.flatMap(stageLabel)), from: unique(far.flatMap(stageLabel)) };
        for (const r of [...near, ...far]) {
          found.row(r, grants(r), definite, sides);
        }
      }
      return missing;
    }
  }
}

interface Place {
  readonly uri: string;
  readonly root: number;
  readonly path: Path;
  readonly at: 'statement' | 'method';
}

/** The statements that allow a row (for a method without authorization: the method itself). */
function grants(row: AccessRow): Place[] {
  const statements = row.via.filter((v) => v.effect === 'Allow' && !v.ignored && v.policy !== 'authorization');
  if (statements.length > 0) {
    return statements.map((v) => ({ uri: v.uri, root: v.root, path: v.path, at: 'statement' }));
  }
  return [{ uri: row.methodUri, root: row.method.root, path: row.method.declaredAt, at: 'method' }];
}

/** Violations gathered per place, each with every principal and method it stands for. */
class Collector {
  private readonly byPlace = new Map<string, { place: Place; definite: boolean; principals: Set<string>; methods: Set<string>; stages?: Set<string>; from?: Set<string> }>();

  constructor(private readonly assertion: AccessAssertion) {}

  row(row: AccessRow, places: readonly Place[], definite = row.decision === 'allow', sides?: { stages: readonly string[]; from: readonly string[] }): void {
    for (const place of places) {
      const key = `${place.uri}\u0000${place.root}\u0000${place.path.join('\u0000')}`;
      let entry = this.byPlace.get(key);
      if (!entry) {
        entry = { place, definite: false, principals: new Set(), methods: new Set(), ...(sides ? { stages: new Set<string>(), from: new Set<string>() } : {}) };
        this.byPlace.set(key, entry);
      }
      entry.definite ||= definite;
      entry.principals.add(principalLabel(row.principal));
      entry.methods.add(`${row.method.method} ${row.method.path}`);
      sides?.stages.forEach((s) => entry.stages?.add(s));
      sides?.from.forEach((s) => entry.from?.add(s));
    }
  }

  violations(): AssertionViolation[] {
    return [...this.byPlace.values()].map(({ place, definite, principals, methods, stages, from }) => ({
      assertion: this.assertion,
      uri: place.uri,
      root: place.root,
      path: place.path,
      at: place.at,
      definite,
      principals: [...principals].sort(),
      methods: [...methods].sort(),
      ...(stages && from ? { stages: [...stages].sort(), from: [...from].sort() } : {}),
    }));
  }
}

function principalLabel(p: PrincipalInfo): string {
  return p.environment ? `${p.id} (${p.environment.name})` : p.id;
}

/** Whether a principal matches any of the patterns: by logical id, name, or ARN. */
export function principalMatcher(patterns: readonly string[]): (p: PrincipalInfo) => boolean {
  const globs = patterns.map((p) => compileGlob(p));
  return (p) => {
    const names = [p.id, ...(p.arns ?? []).flatMap(nameInArn)];
    const arns = [...(p.arns ?? []), ...(p.arn ? [p.arn] : [])];
    return globs.some((g) => names.some((n) => g.matches(n)) || (g.source.startsWith('arn:') && arns.some((a) => g.matches(a))));
  };
}

/** The role or user name at the end of an IAM ARN, when it is written out (not a placeholder). */
function nameInArn(arn: string): string[] {
  const m = /:(?:role|user)\/(?:.*\/)?([^/]+)$/.exec(arn);
  // Placeholders are encoded as private-use characters (language.ts SymbolTable): such a name is not known.
  return m && !/[\ue000-\uf8ff]/.test(m[1]!) ? [m[1]!] : [];
}

interface MethodMatcher {
  /** Whether a declared method can answer a request the patterns name. */
  method(m: MethodInEnvironment): boolean;
  /** Whether a row's decision holds for a request the patterns name. */
  row(r: AccessRow): boolean;
  /** The same for a method given by its declared verb, the verbs it answers and its path. */
  request(verb: string, verbs: readonly string[], path: string): boolean;
}

function methodMatcher(texts: readonly string[]): MethodMatcher {
  const patterns = texts.flatMap((t) => {
    const p = parseMethodPattern(t);
    return p ? [{ verb: p.verb, path: compileGlob(p.path) }] : [];
  });
  const matches = (verb: string, verbs: readonly string[], path: string, p: { verb: string; path: CompiledGlob }): boolean =>
    p.path.matches(path) && (p.verb === '*' || verb.toUpperCase() === p.verb || verbs.some((v) => v.toUpperCase() === p.verb));
  return {
    method: (m) => patterns.some((p) => matches(m.method.method, m.method.verbs, m.method.path, p)),
    row: (r) => patterns.some((p) => matches(r.method.method, r.verbs, r.method.path, p)),
    request: (verb, verbs, path) => patterns.some((p) => matches(verb, verbs, path, p)),
  };
}

/** Stage and environment names, compared without case (`Prod` is `prod`), with `*` and `?`. */
function stageMatcher(patterns: readonly string[]): (name: string) => boolean {
  const globs = patterns.map((p) => compileGlob(p, { ignoreCase: true }));
  return (name) => globs.some((g) => g.matches(name));
}

/** The names a row's stage goes by: the stage, and the API's environment. */
function rowStages(r: AccessRow): string[] {
  return [r.stage, ...(r.environment ? [r.environment] : [])];
}

function stageLabel(r: AccessRow): string[] {
  return [r.environment && r.environment !== r.stage ? `${r.stage} (${r.environment})` : r.stage];
}

/** Every stage and environment name the workspace's methods are deployed under. */
function stageLabels(methods: readonly MethodInEnvironment[]): string[] {
  return unique(methods.flatMap((m) => [...(m.environment && m.environment.stages.length > 0 ? m.environment.stages : m.method.api.stages), ...(m.environment ? [m.environment.name] : [])]));
}

/** Whether a resource policy statement's Principal is everyone: `"*"` or `{"AWS": "*"}`. */
function namesEveryone(doc: WorkspaceDocument['doc'] | undefined, root: number, path: Path): boolean {
  const top = doc?.roots[root];
  const statement = top ? nodeAtPath(top, path) : undefined;
  const principal = getProperty(statement, 'Principal');
  const star = (n: DocNode | undefined): boolean => n !== undefined && ((n.kind === 'string' && n.value === '*') || (n.kind === 'array' && n.items.some(star)));
  return star(principal) || star(getProperty(principal, 'AWS'));
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)].sort();
}

/** A row as `access --diff` compares them (core/access/rows.ts), as far as assertions read it. */
export interface RowLike {
  readonly principal: string;
  readonly principalFile: string;
  readonly principalKind: string;
  readonly method: string;
  readonly verbs: readonly string[];
  readonly path: string;
  /** Anyone may call through it: no authorization, or a resource policy Allow for everyone. */
  readonly public: boolean;
}

/**
 * Whether the assertions say a grant is meant to be: an `only` assertion whose methods match
 * the row and whose principals list its principal (found in `matrix` by id and file, so role
 * names and ARN patterns match as in the checks), or, for a grant anyone may use, a `public`
 * assertion listing the method. `deny` and `separate` only forbid. For `access --diff
 * --fail-on-new-access`, whose new access the assertions may thus allow.
 */
export function assertionsAllow(assertions: readonly AccessAssertion[], matrix: AccessMatrix): (row: RowLike) => boolean {
  const checks = assertions.flatMap((a): ((row: RowLike) => boolean)[] => {
    if (a.kind === 'only') {
      const method = methodMatcher([a.method]);
      const listed = principalMatcher(a.principals);
      const everyone = a.principals.includes('*');
      return [
        (row) => {
          if (!method.request(row.method, row.verbs, row.path)) {
            return false;
          }
          if (row.principalKind === 'anyone') {
            return everyone;
          }
          const principal = matrix.principals.find((p) => p.id === row.principal && p.uri === row.principalFile);
          return principal !== undefined ? listed(principal) : listed({ id: row.principal, kind: 'role', uri: row.principalFile, root: 0, path: [], identity: [] });
        },
      ];
    }
    if (a.kind === 'public') {
      const listed = a.methods.map((m) => methodMatcher([m]));
      return [(row) => row.public && listed.some((m) => m.request(row.method, row.verbs, row.path))];
    }
    return [];
  });
  return (row) => checks.some((allows) => allows(row));
}

/** The assertion as one line (`deny ReaderRole POST /orders`), for messages. */
export function assertionText(a: AccessAssertion): string {
  switch (a.kind) {
    case 'deny':
      return `deny ${a.principal} ${a.method}`;
    case 'only':
      return `only ${a.principals.join(', ')} on ${a.method}`;
    case 'public':
      return `public ${a.methods.length > 0 ? a.methods.join(', ') : '(none)'}`;
    case 'separate':
      return `separate ${a.stages.join(', ')} from ${a.from.join(', ')}`;
  }
}
