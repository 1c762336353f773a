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
import { sameValueInputs, stringValues, valueInputs, type ValueInputs } from '../policy/values';
import type { SourceDocument } from '../types';
import { compileGlob } from '../util/glob';
import { coverage, type Coverage, type Piece, type SymbolTable } from './language';

export type Tri = 'true' | 'false' | 'unknown';

export interface RequestPrincipal {
  /** Encoded ARN of the caller (a role, a user), if known. */
  readonly arn?: string;
  /** Encoded account id of the caller. */
  readonly account?: string;
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
  /** Condition keys whose value decides the outcome. */
  readonly conditionKeys: readonly string[];
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
  const principal = isResourcePolicy ? principalMatches(node, request.principal) : 'true';
  if (principal === 'false') {
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
  return { statement, effect: effectText, coverage: cov, condition: result, principal, conditionKeys: keys };
}

/**
 * Action matches, per statement node and action: a matrix asks the same question thousands
 * of times. Kept with the value inputs: resolving an Action reads the template's Parameters
 * and Mappings, and a statement node outlives an edit to them (model/reparse.ts).
 */
const actionMemo = new WeakMap<DocNode, { doc: WeakRef<SourceDocument>; readonly inputs: ValueInputs; readonly byAction: Map<string, boolean> }>();

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
  let result = byAction.get(action);
  if (result === undefined) {
    result = actionMatchesUncached(node, action, scope);
    byAction.set(action, result);
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
const scopeKeys = new WeakMap<EvaluationScope, string>();
const patternMemo = new WeakMap<SymbolTable, WeakMap<DocNode, Map<string, string[]>>>();

function patternsOf(element: DocNode, scope: EvaluationScope): string[] {
  let key = scopeKeys.get(scope);
  if (key === undefined) {
    key = `${scope.file}\u0000${scope.shorthandPrefix ?? ''}`;
    scopeKeys.set(scope, key);
  }
  let byNode = patternMemo.get(scope.symbols);
  if (!byNode) {
    byNode = new WeakMap();
    patternMemo.set(scope.symbols, byNode);
  }
  let byScope = byNode.get(element);
  if (!byScope) {
    byScope = new Map();
    byNode.set(element, byScope);
  }
  let patterns = byScope.get(key);
  if (!patterns) {
    patterns = stringValues(scope.doc, element, []).map((v) => pattern(v.text, scope));
    byScope.set(key, patterns);
  }
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

function pattern(text: string, scope: EvaluationScope): string {
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
 * Whether a resource policy statement's Principal (or NotPrincipal) names the caller.
 * `*` names everyone; an account id or `arn:…:root` names the account; an ARN names that
 * principal. When the caller is only known symbolically, a literal ARN is "unknown".
 */
function principalMatches(node: DocNode, caller: RequestPrincipal | undefined): Tri {
  const positive = getProperty(node, 'Principal');
  const negative = getProperty(node, 'NotPrincipal');
  if (positive) {
    return namesCaller(positive, caller);
  }
  if (negative) {
    const named = namesCaller(negative, caller);
    return named === 'true' ? 'false' : named === 'false' ? 'true' : 'unknown';
  }
  return 'false';
}

function namesCaller(principal: DocNode, caller: RequestPrincipal | undefined): Tri {
  if (principal.kind === 'string' && principal.value === '*') {
    return 'true';
  }
  const entries = asList(getProperty(principal, 'AWS')).map((n) => scalarText(n) ?? '');
  let result: Tri = 'false';
  for (const entry of entries) {
    if (entry === '*') {
      return 'true';
    }
    const account = /^(\d{12})$/.exec(entry)?.[1] ?? /^arn:[^:]+:iam::(\d{12}):root$/.exec(entry)?.[1];
    if (caller?.account && account && caller.account === account) {
      return 'true';
    }
    if (caller?.arn && entry === caller.arn) {
      return 'true';
    }
    // With no caller at all (who is anyone?) the entry may or may not be them. A caller of
    // the workspace is in the workspace's own account, which a literal account id or ARN
    // in a resource policy is taken not to be: such entries name other accounts.
    if (!caller) {
      result = 'unknown';
    }
  }
  return result;
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
