/**
 * Environments for the access analysis: where each document of the workspace is deployed
 * (account, region, the stage names its APIs take), and which stage or environment names
 * count as production. The shells read them from the configuration file or the editor
 * settings and match documents to them; the core only reads the answer.
 */
import type { PseudoParameters } from '../template/resolve';

/** What counts as production when neither the configuration file nor the settings say. */
export const DEFAULT_PRODUCTION_STAGES: readonly string[] = ['prod', 'production', 'live'];

export interface AccessEnvironment {
  /** As configured (`dev`, `prod` …). */
  readonly name: string;
  /** 12 digits, when configured. */
  readonly account?: string;
  readonly region?: string;
  /** Stage names the document's APIs take there; empty: the template's own stages. */
  readonly stages: readonly string[];
}

export interface EnvironmentOptions {
  /** The environments a document deploys to, by uri; none (or no function): one unnamed environment. */
  readonly environmentsOf?: (uri: string) => readonly AccessEnvironment[];
  /** Stage and environment names that count as production (compared without case). */
  readonly productionStages?: readonly string[];
  /**
   * Identifies the environments for memos across calls (the shells build the function afresh
   * each time): the same key means the same answers for every uri.
   */
  readonly environmentsKey?: string;
}

/** What an environment fixes of a template's pseudo parameters. */
export function pseudoParametersOf(env: AccessEnvironment | undefined): PseudoParameters | undefined {
  return env && (env.account !== undefined || env.region !== undefined) ? { accountId: env.account, region: env.region } : undefined;
}

/**
 * Whether a stage or environment name is production. Names compare without case (`Prod`
 * is `prod`); a wildcard or a placeholder (`*`, `${Stage}`) is neither, since it names no
 * stage we can judge.
 */
export function isProduction(name: string, production: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return production.some((p) => p.toLowerCase() === lower);
}

/** Whether a stage name names one stage (not `*`, not a deploy-time placeholder). */
export function isConcreteStage(name: string): boolean {
  return name !== '*' && !name.includes('${') && !/[*?]/.test(name);
}
