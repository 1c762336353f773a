/**
 * Who can invoke what, across a workspace: every principal the workspace defines (template
 * roles and users, SAM functions' generated roles, standalone identity policy files),
 * every API Gateway method (the inventory), and IAM's decision for each pair and stage,
 * combining identity policies with the API's resource policy the way API Gateway does:
 * an explicit Deny wins; in the same account either side may allow. Without environments
 * the workspace is taken to deploy into one account and region, so `${AWS::AccountId}` and
 * `${AWS::Region}` are the same everywhere; with them (`options.environmentsOf`) each
 * template is read once per environment it deploys to, with that environment's account,
 * region and stages. Literal API ids in standalone policies are tied to template APIs
 * through the `apis` map.
 */
import { asList, getProperty, nodeAtPath, samePath, scalarText, type DocNode, type Path } from '../model/node';
import { policySites, type PolicySite } from '../policy/sites';
import { statementsOf, type StatementRef } from '../policy/statements';
import { stringValues, valueInputs, type ValueInputs } from '../policy/values';
import type { SourceDocument } from '../types';
import { templateModel, resourcesOfType, type TemplateResource } from '../template/model';
import { conditionLabel, conditionsOnPath, type TemplateCondition } from '../template/conditions';
import { policyRejection, statementRejection, type Rejection } from '../policy/rejection';
import { certain, decideRequest, type Considered, type Decision, type Dependency } from './decision';
import { apiInventory } from '../apigw/inventory';
import type { ApiMethod } from '../apigw/types';
import { coverage, endsDisagree, pathPieces, patternEnds, pieceEnds, SymbolTable, type Coverage, type LiteralEnds, type Piece } from './language';
import { actionMatches, conditionText, matchStatement, principalNamed, resourcePatterns, statementCoverage, type EvaluationScope, type RequestPrincipal, type StatementMatch } from './evaluate';
import { boundedTable, cell, isolated, weakTable } from '../engine';
import { DEFAULT_PRODUCTION_STAGES, pseudoParametersOf, type AccessEnvironment, type EnvironmentOptions } from './environments';
import { withPseudoParameters } from '../template/resolve';

export interface WorkspaceDocument {
  /** The document's uri or path; placeholders are qualified by it. */
  readonly uri: string;
  readonly doc: SourceDocument;
  readonly includes?: ReadonlyMap<string, SourceDocument>;
}

export interface AccessOptions extends EnvironmentOptions {
  /** Literal API id → the template API it is: `{ "a1b2c3d4e5": { uri, logicalId } }`. */
  readonly apis?: Readonly<Record<string, { readonly uri: string; readonly logicalId: string }>>;
  /**
   * Compute rows only for the methods of documents this accepts (all methods are still
   * listed). Rules analysing one document need only its own methods' rows.
   */
  readonly rowsFor?: (uri: string) => boolean;
  /**
   * The account id and region the workspace deploys to, when known. A Principal naming the
   * account literally (`123456789012`, `arn:aws:iam::123456789012:root`, a role ARN in it)
   * then names the workspace's own account; rows carry both (null when unknown).
   */
  readonly account?: string;
  readonly region?: string;
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
  /** Every encoded ARN the principal is known by (`${Role.Arn}`, and its literal form when its name is known). */
  readonly arns?: readonly string[];
  /** Whether it calls as a role session (roles, functions' roles) rather than as itself (users). */
  readonly session?: boolean;
  /** Template Conditions the principal exists under (its resource's `Condition`). */
  readonly conditions?: readonly TemplateCondition[];
  /** The environment the principal's template is deployed to, when environments are configured. */
  readonly environment?: AccessEnvironment;
}

export interface Via {
  readonly uri: string;
  readonly root: number;
  readonly path: Path;
  readonly sid?: string;
  /** The Effect as written: `Allow`, `Deny`, or whatever a rejected statement says. */
  readonly effect: string;
  readonly policy: 'identity' | 'resource' | 'authorization';
  readonly origin: string;
  /** The policy's name: an inline policy's PolicyName, else the logical id holding it, else the file. */
  readonly policyName: string;
  /** The statement's Sid, else its index in the policy. */
  readonly statement: string;
  readonly coverage: 'all' | 'some';
  readonly condition: 'true' | 'unknown';
  /** Template Conditions the statement exists under. */
  readonly conditions?: readonly TemplateCondition[];
  /**
   * Why the statement counted for nothing: IAM rejects it or its policy (the id of the rule
   * reporting the problem, and where), or `account-delegation` (a resource policy Allow
   * naming the caller's own account, which leaves the decision to its identity policies).
   */
  readonly ignored?: { readonly reason: string; readonly path?: Path };
}

export type { Decision, Dependency } from './decision';

export interface AccessRow {
  readonly principal: PrincipalInfo;
  readonly method: ApiMethod;
  /** Where the method is declared (its document). */
  readonly methodUri: string;
  readonly stage: string;
  readonly decision: Decision;
  /**
   * True for a deny no statement made: the principal's statements (or a resource policy
   * naming it) reach the method's API, but nothing that applies allows this method.
   */
  readonly implicit: boolean;
  /** The account and region the API deploys to, when known (null otherwise). */
  readonly account: string | null;
  readonly region: string | null;
  /** The environment the API's template is deployed to, when environments are configured. */
  readonly environment?: string;
  /**
   * For an implicit deny across accounts where one side allows, the side that does not: the
   * API's resource policy (the caller's identity policy allows), or the caller's identity
   * policy (the resource policy allows the caller by its ARN; an Allow naming only the account
   * says nothing about which of its principals should call).
   */
  readonly missingHalf?: 'identity' | 'resource';
  /** The verbs this decision holds for (ANY methods may differ per verb). */
  readonly verbs: readonly string[];
  readonly via: readonly Via[];
  readonly conditionKeys: readonly string[];
  /** What a `conditional` decision depends on (empty for the others). */
  readonly dependsOn: readonly Dependency[];
}

export interface AccessMatrix {
  /** The placeholder encoding the matrix was computed with (for matching more patterns against it). */
  readonly symbols: SymbolTable;
  readonly mapPattern: (pattern: string) => string;
  readonly principals: readonly PrincipalInfo[];
  readonly methods: readonly MethodInEnvironment[];
  /** Every row (decided on first read: hovers, lenses and most rules need only some). */
  readonly rows: readonly AccessRow[];
  /** The rows of each method, decided when first asked for (implicit denies make `rows` long). */
  readonly rowsByMethod: MethodRows;
  /** The rows of one principal of the matrix, deciding only the methods it may reach. */
  rowsOfPrincipal(principal: PrincipalInfo): readonly AccessRow[];
  /** The environments a document deploys to; `[undefined]` when none is configured for it. */
  readonly environmentsOf: (uri: string) => readonly (AccessEnvironment | undefined)[];
  /** Stage and environment names that count as production. */
  readonly productionStages: readonly string[];
}

/** The rows of each method of a matrix, decided on first `get` (undefined for a method it has no rows for). */
export interface MethodRows {
  get(method: ApiMethod): readonly AccessRow[] | undefined;
  has(method: ApiMethod): boolean;
  /**
   * Whether some row of the method passes `test`, deciding rows one at a time until one does
   * (the rows `get` would return, in its order; false for a method without rows here).
   */
  some(method: ApiMethod, test: (row: AccessRow) => boolean): boolean;
}

/** A method of the workspace, in one environment its template deploys to. */
export interface MethodInEnvironment {
  readonly uri: string;
  readonly method: ApiMethod;
  readonly environment?: AccessEnvironment;
}

const INVOKE = 'execute-api:Invoke';

/** A statement of a principal's identity policies that can grant or deny execute-api:Invoke. */
interface RelevantStatement extends Judged {
  readonly uri: string;
  readonly doc: SourceDocument;
  readonly scope: EvaluationScope;
  readonly inputs: ValueInputs;
}

/** A statement with what the matrix reads about it besides its match: validity, template Conditions, names. */
interface Judged {
  readonly s: StatementRef;
  readonly rejection?: Rejection;
  readonly conditions: readonly TemplateCondition[];
  readonly conditionText: string;
  readonly policyName: string;
  readonly label: string;
  /** What, besides the statement node, its part of a decision is read from (for the kept decisions). */
  readonly signature: string;
}

/**
 * Called while a matrix is built, right after each piece it computes and keeps (a principal's
 * grants); it may throw (the analysis's `AnalysisInterrupted`) to stop the build there. The
 * build keeps no state of its own until the documents are read, so asked again it reads the
 * kept pieces and goes on from where it stopped. Used only during the build: rows decided
 * later (a hover's) are never stopped.
 */
export type Checkpoint = () => void;

export function accessMatrix(documents: readonly WorkspaceDocument[], options: AccessOptions = {}, checkpoint?: Checkpoint): AccessMatrix {
  // One symbol table for matrix after matrix (replaced when it has grown large), so what a
  // matrix reads of an unchanged document (its principals, their grants) serves the next one.
  let symbols = symbolTable.get();
  if (symbols.size > SYMBOL_LIMIT) {
    symbols = symbolTable.set(new SymbolTable());
  }
  const environmentsOf = environmentsFor(options);
  const environment = { account: options.account ?? null, region: options.region ?? null };
  // Environments change accounts, regions and stages everywhere: any change decides every row again.
  const apisKey = `${JSON.stringify(options.apis ?? {})}\u0000${environment.account ?? ''}\u0000${environment.region ?? ''}\u0000${options.environmentsKey ?? ''}`;
  let mapper = mappers.get(apisKey);
  if (!mapper || mapper.symbols !== symbols) {
    mapper = mappers.set(apisKey, { symbols, map: apiMapper(options, symbols, environmentsOf) });
  }
  const mapPattern = mapper.map;
  const accountSymbol = symbols.encode('${AWS::AccountId}');
  // What each document brings (its methods, its principals and their grants), kept while the
  // document, its includes, the symbol table and the API mapping are: a matrix built after one
  // file changed reads the other files' parts as they were.
  const grantsKey = `${apisKey}\u0000${options.account ?? ''}`;
  const parts = documents.map((d) => documentPart(d, { grantsKey, symbols, mapPattern, environmentsOf, keyed: options.environmentsKey !== undefined || !options.environmentsOf, account: options.account, checkpoint }));
  // A template deployed to several environments has its methods and principals once in each:
  // the same role in dev and in prod are two principals, in two accounts.
  const methods: MethodEntry[] = [];
  const inEnvironments: PrincipalInfo[] = [];
  for (const part of parts) {
    for (const entry of part.methods) {
      methods.push(entry);
    }
    for (const grant of part.grants) {
      inEnvironments.push(grant.principal);
    }
  }
  const configured = new Set(inEnvironments.flatMap((p) => (p.environment?.account ? [p.environment.account] : [])));
  const external = externalAccounts(parts, options, configured);
  const principals = external.length > 0 ? [...inEnvironments, ...external] : inEnvironments;
  // Only statements that name execute-api:Invoke matter; most roles have none. Statements
  // IAM rejects stay in the list (they decide nothing, but rows say they were ignored).
  const relevant = new Map<PrincipalInfo, readonly RelevantStatement[]>();
  // Which API each principal's grants can name: most name one API by its placeholder, so a
  // method need only be checked against the principals that name its API or use a wildcard.
  const byApi = new Map<string, PrincipalInfo[]>();
  const anyApi: PrincipalInfo[] = [];
  // Whether IAM rejects each policy, asked once per policy of this matrix (resource policies).
  const rejections = new Map<PolicySite, Rejection | undefined>();
  const policies = new Map<string, Judged[]>();
  // Per API: whether each principal's statements reach it (asked for every method nothing decides).
  const reaches = new Map<string, Map<PrincipalInfo, boolean>>();
  // This matrix's number, and each principal's state: when what its decisions are read from
  // last changed (see rowMemo).
  const epoch = matrices.set(matrices.get() + 1);
  const states = new Map<PrincipalInfo, { readonly key: string; readonly changedAt: number }>();
  // Only the principals of this matrix are kept: one that is missing from it (renamed,
  // removed, its file left the workspace) counts as new when it comes back, since rows
  // decided without it say nothing about it; and no old statement node stays held.
  const previous = principalStates.get();
  const next = principalStates.set(new Map());
  const enter = (grant: PrincipalGrants): void => {
    const { principal, statements, named, key, deps } = grant;
    relevant.set(principal, statements);
    if (named === 'any') {
      anyApi.push(principal);
    } else {
      for (const api of named) {
        const list = byApi.get(api);
        if (list) {
          list.push(principal);
        } else {
          byApi.set(api, [principal]);
        }
      }
    }
    const before = previous.get(key);
    const state = before && (before.deps === deps || sameItems(before.deps, deps)) ? before : { deps, changedAt: epoch };
    next.set(key, state);
    states.set(principal, { key, changedAt: state.changedAt });
  };
  for (const part of parts) {
    for (const grant of part.grants) {
      enter(grant);
    }
  }
  for (const principal of external) {
    enter({ principal, statements: [], named: new Set(), key: principalKey(principal), deps: principalDeps(principal, []) });
  }
  // The principals as kept rows hold them: without their policies, so a kept row holds no
  // document (rows are handed out with this matrix's principal).
  const detached = new Map<PrincipalInfo, PrincipalInfo>();
  const detach = (principal: PrincipalInfo): PrincipalInfo => {
    let light = detached.get(principal);
    if (!light) {
      light = { ...principal, identity: [] };
      detached.set(principal, light);
    }
    return light;
  };

  // Rows are decided when asked for, method by method (hovers, lenses and rules ask about a
  // few methods or principals; `rows` asks about all) and kept for this matrix's life.
  const prepared = new Map<(typeof methods)[number], PreparedMethod>();
  const prepare = (entry: (typeof methods)[number]): PreparedMethod => {
    const ready = prepared.get(entry);
    if (ready) {
      return ready;
    }
    const { uri, method, doc, environment: deployedTo } = entry;
    const prefix = methodPrefix(symbols, uri, method, deployedTo);
    // The API's account and region: its environment's, else the workspace's (if configured).
    const apiEnvironment = deployedTo ? { account: deployedTo.account ?? environment.account, region: deployedTo.region ?? environment.region } : environment;
    const apiKey = `${uri}\u0000${method.root}\u0000${method.api.id}`;
    let resourcePolicy = policies.get(apiKey);
    if (!resourcePolicy) {
      resourcePolicy = method.api.kind === 'REST' ? resourcePolicyOf(doc, method).filter((s) => actionMatches(s.node, INVOKE, { doc: doc.doc })).map((s) => judge(s, doc.doc, uri, rejections)) : [];
      policies.set(apiKey, resourcePolicy);
    }
    const resourceScope: EvaluationScope = { doc: doc.doc, file: deploymentScope(uri, deployedTo), symbols, shorthandPrefix: prefix, mapPattern, accountId: options.account, pseudo: pseudoParametersOf(deployedTo) };
    const named = deployedTo ? { environment: deployedTo.name } : {};
    // An environment's stage names are the ones the API is deployed with there.
    const stageNames = deployedTo && deployedTo.stages.length > 0 ? deployedTo.stages : method.api.stages.length > 0 ? method.api.stages : ['*'];
    const languages = method.verbs.length > 0 ? method.verbs : [method.method];
    if (method.authorization.type !== 'AWS_IAM') {
      const fixed = stageNames.flatMap((stage) => nonIamRows(method, uri, stage, languages, prefix, resourcePolicy, resourceScope, apiEnvironment).map((r) => ({ ...r, ...named })));
      const outside: PreparedMethod = { rows: () => fixed, rowOf: () => [], some: (test) => fixed.some(test), candidates: [] };
      prepared.set(entry, outside);
      return outside;
    }
    // What the resource policy's values read of the template (each statement's own names).
    const resourceDeps = [
      apisKey,
      uri,
      ...resourcePolicy.flatMap((j) => {
        const inputs = valueInputs(doc.doc, j.s.node);
        return [j.s.node, j.s.site.root, j.s.site.origin, j.s.path.join('\u0000'), j.signature, inputs.model, inputs.reads.length, ...inputs.reads];
      }),
    ];
    let kept = rowMemo.get(method);
    if (!kept) {
      kept = new Map();
      rowMemo.set(method, kept);
    }
    const keptByStage = kept;
    // The API's whole ARN language, for telling whether a principal's statements reach the API at all.
    const wholeApi: readonly Piece[] = [{ kind: 'text', text: prefix }, { kind: 'greedy' }];
    // Reach is per deployment: each environment's API has its own ARN.
    const reachKey = deployedTo ? `${apiKey}\u0000${deployedTo.name}` : apiKey;
    let reach = reaches.get(reachKey);
    if (!reach) {
      reach = new Map();
      reaches.set(reachKey, reach);
    }
    const context: MethodContext = { method, uri, resourcePolicy, resourceScope, apiAccount: deployedTo?.account ?? accountSymbol, environment: apiEnvironment, wholeApi, reach };
    // A resource policy may name anyone (Principal "*"): then every principal is a candidate.
    const candidates = resourcePolicy.length > 0 ? principals : [...(byApi.get(apiSymbolOf(prefix)) ?? []), ...anyApi];
    const stages = stageNames.map((stage) => {
      const keptKey = deployedTo ? `${deployedTo.name}\u0000${stage}` : stage;
      let memo = keptByStage.get(keptKey);
      // Kept decisions hold for the resource policy they were made with; the newest matrix
      // replaces them when it changed, an older one (asked late) keeps its own.
      if ((!memo || !sameItems(memo.resource, resourceDeps)) && epoch === matrices.get()) {
        memo = { resource: resourceDeps, decided: new Map() };
        keptByStage.set(keptKey, memo);
      } else if (memo && memo.decided.size > next.size * 2 + 16 && epoch === matrices.get()) {
        // Principals renamed or removed since: forget their decisions.
        for (const key of memo.decided.keys()) {
          if (!next.has(key)) {
            memo.decided.delete(key);
          }
        }
      }
      const usable = memo && sameItems(memo.resource, resourceDeps) ? memo : undefined;
      return { stage, requests: languages.map((verb) => ({ verb, resource: methodPieces(prefix, stage, verb, method.path) })), memo: usable, rows: new Map<PrincipalInfo, AccessRow | undefined>() };
    });
    const rowOf = (stage: (typeof stages)[number], principal: PrincipalInfo): AccessRow | undefined => {
      if (stage.rows.has(principal)) {
        return stage.rows.get(principal);
      }
      const own = relevant.get(principal) ?? [];
      let row: AccessRow | undefined;
      if (own.length > 0 || resourcePolicy.length > 0) {
        const state = states.get(principal)!;
        const earlier = stage.memo?.decided.get(state.key);
        if (earlier && state.changedAt <= earlier.at) {
          // Decided before from the same statements and resource policy: the row holds, for this matrix's principal.
          row = earlier.row && { ...earlier.row, principal };
          decisionCounts.get().reused++;
        } else {
          const decision = decide(principal, own, context, stage.stage, stage.requests);
          row = decision && deployedTo ? { ...decision, ...named } : decision;
          decisionCounts.get().decided++;
          stage.memo?.decided.set(state.key, { at: epoch, row: row && { ...row, principal: detach(principal) } });
        }
      }
      stage.rows.set(principal, row);
      return row;
    };
    let all: AccessRow[] | undefined;
    const decided: PreparedMethod = {
      rows: () => {
        if (!all) {
          all = [];
          for (const stage of stages) {
            for (const principal of candidates) {
              const row = rowOf(stage, principal);
              if (row) {
                all.push(row);
              }
            }
          }
        }
        return all;
      },
      some: (test) => {
        if (all) {
          return all.some(test);
        }
        for (const stage of stages) {
          for (const principal of candidates) {
            const row = rowOf(stage, principal);
            if (row && test(row)) {
              return true;
            }
          }
        }
        return false;
      },
      rowOf: (principal) => {
        const out: AccessRow[] = [];
        for (const stage of stages) {
          const row = rowOf(stage, principal);
          if (row) {
            out.push(row);
          }
        }
        return out;
      },
      candidates,
    };
    prepared.set(entry, decided);
    return decided;
  };
  const wanted = options.rowsFor ? methods.filter((m) => options.rowsFor!(m.uri)) : methods;
  const entriesOf = new Map<ApiMethod, (typeof methods)[number][]>();
  for (const entry of wanted) {
    const list = entriesOf.get(entry.method);
    if (list) {
      list.push(entry);
    } else {
      entriesOf.set(entry.method, [entry]);
    }
  }
  let allRows: AccessRow[] | undefined;
  const byMethod = new Map<ApiMethod, readonly AccessRow[]>();
  const rowsOfMethod = (method: ApiMethod): readonly AccessRow[] | undefined => {
    let found = byMethod.get(method);
    if (!found) {
      const entries = entriesOf.get(method);
      if (!entries) {
        return undefined;
      }
      found = entries.flatMap((entry) => prepare(entry).rows());
      byMethod.set(method, found);
    }
    return found;
  };
  // The rows are decided when asked for; what deciding reads is the matrix's, which its users
  // declare as the workspace's parts (access/workspace.ts), not theirs (engine.ts isolated).
  const rowsByMethod: MethodRows = {
    get: (method) => isolated(() => rowsOfMethod(method)),
    has: (method) => entriesOf.has(method),
    some: (method, test) =>
      isolated(() => {
        const found = byMethod.get(method);
        return found ? found.some(test) : (entriesOf.get(method) ?? []).some((entry) => prepare(entry).some(test));
      }),
  };
  const byPrincipal = new Map<PrincipalInfo, readonly AccessRow[]>();
  return {
    symbols,
    mapPattern,
    principals,
    methods: methods.map(({ uri, method, environment: e }) => ({ uri, method, ...(e ? { environment: e } : {}) })),
    get rows(): readonly AccessRow[] {
      allRows ??= isolated(() => wanted.flatMap((entry) => prepare(entry).rows()));
      return allRows;
    },
    rowsByMethod,
    rowsOfPrincipal(principal: PrincipalInfo): readonly AccessRow[] {
      let found = byPrincipal.get(principal);
      if (!found) {
        found = isolated(() => allRows
          ? allRows.filter((r) => r.principal === principal)
          : wanted.flatMap((entry) => {
              const ready = prepare(entry);
              // Rows of methods outside IAM authorization name their principals themselves.
              return ready.candidates.length === 0 ? ready.rows().filter((r) => r.principal === principal) : ready.candidates.includes(principal) ? ready.rowOf(principal) : [];
            }));
        byPrincipal.set(principal, found);
      }
      return found;
    },
    environmentsOf,
    productionStages: options.productionStages ?? DEFAULT_PRODUCTION_STAGES,
  };
}

/** One method in one environment, ready to decide its rows. */
interface PreparedMethod {
  /** Every row of the method: each stage, each candidate principal. */
  readonly rows: () => readonly AccessRow[];
  /** The rows of one candidate principal. */
  readonly rowOf: (principal: PrincipalInfo) => readonly AccessRow[];
  /** Whether some row passes `test`, deciding rows until one does. */
  readonly some: (test: (row: AccessRow) => boolean) => boolean;
  /** The principals that may have rows (empty for a method outside IAM authorization, whose rows are fixed). */
  readonly candidates: readonly PrincipalInfo[];
}

/** The symbol table matrices share; replaced past this many names (renames add names as they are typed). */
const SYMBOL_LIMIT = 100_000;
const symbolTable = cell('access/matrix.symbols', () => new SymbolTable());
/** The API id mapping of each configuration, with the symbol table it encodes with. */
const mappers = boundedTable<string, { readonly symbols: SymbolTable; readonly map: (pattern: string) => string }>('access/matrix.mappers', 16);
/** A document's principals per environment, kept with the symbol table their ARNs are encoded with. */
const principalsMemo = weakTable<SourceDocument, Map<string, { readonly symbols: SymbolTable; readonly principals: readonly PrincipalInfo[] }>>('access/matrix.principals');

/** A document's principals in an environment: the same objects while the document and the symbol table are. */
function principalsKept(d: WorkspaceDocument, symbols: SymbolTable, environment: AccessEnvironment | undefined): readonly PrincipalInfo[] {
  let byEnvironment = principalsMemo.get(d.doc);
  if (!byEnvironment) {
    byEnvironment = new Map();
    principalsMemo.set(d.doc, byEnvironment);
  }
  const key = `${d.uri}\u0000${environment ? JSON.stringify(environment) : ''}`;
  const known = byEnvironment.get(key);
  if (known && known.symbols === symbols) {
    return known.principals;
  }
  const principals = principalsOf(d, symbols, environment);
  byEnvironment.set(key, { symbols, principals });
  return principals;
}

/** One method of one document in one of its environments. */
interface MethodEntry {
  readonly uri: string;
  readonly method: ApiMethod;
  readonly doc: WorkspaceDocument;
  readonly environment: AccessEnvironment | undefined;
}

/** A principal with its statements that can grant or deny execute-api:Invoke, the APIs they can name, and what its decisions are read from. */
interface PrincipalGrants {
  readonly principal: PrincipalInfo;
  readonly statements: readonly RelevantStatement[];
  readonly named: ReadonlySet<string> | 'any';
  /** The principal as kept decisions know it (principalKey). */
  readonly key: string;
  /** What its decisions are read from (the same array while the document part is kept). */
  readonly deps: readonly unknown[];
}

/** An outside account a resource policy of the document names (see externalAccounts). */
interface NamedAccount {
  readonly text: string;
  readonly account: string;
  readonly root: number;
  readonly path: Path;
}

/** What one document brings to a matrix. */
interface DocumentPart {
  readonly uri: string;
  readonly includes: WorkspaceDocument['includes'];
  readonly grantsKey: string;
  readonly symbols: SymbolTable;
  readonly mapPattern: (pattern: string) => string;
  /** The document's environments as text, when the options give no key that fixes them. */
  readonly environments: string | undefined;
  readonly methods: readonly MethodEntry[];
  readonly grants: readonly PrincipalGrants[];
  readonly accounts: readonly NamedAccount[];
}

interface PartInputs {
  readonly grantsKey: string;
  readonly symbols: SymbolTable;
  readonly mapPattern: (pattern: string) => string;
  readonly environmentsOf: (uri: string) => readonly (AccessEnvironment | undefined)[];
  /** Whether `grantsKey` fixes every document's environments (the options' environmentsKey, or none configured). */
  readonly keyed: boolean;
  readonly account: string | undefined;
  readonly checkpoint: Checkpoint | undefined;
}

/**
 * A principal's grants, kept with the principal object (the same while its document and the
 * symbol table are: principalsKept) and what else they are read with: so a document part
 * whose build was stopped part-way reads the principals it had done again for nothing.
 */
const grantsMemo = weakTable<PrincipalInfo, { readonly symbols: SymbolTable; readonly mapPattern: (pattern: string) => string; readonly account: string | undefined; readonly grants: PrincipalGrants }>(
  'access/matrix.grants',
);

/** Each document's part, kept while the document object is. */
const documentParts = weakTable<SourceDocument, DocumentPart>('access/matrix.documentParts');

/** A document's methods, principals and their grants: the kept part while nothing it was read from changed. */
function documentPart(d: WorkspaceDocument, inputs: PartInputs): DocumentPart {
  const environments = inputs.keyed ? undefined : JSON.stringify(inputs.environmentsOf(d.uri));
  const known = documentParts.get(d.doc);
  if (
    known &&
    known.uri === d.uri &&
    known.includes === d.includes &&
    known.grantsKey === inputs.grantsKey &&
    known.symbols === inputs.symbols &&
    known.mapPattern === inputs.mapPattern &&
    known.environments === environments
  ) {
    return known;
  }
  const { symbols, mapPattern } = inputs;
  const inventory = apiInventory(d.doc, { includes: d.includes, fileName: d.uri }).methods;
  const methods: MethodEntry[] = [];
  const grants: PrincipalGrants[] = [];
  // Whether IAM rejects each policy, asked once per policy of the document.
  const rejections = new Map<PolicySite, Rejection | undefined>();
  for (const environment of inputs.environmentsOf(d.uri)) {
    for (const method of inventory) {
      methods.push({ uri: d.uri, method, doc: d, environment });
    }
    for (const principal of principalsKept(d, symbols, environment)) {
      const kept = grantsMemo.get(principal);
      if (kept && kept.symbols === symbols && kept.mapPattern === mapPattern && kept.account === inputs.account) {
        grants.push(kept.grants);
        continue;
      }
      const statements = principal.identity.flatMap(({ uri: pUri, doc, site }): RelevantStatement[] => {
        // One evaluation scope per policy document, shared by every method it is asked about.
        const scope: EvaluationScope = { doc, file: deploymentScope(pUri, principal.environment), symbols, mapPattern, accountId: inputs.account, pseudo: pseudoParametersOf(principal.environment) };
        const valueReads = valueInputs(doc, site.node);
        return statementsOf(site)
          .filter((s) => actionMatches(s.node, INVOKE, { doc }))
          .map((s) => ({ ...judge(s, doc, pUri, rejections), uri: pUri, doc, scope, inputs: valueReads }));
      });
      const made: PrincipalGrants = { principal, statements, named: apisNamed(statements, symbols, mapPattern), key: principalKey(principal), deps: principalDeps(principal, statements) };
      grantsMemo.set(principal, { symbols, mapPattern, account: inputs.account, grants: made });
      grants.push(made);
      inputs.checkpoint?.();
    }
  }
  const part: DocumentPart = {
    uri: d.uri,
    includes: d.includes,
    grantsKey: inputs.grantsKey,
    symbols,
    mapPattern,
    environments,
    methods,
    grants,
    accounts: namedAccounts(d, inventory),
  };
  documentParts.set(d.doc, part);
  return part;
}

/** The environments of each document, `[undefined]` for one with none (kept per uri for the matrix's life). */
function environmentsFor(options: AccessOptions): (uri: string) => readonly (AccessEnvironment | undefined)[] {
  const known = new Map<string, readonly (AccessEnvironment | undefined)[]>();
  return (uri) => {
    let found = known.get(uri);
    if (!found) {
      const configured = options.environmentsOf?.(uri) ?? [];
      found = configured.length > 0 ? configured : [undefined];
      known.set(uri, found);
    }
    return found;
  };
}

/** What every decision about one method shares. */
interface MethodContext {
  readonly method: ApiMethod;
  readonly uri: string;
  readonly resourcePolicy: readonly Judged[];
  readonly resourceScope: EvaluationScope;
  /** The API's account, encoded. */
  readonly apiAccount: string;
  readonly environment: { readonly account: string | null; readonly region: string | null };
  readonly wholeApi: readonly Piece[];
  /** Whether each principal reaches the API, once per API (every method of it asks). */
  readonly reach: Map<PrincipalInfo, boolean>;
}

/** Validity, template Conditions and names of a statement, read once per matrix. */
function judge(s: StatementRef, doc: SourceDocument, uri: string, policies: Map<PolicySite, Rejection | undefined>): Judged {
  const root = doc.roots[s.site.root];
  const conditions = root ? conditionsOnPath(root, s.path) : [];
  if (!policies.has(s.site)) {
    policies.set(s.site, policyRejection(s.site));
  }
  const rejection = statementRejection(s, policies.get(s.site));
  const conditionTextValue = conditionText(s, doc);
  const sid = scalarText(getProperty(s.node, 'Sid'));
  const index = s.path.length - 1 - [...s.path].reverse().findIndex((p) => p === 'Statement');
  const position = s.path[index + 1];
  const label = sid ?? String(typeof position === 'number' ? position : 0);
  const policyName = policyNameOf(s.site, root, uri);
  const signature = [rejection ? `${rejection.rule}@${rejection.path.join('/')}` : '', conditions.map(conditionLabel).join(','), conditionTextValue, policyName].join('\u0000');
  return { s, rejection, conditions, conditionText: conditionTextValue, policyName, label, signature };
}

/** An inline policy's PolicyName, else the logical id of the resource holding the policy, else the file. */
function policyNameOf(site: PolicySite, root: DocNode | undefined, uri: string): string {
  const at = site.path.lastIndexOf('PolicyDocument');
  if (root && at > 0 && site.path[at - 2] === 'Policies') {
    const name = scalarText(getProperty(nodeAtPath(root, site.path.slice(0, at)), 'PolicyName'));
    if (name !== undefined) {
      return name;
    }
  }
  return site.owner ?? (site.origin === 'file' ? uri : site.origin);
}

/**
 * Decisions kept across matrices, per method (an API inventory that an edit did not touch
 * keeps its method objects) and stage. A principal's decisions are read from its relevant
 * statement nodes (an incremental reparse keeps the untouched ones), their places, their
 * sites' origins and what their values resolve through; each principal key records the matrix
 * in which those last changed, or in which it appeared (a principal missing from a matrix is
 * forgotten, so decisions made without it are never read for it). Each kept decision records
 * the matrix it was made in: it holds while its principal has not changed since and the
 * method's resource policy (kept with them) is the same. A decision does not depend on the
 * symbol table's characters, only on which names are equal, so a row decided for an earlier
 * matrix holds for this one. Matrices decide rows only when asked, so an edit to one role's
 * grant decides that role's rows again, when they are next asked for, and reuses the rest.
 * Kept rows hold their principal without its policies, so no old document stays held.
 */
interface KeptRows {
  /** What the method's side was read from: its resource policy statements, their values' inputs, the API mapping. */
  readonly resource: readonly unknown[];
  /** By principal key: the matrix a decision was made in, and its row (none when nothing speaks of the pair). */
  readonly decided: Map<string, { readonly at: number; readonly row: AccessRow | undefined }>;
}
const rowMemo = weakTable<ApiMethod, Map<string, KeptRows>>('access/matrix.rowMemo');
/** By principal key: what its relevant statements were read from, and the matrix in which that last changed. */
const principalStates = cell('access/matrix.principalStates', () => new Map<string, { readonly deps: readonly unknown[]; readonly changedAt: number }>());
/** The number of the last matrix built. */
const matrices = cell('access/matrix.epoch', () => 0);
/** How many decisions were made and reused, for tests (across-edits.test.ts). */
const decisionCounts = cell('access/matrix.decisionCounts', () => ({ decided: 0, reused: 0 }));

/** How many (principal, method, stage) decisions were made and how many reused, so far (for tests and benchmarks). */
export function accessDecisionCounts(): { readonly decided: number; readonly reused: number } {
  return { ...decisionCounts.get() };
}

/** A principal as the kept decisions know it across matrices (its object is new in each). */
function principalKey(principal: PrincipalInfo): string {
  return `${principal.uri}\u0000${principal.kind}\u0000${principal.id}\u0000${principal.environment?.name ?? ''}`;
}

/** What one relevant statement's part of a decision is read from. */
function dependencies(r: RelevantStatement): unknown[] {
  // The site's origin (its resource's type and name) is written into each row's `via`; the
  // signature holds what the statement's siblings and ancestors decide (validity, Conditions).
  return [r.s.node, r.s.site.root, r.s.site.origin, r.s.path.join('\u0000'), r.uri, r.signature, r.inputs.model, r.inputs.reads.length, ...r.inputs.reads];
}

/** What a principal's decisions are read from: its relevant statements, its ARNs and its template Conditions. */
function principalDeps(principal: PrincipalInfo, statements: readonly RelevantStatement[]): unknown[] {
  return [...statements.flatMap(dependencies), (principal.arns ?? []).join('\u0000'), (principal.conditions ?? []).map(conditionLabel).join('\u0000')];
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
function apisNamed(statements: readonly RelevantStatement[], symbols: SymbolTable, mapPattern: (p: string) => string): Set<string> | 'any' {
  const named = new Set<string>();
  for (const { s, doc, scope } of statements) {
    const resource = getProperty(s.node, 'Resource');
    if (!resource || getProperty(s.node, 'NotResource')) {
      return 'any';
    }
    for (const value of stringValues(doc, resource, [])) {
      const encoded = mapPattern(symbols.encode(withPseudoParameters(value.text, scope.pseudo), scope.file));
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

/** The encoded ARN prefix (up to the stage) of a method's API, in the environment it is deployed to. */
export function methodPrefix(symbols: SymbolTable, uri: string, method: ApiMethod, environment?: AccessEnvironment): string {
  const deployedTo = withPseudoParameters('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:', pseudoParametersOf(environment));
  return symbols.encode(deployedTo) + symbols.encode(`\${${method.api.id}}`, deploymentScope(uri, environment)) + '/';
}

/**
 * What a template's placeholders are qualified by: its file, and the environment it is
 * deployed to, since each deployment of a template creates its own resources (the dev
 * stack's `${Api}` is not the prod stack's, even in one account).
 */
export function deploymentScope(uri: string, environment: AccessEnvironment | undefined): string {
  return environment ? `${uri}\u0001${environment.name}` : uri;
}

/**
 * How a resource pattern written in `file` covers each method of the workspace: the best
 * coverage over the method's stages, verbs and environments. `owner` is the API a resource
 * policy's `execute-api:/…` shorthand stands for.
 */
export function methodsCovered(
  matrix: AccessMatrix,
  pattern: string,
  file: string,
  owner?: MethodInEnvironment,
  only?: (ref: MethodInEnvironment) => boolean,
): { uri: string; method: ApiMethod; coverage: 'all' | 'some' }[] {
  // Over stages and environments: "all" only where every one is covered, "some" where any is.
  const found = new Map<ApiMethod, { uri: string; method: ApiMethod; coverage: Coverage }>();
  coverageByStage(matrix, pattern, file, owner, only, undefined, (ref, _stage, c) => {
    const before = found.get(ref.method);
    if (!before) {
      found.set(ref.method, { uri: ref.uri, method: ref.method, coverage: c });
    } else if (before.coverage !== c) {
      before.coverage = 'some';
    }
  });
  const out: { uri: string; method: ApiMethod; coverage: 'all' | 'some' }[] = [];
  for (const f of found.values()) {
    if (f.coverage !== 'none') {
      out.push({ uri: f.uri, method: f.method, coverage: f.coverage });
    }
  }
  return out;
}

/**
 * How a resource pattern written in `file` covers each method, stage and environment of the
 * workspace: `all` of the method's verbs there, `some`, or (left out) none. The pattern is read
 * in `environment` (one `file` deploys to), so `${AWS::AccountId}` is that environment's account.
 */
export function stagesCovered(matrix: AccessMatrix, pattern: string, file: string, environment: AccessEnvironment | undefined): { ref: MethodInEnvironment; stage: string; coverage: 'all' | 'some' }[] {
  const out: { ref: MethodInEnvironment; stage: string; coverage: 'all' | 'some' }[] = [];
  coverageByStage(matrix, pattern, file, undefined, undefined, [environment], (ref, stage, coverage) => {
    if (coverage !== 'none') {
      out.push({ ref, stage, coverage });
    }
  });
  return out;
}

/**
 * Tells `visit` how the pattern covers each method, stage and environment (in the matrix's
 * method order), once per environment the pattern is read in. A pattern is asked about every
 * method of the workspace, so what can be decided from literal text alone is: a method whose
 * API prefix the pattern's literal start disagrees with, or a verb whose literal start or end
 * it disagrees with, is covered by none of it without running the pattern's automaton.
 */
function coverageByStage(
  matrix: AccessMatrix,
  pattern: string,
  file: string,
  owner: MethodInEnvironment | undefined,
  only: ((ref: MethodInEnvironment) => boolean) | undefined,
  inEnvironments: readonly (AccessEnvironment | undefined)[] | undefined,
  visit: (ref: MethodInEnvironment, stage: string, coverage: Coverage) => void,
): void {
  const environments = inEnvironments ?? (owner ? [owner.environment] : matrix.environmentsOf(file));
  const layout = layoutOf(matrix);
  for (const environment of environments) {
    const text = withPseudoParameters(pattern, pseudoParametersOf(environment));
    const scope = deploymentScope(file, environment);
    let encoded = matrix.symbols.encode(text, scope);
    if (text.startsWith('execute-api:/') && owner) {
      encoded = methodPrefix(matrix.symbols, owner.uri, owner.method, owner.environment) + matrix.symbols.encode(text.slice('execute-api:/'.length), scope);
    }
    encoded = matrix.mapPattern(encoded);
    // Every ARN a pattern matches starts with its text up to the first wildcard, and every ARN
    // of a method starts with the method's prefix: where neither starts the other, the pattern
    // covers none of the methods of that prefix (in field-wise matching as in whole-string).
    const ends = patternEnds(encoded);
    const head = ends.head;
    const relatedTo = new Map<string, boolean>();
    for (const slot of layout) {
      if (only && !only(slot.ref)) {
        continue;
      }
      const prefix = slot.prefix;
      let related = relatedTo.get(prefix);
      if (related === undefined) {
        related = head.length <= prefix.length ? prefix.startsWith(head) : head.startsWith(prefix);
        relatedTo.set(prefix, related);
      }
      for (const { stage, languages } of slot.stages) {
        if (!related) {
          visit(slot.ref, stage, 'none');
          continue;
        }
        let all = true;
        let any = false;
        for (const language of languages) {
          const c = endsDisagree(ends, language.ends) ? 'none' : coverage(encoded, language.pieces).coverage;
          all &&= c === 'all';
          any ||= c !== 'none';
        }
        visit(slot.ref, stage, all ? 'all' : any ? 'some' : 'none');
      }
    }
  }
}

/** One method of a matrix with its encoded ARN prefix and its languages, per stage, one per verb (with their literal ends). */
interface MethodSlot {
  readonly ref: MethodInEnvironment;
  readonly prefix: string;
  readonly stages: readonly { readonly stage: string; readonly languages: readonly { readonly pieces: readonly Piece[]; readonly ends: LiteralEnds }[] }[];
}

/** The matrix's methods in order with their ARN prefixes and languages: made once per matrix, for the patterns rules and hovers ask about. */
function layoutOf(matrix: AccessMatrix): readonly MethodSlot[] {
  let layout = layouts.get(matrix);
  if (!layout) {
    layout = layouts.set(
      matrix,
      matrix.methods.map((ref) => {
        const { uri, method } = ref;
        const prefix = methodPrefix(matrix.symbols, uri, method, ref.environment);
        const names = ref.environment && ref.environment.stages.length > 0 ? ref.environment.stages : method.api.stages.length > 0 ? method.api.stages : ['*'];
        const verbs = method.verbs.length > 0 ? method.verbs : [method.method];
        return {
          ref,
          prefix,
          stages: names.map((stage) => ({
            stage,
            languages: verbs.map((verb) => {
              const pieces = methodPieces(prefix, stage, verb, method.path);
              return { pieces, ends: pieceEnds(pieces) };
            }),
          })),
        };
      }),
    );
  }
  return layout;
}
const layouts = weakTable<AccessMatrix, readonly MethodSlot[]>('access/matrix.layouts');

/**
 * The ARN language of one method, stage and verb. Kept (bounded): a matrix asks for the same
 * method once per principal, and the same array lets language.ts keep what it derives from it.
 */
export function methodPieces(prefix: string, stage: string, verb: string, path: string): readonly Piece[] {
  const key = `${prefix}\u0000${stage}\u0000${verb}\u0000${path}`;
  let pieces = piecesMemo.get(key);
  if (!pieces) {
    const stagePieces: Piece[] = stage === '*' ? [{ kind: 'segment' }] : [{ kind: 'text', text: stage }];
    if (verb === 'ROUTE') {
      // A WebSocket route's ARN is `{api}/{stage}/{route-key}`, with no verb; its `$default`
      // is a route key like any other.
      pieces = Object.freeze([{ kind: 'text', text: prefix } as Piece, ...stagePieces, { kind: 'text', text: `/${path}` } as Piece]);
    } else {
      const route = path === '$default' ? [{ kind: 'greedy' } as Piece] : pathPieces(path);
      pieces = Object.freeze([{ kind: 'text', text: prefix } as Piece, ...stagePieces, { kind: 'text', text: `/${verb}/` } as Piece, ...route]);
    }
    piecesMemo.set(key, pieces);
  }
  return pieces;
}
const piecesMemo = boundedTable<string, readonly Piece[]>('access/matrix.piecesMemo', 50_000);

/** A matched statement, with what its row entry is written from. */
interface Counted extends Considered {
  readonly judged: Judged;
  readonly uri: string;
}

function decide(principal: PrincipalInfo, own: readonly RelevantStatement[], ctx: MethodContext, stage: string, requests: readonly { readonly verb: string; readonly resource: readonly Piece[] }[]): AccessRow | undefined {
  const verbs = requests.map((r) => r.verb);
  const caller: RequestPrincipal = { arns: principal.arns ?? (principal.arn ? [principal.arn] : []), account: principal.account, session: principal.session };
  const principalConditions = principal.conditions ?? [];
  const perVerb = requests.map(({ verb, resource: pieces }) => {
    const request = { action: INVOKE, resource: pieces, principal: caller };
    const ignored: Via[] = [];
    const identity: Counted[] = [];
    for (const r of own) {
      if (r.rejection) {
        if (statementCoverage(r.s, pieces, r.scope) !== 'none') {
          ignored.push(rejectedVia(r, r.uri, 'identity'));
        }
        continue;
      }
      const m = matchStatement(r.s, request, r.scope, false);
      if (m) {
        identity.push(counted(m, r, r.uri, 'identity', r.scope, principalConditions));
      }
    }
    const resource: Counted[] = [];
    for (const j of ctx.resourcePolicy) {
      if (j.rejection) {
        const named = principalNamed(j.s, caller, ctx.resourceScope);
        if (named.result !== 'false' && named.by !== 'everyone' && statementCoverage(j.s, pieces, ctx.resourceScope) !== 'none') {
          ignored.push(rejectedVia(j, ctx.uri, 'resource'));
        }
        continue;
      }
      const m = matchStatement(j.s, request, ctx.resourceScope, true);
      if (m) {
        resource.push(counted(m, j, ctx.uri, 'resource', ctx.resourceScope, []));
      }
    }
    const verdict = decideRequest({ identity, resource, callerAccount: principal.account, apiAccount: ctx.apiAccount, identityVisible: principal.kind !== 'account' });
    const matched = [...identity, ...resource];
    // An implicit deny lists the Denies that applied only under conditions: they are why
    // nothing else was needed to deny, and what would deny if the Allows were added.
    const deciding = verdict.implicit ? matched.filter((c) => c.match.effect === 'Deny') : (verdict.deciding as Counted[]);
    const via = [...deciding.map(toVia), ...(verdict.delegating as Counted[]).map((c) => ({ ...toVia(c), ignored: { reason: 'account-delegation' } })), ...ignored];
    const halves = { identity: identity.some((c) => c.match.effect === 'Allow'), resource: resource.some((c) => c.match.effect === 'Allow'), byArn: resource.some((c) => c.match.effect === 'Allow' && c.match.principalBy === 'arn') };
    return { verb, verdict, via, matched: matched.length > 0, halves };
  });
  const spoken = perVerb.some((v) => v.matched || v.via.length > 0);
  if (!spoken && !mentions(principal, own, caller, ctx)) {
    return undefined; // Nothing in the workspace speaks of this principal and API.
  }
  // One verb (the usual case) decides alone; several agree, or the method is conditional on the verb.
  const first = perVerb[0]!.verdict.decision;
  const agree = perVerb.every((v) => v.verdict.decision === first);
  const decision: Decision = agree ? first : perVerb.some((v) => v.verdict.decision !== 'deny') ? 'conditional' : 'deny';
  const dependsOn: Dependency[] = [];
  for (const d of perVerb.flatMap((v) => v.verdict.dependsOn)) {
    if (!dependsOn.some((x) => x.kind === d.kind && ('name' in x ? x.name : '') === ('name' in d ? d.name : ''))) {
      dependsOn.push(d);
    }
  }
  if (!agree && decision === 'conditional') {
    dependsOn.push({ kind: 'request-method' });
  }
  return {
    principal,
    method: ctx.method,
    methodUri: ctx.uri,
    stage,
    decision,
    implicit: decision === 'deny' && perVerb.every((v) => v.verdict.implicit),
    account: ctx.environment.account,
    region: ctx.environment.region,
    verbs: decision === 'deny' ? verbs : perVerb.filter((v) => v.verdict.decision !== 'deny').map((v) => v.verb),
    via: dedupe(perVerb.length === 1 ? perVerb[0]!.via : perVerb.flatMap((v) => v.via)),
    conditionKeys: dependsOn.flatMap((d) => (d.kind === 'condition-key' ? [d.name] : [])),
    dependsOn,
    ...missingHalf(principal, ctx, decision, perVerb),
  };
}

/** Which half of a cross-account call is missing, when the row is an implicit deny that one side allows. */
function missingHalf(
  principal: PrincipalInfo,
  ctx: MethodContext,
  decision: Decision,
  perVerb: readonly { readonly verdict: { readonly implicit: boolean }; readonly halves: { readonly identity: boolean; readonly resource: boolean; readonly byArn: boolean } }[],
): { missingHalf?: 'identity' | 'resource' } {
  // Only two accounts the configuration names are known to differ.
  const known = (account: string | undefined): boolean => account !== undefined && /^\d{12}$/.test(account);
  if (decision !== 'deny' || principal.kind === 'account' || !known(principal.account) || !known(ctx.apiAccount) || principal.account === ctx.apiAccount || !perVerb.every((v) => v.verdict.implicit)) {
    return {};
  }
  if (perVerb.some((v) => v.halves.identity) && !perVerb.some((v) => v.halves.resource)) {
    return { missingHalf: 'resource' };
  }
  if (perVerb.some((v) => v.halves.byArn) && !perVerb.some((v) => v.halves.identity)) {
    return { missingHalf: 'identity' };
  }
  return {};
}

/**
 * Whether a principal has anything reaching the method's API, so that a method nothing
 * decides gets an implicit deny row: an identity statement (valid or not) whose resources
 * reach into the API, or a resource policy statement naming the principal or its account.
 */
function mentions(principal: PrincipalInfo, own: readonly RelevantStatement[], caller: RequestPrincipal, ctx: MethodContext): boolean {
  let known = ctx.reach.get(principal);
  if (known === undefined) {
    known =
      own.some((r) => statementCoverage(r.s, ctx.wholeApi, r.scope) !== 'none') ||
      (principal.kind !== 'account' &&
        ctx.resourcePolicy.some((j) => {
          const named = principalNamed(j.s, caller, ctx.resourceScope);
          return named.result !== 'false' && named.by !== 'everyone';
        }));
    ctx.reach.set(principal, known);
  }
  return known;
}

function counted(m: StatementMatch, j: Judged, uri: string, side: 'identity' | 'resource', scope: EvaluationScope, extra: readonly TemplateCondition[]): Counted {
  return { match: m, side, conditions: extra.length > 0 ? [...j.conditions, ...extra] : j.conditions, patterns: resourcePatterns(j.s, scope), conditionText: j.conditionText, judged: j, uri };
}

/** Methods without IAM authorization: anyone (NONE) or whoever the authorizer admits, unless the resource policy denies. */
function nonIamRows(
  method: ApiMethod,
  uri: string,
  stage: string,
  verbs: readonly string[],
  prefix: string,
  resourcePolicy: readonly Judged[],
  scope: EvaluationScope,
  environment: MethodContext['environment'],
): AccessRow[] {
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
      .filter((j) => !j.rejection)
      .map((j) => {
        const m = matchStatement(j.s, { action: INVOKE, resource: methodPieces(prefix, stage, verb, method.path) }, scope, true);
        return m && m.effect === 'Deny' ? counted(m, j, uri, 'resource', scope, []) : undefined;
      })
      .filter((c): c is Counted => c !== undefined),
  );
  const authorization: Via = {
    uri,
    root: method.root,
    path: method.declaredAt,
    effect: 'Allow',
    policy: 'authorization',
    origin: `authorization ${method.authorization.type}`,
    policyName: method.authorization.authorizer ?? method.authorization.type,
    statement: method.authorization.type,
    coverage: 'all',
    condition: anyone ? 'true' : 'unknown',
  };
  const decision: Decision = denies.some(certain) ? 'deny' : denies.length > 0 || !anyone ? 'conditional' : 'allow';
  const dependsOn: Dependency[] = [];
  if (decision === 'conditional') {
    if (!anyone) {
      dependsOn.push({ kind: 'authorizer', name: principal.id });
    }
    for (const d of denies) {
      for (const name of d.match.conditionKeys) {
        dependsOn.push({ kind: 'condition-key', name });
      }
      for (const c of d.conditions) {
        dependsOn.push({ kind: 'template-condition', name: c.name });
      }
    }
  }
  const unique = dependsOn.filter((d, i) => dependsOn.findIndex((x) => x.kind === d.kind && ('name' in x ? x.name : '') === ('name' in d ? d.name : '')) === i);
  return [
    {
      principal,
      method,
      methodUri: uri,
      stage,
      decision,
      implicit: false,
      account: environment.account,
      region: environment.region,
      verbs,
      via: dedupe([authorization, ...denies.map(toVia)]),
      conditionKeys: [...new Set(denies.flatMap((d) => d.match.conditionKeys))],
      dependsOn: unique,
    },
  ];
}

function toVia(c: Counted): Via {
  const { match: m, judged: j } = c;
  return {
    uri: c.uri,
    root: j.s.site.root,
    path: j.s.path,
    sid: scalarText(getProperty(j.s.node, 'Sid')),
    effect: m.effect,
    policy: c.side,
    origin: j.s.site.origin,
    policyName: j.policyName,
    statement: j.label,
    coverage: m.coverage === 'all' ? 'all' : 'some',
    condition: m.condition === 'true' && m.principal === 'true' && c.conditions.length === 0 ? 'true' : 'unknown',
    ...(c.conditions.length > 0 ? { conditions: c.conditions } : {}),
  };
}

/** A statement IAM rejects, listed to say that it was ignored and why. */
function rejectedVia(j: Judged, uri: string, side: 'identity' | 'resource'): Via {
  return {
    uri,
    root: j.s.site.root,
    path: j.s.path,
    sid: scalarText(getProperty(j.s.node, 'Sid')),
    effect: scalarText(getProperty(j.s.node, 'Effect')) ?? '',
    policy: side,
    origin: j.s.site.origin,
    policyName: j.policyName,
    statement: j.label,
    coverage: 'all',
    condition: 'unknown',
    ...(j.conditions.length > 0 ? { conditions: j.conditions } : {}),
    ignored: { reason: j.rejection!.rule, path: j.rejection!.path },
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
function externalAccounts(parts: readonly DocumentPart[], options: AccessOptions, configured: ReadonlySet<string>): PrincipalInfo[] {
  const out = new Map<string, PrincipalInfo>();
  for (const part of parts) {
    for (const { text, account, root, path } of part.accounts) {
      // The workspace's own account (when configured) holds the workspace's principals, not outsiders.
      // So do the accounts of configured environments.
      if (account !== options.account && !configured.has(account) && !out.has(text)) {
        out.set(text, { id: text, kind: 'account', uri: part.uri, root, path, identity: [], account, ...(text.startsWith('arn:') ? { arn: text } : {}) });
      }
    }
  }
  return [...out.values()];
}

/** The accounts the resource policies of a document's REST APIs name, API by API in the order of their first methods. */
function namedAccounts(d: WorkspaceDocument, inventory: readonly ApiMethod[]): NamedAccount[] {
  const out: NamedAccount[] = [];
  // The methods of an API share its resource policy: each is read once.
  const seen = new Set<string>();
  for (const method of inventory) {
    const key = `${method.root}\u0000${method.api.id}`;
    if (method.api.kind !== 'REST' || seen.has(key)) {
      continue;
    }
    seen.add(key);
    for (const statement of resourcePolicyOf(d, method)) {
      for (const { text } of stringValues(d.doc, getProperty(getProperty(statement.node, 'Principal'), 'AWS'), [])) {
        const account = /^(\d{12})$/.exec(text)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):/.exec(text)?.[1];
        if (account) {
          out.push({ text, account, root: statement.site.root, path: statement.path });
        }
      }
    }
  }
  return out;
}

/** The API's resource policy statements: sites in its document owned by the API (or, for an OpenAPI file, its own). */
function resourcePolicyOf(d: WorkspaceDocument, method: ApiMethod): StatementRef[] {
  return policySites(d.doc)
    .filter((s) => s.policyType === 'resource' && s.root === method.root && (s.owner === method.api.id || (s.owner === undefined && d.doc.kinds[s.root]?.startsWith('openapi'))))
    .flatMap(statementsOf);
}

/** Principals a document defines, with the identity policies that apply to each. */
function principalsOf(d: WorkspaceDocument, symbols: SymbolTable, environment?: AccessEnvironment): PrincipalInfo[] {
  // The principal's account: its environment's, or the workspace's one (a placeholder).
  const account = environment?.account ?? symbols.encode('${AWS::AccountId}');
  const scope = deploymentScope(d.uri, environment);
  const deployed = environment ? { environment } : {};
  const sites = policySites(d.doc).filter((s) => s.policyType === 'identity');
  // Each root's identity policies by owner (a template has one per role and function, and as
  // many roles and functions: looking them up in a list per principal was quadratic).
  const owned = new Map<string, PolicySite[]>();
  for (const site of sites) {
    if (site.owner !== undefined) {
      const key = `${site.root}\u0000${site.owner}`;
      const list = owned.get(key);
      if (list) {
        list.push(site);
      } else {
        owned.set(key, [site]);
      }
    }
  }
  const order = new Map(sites.map((site, i) => [site, i]));
  const ownedBy = (root: number, owners: ReadonlySet<string>): PolicySite[] => {
    const byOwner = [...owners].flatMap((owner) => owned.get(`${root}\u0000${owner}`) ?? []);
    // In the document's order, as the sites are.
    return owners.size > 1 ? byOwner.sort((a, b) => order.get(a)! - order.get(b)!) : byOwner;
  };
  const out: PrincipalInfo[] = [];
  d.doc.roots.forEach((root, rootIndex) => {
    const kind = d.doc.kinds[rootIndex];
    if (kind === 'iam-policy') {
      const own = sites.filter((s) => s.root === rootIndex);
      if (own.length > 0) {
        out.push({ id: d.uri, kind: 'policy-file', uri: d.uri, root: rootIndex, path: [], identity: own.map((site) => ({ uri: d.uri, doc: d.doc, site })), account, ...deployed });
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
      const arn = symbols.encode(`\${${r.logicalId}.Arn}`, scope);
      out.push({
        id: r.logicalId,
        kind: isRole ? 'role' : 'user',
        uri: d.uri,
        root: rootIndex,
        path: r.path,
        identity: ownedBy(rootIndex, owners).map((site) => ({ uri: d.uri, doc: d.doc, site })),
        arn,
        arns: [arn, ...namedArns(d, r, isRole ? 'role' : 'user', symbols, environment)],
        account,
        ...deployed,
        session: isRole,
        conditions: conditionsOnPath(root, r.path),
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
        identity: ownedBy(rootIndex, new Set([fn.logicalId])).map((site) => ({ uri: d.uri, doc: d.doc, site })),
        arn: symbols.encode(`\${${fn.logicalId}Role.Arn}`, scope),
        account,
        ...deployed,
        session: true,
        conditions: conditionsOnPath(root, fn.path),
      });
    }
  });
  return out;
}

/**
 * The literal ARNs a role or user is known by when its name is written (`RoleName`, with its
 * `Path`): `arn:aws:iam::${AWS::AccountId}:role/<path><name>`. Without a name CloudFormation
 * makes one up (stack name, logical id and a random suffix), so no literal ARN can name it.
 */
function namedArns(d: WorkspaceDocument, r: TemplateResource, kind: 'role' | 'user', symbols: SymbolTable, environment?: AccessEnvironment): string[] {
  const names = stringValues(d.doc, getProperty(r.properties, kind === 'role' ? 'RoleName' : 'UserName'), []);
  const paths = stringValues(d.doc, getProperty(r.properties, 'Path'), []);
  const out: string[] = [];
  for (const name of names) {
    for (const path of paths.length > 0 ? paths.map((p) => p.text) : ['/']) {
      const written = withPseudoParameters(`arn:aws:iam::\${AWS::AccountId}:${kind}${path}${name.text}`, pseudoParametersOf(environment));
      out.push(symbols.encode(written, deploymentScope(d.uri, environment)));
    }
  }
  return out;
}

/**
 * Ties literal API ids in patterns to template APIs: `arn:aws:execute-api:us-east-1:1111…:a1b2c3/…`
 * becomes the template API's symbolic ARN when `a1b2c3` is mapped (region and account then
 * taken to be the template's own).
 */
function apiMapper(options: AccessOptions, symbols: SymbolTable, environmentsOf: (uri: string) => readonly (AccessEnvironment | undefined)[]): (pattern: string) => string {
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
    // A template deployed to environments is read in the one whose account the ARN names (else
    // its first): an API id is one deployment's.
    const environments = environmentsOf(target.uri);
    const environment = environments.find((e) => e?.account === m[3] && (e?.region === undefined || e.region === m[2])) ?? environments[0];
    const deployedTo = withPseudoParameters('arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:', pseudoParametersOf(environment));
    return symbols.encode(deployedTo) + symbols.encode(`\${${target.logicalId}}`, deploymentScope(target.uri, environment)) + (m[5] ?? '');
  };
}
