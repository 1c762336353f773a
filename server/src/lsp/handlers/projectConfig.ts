/**
 * The project configuration file in the editor: the same nearest `.gatewarden.yaml`
 * (`.yml`, `.json`, or `gatewarden` in package.json) the CLI applies, so the editor and
 * `gatewarden check` agree. Its rule severities win over the VS Code `gatewarden.rules`
 * setting, which wins over the defaults: a repository's configuration is a team decision
 * that a personal setting should not silently undo. Files its `ignore` matches get no
 * diagnostics.
 *
 * Lookups are cached by folder and forgotten when a watched configuration file changes
 * (`workspace/didChangeWatchedFiles`). A broken configuration falls back to the editor's
 * settings, and says so: once as a notification naming the file and line, and as
 * diagnostics on the configuration file itself (from its live text while it is open).
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DiagnosticSeverity, MessageType, ShowMessageNotification, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SeveritySetting } from '../../core/index';
import { configFromText, createConfigResolver, isConfigFileName, scopeOf, type ConfigError, type ConfigLookup } from '../../config/load';
import { SOURCE } from '../convert';
import { host } from '../host';

/** The watchers registered with the client, so edits on disk reach `changed()`. */
export const CONFIG_FILE_GLOBS: readonly string[] = ['**/.gatewarden.{yaml,yml,json}', '**/package.json'];

/** The diagnostic code of a configuration problem. */
export const CONFIG_CODE = 'config';

export interface DocumentScope {
  readonly ignored: boolean;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

export interface ProjectConfigs {
  /** The severities a document is analysed with, editor settings under the configuration file. */
  scopeFor(uri: string, editorRules: Readonly<Record<string, SeveritySetting>>): DocumentScope;
  /** For an open configuration file, the problems of its current text; `undefined` for other documents. */
  configDiagnostics(document: TextDocument): Diagnostic[] | undefined;
  /** A configuration file changed on disk: forget what was read. */
  changed(): void;
  /** The configuration that applies to a file (absolute path), from the same cached lookups. */
  lookup(file: string): ConfigLookup;
}

/**
 * `boundary` gives the folder a lookup stops at for a folder (its workspace folder, else its
 * repository root): a configuration above the workspace is not the project's.
 */
export function createProjectConfigs(connection: Connection, isOpen: (uri: string) => boolean, boundary: (folder: string) => string): ProjectConfigs {
  const resolver = createConfigResolver({ host, boundary });
  /** Broken files already announced (by file and problems), and those given diagnostics from disk. */
  const announced = new Set<string>();
  const published = new Set<string>();

  const reportBroken = (file: string, errors: readonly ConfigError[]): void => {
    const key = `${file}\0${errors.map((e) => `${e.offset}:${e.message}`).join('\0')}`;
    if (announced.has(key)) {
      return;
    }
    announced.add(key);
    const first = errors[0];
    const where = first ? `${file}:${first.line}:${first.column}: ${first.message}` : file;
    // A notification, not a request: there is nothing to choose, and nothing waits on it.
    void connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `Gatewarden: the configuration file is broken, so the editor settings apply until it is fixed. ${where}`,
    });
    const uri = pathToFileURL(file).href;
    if (!isOpen(uri)) {
      published.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics: errors.map(diagnosticFromError) });
    }
  };

  return {
    lookup: (file) => resolver.lookup(file),
    scopeFor(uri, editorRules) {
      const file = filePath(uri);
      if (file === undefined) {
        return { ignored: false, rules: editorRules };
      }
      const lookup = resolver.lookup(file);
      if (lookup.kind === 'broken') {
        reportBroken(lookup.file, lookup.errors);
      }
      const scope = scopeOf(lookup, file);
      return { ignored: scope.ignored, rules: { ...editorRules, ...scope.rules } };
    },
    configDiagnostics(document) {
      const file = filePath(document.uri);
      if (file === undefined || !isConfigFileName(file)) {
        return undefined;
      }
      const result = configFromText(file, document.getText());
      if (result === undefined) {
        // A package.json without a `gatewarden` key is an ordinary document.
        return undefined;
      }
      return result.kind === 'broken' ? result.errors.map((e) => diagnosticFromRange(document, e)) : [];
    },
    changed() {
      resolver.clear();
      announced.clear();
      // Diagnostics published from disk are withdrawn; the revalidation that follows
      // publishes them again for files that are still broken.
      for (const uri of published) {
        if (!isOpen(uri)) {
          void connection.sendDiagnostics({ uri, diagnostics: [] });
        }
      }
      published.clear();
    },
  };
}

function filePath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) {
    return undefined;
  }
  try {
    return path.resolve(fileURLToPath(uri));
  } catch {
    return undefined;
  }
}

function diagnosticFromRange(document: TextDocument, error: ConfigError): Diagnostic {
  return {
    range: { start: document.positionAt(error.offset), end: document.positionAt(error.offset + error.length) },
    severity: DiagnosticSeverity.Error,
    code: CONFIG_CODE,
    source: SOURCE,
    message: error.message,
  };
}

/** Without the text at hand, the range is the problem's start, from its line and column. */
function diagnosticFromError(error: ConfigError): Diagnostic {
  const start = { line: error.line - 1, character: error.column - 1 };
  return { range: { start, end: start }, severity: DiagnosticSeverity.Error, code: CONFIG_CODE, source: SOURCE, message: error.message };
}
