/**
 * Command-line arguments → a command, or a usage error. Pure: no I/O, so every branch is
 * testable with plain arrays.
 */

export type OutputFormat = 'text' | 'json';

/** What the user asked for; `paths` is empty when no path was given. */
export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'check';
      readonly paths: readonly string[];
      readonly format: OutputFormat;
      readonly maxFileSize: number | undefined;
    };

export type ParsedArgs = Command | { readonly kind: 'usage-error'; readonly message: string };

export const USAGE = `Usage: gatewarden check [paths...] [--format text|json] [--max-file-size N]
       gatewarden --help
       gatewarden --version

Checks AWS IAM policies and the CloudFormation, SAM and OpenAPI templates that hold
them. Paths are files or folders; folders are searched recursively for .json, .jsonc,
.yaml, .yml and .template files (node_modules and dot-folders are skipped). With no
path, the bundled examples are checked.

Options:
  --format text|json     Output format (default: text). json prints one JSON array.
  --max-file-size N      Skip files longer than N characters (default: 5000000).
  -h, --help             Show this help.
  --version              Show the version.

Exit codes: 0 no errors, 1 at least one error-severity finding, 2 bad usage.`;

/**
 * Options may come before or after the command and the paths, as `--name value` or
 * `--name=value`. `--` ends the options: everything after it is a path.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: string | undefined;
  const paths: string[] = [];
  let format: OutputFormat = 'text';
  let maxFileSize: number | undefined;
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
        if (value !== 'text' && value !== 'json') {
          return usageError(value === undefined ? '--format needs a value: text or json.' : `--format must be text or json, not "${value}".`);
        }
        format = value;
        break;
      }
      case '--max-file-size': {
        const value = takeValue();
        const parsed = value === undefined ? undefined : parsePositiveInteger(value);
        if (parsed === undefined) {
          return usageError(
            value === undefined ? '--max-file-size needs a value.' : `--max-file-size must be a positive whole number, not "${value}".`,
          );
        }
        maxFileSize = parsed;
        break;
      }
      default:
        return usageError(`Unknown option "${arg}".`);
    }
    if (inline !== undefined && (name === '-h' || name === '--help' || name === '--version')) {
      return usageError(`${name} takes no value.`);
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
  return { kind: 'check', paths, format, maxFileSize };
}

function usageError(message: string): ParsedArgs {
  return { kind: 'usage-error', message };
}

function parsePositiveInteger(value: string): number | undefined {
  if (!/^[0-9]+$/.test(value)) {
    return undefined;
  }
  const n = Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
