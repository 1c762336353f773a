/**
 * Access assertions in the editor (`access.expect` of the workspace's configuration file).
 * They are about the whole workspace, so they run in the cross-file part of each document's
 * diagnostics (the `access/expect-*` rules, reporting on the granting statements of that
 * document); this module finds the assertions that apply to a document (the configuration of
 * its workspace folder, as `apis` are found) and, for an open configuration file that parses,
 * the assertions that match nothing in the workspace, as warnings at each assertion's range.
 * A broken assertion breaks the configuration: projectConfig.ts reports it with the rest.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AccessWorkspace, SourceDocument } from '../../core/index';
import type { AccessAssertion } from '../../core/access/expect';
import { assertionsFor } from '../../core/access/workspace';
import { unmatchedAssertionFindings } from '../../core/rules/access/expect-unmatched';
import { configFromText, isConfigFileName, type ConfigLookup } from '../../config/load';
import { toDiagnostic } from '../convert';

export interface AssertionsDeps {
  /** The workspace folders, as paths. */
  readonly folders: () => readonly string[];
  /** The configuration that applies in a folder (the project's resolver, cleared on changes). */
  readonly lookup: (folder: string) => ConfigLookup;
  /** The workspace the access analysis runs in, as for a document at `uri`; undefined without an index. */
  readonly workspaceFor: (uri: string) => AccessWorkspace | undefined;
}

export interface Assertions {
  /** The assertions a document is checked against: its workspace folder's configuration's. */
  expectFor(uri: string): readonly AccessAssertion[] | undefined;
  /** For an open configuration file that parses: its assertions that match nothing, as warnings. */
  unmatchedDiagnostics(document: TextDocument): Diagnostic[];
}

export function createAssertions(deps: AssertionsDeps): Assertions {
  const folderOf = (file: string): string | undefined => {
    const folders = deps.folders();
    return folders.find((f) => isUnder(file, f)) ?? folders[0];
  };
  return {
    expectFor(uri) {
      const file = filePath(uri);
      const folder = file !== undefined ? folderOf(file) : deps.folders()[0];
      if (folder === undefined) {
        return undefined;
      }
      const lookup = deps.lookup(path.join(folder, '.gatewarden'));
      return lookup.kind === 'loaded' && lookup.loaded.config.access.expect.length > 0 ? lookup.loaded.config.access.expect : undefined;
    },
    unmatchedDiagnostics(document) {
      const file = filePath(document.uri);
      if (file === undefined || !isConfigFileName(file)) {
        return [];
      }
      const result = configFromText(file, document.getText());
      const workspace = deps.workspaceFor(document.uri);
      // Only the configuration of a workspace folder applies to the workspace.
      const folder = folderOf(file);
      if (result?.kind !== 'loaded' || !workspace || folder === undefined || path.dirname(file) !== path.resolve(folder)) {
        return [];
      }
      const { expect, rules } = { expect: result.loaded.config.access.expect, rules: result.loaded.config.rules };
      const first = workspace.documents[0];
      if (expect.length === 0 || !first) {
        return [];
      }
      const results = assertionsFor(first.doc as SourceDocument, { ...workspace, self: first.uri }, expect);
      return unmatchedAssertionFindings(expect, results, rules).map((f) => toDiagnostic(document, f));
    },
  };
}

function filePath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? path.resolve(fileURLToPath(uri)) : undefined;
  } catch {
    return undefined;
  }
}

function isUnder(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
