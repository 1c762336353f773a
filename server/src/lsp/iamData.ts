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
  // Parses whose services are loaded (or failed once, and were reported). Every hover, code
  // action and completion prepares the document's parse again, and finding the services a
  // parse needs walks all its policies: 10 ms a request on a 10,000-line template. The parse
  // cache hands out the same object per version, so this skips the walk after the first.
  const prepared = new WeakSet<SourceDocument>();
  return {
    catalog,
    async prepare(analyzer, doc) {
      if (prepared.has(doc)) {
        return;
      }
      loader ??= createAsyncServiceLoader(analyzer, dir, (prefix, error) =>
        connection.console.error(formatError(`Could not read the IAM reference data of "${prefix}"`, error)),
      );
      await loader.ensure(doc);
      prepared.add(doc);
    },
  };
}
