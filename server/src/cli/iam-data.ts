/**
 * The CLI's side of two-phase IAM data loading: the index when the analyzer is created,
 * each document's services (synchronously; the CLI reads files one after another anyway)
 * before the document is analysed. Without dist/iam the checks that need it stay silent.
 */
import type { Analyzer, IamCatalog, SourceDocument } from '../core/index';
import { loadCatalogSync, loadServicesSync, locateIamData } from '../node/iam-data';

const dir = locateIamData(__dirname);

export function cliCatalog(): IamCatalog | undefined {
  return dir ? loadCatalogSync(dir) : undefined;
}

export function prepareIamData(analyzer: Analyzer, doc: SourceDocument): void {
  if (dir) {
    loadServicesSync(analyzer, doc, dir);
  }
}
