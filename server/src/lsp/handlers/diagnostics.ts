/**
 * Push diagnostics. Each document is validated a short, fixed delay after its last open or
 * change; a newer edit replaces the pending run, and a run whose version is no longer the
 * document's does nothing. Publishes carry the version they were computed for.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AccessWorkspace, Analyzer, IncludeRead, SourceDocument } from '../../core/index';
import { toDiagnostic } from '../convert';
import type { DocumentStore } from '../documents';
import { formatError } from '../runSafe';
import type { SettingsSource } from './configuration';
import type { ProjectConfigs } from './projectConfig';

/**
 * Long enough to fold a burst of keystrokes (or a storm of notifications already queued)
 * into one run, short enough that a single edit is answered well under 50 ms.
 */
export const VALIDATION_DELAY_MS = 20;

export interface DiagnosticsScheduler {
  /** Validates a document after the delay, replacing any run still pending for it. */
  schedule(document: TextDocument): void;
  /** Validates every open document again, after a settings change. */
  revalidateAll(): void;
  /** Drops a closed document's pending run and clears its diagnostics in the editor. */
  closed(uri: string): void;
}

export interface DiagnosticsDeps {
  readonly connection: Connection;
  readonly store: DocumentStore;
  readonly analyzer: Analyzer;
  readonly settings: SettingsSource;
  /** Loads the IAM reference data a parsed document needs, before it is analysed. */
  readonly prepare?: (parsed: SourceDocument) => Promise<void>;
  /** The project configuration files; without it, the editor settings alone apply. */
  readonly project?: ProjectConfigs;
  /**
   * The workspace a document is analysed in (the index, with this document's current
   * parse), for rules that look across files; without it a document stands alone.
   */
  readonly workspaceFor?: (uri: string, parsed: SourceDocument) => AccessWorkspace | undefined;
  /** How the reads of a document's included definitions went (the workspace index reads them). */
  readonly includeReadsFor?: (uri: string, parsed: SourceDocument) => ReadonlyMap<string, IncludeRead> | undefined;
  /** Called when an open document closes, so the workspace falls back to the file on disk. */
  readonly onClosed?: (uri: string) => void;
  readonly delayMs?: number;
}

export function createDiagnosticsScheduler(deps: DiagnosticsDeps): DiagnosticsScheduler {
  const { connection, store, analyzer, settings } = deps;
  const delay = deps.delayMs ?? VALIDATION_DELAY_MS;
  const pending = new Map<string, NodeJS.Timeout>();

  const cancel = (uri: string): void => {
    const timer = pending.get(uri);
    if (timer !== undefined) {
      clearTimeout(timer);
      pending.delete(uri);
    }
  };

  /** Whether `version` is still the open document's current version. */
  const current = (uri: string, version: number): TextDocument | undefined => {
    const document = store.documents.get(uri);
    return document && document.version === version ? document : undefined;
  };

  const validate = async (uri: string, version: number): Promise<void> => {
    const config = await settings.get();
    const document = current(uri, version);
    if (!document) {
      return;
    }
    let diagnostics: Diagnostic[] = [];
    // A configuration file gets its own problems; other documents the configuration's scope.
    const own = config.enable ? deps.project?.configDiagnostics(document) : undefined;
    const scope = config.enable && !own ? (deps.project?.scopeFor(uri, config.rules) ?? { ignored: false, rules: config.rules }) : undefined;
    if (own) {
      diagnostics = own;
    } else if (scope && !scope.ignored) {
      // Unrelated JSON and YAML parse to no roots, so this is cheap for them.
      const parsed = store.parse(document, config.maxFileSize);
      if (deps.prepare) {
        await deps.prepare(parsed);
        if (!current(uri, version)) {
          return; // A newer edit arrived while the data loaded; its own run publishes.
        }
      }
      const workspace = deps.workspaceFor?.(uri, parsed);
      const findings = analyzer.analyze(parsed, { rules: scope.rules, workspace, includeReads: deps.includeReadsFor?.(uri, parsed) });
      diagnostics = findings.map((finding) => toDiagnostic(document, finding));
    }
    // Analysis is synchronous today, but the check keeps the ordering guarantee (never
    // publish an older version after a newer one) if it ever yields.
    if (!current(uri, version)) {
      return;
    }
    await connection.sendDiagnostics({ uri, version, diagnostics });
  };

  const schedule = (document: TextDocument): void => {
    const { uri, version } = document;
    cancel(uri);
    const timer = setTimeout(() => {
      pending.delete(uri);
      validate(uri, version).catch((error: unknown) => {
        connection.console.error(formatError(`Validating ${uri} failed`, error));
      });
    }, delay);
    pending.set(uri, timer);
  };

  return {
    schedule,
    revalidateAll() {
      for (const document of store.documents.all()) {
        schedule(document);
      }
    },
    closed(uri) {
      cancel(uri);
      store.forget(uri);
      deps.onClosed?.(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  };
}
