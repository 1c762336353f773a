/**
 * Actions as policies write them (`s3:GetObject`, `s3:Get*`, `*`), resolved against the
 * IAM catalog. Every rule that needs to know what a statement grants goes through here, so
 * they agree on what "unknown", "not loaded" and "cannot be known" mean.
 */
import type { ActionInfo, IamCatalog, LoadedService } from '../data/catalog';
import { getProperty, type DocNode } from '../model/node';
import type { SourceDocument } from '../types';
import { hasWildcard } from '../util/glob';
import type { StatementRef } from './statements';
import { sameValueInputs, stringValues, templateFor, usedReading, valueInputs, type StringValue, type ValueInputs } from './values';
import { computeReading } from '../template/reads';
import { weakTable } from '../engine';
import { documentOf, type DocLike } from './view';

/**
 * What one Action value stands for.
 * - `all`: `*`. `malformed`: no `service:name` shape.
 * - `partial`: a template value with a part we cannot know (`${Name}`); never judged.
 * - `wildcardService`: a wildcard in the service part (`s3*:Get*`), not expanded.
 * - `unknownService`, `unloaded`: the catalog has no such service, or has not loaded it.
 * - `actions`: the actions of a loaded service the name matches (none for a typo).
 */
export type ActionResolution =
  | { readonly kind: 'all' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'partial' }
  | { readonly kind: 'wildcardService'; readonly prefix: string; readonly name: string }
  | { readonly kind: 'unknownService'; readonly prefix: string; readonly name: string }
  | { readonly kind: 'unloaded'; readonly prefix: string; readonly name: string }
  | {
      readonly kind: 'actions';
      readonly prefix: string;
      readonly name: string;
      readonly wildcard: boolean;
      readonly service: LoadedService;
      readonly actions: readonly ActionInfo[];
    };

/** `service` and `name` of `service:name`, split at the first colon. */
export function splitAction(text: string): { prefix: string; name: string } | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0 || colon === text.length - 1) {
    return undefined;
  }
  return { prefix: text.slice(0, colon), name: text.slice(colon + 1) };
}

const resolutions = weakTable<IamCatalog, { revision: number; byText: Map<string, ActionResolution> }>('policy/actions.resolutions');

/**
 * What an action value stands for. Answers are kept per catalog revision: the same names
 * come back on every edit of a document, and a loaded service never changes.
 */
export function resolveAction(catalog: IamCatalog, text: string, origin: StringValue['origin'] = 'literal'): ActionResolution {
  if (origin === 'partial' && text.includes('${')) {
    return { kind: 'partial' };
  }
  let cache = resolutions.get(catalog);
  if (!cache || cache.revision !== catalog.revision()) {
    cache = { revision: catalog.revision(), byText: new Map() };
    resolutions.set(catalog, cache);
  }
  let found = cache.byText.get(text);
  if (!found) {
    found = resolveUncached(catalog, text);
    if (cache.byText.size > 50000) {
      cache.byText.clear();
    }
    cache.byText.set(text, found);
  }
  return found;
}

function resolveUncached(catalog: IamCatalog, text: string): ActionResolution {
  if (text === '*') {
    return { kind: 'all' };
  }
  const split = splitAction(text);
  if (!split || /\s/.test(text) || split.name.includes(':')) {
    return { kind: 'malformed' };
  }
  const { prefix, name } = split;
  if (hasWildcard(prefix)) {
    return { kind: 'wildcardService', prefix, name };
  }
  if (!catalog.isKnownService(prefix)) {
    return { kind: 'unknownService', prefix, name };
  }
  const service = catalog.service(prefix);
  if (!service) {
    return { kind: 'unloaded', prefix, name };
  }
  const wildcard = hasWildcard(name);
  const exact = wildcard ? undefined : service.actionsByName.get(name.toLowerCase());
  const actions = wildcard ? catalog.matchActions(prefix, name) : exact ? [exact] : [];
  return { kind: 'actions', prefix: service.prefix, name, wildcard, service, actions };
}

export interface ActionItem {
  readonly value: StringValue;
  readonly resolution: ActionResolution;
}

export interface GrantedAction {
  readonly service: LoadedService;
  readonly action: ActionInfo;
}

export interface StatementActions {
  /** Which element the statement uses; undefined when it has neither. */
  readonly element?: 'Action' | 'NotAction';
  readonly items: readonly ActionItem[];
  /**
   * Every action the `Action` element names, each once, when all of them can be known;
   * undefined for NotAction, `*`, a wildcard in a service part, a service or action the
   * reference does not have (a typo, or one newer than the data: either way we cannot say
   * what it applies to), a service not loaded, and values we cannot read (an unresolved
   * intrinsic, a partial template value).
   */
  readonly granted?: readonly GrantedAction[];
}

const memo = weakTable<DocNode, { catalog: IamCatalog; revision: number; inputs: ValueInputs; value: StatementActions }>('policy/actions.memo');

/**
 * The actions of a statement, resolved once per statement node, catalog, catalog revision
 * and value inputs (an incremental reparse keeps the nodes an edit did not touch). The
 * values' paths are the statement's: a kept node keeps its path (model/reparse.ts).
 */
export function statementActions(docLike: DocLike, catalog: IamCatalog, statement: StatementRef): StatementActions {
  const doc = documentOf(docLike);
  const inputs = valueInputs(doc, statement.node);
  const hit = memo.get(statement.node);
  if (hit && hit.catalog === catalog && hit.revision === catalog.revision() && sameValueInputs(hit.inputs, inputs)) {
    usedReading(doc, statement.node, inputs.reads);
    return hit.value;
  }
  const value = computeReading('policy/actions.memo', () => templateFor(doc, statement.node), inputs.reads, () => computeActions(doc, catalog, statement));
  memo.set(statement.node, { catalog, revision: catalog.revision(), inputs, value });
  return value;
}

function computeActions(doc: SourceDocument, catalog: IamCatalog, statement: StatementRef): StatementActions {
  let element: 'Action' | 'NotAction' = 'Action';
  let node = getProperty(statement.node, element);
  if (!node) {
    element = 'NotAction';
    node = getProperty(statement.node, element);
  }
  if (!node) {
    return { items: [] };
  }
  const values = stringValues(doc, node, [...statement.path, element]);
  const items = values.map((value) => ({ value, resolution: resolveAction(catalog, value.text, value.origin) }));
  if (element === 'NotAction' || !everyItemRead(node, values)) {
    return { element, items };
  }
  const lists: (readonly GrantedAction[])[] = [];
  for (const { resolution } of items) {
    if (resolution.kind === 'actions' && (resolution.wildcard || resolution.actions.length > 0)) {
      lists.push(grantedActions(resolution));
    } else if (resolution.kind !== 'malformed') {
      // An exact name the reference lacks lands here too.
      return { element, items };
    }
  }
  return { element, items, granted: lists.length === 1 ? lists[0] : union(lists) };
}

const grants = weakTable<ActionResolution, readonly GrantedAction[]>('policy/actions.grants');

/** A resolution's actions with their service, made once per (kept) resolution. */
export function grantedActions(resolution: Extract<ActionResolution, { kind: 'actions' }>): readonly GrantedAction[] {
  let list = grants.get(resolution);
  if (!list) {
    list = resolution.actions.map((action) => ({ service: resolution.service, action }));
    grants.set(resolution, list);
  }
  return list;
}

/** The lists' actions, each once, in order. */
function union(lists: readonly (readonly GrantedAction[])[]): GrantedAction[] {
  const seen = new Set<ActionInfo>();
  const out: GrantedAction[] = [];
  for (const list of lists) {
    for (const granted of list) {
      if (!seen.has(granted.action)) {
        seen.add(granted.action);
        out.push(granted);
      }
    }
  }
  return out;
}

/** Whether every item of the element gave a value: no intrinsic we could not resolve. */
function everyItemRead(node: DocNode, values: readonly StringValue[]): boolean {
  const items = node.kind === 'array' ? node.items : [node];
  const read = new Set(values.map((v) => v.node));
  return items.every((item) => read.has(item));
}

/** The order access levels are listed in, everywhere: hovers, fixes, completion. */
const ACCESS_LEVELS: readonly string[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

/** Actions grouped by access level, in ACCESS_LEVELS order; an action with two levels is in both. */
export function byAccessLevel(actions: readonly ActionInfo[]): { level: string; actions: ActionInfo[] }[] {
  const groups = new Map<string, ActionInfo[]>(ACCESS_LEVELS.map((l) => [l, []]));
  for (const action of actions) {
    for (const level of action.accessLevels.length > 0 ? action.accessLevels : ['Other']) {
      const list = groups.get(level) ?? [];
      list.push(action);
      groups.set(level, list);
    }
  }
  return [...groups].filter(([, list]) => list.length > 0).map(([level, list]) => ({ level, actions: list }));
}

/**
 * The service documentation page for a prefix: AWS derives the page name from the
 * service's name ("Amazon S3" → list_amazons3.html).
 */
export function serviceDocsUrl(serviceName: string): string {
  const slug = serviceName.toLowerCase().replace(/[^a-z0-9]/g, '');
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${slug}.html`;
}
