/**
 * Push diagnostics. Each document is validated a short, fixed delay after its last open or
 * change; a newer edit replaces the pending run, and a run whose text is no longer the
 * document's does nothing. Publishes carry the version they were computed for.
 *
 * A run publishes twice. First the document's own part (syntax and every rule that reads
 * only this document), with the cross-file findings of the last run carried over by path
 * where they still underline the same text; then, once the document has been left alone for
 * CROSS_FILE_DELAY_MS, the cross-file part (the rules that read the workspace's access
 * analysis), which replaces the carried ones. The access analysis thus never delays the
 * answer to a keystroke.
 */
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { checkReads, checkingReads, undeclaredReads, type AccessWorkspace, type Analyzer, type AnalysisSettings, type Finding, type IncludeRead, type SourceDocument } from '../../core/index';
import { toDiagnostic } from '../convert';
import type { DocumentStore } from '../documents';
import { formatError, whenQuiet } from '../runSafe';
import { inSlices, nextTurn } from '../slices';
import type { MemoryKeeper } from '../memory';
import type { SettingsSource } from './configuration';
import type { ProjectConfigs } from './projectConfig';

/**
 * Long enough to fold a burst of keystrokes (or a storm of notifications already queued)
 * into one run, short enough that a single edit is answered well under 50 ms.
 */
export const VALIDATION_DELAY_MS = 20;

/**
 * How long a document must stay unchanged after its own diagnostics are published before the
 * cross-file part is computed. That part reads the workspace's access analysis, which a
 * keystroke in a large template can make expensive; while the user types it waits, so the
 * next keystroke is never queued behind it.
 */
export const CROSS_FILE_DELAY_MS = 250;

/**
 * How long requests must have been quiet before a slice of the cross-file part runs: a run
 * of requests (hovers as the mouse moves, code actions as the cursor moves) is answered
 * without a slice between two of them.
 */
export const REQUESTS_QUIET_MS = 50;

export interface DiagnosticsScheduler {
  /** Validates a document after the delay, replacing any run still pending for it. */
  schedule(document: TextDocument): void;
  /** Validates every open document again, after a settings change. */
  revalidateAll(): void;
  /** Drops a closed document's pending run and clears its diagnostics in the editor. */
  closed(uri: string): void;
  /** The findings last published for a document, when they were published for this text. */
  published(uri: string, text: string): readonly Finding[] | undefined;
}

export interface DiagnosticsDeps {
  readonly connection: Connection;
  readonly store: DocumentStore;
  readonly analyzer: Analyzer;
  readonly settings: SettingsSource;
  /** The project configuration files; without it, the editor settings alone apply. */
  readonly project?: ProjectConfigs;
  /**
   * The workspace a document is analysed in (the index, with this document's current
   * parse), for rules that look across files; without it a document stands alone.
   */
  readonly workspaceFor?: (uri: string, parsed: SourceDocument) => AccessWorkspace | undefined;
  /** Tells the workspace index of a document's new parse (when the local part runs, which reads no workspace). */
  readonly opened?: (uri: string, parsed: SourceDocument) => void;
  /** How the reads of a document's included definitions went (the workspace index reads them). */
  readonly includeReadsFor?: (uri: string, parsed: SourceDocument) => ReadonlyMap<string, IncludeRead> | undefined;
  /** The workspace's access assertions that apply to a document (`access.expect`), for the cross-file part. */
  readonly expectFor?: (uri: string) => AnalysisSettings['accessExpect'];
  /** For an open configuration file without problems: its access assertions that match nothing. */
  readonly configAssertions?: (document: TextDocument) => Diagnostic[];
  /** Called when an open document closes, so the workspace falls back to the file on disk. */
  readonly onClosed?: (uri: string) => void;
  /** Collects garbage once a document's edits have grown the heap enough (lsp/memory.ts). */
  readonly memory?: MemoryKeeper;
  readonly delayMs?: number;
  readonly crossFileDelayMs?: number;
  /**
   * A fresh parse of a text (never incremental), for `gatewarden.debug.verifyIncremental`:
   * each run is then computed again from scratch and any difference is logged.
   */
  readonly freshParse?: (document: TextDocument, text: string, maxFileSize: number) => SourceDocument;
}

/** The last cross-file part published for a document, with the text it was computed on. */
interface CrossFile {
  readonly text: string;
  readonly findings: readonly Finding[];
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

  /** Whether the open document still has this version and this text. */
  const current = (uri: string, version: number, text: string): TextDocument | undefined => {
    const document = store.documents.get(uri);
    return document && document.version === version && document.getText() === text ? document : undefined;
  };

  const crossFile = new Map<string, CrossFile>();
  /** What each open document's diagnostics last said, and for which text (hovers summarise it). */
  const shown = new Map<string, { readonly text: string; readonly findings: readonly Finding[] }>();

  const validate = async (uri: string, version: number): Promise<void> => {
    const config = await settings.get(uri);
    const document = store.documents.get(uri);
    if (!document || document.version !== version) {
      return;
    }
    const text = document.getText();
    // A configuration file gets its own problems; other documents the configuration's scope.
    const own = config.enable ? deps.project?.configDiagnostics(document) : undefined;
    const scope = config.enable && !own ? (deps.project?.scopeFor(uri, config.rules) ?? { ignored: false, rules: config.rules }) : undefined;
    if (own || !scope || scope.ignored) {
      crossFile.delete(uri);
      shown.delete(uri);
      // A configuration file that parses: its assertions that guard nothing, as warnings.
      const unmatched = own && own.length === 0 ? (deps.configAssertions?.(document) ?? []) : [];
      await connection.sendDiagnostics({ uri, version, diagnostics: [...(own ?? []), ...unmatched] });
      return;
    }
    // With verifyIncremental, the engine checks every memo's declared reads (engine.ts
    // checkReads) from before this analysis on; verify() reports what it found.
    if (config.debug.verifyIncremental && !checkingReads()) {
      checkReads(true);
    }
    // Unrelated JSON and YAML parse to no roots, so this is cheap for them.
    // The IAM reference data a rule asks for is read then (the catalog reads on demand).
    const parsed = store.parse(document, config.maxFileSize);
    // The local part reads no workspace: the index is only told of the new parse (building its
    // snapshot, with the document's API inventory and includes, waits for the cross-file part).
    deps.opened?.(uri, parsed);
    const settingsFor = (part: AnalysisSettings['part'], doc: SourceDocument): AnalysisSettings => ({
      rules: scope.rules,
      part,
      workspace: part === 'cross-file' ? deps.workspaceFor?.(uri, doc) : undefined,
      includeReads: deps.includeReadsFor?.(uri, doc),
      accessExpect: deps.expectFor?.(uri),
    });
    const local = analyzer.analyze(parsed, settingsFor('local', parsed));
    const last = crossFile.get(uri);
    const carried = last ? (last.text === text ? last.findings : analyzer.carry(last.findings, last.text, parsed)) : [];
    await publish(document, version, [...local, ...carried]);
    // The garbage of large edits is collected as it builds up, not hundreds of megabytes later.
    deps.memory?.collectIfGrown();
    // The cross-file part once typing pauses (a newer keystroke makes this run stale).
    await new Promise<void>((resolve) => setTimeout(resolve, deps.crossFileDelayMs ?? CROSS_FILE_DELAY_MS));
    // And once requests have been quiet for a moment (a hover sent as the own part arrived
    // waits for no workspace analysis, nor does the next of a run of requests), then on a turn
    // of its own so a request already read goes first.
    await whenQuiet(REQUESTS_QUIET_MS);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!current(uri, version, text) || !store.isCurrent(uri, parsed)) {
      return;
    }
    // In slices: a keystroke or a hover that arrives meanwhile is read between two, and an
    // edit drops this run (lsp/slices.ts).
    const cross = await inSlices(
      (shouldStop) => analyzer.analyze(parsed, { ...settingsFor('cross-file', parsed), shouldStop }),
      async () => {
        await nextTurn();
        await whenQuiet(REQUESTS_QUIET_MS);
        await nextTurn();
        return current(uri, version, text) !== undefined && store.isCurrent(uri, parsed);
      },
    );
    if (cross === undefined) {
      return;
    }
    crossFile.set(uri, { text, findings: cross });
    const all = [...local, ...cross];
    // Most keystrokes leave the cross-file findings as they were carried: nothing to say again.
    if (!samePlaced(cross, carried)) {
      await publish(document, version, all);
    }
    if (config.debug.verifyIncremental && deps.freshParse) {
      verify(document, text, config.maxFileSize, all, scope.rules, parsed);
    } else if (checkingReads()) {
      checkReads(false);
    }
  };

  /** A finding as published: what it says and where. */
  const placed = (f: Finding): string => `${f.ruleId} ${f.messageId} ${f.offset}+${f.length} ${f.severity} ${f.message}`;
  const samePlaced = (a: readonly Finding[], b: readonly Finding[]): boolean => JSON.stringify(a.map(placed).sort()) === JSON.stringify(b.map(placed).sort());

  const publish = async (document: TextDocument, version: number, findings: readonly Finding[]): Promise<void> => {
    const sorted = [...findings].sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
    shown.set(document.uri, { text: document.getText(), findings: sorted });
    await connection.sendDiagnostics({ uri: document.uri, version, diagnostics: sorted.map((finding) => toDiagnostic(document, finding)) });
  };

  /**
   * `gatewarden.debug.verifyIncremental`: the same text parsed and analysed from scratch,
   * compared with what was just published. The incremental parse and everything kept across
   * edits must never change an answer; a difference is logged with both sides so it can be
   * turned into a regression test.
   */
  const verify = (document: TextDocument, text: string, maxFileSize: number, published: readonly Finding[], rules: AnalysisSettings['rules'], parsed: SourceDocument): void => {
    const fresh = deps.freshParse!(document, text, maxFileSize);
    let findings: Finding[];
    try {
      findings = analyzer.analyze(fresh, { rules, workspace: deps.workspaceFor?.(document.uri, fresh), includeReads: deps.includeReadsFor?.(document.uri, fresh), accessExpect: deps.expectFor?.(document.uri) });
    } finally {
      // The workspace index holds the editor's parse again.
      deps.workspaceFor?.(document.uri, parsed);
    }
    // What the engine found since the last check (this analysis and any other since, the
    // engine's check being one for all documents), then a clean slate for the next.
    const found = undeclaredReads();
    checkReads(true);
    for (const u of found) {
      connection.console.warn(`verifyIncremental: memo ${u.memo} read ${u.read.source} ${JSON.stringify(u.read.key)} without declaring it (found by the analyses since the last check).`);
    }
    const a = published.map(placed).sort();
    const b = findings.map(placed).sort();
    const onlyIncremental = a.filter((k) => !b.includes(k));
    const onlyFresh = b.filter((k) => !a.includes(k));
    if (onlyIncremental.length > 0 || onlyFresh.length > 0) {
      connection.console.warn(
        `verifyIncremental: ${document.uri} version ${document.version} differs from a fresh analysis.\n` +
          `Only incremental:\n  ${onlyIncremental.join('\n  ') || '(none)'}\nOnly fresh:\n  ${onlyFresh.join('\n  ') || '(none)'}`,
      );
    } else if (found.length === 0) {
      connection.console.log(`verifyIncremental: ${document.uri} version ${document.version} checked: the same as a fresh analysis, every read declared.`);
    }
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
    published(uri, text) {
      const last = shown.get(uri);
      return last && last.text === text ? last.findings : undefined;
    },
    revalidateAll() {
      for (const document of store.documents.all()) {
        schedule(document);
      }
    },
    closed(uri) {
      cancel(uri);
      crossFile.delete(uri);
      shown.delete(uri);
      store.forget(uri);
      deps.onClosed?.(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  };
}
