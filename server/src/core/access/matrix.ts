/**
 * Who can invoke what, across a workspace: every principal the workspace defines (template
 * roles and users, SAM functions' generated roles, standalone identity policy files),
 * every API Gateway method (the inventory), and IAM's decision for each pair and stage,
 * combining identity policies with the API's resource policy the way API Gateway does:
 * an explicit Deny wins; in the same account either side may allow. The workspace is taken
 * to deploy into one account and region, so `${AWS::AccountId}` and `${AWS::Region}` are
 * the same everywhere; literal API ids in standalone policies are tied to template APIs
 * through the `apis` map.
 */
import { asList, getProperty, samePath, scalarText, type Path } from '../model/node';
import { policySites, type PolicySite } from '../policy/sites';
import { statementsOf, type StatementRef } from '../policy/statements';
import { stringValues, valueInputs, type ValueInputs } from '../policy/values';
import type { SourceDocument } from '../types';
import { templateModel, resourcesOfType } from '../template/model';
import { apiInventory } from '../apigw/inventory';
import type { ApiMethod } from '../apigw/types';
import { coverage, pathPieces, SymbolTable, type Piece } from './language';
import { actionMatches, matchStatement, type EvaluationScope, type StatementMatch } from './evaluate';

export interface WorkspaceDocument {
  /** The document's uri or path; placeholders are qualified by it. */
  readonly uri: string;
  readonly doc: SourceDocument;
  readonly includes?: ReadonlyMap<string, SourceDocument>;
}

export interface AccessOptions {
  /** Literal API id → the template API it is: `{ "a1b2c3d4e5": { uri, logicalId } }`. */
  readonly apis?: Readonly<Record<string, { readonly uri: string; readonly logicalId: string }>>;
  /**
   * Compute rows only for the methods of documents this accepts (all methods are still
   * listed). Rules analysing one document need only its own methods' rows.
   */
  readonly rowsFor?: (uri: string) => boolean;
}

export type PrincipalKind = 'role' | 'user' | 'function-role' | 'policy-file' | 'account' | 'anyone' | 'authorizer';

export interface PrincipalInfo {
  readonly id: string;
  readonly kind: PrincipalKind;
  readonly uri: string;
  readonly root: number;
  readonly path: Path;
  readonly identity: readonly { readonly uri: string; readonly doc: SourceDocument; readonly site: PolicySite }[];
  /** Encoded ARN and account, for matching resource policy principals. */
  readonly arn?: string;
  readonly account?: string;
}

export interface Via {
  readonly uri: string;
  readonly root: number;
  readonly path: Path;
  readonly sid?: string;
  readonly effect: 'Allow' | 'Deny';
  readonly policy: 'identity' | 'resource' | 'authorization';
  readonly origin: string;
  readonly coverage: 'all' | 'some';
  readonly condition: 'true' | 'unknown';
}

export type Decision = 'allow' | 'conditional' | 'deny';

export interface AccessRow {
  readonly principal: PrincipalInfo;
  readonly method: ApiMethod;
  /** Where the method is declared (its document). */
  readonly methodUri: string;
  readonly stage: string;
  readonly decision: Decision;
  /** The verbs this decision holds for (ANY methods may differ per verb). */
  readonly verbs: readonly string[];
  readonly via: readonly Via[];
  readonly conditionKeys: readonly string[];
}

export interface AccessMatrix {
  /** The placeholder encoding the matrix was computed with (for matching more patterns against it). */
  readonly symbols: SymbolTable;
  readonly mapPattern: (pattern: string) => string;
  readonly principals: readonly PrincipalInfo[];
  readonly methods: readonly { readonly uri: string; readonly method: ApiMethod }[];
  readonly rows: readonly AccessRow[];
}

const INVOKE = 'execute-api:Invoke';

/** A statement of a principal's identity policies that can grant or deny execute-api:Invoke. */
interface RelevantStatement {
  readonly s: StatementRef;
  readonly uri: string;
  readonly doc: SourceDocument;
  readonly scope: EvaluationScope;
  readonly inputs: ValueInputs;
}

export function accessMatrix(documents: readonly WorkspaceDocument[], options: AccessOptions = {}): AccessMatrix {
  const symbols = new SymbolTable();
  const methods = documents.flatMap((d) => apiInventory(d.doc, { includes: d.includes, fileName: d.uri }).methods.map((method) => ({ uri: d.uri, method, doc: d })));
  const principals = [...documents.flatMap((d) => principalsOf(d, symbols)), ...externalAccounts(methods)];
  const mapPattern = apiMapper(options, symbols);
  // Only statements that can grant or deny execute-api:Invoke matter; most roles have none.
  const relevant = new Map(
    principals.map((p) => [
      p,
      p.identity.flatMap(({ uri: pUri, doc, site }): RelevantStatement[] => {
        // One evaluation scope per policy document, shared by every method it is asked about.
        const scope: EvaluationScope = { doc, file: pUri, symbols, mapPattern };
        const inputs = valueInputs(doc, site.node);
        return statementsOf(site)
          .filter((s) => actionMatches(s.node, INVOKE, { doc }))
          .map((s) => ({ s, uri: pUri, doc, scope, inputs }));
      }),
    ]),
  );
  // Which API each principal's grants can name: most name one API by its placeholder, so a
  // method need only be checked against the principals that name its API or use a wildcard.
  const byApi = new Map<string, PrincipalInfo[]>();
  const anyApi: PrincipalInfo[] = [];
  for (const [principal, statements] of relevant) {
    const named = apisNamed(statements, symbols, mapPattern);
    if (named === 'any') {
      anyApi.push(principal);
    } else {
      for (const api of named) {
        byApi.set(api, [...(byApi.get(api) ?? []), principal]);
      }
    }
  }
  const rows: AccessRow[] = [];
  const policies = new Map<string, StatementRef[]>();
  const apisKey = JSON.stringify(options.apis ?? {});
  // This matrix's number, and each principal's state: when what its decisions are read from
  // last changed (see rowMemo).
  const epoch = ++matrices;
  const states = new Map<PrincipalInfo, { readonly key: string; readonly changedAt: number }>();
  // Only the principals of this matrix are kept: one that is missing from it (renamed,
  // removed, its file left the workspace) counts as new when it comes back, since rows
  // decided without it say nothing about it; and no old statement node stays held.
  const previous = principalStates;
  principalStates = new Map();
  for (const [principal, own] of relevant) {
    const key = principalKey(principal);
    const deps = own.flatMap(dependencies);
    const before = previous.get(key);
    const state = before && sameItems(before.deps, deps) ? before : { deps, changedAt: epoch };
    principalStates.set(key, state);
    states.set(principal, { key, changedAt: state.changedAt });
  }
  for (const { uri, method, doc } of methods) {
    if (options.rowsFor && !options.rowsFor(uri)) {
      continue;
    }
    const prefix = methodPrefix(symbols, uri, method);
    const apiKey = `${uri}\u0000${method.root}\u0000${method.api.id}`;
    let resourcePolicy = policies.get(apiKey);
    if (!resourcePolicy) {
      resourcePolicy = method.api.kind === 'REST' ? resourcePolicyOf(doc, method).filter((s) => actionMatches(s.node, INVOKE, { doc: doc.doc })) : [];
      policies.set(apiKey, resourcePolicy);
    }
    const resourceScope: EvaluationScope = { doc: doc.doc, file: uri, symbols, shorthandPrefix: prefix, mapPattern };
    const resourceInputs = valueInputs(doc.doc, doc.doc.roots[method.root] ?? doc.doc.roots[0]!);
    const resourceDeps = [apisKey, uri, ...resourcePolicy.flatMap((s) => [s.node, s.site.root, s.site.origin, s.path.join('\u0000')]), resourceInputs.model, resourceInputs.parameters, resourceInputs.mappings];
    let kept = rowMemo.get(method);
    if (!kept) {
      kept = new Map();
      rowMemo.set(method, kept);
    }
    for (const stage of method.api.stages.length > 0 ? method.api.stages : ['*']) {
      const languages = method.verbs.length > 0 ? method.verbs : [method.method];
      if (method.authorization.type !== 'AWS_IAM') {
        rows.push(...nonIamRows(method, uri, stage, languages, prefix, resourcePolicy, resourceScope));
        continue;
      }
      // A resource policy may name anyone (Principal "*"): then every principal is a candidate.
      const candidates = resourcePolicy.length > 0 ? principals : [...(byApi.get(apiSymbolOf(prefix)) ?? []), ...anyApi];
      const requests = languages.map((verb) => ({ verb, resource: methodPieces(prefix, stage, verb, method.path) }));
      const before = kept.get(stage);
      const reuse = before !== undefined && sameItems(before.resource, resourceDeps);
      const decided: KeptRows = { computedAt: epoch, resource: resourceDeps, rows: new Map() };
      kept.set(stage, decided);
      for (const principal of candidates) {
        const own = relevant.get(principal) ?? [];
        if (own.length === 0 && resourcePolicy.length === 0) {
          continue;
        }
        // Every candidate is one of this matrix's principals.
        const state = states.get(principal)!;
        let row: AccessRow | undefined;
        if (reuse && state.changedAt <= before.computedAt) {
          // Decided before from the same statements: the row holds, for this matrix's principal.
          const earlier = before.rows.get(state.key);
          row = earlier && (earlier.principal === principal ? earlier : { ...earlier, principal });
          decisionCounts.reused++;
        } else {
          row = decide(principal, own, method, uri, stage, requests, resourcePolicy, resourceScope);
          decisionCounts.decided++;
        }
        if (row) {
          decided.rows.set(state.key, row);
          rows.push(row);
        }
      }
    }
  }
  return { symbols, mapPattern, principals, methods: methods.map(({ uri, method }) => ({ uri, method })), rows };
}

/**
 * Decisions kept across matrices, per method (an API inventory that an edit did not touch
 * keeps its method objects) and stage. A principal's decisions are read from its relevant
 * statement nodes (an incremental reparse keeps the untouched ones), their places, their
 * sites' origins and what their values resolve through; each principal key records the matrix
 * in which those last changed, or in which it appeared (a principal missing from a matrix is
 * forgotten, so rows decided without it are never read for it). A method's kept rows were
 * decided in some matrix from its resource policy (kept with them): a principal unchanged
 * since then keeps its row there, or its lack of one, and any other is decided again. A decision does not depend on the symbol table's characters,
 * only on which names are equal, so a row decided for an earlier matrix holds for this one.
 * An edit to one role's grant decides that role's rows again and reuses the rest. Only the
 * rows there are are kept, which the matrix holds anyway.
 */
interface KeptRows {
  /** The matrix these were decided in (or carried over to). */
  readonly computedAt: number;
  /** What the method's side was read from: its resource policy statements, their values' inputs, the API mapping. */
  readonly resource: readonly unknown[];
  /** By principal key, the rows there are (a pair nothing speaks of has none). */
  readonly rows: Map<string, AccessRow>;
}
const rowMemo = new WeakMap<ApiMethod, Map<string, KeptRows>>();
/** By principal key: what its relevant statements were read from, and the matrix in which that last changed. */
let principalStates = new Map<string, { readonly deps: readonly unknown[]; readonly changedAt: number }>();
let matrices = 0;
const decisionCounts = { decided: 0, reused: 0 };

/** How many (principal, method, stage) decisions were made and how many reused, so far (for tests and benchmarks). */
export function accessDecisionCounts(): { readonly decided: number; readonly reused: number } {
  return { ...decisionCounts };
}

/** A principal as the kept decisions know it across matrices (its object is new in each). */
function principalKey(principal: PrincipalInfo): string {
  return `${principal.uri}\u0000${principal.kind}\u0000${principal.id}`;
}

/** What one relevant statement's part of a decision is read from. */
function dependencies(r: RelevantStatement): unknown[] {
  // The site's origin (its resource's type and name) is written into each row's `via`.
  return [r.s.node, r.s.site.root, r.s.site.origin, r.s.path.join('\u0000'), r.uri, r.inputs.model, r.inputs.parameters, r.inputs.mappings];
}

function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The API part of an encoded method prefix: `…:{account}:{api}/` → `{api}`. */
function apiSymbolOf(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf(':') + 1, -1);
}

/**
 * The API symbols a principal's relevant statements can name: each resource pattern whose
 * literal start already fixes the API id names that API; anything else (a wildcard before or
 * in the API id, NotResource, no Resource) may name any API.
 */
function apisNamed(statements: readonly { s: StatementRef; uri: string; doc: SourceDocument }[], symbols: SymbolTable, mapPattern: (p: string) => string): Set<string> | 'any' {
  const named = new Set<string>();
  for (const { s, uri, doc } of statements) {
    const resource = getProperty(s.node, 'Resource');
    if (!resource || getProperty(s.node, 'NotResource')) {
      return 'any';
    }
    for (const value of stringValues(doc, resource, [])) {
      const encoded = mapPattern(symbols.encode(value.text, uri));
      const wild = encoded.search(/[*?]/);
      const head = wild === -1 ? encoded : encoded.slice(0, wild);
      const m = /^arn:[^:]*:execute-api:[^:]*:[^:]*:([^/]*)\//.exec(head);
      if (!m) {
        // Another service named literally (`arn:aws:s3:…`) can name no API; anything else
        // (`*`, a wildcard before or inside the API id) may name any.
        const service = /^arn:[^:*?]*:([^:*?]*):/.exec(encoded);
        if (service && service[1] !== 'execute-api') {
          continue;
        }
        return 'any';
      }
      named.add(m[1]!);
    }
  }
  return named;
}

/** The encoded ARN prefix (up to the stage) of a method's API. */
export function methodPrefix(symbols: SymbolTable, uri: string, method: ApiMethod): string {
  return symbols.encode('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:') + symbols.encode(`\${${method.api.id}}`, uri) + '/';
}

/**
 * How a resource pattern written in `file` covers each method of the workspace: the best
 * coverage over the method's stages and verbs. `owner` is the API a resource policy's
 * `execute-api:/…` shorthand stands for.
 */
export function methodsCovered(
  matrix: AccessMatrix,
  pattern: string,
  file: string,
  owner?: { uri: string; method: ApiMethod },
  only?: (ref: { uri: string; method: ApiMethod }) => boolean,
): { uri: string; method: ApiMethod; coverage: 'all' | 'some' }[] {
  const out: { uri: string; method: ApiMethod; coverage: 'all' | 'some' }[] = [];
  let encoded = matrix.symbols.encode(pattern, file);
  if (pattern.startsWith('execute-api:/') && owner) {
    encoded = methodPrefix(matrix.symbols, owner.uri, owner.method) + matrix.symbols.encode(pattern.slice('execute-api:/'.length), file);
  }
  encoded = matrix.mapPattern(encoded);
  for (const ref of matrix.methods) {
    if (only && !only(ref)) {
      continue;
    }
    const { uri, method } = ref;
    const prefix = methodPrefix(matrix.symbols, uri, method);
    const results = (method.api.stages.length > 0 ? method.api.stages : ['*']).flatMap((stage) =>
      (method.verbs.length > 0 ? method.verbs : [method.method]).map((verb) => coverage(encoded, methodPieces(prefix, stage, verb, method.path)).coverage),
    );
    if (results.includes('all') || results.includes('some')) {
      out.push({ uri, method, coverage: results.every((r) => r === 'all') ? 'all' : 'some' });
    }
  }
  return out;
}

/**
 * The ARN language of one method, stage and verb. Kept (bounded): a matrix asks for the same
 * method once per principal, and the same array lets language.ts keep what it derives from it.
 */
export function methodPieces(prefix: string, stage: string, verb: string, path: string): readonly Piece[] {
  const key = `${prefix}\u0000${stage}\u0000${verb}\u0000${path}`;
  let pieces = piecesMemo.get(key);
  if (!pieces) {
    const stagePieces: Piece[] = stage === '*' ? [{ kind: 'segment' }] : [{ kind: 'text', text: stage }];
    const route = path === '$default' ? [{ kind: 'greedy' } as Piece] : pathPieces(path);
    pieces = Object.freeze([{ kind: 'text', text: prefix } as Piece, ...stagePieces, { kind: 'text', text: `/${verb}/` } as Piece, ...route]);
    if (piecesMemo.size > 50_000) {
      piecesMemo.clear();
    }
    piecesMemo.set(key, pieces);
  }
  return pieces;
}
const piecesMemo = new Map<string, readonly Piece[]>();

function decide(
  principal: PrincipalInfo,
  own: readonly RelevantStatement[],
  method: ApiMethod,
  uri: string,
  stage: string,
  requests: readonly { readonly verb: string; readonly resource: readonly Piece[] }[],
  resourcePolicy: readonly StatementRef[],
  resourceScope: EvaluationScope,
): AccessRow | undefined {
  const verbs = requests.map((r) => r.verb);
  const caller = { arn: principal.arn, account: principal.account };
  const perVerb = requests.map(({ verb, resource: pieces }) => {
    const request = { action: INVOKE, resource: pieces, principal: caller };
    const identity = own
      .map(({ s, uri: pUri, scope }) => ({ m: matchStatement(s, request, scope, false), uri: pUri }))
      .filter((x): x is { m: StatementMatch; uri: string } => x.m !== undefined);
    const resource = resourcePolicy
      .map((s) => matchStatement(s, request, resourceScope, true))
      .filter((m): m is StatementMatch => m !== undefined)
      .map((m) => ({ m, uri }));
    return { verb, ...combine(identity, resource, principal.kind === 'account') };
  });
  if (perVerb.every((v) => v.via.length === 0)) {
    return undefined; // Nothing in the workspace speaks of this pair: implicitly denied.
  }
  // One verb (the usual case) decides alone; several agree, or the method is conditional.
  const first = perVerb[0]!.decision;
  const decision: Decision = perVerb.every((v) => v.decision === first) ? first : perVerb.some((v) => v.decision !== 'deny') ? 'conditional' : 'deny';
  return {
    principal,
    method,
    methodUri: uri,
    stage,
    decision,
    verbs: decision === 'deny' ? verbs : perVerb.filter((v) => v.decision !== 'deny').map((v) => v.verb),
    via: dedupe(perVerb.length === 1 ? perVerb[0]!.via : perVerb.flatMap((v) => v.via)),
    conditionKeys: perVerb.length === 1 ? perVerb[0]!.conditionKeys : [...new Set(perVerb.flatMap((v) => v.conditionKeys))],
  };
}

/**
 * IAM's combination: explicit Deny wins; in the same account either an identity or a
 * resource policy Allow suffices; across accounts both must allow, and the other account's
 * identity policies are out of sight, so the best a cross-account caller gets is
 * "conditional" (on its own account allowing it too).
 */
function combine(identity: { m: StatementMatch; uri: string }[], resource: { m: StatementMatch; uri: string }[], crossAccount: boolean): { decision: Decision; via: Via[]; conditionKeys: string[] } {
  // One pass over identity then resource statements (usually one statement in all).
  const allows: Via[] = [];
  const denies: Via[] = [];
  const conditionKeys: string[] = [];
  let fullDeny: Via | undefined;
  let fullAllow = false;
  const visit = ({ m, uri }: { m: StatementMatch; uri: string }, policy: 'identity' | 'resource'): void => {
    for (const key of m.conditionKeys) {
      if (!conditionKeys.includes(key)) {
        conditionKeys.push(key);
      }
    }
    const certain = m.coverage === 'all' && m.condition === 'true' && m.principal === 'true';
    const via = toVia(m, uri, policy);
    if (m.effect === 'Deny') {
      fullDeny ??= certain ? via : undefined;
      denies.push(via);
    } else {
      fullAllow ||= certain;
      allows.push(via);
    }
  };
  for (const x of identity) {
    visit(x, 'identity');
  }
  for (const x of resource) {
    visit(x, 'resource');
  }
  if (fullDeny) {
    return { decision: 'deny', via: [fullDeny], conditionKeys };
  }
  const via = denies.length === 0 ? allows : [...allows, ...denies];
  if (fullAllow && denies.length === 0 && !crossAccount) {
    return { decision: 'allow', via, conditionKeys };
  }
  return { decision: allows.length > 0 ? 'conditional' : 'deny', via, conditionKeys };
}

/** Methods without IAM authorization: anyone (NONE) or whoever the authorizer admits, unless the resource policy denies. */
function nonIamRows(method: ApiMethod, uri: string, stage: string, verbs: readonly string[], prefix: string, resourcePolicy: readonly StatementRef[], scope: EvaluationScope): AccessRow[] {
  const anyone = method.authorization.type === 'NONE';
  const principal: PrincipalInfo = {
    id: anyone ? '*' : `${method.authorization.type}${method.authorization.authorizer ? `:${method.authorization.authorizer}` : ''}`,
    kind: anyone ? 'anyone' : 'authorizer',
    uri,
    root: method.root,
    path: method.declaredAt,
    identity: [],
  };
  const denies = verbs.flatMap((verb) =>
    resourcePolicy
      .map((s) => matchStatement(s, { action: INVOKE, resource: methodPieces(prefix, stage, verb, method.path) }, scope, true))
      .filter((m): m is StatementMatch => m !== undefined && m.effect === 'Deny'),
  );
  const authorization: Via = { uri, root: method.root, path: method.declaredAt, effect: 'Allow', policy: 'authorization', origin: `authorization ${method.authorization.type}`, coverage: 'all', condition: anyone ? 'true' : 'unknown' };
  const decision: Decision = denies.some((d) => d.coverage === 'all' && d.condition === 'true') ? 'deny' : denies.length > 0 || !anyone ? 'conditional' : 'allow';
  return [
    {
      principal,
      method,
      methodUri: uri,
      stage,
      decision,
      verbs,
      via: [authorization, ...denies.map((d) => toVia(d, uri, 'resource'))],
      conditionKeys: [...new Set(denies.flatMap((d) => d.conditionKeys))],
    },
  ];
}

function toVia(m: StatementMatch, uri: string, policy: 'identity' | 'resource'): Via {
  return {
    uri,
    root: m.statement.site.root,
    path: m.statement.path,
    sid: scalarText(getProperty(m.statement.node, 'Sid')),
    effect: m.effect,
    policy,
    origin: m.statement.site.origin,
    coverage: m.coverage === 'all' ? 'all' : 'some',
    condition: m.condition === 'true' && m.principal === 'true' ? 'true' : 'unknown',
  };
}

/** Each statement once (the same statement may decide several verbs); lists are short. */
function dedupe(via: Via[]): Via[] {
  if (via.length <= 1) {
    return via;
  }
  return via.filter((v, i) => !via.slice(0, i).some((w) => w.uri === v.uri && w.root === v.root && samePath(w.path, v.path)));
}

/**
 * Accounts and principals outside the workspace that resource policies name
 * (`"Principal": {"AWS": "999988887777"}`): callers from another account.
 */
function externalAccounts(methods: readonly { uri: string; method: ApiMethod; doc: WorkspaceDocument }[]): PrincipalInfo[] {
  const out = new Map<string, PrincipalInfo>();
  for (const { method, doc } of methods) {
    for (const statement of method.api.kind === 'REST' ? resourcePolicyOf(doc, method) : []) {
      for (const entry of asList(getProperty(getProperty(statement.node, 'Principal'), 'AWS'))) {
        const text = scalarText(entry) ?? '';
        const account = /^(\d{12})$/.exec(text)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):/.exec(text)?.[1];
        if (account && !out.has(text)) {
          out.set(text, {
            id: text,
            kind: 'account',
            uri: doc.uri,
            root: statement.site.root,
            path: statement.path,
            identity: [],
            account,
            ...(text.startsWith('arn:') ? { arn: text } : {}),
          });
        }
      }
    }
  }
  return [...out.values()];
}

/** The API's resource policy statements: sites in its document owned by the API (or, for an OpenAPI file, its own). */
function resourcePolicyOf(d: WorkspaceDocument, method: ApiMethod): StatementRef[] {
  return policySites(d.doc)
    .filter((s) => s.policyType === 'resource' && s.root === method.root && (s.owner === method.api.id || (s.owner === undefined && d.doc.kinds[s.root]?.startsWith('openapi'))))
    .flatMap(statementsOf);
}

/** Principals a document defines, with the identity policies that apply to each. */
function principalsOf(d: WorkspaceDocument, symbols: SymbolTable): PrincipalInfo[] {
  const sites = policySites(d.doc).filter((s) => s.policyType === 'identity');
  const out: PrincipalInfo[] = [];
  d.doc.roots.forEach((root, rootIndex) => {
    const kind = d.doc.kinds[rootIndex];
    if (kind === 'iam-policy') {
      const own = sites.filter((s) => s.root === rootIndex);
      if (own.length > 0) {
        out.push({ id: d.uri, kind: 'policy-file', uri: d.uri, root: rootIndex, path: [], identity: own.map((site) => ({ uri: d.uri, doc: d.doc, site })), account: symbols.encode('${AWS::AccountId}') });
      }
      return;
    }
    if (kind !== 'cfn' && kind !== 'sam') {
      return;
    }
    const model = templateModel(root);
    const attachments = new Map<string, Set<string>>();
    const attach = (principal: string, owner: string): void => {
      attachments.set(principal, (attachments.get(principal) ?? new Set()).add(owner));
    };
    for (const type of ['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy']) {
      for (const p of resourcesOfType(model, type)) {
        for (const key of ['Roles', 'Users', 'RoleName', 'UserName']) {
          for (const ref of asList(getProperty(p.properties, key))) {
            if (ref.kind === 'intrinsic' && ref.fn === 'Ref') {
              attach(scalarText(ref.arg) ?? '', p.logicalId);
            }
          }
        }
      }
    }
    for (const r of [...resourcesOfType(model, 'AWS::IAM::Role'), ...resourcesOfType(model, 'AWS::IAM::User')]) {
      for (const ref of asList(getProperty(r.properties, 'ManagedPolicyArns'))) {
        if (ref.kind === 'intrinsic' && ref.fn === 'Ref') {
          attach(r.logicalId, scalarText(ref.arg) ?? '');
        }
      }
      const owners = new Set([r.logicalId, ...(attachments.get(r.logicalId) ?? [])]);
      const isRole = r.type === 'AWS::IAM::Role';
      out.push({
        id: r.logicalId,
        kind: isRole ? 'role' : 'user',
        uri: d.uri,
        root: rootIndex,
        path: r.path,
        identity: sites.filter((s) => s.root === rootIndex && s.owner !== undefined && owners.has(s.owner)).map((site) => ({ uri: d.uri, doc: d.doc, site })),
        arn: symbols.encode(`\${${r.logicalId}.Arn}`, d.uri),
        account: symbols.encode('${AWS::AccountId}'),
      });
    }
    for (const fn of [...resourcesOfType(model, 'AWS::Serverless::Function'), ...resourcesOfType(model, 'AWS::Serverless::StateMachine')]) {
      if (getProperty(fn.properties, 'Role') !== undefined) {
        continue;
      }
      out.push({
        id: `${fn.logicalId}Role`,
        kind: 'function-role',
        uri: d.uri,
        root: rootIndex,
        path: fn.path,
        identity: sites.filter((s) => s.root === rootIndex && s.owner === fn.logicalId).map((site) => ({ uri: d.uri, doc: d.doc, site })),
        arn: symbols.encode(`\${${fn.logicalId}Role.Arn}`, d.uri),
        account: symbols.encode('${AWS::AccountId}'),
      });
    }
  });
  return out;
}

/**
 * Ties literal API ids in patterns to template APIs: `arn:aws:execute-api:us-east-1:1111…:a1b2c3/…`
 * becomes the template API's symbolic ARN when `a1b2c3` is mapped (region and account then
 * taken to be the template's own).
 */
function apiMapper(options: AccessOptions, symbols: SymbolTable): (pattern: string) => string {
  const entries = Object.entries(options.apis ?? {});
  if (entries.length === 0) {
    return (p) => p;
  }
  return (p) => {
    const m = /^arn:([^:]*):execute-api:([^:]*):([^:]*):([^/]*)(\/.*)?$/.exec(p);
    const target = m ? options.apis?.[m[4]!] : undefined;
    if (!m || !target) {
      return p;
    }
    return symbols.encode('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:') + symbols.encode(`\${${target.logicalId}}`, target.uri) + (m[5] ?? '');
  };
}
