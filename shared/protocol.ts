/**
 * Custom requests between the Gatewarden client and server, beyond standard LSP. Both sides
 * import these names, so a renamed request cannot drift apart.
 */
import { ParameterStructures, RequestType, type WorkspaceEdit } from 'vscode-languageserver-protocol';

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
