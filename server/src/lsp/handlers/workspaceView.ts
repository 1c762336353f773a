/**
 * The workspace at a glance: the requests behind the "Gatewarden: Access" view and the
 * language status item, and the notifications that tell the client when to ask again (the
 * index or the access matrix changed; indexing progressed). Nothing is pushed but those
 * small notifications: the client asks for what it shows, when it shows it.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceDocument } from '../../core/index';
import { isConfigFileName } from '../../config/load';
import { WorkspaceNotifications, WorkspaceRequests, type DocumentStatus, type IamDataInfo, type IndexState } from '../../../../shared/protocol';
import { runSafe } from '../runSafe';
import { readAccessTreeParams, readUriParams, validated } from '../validate';
import type { WorkspaceIndex } from '../workspace';
import { accessTreeChildren } from './accessTree';
import type { SettingsSource } from './configuration';
import type { ProjectConfigs } from './projectConfig';

/** The access view is told at most this often that the matrix changed (typing changes it at every keystroke). */
export const ACCESS_CHANGED_DELAY_MS = 300;

export interface WorkspaceViewDeps {
  readonly connection: Connection;
  /** The index, or undefined when `gatewarden.index.enable` is off. */
  readonly index: () => WorkspaceIndex | undefined;
  readonly settings: () => SettingsSource | undefined;
  readonly project: ProjectConfigs;
  readonly document: (uri: string) => TextDocument | undefined;
  readonly parse: (document: TextDocument, maxFileSize: number) => SourceDocument;
  /** The workspace folders, as file paths. */
  readonly folders: () => readonly string[];
  /** The IAM data in use (it is chosen at initialization: gatewarden.iamData.path). */
  readonly iamData: () => IamDataInfo;
}

export interface WorkspaceView {
  /** Indexing progressed (`done` of `total` files). */
  indexing(done: number, total: number): void;
  /** Indexing finished with `files` held. */
  indexed(files: number): void;
  /** The index or its options changed. */
  accessChanged(): void;
}

export function registerWorkspaceView(deps: WorkspaceViewDeps): WorkspaceView {
  const { connection } = deps;
  let state: IndexState = { state: deps.index() ? 'indexing' : 'off', done: 0, total: 0, files: 0 };
  let timer: NodeJS.Timeout | undefined;

  const setState = (next: IndexState): void => {
    state = next;
    void connection.sendNotification(WorkspaceNotifications.indexState, state);
  };

  /** A uri as the user knows it: relative to the workspace folder holding it. */
  const display = (uri: string): string => {
    let file: string;
    try {
      file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
    } catch {
      return uri;
    }
    for (const folder of deps.folders()) {
      const relative = path.relative(folder, file);
      if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) {
        return relative.split(path.sep).join('/');
      }
    }
    return file;
  };

  connection.onRequest(
    WorkspaceRequests.accessTree,
    validated(readAccessTreeParams, (params, token) =>
      runSafe(
        connection.console,
        () => {
          const index = deps.index();
          return { nodes: index ? accessTreeChildren({ matrix: index.matrix(), documents: index.documents(), display }, params) : [] };
        },
        { nodes: [] },
        'Computing the access view failed',
        token,
      ),
    ),
  );

  connection.onRequest(
    WorkspaceRequests.documentStatus,
    validated(readUriParams, (params, token) =>
      runSafe(connection.console, () => documentStatus(params.uri), { analysed: false, kinds: [], index: state, iamData: deps.iamData() }, 'Computing the document status failed', token),
    ),
  );

  const documentStatus = async (uri: string): Promise<DocumentStatus> => {
    // Open documents count as indexed too: the index holds their editor text.
    const index = deps.index();
    const files = state.state === 'ready' && index ? index.documents().length : state.files;
    const iamData = deps.iamData();
    const base = { index: { ...state, files }, iamData };
    const document = deps.document(uri);
    const settings = deps.settings();
    if (!document || !settings) {
      return { ...base, analysed: false, kinds: [], reason: 'The Gatewarden server does not have this document (it is not JSON or YAML, or not a file).' };
    }
    const config = await settings.get(uri);
    if (!config.enable) {
      return { ...base, analysed: false, kinds: [], reason: 'Gatewarden is turned off (gatewarden.enable).' };
    }
    if (isConfigFileName(uri) && deps.project.configDiagnostics(document) !== undefined) {
      return { ...base, analysed: true, kinds: ['config'] };
    }
    if (deps.project.scopeFor(uri, config.rules).ignored) {
      return { ...base, analysed: false, kinds: [], reason: 'The project configuration ignores this file (`ignore` in .gatewarden.yaml).' };
    }
    if (document.getText().length > config.maxFileSize) {
      return { ...base, analysed: false, kinds: [], reason: `The document is larger than gatewarden.maxFileSize (${config.maxFileSize} characters).` };
    }
    const parsed = deps.parse(document, config.maxFileSize);
    const kinds = [...new Set(parsed.kinds.filter((k) => k !== 'unknown'))];
    if (kinds.length === 0) {
      return { ...base, analysed: false, kinds: [], reason: 'Not an IAM policy, CloudFormation or SAM template, or OpenAPI definition.' };
    }
    return { ...base, analysed: true, kinds };
  };

  return {
    indexing(done, total) {
      setState({ state: 'indexing', done, total, files: state.files });
    },
    indexed(files) {
      setState({ state: 'ready', done: state.total, total: state.total, files });
    },
    accessChanged() {
      if (timer === undefined) {
        timer = setTimeout(() => {
          timer = undefined;
          void connection.sendNotification(WorkspaceNotifications.accessChanged);
        }, ACCESS_CHANGED_DELAY_MS);
      }
    },
  };
}
