/**
 * IAM's evaluation logic for one request against policy statements, without a live
 * request: resources are a method's whole ARN language (so a statement may cover all,
 * some or none of it), and conditions are three-valued (true, false, unknown) because most
 * context keys (source IP, time, tags) only exist at request time. A condition operator
 * IAM does not know makes the policy invalid; such a statement never applies, rather than
 * silently matching.
 */
import { asList, getProperty, scalarText, type DocNode } from '../model/node';
import { parseOperator } from '../policy/operators';
import type { StatementRef } from '../policy/statements';
import { computeReading, readParameter } from '../template/reads';
import { sameValueInputs, stringValues, templateFor, usedReading, valueInputs, type StringValue, type ValueInputs } from '../policy/values';
import type { SourceDocument } from '../types';
import { compileGlob } from '../util/glob';
import { coverage, type Coverage, type Piece, type SymbolTable } from './language';
import { weakTable } from '../engine';
import { withPseudoParameters, type PseudoParameters } from '../template/resolve';

export type Tri = 'true' | 'false' | 'unknown';

export interface RequestPrincipal {
  /**
   * Encoded ARNs the caller is known by: a role's `${Role.Arn}` and, when its name is known,
   * `arn:aws:iam::${AWS::AccountId}:role/<path><name>`.
   */
  readonly arns?: readonly string[];
  /** Encoded account id of the caller (the `${AWS::AccountId}` symbol, or a literal id). */
  readonly account?: string;
  /**
   * True when the caller signs as a role session (roles, functions' roles): a request then
   * comes from `arn:aws:sts::…:assumed-role/<name>/<session>`, not from the role's own ARN.
   */
  readonly session?: boolean;
}

export interface Request {
  /** `service:Action`, compared case-insensitively. */
  readonly action: string;
  /** The ARN language of what is called, placeholders encoded. */
  readonly resource: readonly Piece[];
  readonly principal?: RequestPrincipal;
  /** Context keys known for certain (lower-cased names). Anything absent is unknown. */
  readonly context?: ReadonlyMap<string, readonly string[]>;
}

export interface StatementMatch {
  readonly statement: StatementRef;
  readonly effect: 'Allow' | 'Deny';
  readonly coverage: Coverage;
  readonly condition: Tri;
  /** Whether the statement's Principal names the caller (resource policies); 'true' for identity policies. */
  readonly principal: Tri;
  /**
   * How a resource policy statement names the caller: everyone (`*`, or NotPrincipal that
   * leaves it out), its own ARN, or its account (root ARN or bare id), which delegates to
   * the account's identity policies rather than granting by itself.
   */
  readonly principalBy?: 'everyone' | 'arn' | 'account';
  /** Condition keys whose value decides the outcome. */
  readonly conditionKeys: readonly string[];
  /** Template parameters whose value decides whether the Principal names the caller. */
  readonly parameters: readonly string[];
}

export interface EvaluationScope {
  readonly doc: SourceDocument;
  /** The file the statements are written in; template placeholders are qualified by it. */
  readonly file: string;
  readonly symbols: SymbolTable;
  /** Prefix the `execute-api:/…` shorthand of a resource policy stands for (the owning API's ARN), encoded. */
  readonly shorthandPrefix?: string;
  /** Rewrites a resource pattern before matching (workspace API-id mapping); encoded in, encoded out. */
  readonly mapPattern?: (pattern: string) => string;
  /**
   * The literal account id the document deploys to, when configured: a Principal naming it
   * (`123456789012`, `arn:aws:iam::123456789012:root`, a role ARN in it) names the same
   * account as `${AWS::AccountId}`.
   */
  readonly accountId?: string;
  /** The account and region of the environment the statements are deployed to, if configured. */
  readonly pseudo?: PseudoParameters;
}

/**
 * How a statement applies to a request, or undefined when its action (or principal, for
 * a resource policy) plainly does not match.
 */
export function matchStatement(statement: StatementRef, request: Request, scope: EvaluationScope, isResourcePolicy: boolean): StatementMatch | undefined {
  const node = statement.node;
  const effectText = scalarText(getProperty(node, 'Effect'));
  if (effectText !== 'Allow' && effectText !== 'Deny') {
    return undefined;
  }
  if (!actionMatches(node, request.action, scope)) {
    return undefined;
  }
  const principal: PrincipalMatch = isResourcePolicy ? principalMatches(node, request.principal, scope) : IDENTITY;
  if (principal.result === 'false') {
    return undefined;
  }
  const cov = resourceCoverage(node, request.resource, scope);
  if (cov === 'none') {
    return undefined;
  }
  const { result, keys } = evaluateCondition(getProperty(node, 'Condition'), request.context);
  if (result === 'false') {
    return undefined;
  }
  return { statement, effect: effectText, coverage: cov, condition: result, principal: principal.result, principalBy: principal.by, conditionKeys: keys, parameters: principal.parameters };
}

/**
 * How much of a request's resource a statement's Resource (or NotResource) covers, whatever
 * its Effect, Principal or Condition: for statements IAM rejects, to say that they would
 * have applied.
 */
export function statementCoverage(statement: StatementRef, resource: readonly Piece[], scope: EvaluationScope): Coverage {
  return resourceCoverage(statement.node, resource, scope);
}

/** The encoded Resource patterns of a statement (undefined with NotResource or no Resource). */
export function resourcePatterns(statement: StatementRef, scope: EvaluationScope): readonly string[] | undefined {
  const positive = getProperty(statement.node, 'Resource');
  return positive ? patternsOf(positive, scope) : undefined;
}

/**
 * A statement's Condition as comparable text (operators and keys in order, values as
 * resolved), or '' without one: two statements with the same text hold for the same requests.
 */
export function conditionText(statement: StatementRef, doc: SourceDocument): string {
  const condition = getProperty(statement.node, 'Condition');
  if (!condition || condition.kind !== 'object') {
    return '';
  }
  const parts = condition.properties
    .map((op) => {
      const entries = op.value.kind === 'object' ? op.value.properties.map((e) => `${e.key.toLowerCase()}=${stringValues(doc, e.value, []).map((v) => v.text).sort().join(',')}`) : [];
      return `${op.key}{${entries.sort().join(';')}}`;
    })
    .sort();
  return parts.join('|');
}

/**
 * Action matches, per statement node and action: a matrix asks the same question thousands
 * of times. Kept with the value inputs: resolving an Action reads the template's Parameters
 * and Mappings, and a statement node outlives an edit to them (model/reparse.ts).
 */
const actionMemo = weakTable<DocNode, { doc: WeakRef<SourceDocument>; readonly inputs: ValueInputs; readonly byAction: Map<string, boolean> }>('access/evaluate.actionMemo');

export function actionMatches(node: DocNode, action: string, scope: Pick<EvaluationScope, 'doc'>): boolean {
  let entry = actionMemo.get(node);
  // The document, held weakly, answers most calls without working out the inputs again.
  if (!entry || entry.doc.deref() !== scope.doc) {
    const inputs = valueInputs(scope.doc, node);
    if (entry && sameValueInputs(entry.inputs, inputs)) {
      entry.doc = new WeakRef(scope.doc);
    } else {
      entry = { doc: new WeakRef(scope.doc), inputs, byAction: new Map() };
      actionMemo.set(node, entry);
    }
  }
  const byAction = entry.byAction;
  const reads = entry.inputs.reads;
  let result = byAction.get(action);
  if (result === undefined) {
    result = computeReading('access/evaluate.actionMemo', () => templateFor(scope.doc, node), reads, () => actionMatchesUncached(node, action, scope));
    byAction.set(action, result);
  } else {
    usedReading(scope.doc, node, reads);
  }
  return result;
}

function actionMatchesUncached(node: DocNode, action: string, scope: Pick<EvaluationScope, 'doc'>): boolean {
  const positive = getProperty(node, 'Action');
  const negative = getProperty(node, 'NotAction');
  const matches = (element: DocNode | undefined): boolean =>
    stringValues(scope.doc, element, []).some((v) => compileGlob(v.text, { ignoreCase: true }).matches(action));
  if (positive) {
    return matches(positive);
  }
  return negative ? !matches(negative) : false;
}

/**
 * Encoded resource patterns, per symbol table (one per matrix: the same placeholder gets
 * another character in another matrix), statement element and scope.
 */
const scopeKeys = weakTable<EvaluationScope, string>('access/evaluate.scopeKeys');
// Per API mapping (one per symbol table and configuration): what a pattern encodes to depends on both.
const patternMemo = weakTable<object, WeakMap<DocNode, Map<string, { readonly inputs: ValueInputs; readonly patterns: string[] }>>>('access/evaluate.patternMemo');

function patternsOf(element: DocNode, scope: EvaluationScope): string[] {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = `${scope.file}\u0000${scope.shorthandPrefix ?? ''}\u0000${scope.pseudo?.accountId ?? ''}\u0000${scope.pseudo?.region ?? ''}`;
    scopeKeys.set(scope, key);
  }
  const encoding: object = scope.mapPattern ?? scope.symbols;
  let byNode = patternMemo.get(encoding);
  if (!byNode) {
    byNode = new WeakMap();
    patternMemo.set(encoding, byNode);
  }
  let byScope = byNode.get(element);
  if (!byScope) {
    byScope = new Map();
    byNode.set(element, byScope);
  }
  // The node's values may read Parameters and Mappings elsewhere in the template: kept while those are the same.
  const inputs = valueInputs(scope.doc, element);
  const kept = byScope.get(key);
  if (kept && sameValueInputs(kept.inputs, inputs)) {
    usedReading(scope.doc, element, inputs.reads);
    return kept.patterns;
  }
  const patterns = computeReading('access/evaluate.patternMemo', () => templateFor(scope.doc, element), inputs.reads, () => stringValues(scope.doc, element, []).map((v) => pattern(v.text, scope)));
  byScope.set(key, { inputs, patterns });
  return patterns;
}

function resourceCoverage(node: DocNode, resource: readonly Piece[], scope: EvaluationScope): Coverage {
  const positive = getProperty(node, 'Resource');
  const negative = getProperty(node, 'NotResource');
  const coverages = (element: DocNode | undefined): Coverage[] => (element ? patternsOf(element, scope).map((p) => coverage(p, resource).coverage) : []);
  if (positive) {
    return best(coverages(positive));
  }
  if (negative) {
    // NotResource covers what none of its patterns cover.
    const excluded = best(coverages(negative));
    return excluded === 'all' ? 'none' : excluded === 'some' ? 'some' : 'all';
  }
  // A resource policy's statements apply to the resource they are attached to.
  return 'all';
}

function pattern(written: string, scope: EvaluationScope): string {
  // `${AWS::AccountId}` and `${AWS::Region}` are the environment's, where one is configured.
  const text = withPseudoParameters(written, scope.pseudo);
  let encoded = scope.symbols.encode(text, scope.file);
  if (text.startsWith('execute-api:/') && scope.shorthandPrefix) {
    encoded = scope.shorthandPrefix + scope.symbols.encode(text.slice('execute-api:/'.length), scope.file);
  }
  return scope.mapPattern ? scope.mapPattern(encoded) : encoded;
}

function best(values: Coverage[]): Coverage {
  return values.includes('all') ? 'all' : values.includes('some') ? 'some' : 'none';
}

/**
 * Whether a resource policy statement's Principal names a caller, and how, whatever the
 * statement's other elements (for telling which principals a policy mentions).
 */
export function principalNamed(statement: StatementRef, caller: RequestPrincipal, scope: EvaluationScope): PrincipalMatch {
  return principalMatches(statement.node, caller, scope);
}

export interface PrincipalMatch {
  readonly result: Tri;
  readonly by?: 'everyone' | 'arn' | 'account';
  readonly parameters: readonly string[];
}

const IDENTITY: PrincipalMatch = { result: 'true', parameters: [] };
const NOBODY: PrincipalMatch = { result: 'false', parameters: [] };

/**
 * Whether a resource policy statement's Principal (or NotPrincipal) names the caller.
 * `*` names everyone; an account id or `arn:…:root` names the account; an ARN names that
 * principal. Values written with intrinsics are resolved (`!GetAtt Role.Arn`, `!Sub
 * arn:aws:iam::${AWS::AccountId}:role/Name`) and compared in the matrix's encoding. A
 * parameter without a default may be anyone: "unknown", naming the parameter.
 *
 * NotPrincipal follows the IAM User Guide ("NotPrincipal", "Specifying NotPrincipal and
 * Deny"): AWS "might validate the account first", and a role's request comes from its
 * assumed-role session, so a caller is left out only when the list names its account, or,
 * for a user, its own ARN; a role's ARN alone does not leave its sessions out.
 */
function principalMatches(node: DocNode, caller: RequestPrincipal | undefined, scope: EvaluationScope): PrincipalMatch {
  const positive = getProperty(node, 'Principal');
  const negative = getProperty(node, 'NotPrincipal');
  if (positive) {
    return namesCaller(positive, caller, scope, false);
  }
  if (negative) {
    const named = namesCaller(negative, caller, scope, true);
    return named.result === 'true' ? NOBODY : { result: named.result === 'false' ? 'true' : 'unknown', by: 'everyone', parameters: named.parameters };
  }
  return NOBODY;
}

function namesCaller(principal: DocNode, caller: RequestPrincipal | undefined, scope: EvaluationScope, negated: boolean): PrincipalMatch {
  if (principal.kind === 'string' && principal.value === '*') {
    return { result: 'true', by: 'everyone', parameters: [] };
  }
  const accountSymbol = scope.symbols.encode('${AWS::AccountId}');
  let result: Tri = 'false';
  const parameters: string[] = [];
  for (const value of stringValues(scope.doc, getProperty(principal, 'AWS'), [])) {
    if (value.text === '*') {
      return { result: 'true', by: 'everyone', parameters: [] };
    }
    const entry = normaliseAccount(scope.symbols.encode(withPseudoParameters(value.text, scope.pseudo), scope.file), scope.accountId, accountSymbol);
    const account = /^(\d{12}|[\ue000-\uf8ff])$/u.exec(entry)?.[1] ?? /^arn:[^:]+:iam::(\d{12}|[\ue000-\uf8ff]):root$/u.exec(entry)?.[1];
    if (caller?.account !== undefined && account !== undefined && caller.account === account) {
      return { result: 'true', by: 'account', parameters: [] };
    }
    if (caller?.arns?.includes(entry) && !(negated && caller.session)) {
      return { result: 'true', by: 'arn', parameters: [] };
    }
    // With no caller at all (who is anyone?) the entry may or may not be them. A caller of
    // the workspace is in the workspace's own account, which a literal account id or ARN
    // in a resource policy is taken not to be (unless configured): such entries name
    // other accounts.
    if (!caller) {
      result = 'unknown';
      continue;
    }
    const parameter = unresolvedParameter(value, scope);
    if (parameter !== undefined) {
      result = 'unknown';
      parameters.push(parameter);
    }
  }
  return { result, by: result === 'false' ? undefined : 'arn', parameters };
}

/** A configured literal account id written in a principal stands for the document's `${AWS::AccountId}`. */
function normaliseAccount(entry: string, accountId: string | undefined, symbol: string): string {
  if (accountId === undefined) {
    return entry;
  }
  if (entry === accountId) {
    return symbol;
  }
  const marker = `::${accountId}:`;
  return entry.startsWith('arn:') && entry.includes(marker) ? entry.replace(marker, `::${symbol}:`) : entry;
}

/** The parameter (without a default) a value is waiting for, if it is one. */
function unresolvedParameter(value: StringValue, scope: EvaluationScope): string | undefined {
  if (value.origin !== 'partial') {
    return undefined;
  }
  const model = templateFor(scope.doc, value.node);
  for (const m of value.text.matchAll(/\$\{([^}.:]+)\}/g)) {
    // Through the engine: resolving the value read this parameter already, and declared it.
    if (readParameter(model, m[1]!)) {
      return m[1];
    }
  }
  return undefined;
}

/**
 * Three-valued condition evaluation: every operator and key must hold (AND), any of a
 * key's values may match (OR). With no known context value a test is unknown, except
 * `Null` tests of keys we know to be absent or present.
 */
export function evaluateCondition(condition: DocNode | undefined, context: ReadonlyMap<string, readonly string[]> | undefined): { result: Tri; keys: string[] } {
  if (!condition || condition.kind !== 'object') {
    return { result: 'true', keys: [] };
  }
  let result: Tri = 'true';
  const keys: string[] = [];
  for (const operatorProp of condition.properties) {
    const parsed = parseOperator(operatorProp.key);
    if (!parsed.ok) {
      // IAM rejects a policy with an unknown operator: the statement grants nothing.
      return { result: 'false', keys: [] };
    }
    const block = operatorProp.value;
    if (block.kind !== 'object') {
      return { result: 'false', keys: [] };
    }
    for (const entry of block.properties) {
      const known = context?.get(entry.key.toLowerCase());
      const values = asList(entry.value).map((v) => scalarText(v) ?? '');
      const outcome = known === undefined ? 'unknown' : test(parsed.operator.base.name, known, values);
      if (outcome === 'false') {
        return { result: 'false', keys: [] };
      }
      if (outcome === 'unknown') {
        result = 'unknown';
        keys.push(entry.key);
      }
    }
  }
  return { result, keys };
}

function test(operator: string, actual: readonly string[], expected: readonly string[]): Tri {
  const any = (pred: (a: string, e: string) => boolean): Tri => (actual.some((a) => expected.some((e) => pred(a, e))) ? 'true' : 'false');
  switch (operator) {
    case 'StringEquals':
    case 'ArnEquals':
      return any((a, e) => a === e);
    case 'StringNotEquals':
    case 'ArnNotEquals':
      return any((a, e) => a === e) === 'true' ? 'false' : 'true';
    case 'StringEqualsIgnoreCase':
      return any((a, e) => a.toLowerCase() === e.toLowerCase());
    case 'StringLike':
    case 'ArnLike':
      return any((a, e) => compileGlob(e).matches(a));
    case 'StringNotLike':
    case 'ArnNotLike':
      return any((a, e) => compileGlob(e).matches(a)) === 'true' ? 'false' : 'true';
    case 'Bool':
      return any((a, e) => a.toLowerCase() === e.toLowerCase());
    default:
      return 'unknown';
  }
}
