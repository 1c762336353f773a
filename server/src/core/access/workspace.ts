/**
 * The workspace a document is analysed in, for rules that look across files. The shell
 * passes the indexed documents (the CLI: every file it checks; the server: its index);
 * without them the document is a workspace of its own. The matrix is computed once per
 * workspace and shared by every rule and document that asks.
 */
import type { SourceDocument } from '../types';
import { accessMatrix, type AccessMatrix, type AccessOptions, type WorkspaceDocument } from './matrix';

export interface AccessWorkspace extends AccessOptions {
  readonly documents: readonly WorkspaceDocument[];
  /** This document's uri among `documents`. */
  readonly self: string;
}

export interface DocumentAccess {
  /** Every method and principal of the workspace; rows only for this document's methods. */
  readonly matrix: AccessMatrix;
  readonly self: string;
  readonly documents: readonly WorkspaceDocument[];
  /** Literal API ids tied to template APIs (from the configuration). */
  readonly apis: NonNullable<AccessOptions['apis']>;
}

/** Per workspace snapshot and document: the matrix with rows for that document's methods only. */
const matrices = new WeakMap<readonly WorkspaceDocument[], Map<string, AccessMatrix>>();
const solo = new WeakMap<SourceDocument, DocumentAccess>();

export function accessFor(doc: SourceDocument, workspace: AccessWorkspace | undefined): DocumentAccess {
  if (!workspace) {
    let access = solo.get(doc);
    if (!access) {
      const documents = [{ uri: 'this document', doc }];
      access = { matrix: accessMatrix(documents), self: 'this document', documents, apis: {} };
      solo.set(doc, access);
    }
    return access;
  }
  let bySelf = matrices.get(workspace.documents);
  if (!bySelf) {
    bySelf = new Map();
    matrices.set(workspace.documents, bySelf);
  }
  let matrix = bySelf.get(workspace.self);
  if (!matrix) {
    const self = workspace.self;
    matrix = accessMatrix(workspace.documents, { apis: workspace.apis, rowsFor: (uri) => uri === self });
    bySelf.set(self, matrix);
  }
  return { matrix, self: workspace.self, documents: workspace.documents, apis: workspace.apis ?? {} };
}
