/**
 * Custom requests between the Gatewarden client and server, beyond standard LSP. Both sides
 * import these names, so a renamed request cannot drift apart.
 */
import { RequestType, type WorkspaceEdit } from 'vscode-languageserver-protocol';

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

export const AccessRequests = {
  /** The detail behind a code lens: who can invoke a method, or what a principal can invoke. */
  detail: new RequestType<AccessTarget, Markdown, void>('gatewarden/accessDetail'),
  /** The principals and methods "Explain access" offers, with those under the cursor. */
  explainOptions: new RequestType<{ uri?: string; offset?: number }, ExplainOptions, void>('gatewarden/explainOptions'),
  /** The decision for one principal and one method, step by step. */
  explain: new RequestType<{ principal: AccessTarget; method: AccessTarget }, Markdown, void>('gatewarden/explain'),
  /** The methods an execute-api wildcard at a position reaches today. */
  narrowChoices: new RequestType<{ uri: string; offset: number }, { methods: readonly string[] }, void>('gatewarden/narrowChoices'),
  /** The edit narrowing that wildcard to the chosen methods (indexes into narrowChoices). */
  narrowEdit: new RequestType<{ uri: string; offset: number; chosen: number[] }, WorkspaceEdit | null, void>('gatewarden/narrowEdit'),
} as const;
