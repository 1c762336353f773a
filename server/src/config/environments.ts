/**
 * Which environments a file deploys to, from the `environments` of its nearest configuration
 * file or, where that file says nothing (or there is none), from the editor's
 * `gatewarden.environments` setting (globs relative to the workspace folder). Shared by the
 * CLI and the language server; the core gets only the answer per document.
 */
import * as path from 'node:path';
import { DEFAULT_PRODUCTION_STAGES, type AccessEnvironment, type EnvironmentConfig } from '../core/index';
import { compilePathGlobs, type PathMatcher } from './glob';
import type { ConfigResolver } from './load';

export interface EnvironmentSetting {
  /** The folder the setting's globs are relative to (a workspace folder). */
  readonly dir: string;
  readonly environments: readonly EnvironmentConfig[];
  readonly productionStages?: readonly string[];
}

export interface EnvironmentLookup {
  /** The environments an absolute file path deploys to, in the order they are configured. */
  of(file: string): readonly AccessEnvironment[];
  /** Production names: the configuration file's, else the setting's, else the default. */
  readonly productionStages: readonly string[];
  /** Identifies the configuration (for memos across calls). */
  readonly key: string;
}

interface Compiled {
  readonly dir: string;
  readonly entries: readonly { readonly matches: PathMatcher; readonly env: AccessEnvironment }[];
}

/**
 * `base` is the file whose nearest configuration decides the production names (the CLI's
 * working folder, a workspace folder); each file's environments come from its own nearest
 * configuration.
 */
export function createEnvironmentLookup(resolver: ConfigResolver, base: string, settings: readonly EnvironmentSetting[] = []): EnvironmentLookup {
  const compiled = new Map<string, Compiled>();
  const compile = (key: string, dir: string, environments: readonly EnvironmentConfig[]): Compiled => {
    let c = compiled.get(key);
    if (!c) {
      c = {
        dir,
        entries: environments.map((e) => ({
          matches: compilePathGlobs(e.files),
          env: { name: e.name, ...(e.account ? { account: e.account } : {}), ...(e.region ? { region: e.region } : {}), stages: e.stages },
        })),
      };
      compiled.set(key, c);
    }
    return c;
  };
  const fromSettings = settings.filter((s) => s.environments.length > 0).map((s) => compile(`setting:${s.dir}`, s.dir, s.environments));
  const baseLookup = resolver.lookup(path.join(base, '.gatewarden'));
  const configured = baseLookup.kind === 'loaded' ? baseLookup.loaded.config.productionStages : undefined;
  const productionStages = configured ?? settings.find((s) => s.productionStages !== undefined)?.productionStages ?? DEFAULT_PRODUCTION_STAGES;
  const of = (file: string): readonly AccessEnvironment[] => {
    const absolute = path.resolve(file);
    const lookup = resolver.lookup(absolute);
    const candidates: Compiled[] = [];
    if (lookup.kind === 'loaded' && lookup.loaded.config.environments.length > 0) {
      candidates.push(compile(lookup.loaded.file, lookup.loaded.dir, lookup.loaded.config.environments));
    } else {
      candidates.push(...fromSettings);
    }
    for (const c of candidates) {
      const relative = path.relative(c.dir, absolute).split(path.sep).join('/');
      if (relative.startsWith('../') || path.isAbsolute(relative)) {
        continue;
      }
      const found = c.entries.filter((e) => e.matches(relative)).map((e) => e.env);
      if (found.length > 0) {
        return found;
      }
    }
    return [];
  };
  const key = JSON.stringify([baseLookup.kind === 'loaded' ? [baseLookup.loaded.file, baseLookup.loaded.config.environments] : null, settings, productionStages]);
  return { of, productionStages, key };
}
