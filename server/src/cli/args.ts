/**
 * Command-line arguments → a command, or a usage error. Pure: no I/O, so every branch is
 * testable with plain arrays.
 */
import type { Severity, SeveritySetting } from '../core/index';
import { RULES_BY_ID } from '../core/rules';
import { editDistance } from '../core/util/similar';

export type OutputFormat = 'text' | 'json' | 'sarif';

export interface CheckCommand {
  readonly kind: 'check';
  readonly paths: readonly string[];
  readonly format: OutputFormat;
  readonly maxFileSize: number | undefined;
  /** The lowest severity that makes the exit code 1. */
  readonly failOn: Severity;
  /** Exit 1 when more warnings than this are reported. */
  readonly maxWarnings: number | undefined;
  /** `--rule id=severity`, later ones winning; over the configuration file. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /**
   * `--changed [ref]`: check only files changed against `ref`. `guessed` when the ref was
   * the next argument rather than `--changed=ref`: it may turn out to be a path.
   */
  readonly changed: { readonly ref: string; readonly guessed: boolean } | undefined;
  /** Worker threads; `undefined` means one per core. */
  readonly jobs: number | undefined;
  readonly baseline: string | undefined;
  readonly writeBaseline: string | undefined;
}

/** What the user asked for; `paths` is empty when no path was given. */
export type Command = { readonly kind: 'help' } | { readonly kind: 'version' } | CheckCommand;

export type ParsedArgs = Command | { readonly kind: 'usage-error'; readonly message: string };

export const DEFAULT_CHANGED_REF = 'HEAD';

export const USAGE = `Usage: gatewarden check [paths...] [options]
       gatewarden methods [paths...] [--format text|json]   (the API Gateway methods defined)
       gatewarden access [paths...] [--format text|json]    (who can invoke which method)
       gatewarden --help
       gatewarden --version

Checks AWS IAM policies and the CloudFormation, SAM and OpenAPI templates that hold
them. Paths are files or folders; folders are searched recursively for .json, .jsonc,
.yaml, .yml and .template files (node_modules and dot-folders are skipped). With no
path, the bundled examples are checked.

Options:
  --format text|json|sarif   Output format (default: text). json prints one JSON array,
                             sarif a SARIF 2.1.0 log for code scanning.
  --fail-on error|warning|info
                             The lowest severity that fails the run (default: error).
  --max-warnings N           Also fail when more than N warnings are reported.
  --rule ID=SEVERITY         Set a rule's severity (off, info, warning, error); repeatable.
                             Wins over the configuration file.
  --changed [REF]            Check only files changed against REF (default: HEAD),
                             untracked files included. Write --changed=REF when a path
                             follows.
  --baseline FILE            Report only findings that FILE does not record.
  --write-baseline FILE      Record today's findings in FILE and exit 0.
  --jobs N                   Worker threads (default: one per core; 1 = none).
  --max-file-size N          Skip files larger than N bytes, included ones too (default: 5000000).
  -h, --help                 Show this help.
  --version                  Show the version.

Configuration: the nearest .gatewarden.yaml, .gatewarden.yml, .gatewarden.json or
"gatewarden" key of a package.json above each file. The command line wins over it.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or more
warnings than --max-warnings), 2 bad usage or a broken configuration file.`;

const FORMATS: readonly string[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];
const SETTINGS: readonly string[] = ['off', 'info', 'warning', 'error'];

/**
 * Options may come before or after the command and the paths, as `--name value` or
 * `--name=value`. `--` ends the options: everything after it is a path.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: string | undefined;
  const paths: string[] = [];
  const rules: Record<string, SeveritySetting> = {};
  let format: OutputFormat = 'text';
  let maxFileSize: number | undefined;
  let failOn: Severity = 'error';
  let maxWarnings: number | undefined;
  let changed: CheckCommand['changed'];
  let jobs: number | undefined;
  let baseline: string | undefined;
  let writeBaseline: string | undefined;
  let help = false;
  let version = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      paths.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (command === undefined) {
        command = arg;
      } else {
        paths.push(arg);
      }
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const inline = eq === -1 ? undefined : arg.slice(eq + 1);
    const takeValue = (): string | undefined => {
      if (inline !== undefined) {
        return inline;
      }
      const next = argv[i + 1];
      if (next === undefined) {
        return undefined;
      }
      i++;
      return next;
    };
    let error: string | undefined;
    switch (name) {
      case '-h':
      case '--help':
        help = true;
        break;
      case '--version':
        version = true;
        break;
      case '--format': {
        const value = takeValue();
        if (value === undefined || !FORMATS.includes(value)) {
          error = value === undefined ? '--format needs a value: text, json or sarif.' : `--format must be text, json or sarif, not "${value}".`;
        } else {
          format = value as OutputFormat;
        }
        break;
      }
      case '--fail-on': {
        const value = takeValue();
        if (value === undefined || !SEVERITIES.includes(value)) {
          error = `--fail-on must be error, warning or info${value === undefined ? '' : `, not "${value}"`}.`;
        } else {
          failOn = value as Severity;
        }
        break;
      }
      case '--rule': {
        const value = takeValue();
        const parsed = value === undefined ? ({ error: '--rule needs a value: ID=SEVERITY.' } as const) : parseRuleSetting(value);
        if ('error' in parsed) {
          error = parsed.error;
        } else {
          rules[parsed.id] = parsed.severity;
        }
        break;
      }
      case '--changed': {
        const next = argv[i + 1];
        // The next argument is a ref unless it is an option, or the command itself.
        if (inline !== undefined) {
          error = inline === '' ? '--changed= needs a git ref after the "=".' : undefined;
          changed = { ref: inline, guessed: false };
        } else if (next !== undefined && !next.startsWith('-') && !(command === undefined && next === 'check')) {
          changed = { ref: next, guessed: true };
          i++;
        } else {
          changed = { ref: DEFAULT_CHANGED_REF, guessed: false };
        }
        break;
      }
      case '--max-file-size':
      case '--max-warnings':
      case '--jobs': {
        const value = takeValue();
        const min = name === '--max-warnings' ? 0 : 1;
        const parsed = value === undefined ? undefined : parseWholeNumber(value, min);
        if (parsed === undefined) {
          const kind = min === 0 ? 'a whole number (0 or more)' : 'a positive whole number';
          error = value === undefined ? `${name} needs a value.` : `${name} must be ${kind}, not "${value}".`;
        } else if (name === '--max-file-size') {
          maxFileSize = parsed;
        } else if (name === '--max-warnings') {
          maxWarnings = parsed;
        } else {
          jobs = parsed;
        }
        break;
      }
      case '--baseline':
      case '--write-baseline': {
        const value = takeValue();
        if (value === undefined || value === '') {
          error = `${name} needs a file name.`;
        } else if (name === '--baseline') {
          baseline = value;
        } else {
          writeBaseline = value;
        }
        break;
      }
      default:
        error = `Unknown option "${arg}".`;
    }
    if (error === undefined && inline !== undefined && (name === '-h' || name === '--help' || name === '--version')) {
      error = `${name} takes no value.`;
    }
    if (error !== undefined) {
      return usageError(error);
    }
  }

  if (help) {
    return { kind: 'help' };
  }
  if (version) {
    return { kind: 'version' };
  }
  if (command === undefined) {
    return usageError('No command given.');
  }
  if (command !== 'check') {
    return usageError(`Unknown command "${command}"; the only command is "check".`);
  }
  if (baseline !== undefined && writeBaseline !== undefined) {
    return usageError('--baseline and --write-baseline cannot be used together.');
  }
  return { kind: 'check', paths, format, maxFileSize, failOn, maxWarnings, rules, changed, jobs, baseline, writeBaseline };
}

/** `id=severity`, with the id checked against the registry. */
export function parseRuleSetting(value: string): { id: string; severity: SeveritySetting } | { error: string } {
  const eq = value.lastIndexOf('=');
  const id = eq === -1 ? value : value.slice(0, eq).trim();
  const severity = eq === -1 ? '' : value.slice(eq + 1).trim();
  if (eq === -1 || !SETTINGS.includes(severity)) {
    return { error: `--rule takes ID=SEVERITY with SEVERITY one of off, info, warning, error, not "${value}".` };
  }
  if (!RULES_BY_ID.has(id)) {
    const near = nearRuleIds(id);
    return { error: `Unknown rule "${id}" in --rule.${near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : ''}` };
  }
  return { id, severity: severity as SeveritySetting };
}

/**
 * Registered ids close to a mistyped one: a small edit distance, or the same name in
 * another area (`invalid-effect` for `iam/invalid-effect`). Closest first, three at most.
 */
export function nearRuleIds(id: string): string[] {
  const lower = id.toLowerCase();
  const name = lower.slice(lower.indexOf('/') + 1);
  const limit = Math.max(2, Math.floor(lower.length / 4));
  const scored: [string, number][] = [];
  for (const candidate of RULES_BY_ID.keys()) {
    const candidateName = candidate.slice(candidate.indexOf('/') + 1);
    const distance = Math.min(editDistance(lower, candidate, limit), candidateName === name ? 0 : editDistance(name, candidateName, limit));
    if (distance <= limit) {
      scored.push([candidate, distance]);
    }
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([candidate]) => candidate);
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}

function parseWholeNumber(value: string, min: number): number | undefined {
  if (!/^[0-9]+$/.test(value)) {
    return undefined;
  }
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}
