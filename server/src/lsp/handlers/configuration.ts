/**
 * The `gatewarden` settings section. It is pulled with `workspace/configuration` when the
 * client can answer that, cached, and pulled again on `workspace/didChangeConfiguration`.
 * Clients without the capability get the defaults, or whatever they push in the change.
 *
 * Settings declared `"scope": "resource"` in package.json may differ per workspace folder
 * (multi-root workspaces): a document's settings are pulled with its folder as `scopeUri`,
 * once per folder, and the window's (no `scopeUri`) serve documents outside every folder.
 */
import type { Connection } from 'vscode-languageserver/node';
import { normalizeUri } from '../workspace';
import { DEFAULT_MAX_FILE_SIZE, parseEnvironmentsSetting, type EnvironmentConfig, type SeveritySetting } from '../../core/index';
import { formatError } from '../runSafe';

export const SECTION = 'gatewarden';

/** The user's settings, as contributed in package.json under `gatewarden.*`. */
export interface ServerSettings {
  /** When false, no document is analysed and every open document's diagnostics are cleared. */
  readonly enable: boolean;
  /** Severity per rule id; rules not listed keep their default. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** Documents longer than this (UTF-16 code units) are not analysed. */
  readonly maxFileSize: number;
  readonly debug: {
    /** Analyse every published text again from a fresh parse and log any difference. */
    readonly verifyIncremental: boolean;
  };
  /** `gatewarden.environments`: where templates deploy (globs relative to each workspace folder). */
  readonly environments: readonly EnvironmentConfig[];
  /** `gatewarden.productionStages`; `undefined` when unset (the default then applies). */
  readonly productionStages?: readonly string[];
  /** `gatewarden.codeLens.enable`: code lenses above methods and principals. */
  readonly codeLens: boolean;
  /** `gatewarden.diagnostics.scope`: problems of open files only, or of every indexed file. */
  readonly diagnosticsScope: 'open' | 'workspace';
  /** `gatewarden.access.diffBase`: the git ref the "since" lenses compare with (`HEAD` when unset). */
  readonly diffBase?: string;
}

export const DEFAULT_SETTINGS: ServerSettings = {
  enable: true,
  rules: {},
  maxFileSize: DEFAULT_MAX_FILE_SIZE,
  debug: { verifyIncremental: false },
  environments: [],
  codeLens: true,
  diagnosticsScope: 'open',
};

export interface SettingsSource {
  /**
   * The current settings for a document (those of its workspace folder), or the window's
   * without a uri. Resolves at once after the folder's first pull, so validation stays fast.
   */
  get(uri?: string): Promise<ServerSettings>;
  /** The window's settings of the last pull that finished (for code that cannot wait), or undefined before the first. */
  latest(): ServerSettings | undefined;
  /** The last settings pulled for a workspace folder (its uri), or undefined before its first pull. */
  latestFor(folderUri: string): ServerSettings | undefined;
  /**
   * Handles `workspace/didChangeConfiguration`: pulls (or takes the pushed section) and
   * calls `onChanged` once the new settings are in place.
   */
  changed(pushed: unknown, onChanged: () => void): void;
}

/**
 * `folders` gives the workspace folders' uris; a document's settings are those of the
 * innermost folder holding it.
 */
export function createSettingsSource(connection: Connection, canPull: boolean, folders: () => readonly string[] = () => []): SettingsSource {
  // By folder uri ('' for the window): the pull in flight or done, and the last one done.
  let current = new Map<string, Promise<ServerSettings>>();
  const last = new Map<string, ServerSettings>();
  // Two changes in quick succession start two pulls; only the newest may win.
  let generation = 0;
  let pushedSection: unknown;
  let pushed = false;

  const pull = async (scopeUri: string): Promise<ServerSettings> => {
    if (!canPull) {
      return pushed ? sanitize(pushedSection) : DEFAULT_SETTINGS;
    }
    try {
      const [section] = (await connection.workspace.getConfiguration([scopeUri ? { section: SECTION, scopeUri } : { section: SECTION }])) as unknown[];
      return sanitize(section);
    } catch (error) {
      connection.console.error(formatError('Could not read the gatewarden settings; using defaults', error));
      return DEFAULT_SETTINGS;
    }
  };

  const scopeOf = (uri: string | undefined): string => {
    if (uri === undefined) {
      return '';
    }
    const target = normalizeUri(uri);
    let best = '';
    for (const folder of folders()) {
      const f = normalizeUri(folder).replace(/\/$/, '');
      if ((target === f || target.startsWith(`${f}/`)) && f.length > best.length) {
        best = f;
      }
    }
    return best;
  };

  const get = (uri?: string): Promise<ServerSettings> => {
    const scope = scopeOf(uri);
    let next = current.get(scope);
    if (!next) {
      const mine = generation;
      next = pull(scope).then((settings) => {
        if (mine === generation) {
          last.set(scope, settings);
        }
        return settings;
      });
      current.set(scope, next);
    }
    return next;
  };

  return {
    get,
    latest: () => last.get(''),
    latestFor: (folderUri) => last.get(scopeOf(folderUri)),
    changed(section, onChanged) {
      const mine = ++generation;
      pushed = true;
      pushedSection = sectionOf(section);
      // Every folder is pulled again on its next use; the window's now.
      current = new Map();
      void get().then(() => {
        if (mine === generation) {
          onChanged();
        }
      });
    },
  };
}

/** The `gatewarden` part of a pushed `settings` object, which clients nest by section. */
function sectionOf(pushed: unknown): unknown {
  return typeof pushed === 'object' && pushed !== null ? (pushed as Record<string, unknown>)[SECTION] : undefined;
}

const SEVERITY_SETTINGS: ReadonlySet<string> = new Set(['off', 'info', 'warning', 'error']);

/**
 * Settings come from user JSON, so each field is checked and a bad one falls back to its
 * default instead of reaching the core.
 */
export function sanitize(value: unknown): ServerSettings {
  if (typeof value !== 'object' || value === null) {
    return DEFAULT_SETTINGS;
  }
  const raw = value as Record<string, unknown>;
  const rules: Record<string, SeveritySetting> = {};
  if (typeof raw.rules === 'object' && raw.rules !== null) {
    for (const [id, severity] of Object.entries(raw.rules)) {
      if (typeof severity === 'string' && SEVERITY_SETTINGS.has(severity)) {
        rules[id] = severity as SeveritySetting;
      }
    }
  }
  const size = raw.maxFileSize;
  const debug = typeof raw.debug === 'object' && raw.debug !== null ? (raw.debug as Record<string, unknown>) : {};
  const access = typeof raw.access === 'object' && raw.access !== null ? (raw.access as Record<string, unknown>) : {};
  // A ref name, never an option: git is asked for `<ref>^{commit}` after --end-of-options.
  const diffBase = typeof access.diffBase === 'string' && access.diffBase.trim() !== '' && !access.diffBase.startsWith('-') ? access.diffBase.trim() : undefined;
  const production = Array.isArray(raw.productionStages) ? raw.productionStages.filter((s): s is string => typeof s === 'string' && s.trim() !== '') : undefined;
  return {
    debug: { verifyIncremental: debug.verifyIncremental === true },
    enable: typeof raw.enable === 'boolean' ? raw.enable : DEFAULT_SETTINGS.enable,
    rules,
    maxFileSize: typeof size === 'number' && Number.isFinite(size) && size > 0 ? size : DEFAULT_SETTINGS.maxFileSize,
    // Validated as the configuration file's section is; a bad field (an 11-digit account)
    // is left unset rather than guessed, and the rest of the entry still applies.
    environments: parseEnvironmentsSetting(raw.environments).environments,
    ...(production ? { productionStages: production } : {}),
    codeLens: !(typeof raw.codeLens === 'object' && raw.codeLens !== null && (raw.codeLens as Record<string, unknown>).enable === false),
    diagnosticsScope: typeof raw.diagnostics === 'object' && raw.diagnostics !== null && (raw.diagnostics as Record<string, unknown>).scope === 'workspace' ? 'workspace' : 'open',
    ...(diffBase ? { diffBase } : {}),
  };
}
