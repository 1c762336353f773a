/**
 * The CLI's side of IAM data loading. Bundled data (dist/iam): the index when the analyzer
 * is created, each document's services (synchronously; the CLI reads files one after
 * another anyway) before the document is analysed. `--iam-data DIR`: the package the user
 * names, compiled whole when the run starts (node/iam-data.ts). Without dist/iam the checks
 * that need the data stay silent.
 */
import type { Analyzer, IamCatalog, SourceDocument } from '../core/index';
import { loadIamDataSync, loadServicesSync, locateIamData, type IamDataChoice, type LoadedIamData } from '../node/iam-data';

export type { IamDataChoice, IamDataSource } from '../node/iam-data';

const bundledDir = locateIamData(__dirname);

/**
 * One load per choice and thread: a run's main thread loads once to validate and report,
 * then checks with the same catalog (each worker thread loads its own).
 */
const loaded = new Map<string, LoadedIamData>();

export function cliIamData(choice: IamDataChoice = {}): LoadedIamData {
  const key = JSON.stringify([choice.packageDir ?? null, choice.now ?? null]);
  let data = loaded.get(key);
  if (!data) {
    data = loadIamDataSync(choice, bundledDir);
    loaded.set(key, data);
  }
  return data;
}

/** The catalog a check uses; custom data that fails to load was reported before checking began. */
export function cliCatalog(choice: IamDataChoice = {}): IamCatalog | undefined {
  const data = cliIamData(choice);
  return data.kind === 'ok' ? data.catalog : undefined;
}

export function prepareIamData(analyzer: Analyzer, doc: SourceDocument): void {
  // Custom data is loaded whole, so only the bundled tables are ever read here.
  if (bundledDir) {
    loadServicesSync(analyzer, doc, bundledDir);
  }
}
