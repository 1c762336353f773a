/**
 * The `gatewarden` settings section. It is pulled with `workspace/configuration` when the
 * client can answer that, cached, and pulled again on `workspace/didChangeConfiguration`.
 * Clients without the capability get the defaults, or whatever they push in the change.
 */
import type { Connection } from 'vscode-languageserver/node';
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
}

export const DEFAULT_SETTINGS: ServerSettings = { enable: true, rules: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE, debug: { verifyIncremental: false }, environments: [] };

export interface SettingsSource {
  /** The current settings. Resolves at once after the first pull, so validation stays fast. */
  get(): Promise<ServerSettings>;
  /** The settings of the last pull that finished (for code that cannot wait), or undefined before the first. */
  latest(): ServerSettings | undefined;
  /**
   * Handles `workspace/didChangeConfiguration`: pulls (or takes the pushed section) and
   * calls `onChanged` once the new settings are in place.
   */
  changed(pushed: unknown, onChanged: () => void): void;
}

export function createSettingsSource(connection: Connection, canPull: boolean): SettingsSource {
  let current: Promise<ServerSettings> | undefined;
  let last: ServerSettings | undefined;
  // Two changes in quick succession start two pulls; only the newest may win.
  let generation = 0;

  const pull = async (): Promise<ServerSettings> => {
    if (!canPull) {
      return DEFAULT_SETTINGS;
    }
    try {
      const [section] = (await connection.workspace.getConfiguration([{ section: SECTION }])) as unknown[];
      return sanitize(section);
    } catch (error) {
      connection.console.error(formatError('Could not read the gatewarden settings; using defaults', error));
      return DEFAULT_SETTINGS;
    }
  };

  const pulled = (next: Promise<ServerSettings>, mine: number): Promise<ServerSettings> =>
    next.then((settings) => {
      if (mine === generation) {
        last = settings;
      }
      return settings;
    });

  return {
    get: () => (current ??= pulled(pull(), generation)),
    latest: () => last,
    changed(pushed, onChanged) {
      const mine = ++generation;
      const next = pulled(canPull ? pull() : Promise.resolve(sanitize(sectionOf(pushed))), mine);
      current = next;
      void next.then(() => {
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
  };
}
