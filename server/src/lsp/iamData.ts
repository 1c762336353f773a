/**
 * The server's side of two-phase IAM data loading. The index (small) is read when the
 * server starts; a service's tables are read asynchronously the first time a document
 * needs them, and kept. Without dist/iam the server still runs: the rules that need the
 * reference data stay silent, and the log says why.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { Analyzer, IamCatalog, SourceDocument } from '../core/index';
import { createAsyncServiceLoader, loadCatalogSync, locateIamData } from '../node/iam-data';
import { formatError } from './runSafe';

export interface IamData {
  readonly catalog?: IamCatalog;
  /** Loads what `doc` needs; resolves at once when everything is loaded already. */
  prepare(analyzer: Analyzer, doc: SourceDocument): Promise<void>;
}

export function loadIamData(connection: Connection): IamData {
  const dir = locateIamData(__dirname);
  let catalog: IamCatalog | undefined;
  try {
    catalog = dir ? loadCatalogSync(dir) : undefined;
  } catch (error) {
    connection.console.error(formatError(`Could not read the IAM reference index in ${dir}`, error));
  }
  if (!dir || !catalog) {
    connection.console.warn('The IAM reference data (dist/iam) is missing; checks of actions, resources and condition keys are off.');
    return { prepare: () => Promise.resolve() };
  }
  let loader: ReturnType<typeof createAsyncServiceLoader> | undefined;
  return {
    catalog,
    prepare(analyzer, doc) {
      loader ??= createAsyncServiceLoader(analyzer, dir, (prefix, error) =>
        connection.console.error(formatError(`Could not read the IAM reference data of "${prefix}"`, error)),
      );
      return loader.ensure(doc);
    },
  };
}
