/**
 * `gatewarden.diagnostics.scope: workspace`: the problems of every file the workspace index
 * holds, open or not, published so they appear in the Problems panel (as ESLint and
 * TypeScript offer). Open documents keep their own, faster path (diagnostics.ts); this
 * covers the rest.
 *
 * A pass runs a short while after the index changes (a file saved, created or deleted, an
 * open document edited: cross-file findings of closed files may change with it) or a setting
 * does. It works in slices like the indexing (workspace.ts createSlicer), letting requests
 * run between them, and a newer change stops it for the next pass. Files over
 * `gatewarden.maxFileSize` are never in the index. What a pass published and the next does
 * not hold (a file deleted, excluded, ignored by the configuration, or the setting back to
 * `open`) is cleared.
 */
import type { Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AccessWorkspace, AnalysisSettings, Analyzer } from '../../core/index';
import { toDiagnostic } from '../convert';
import { formatError, whenNoRequests } from '../runSafe';
import { createSlicer, type WorkspaceIndex } from '../workspace';
import type { SettingsSource } from './configuration';
import type { ProjectConfigs } from './projectConfig';

/** How long the index must stay unchanged before a pass starts. */
export const WORKSPACE_DIAGNOSTICS_DELAY_MS = 500;

export interface WorkspaceDiagnosticsDeps {
  readonly connection: Connection;
  readonly analyzer: Analyzer;
  readonly settings: SettingsSource;
  readonly project: ProjectConfigs;
  readonly index: WorkspaceIndex;
  /** Whether the editor has the document open (normalized uri): then diagnostics.ts publishes for it. */
  readonly isOpen: (uri: string) => boolean;
  readonly workspaceFor: (uri: string) => AccessWorkspace;
  /** The workspace's access assertions that apply to a document (`access.expect`). */
  readonly expectFor?: (uri: string) => AnalysisSettings['accessExpect'];
  /** The workspace folders' uris, whose settings say whether any pass is needed. */
  readonly folderUris: () => readonly string[];
  readonly delayMs?: number;
}

export interface WorkspaceDiagnostics {
  /** Something changed: a pass runs after the delay (replacing one pending or running). */
  schedule(): void;
}

export function createWorkspaceDiagnostics(deps: WorkspaceDiagnosticsDeps): WorkspaceDiagnostics {
  const { connection, settings, index } = deps;
  let published = new Set<string>();
  let generation = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const wanted = async (): Promise<boolean> => {
    const scopes = await Promise.all([settings.get(), ...deps.folderUris().map((f) => settings.get(f))]);
    return scopes.some((s) => s.enable && s.diagnosticsScope === 'workspace');
  };

  const pass = async (mine: number): Promise<void> => {
    if (!(await wanted()) && published.size === 0) {
      return;
    }
    const slice = createSlicer(undefined, whenNoRequests);
    const next = new Set<string>();
    for (const { uri, doc } of index.documents()) {
      await slice();
      if (mine !== generation) {
        return; // A newer change: the next pass publishes (and clears) in our place.
      }
      if (deps.isOpen(uri)) {
        continue;
      }
      const config = await settings.get(uri);
      if (mine !== generation) {
        return;
      }
      if (!config.enable || config.diagnosticsScope !== 'workspace' || doc.text.length > config.maxFileSize) {
        continue;
      }
      const scope = deps.project.scopeFor(uri, config.rules);
      if (scope.ignored) {
        continue;
      }
      const findings = deps.analyzer.analyze(doc, { rules: scope.rules, workspace: deps.workspaceFor(uri), includeReads: index.includeReads(uri, doc), accessExpect: deps.expectFor?.(uri) });
      const text = TextDocument.create(uri, 'plaintext', 0, doc.text);
      const sorted = [...findings].sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
      void connection.sendDiagnostics({ uri, diagnostics: sorted.map((f) => toDiagnostic(text, f)) });
      next.add(uri);
    }
    for (const uri of published) {
      if (!next.has(uri) && !deps.isOpen(uri)) {
        void connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    published = next;
  };

  return {
    schedule() {
      const mine = ++generation;
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      timer = setTimeout(() => {
        timer = undefined;
        // One pass at a time: a newer one waits for the older to notice it is stale.
        running = running.then(() =>
          pass(mine).catch((error: unknown) => connection.console.error(formatError('Publishing the workspace diagnostics failed', error))),
        );
      }, deps.delayMs ?? WORKSPACE_DIAGNOSTICS_DELAY_MS);
    },
  };
}
