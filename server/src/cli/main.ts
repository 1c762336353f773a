/**
 * `gatewarden check`: the command-line shell over the analysis core. It does the I/O the
 * core never does (arguments, files, output, exit code) and nothing else.
 * bin/gatewarden.js calls `main` from the bundle dist/cli.js.
 */
import * as fs from 'node:fs';
import type { Analyzer } from '../core/index';
import { parseArgs, USAGE, type Command } from './args';
import { createChecker, type FileReport } from './check';
import { collectFiles } from './files';
import { renderJson, renderText } from './format';
import { examplesFolder, packageInfo } from './package-root';

/** Exit codes, as documented in `--help`. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Where the CLI reads and writes; tests pass their own to run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Relative paths are resolved against it, and printed relative to it. */
  readonly cwd: string;
  /** Colour the text output. Default: stdout is a terminal and NO_COLOR is unset. */
  readonly colour: boolean;
  /** The analyzer to check files with (tests inject failing ones). */
  readonly analyzer?: Analyzer;
}

/** Runs the command line `argv` (without `node` and the script) and returns the exit code. */
export async function main(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full = withDefaults(io);
  const parsed = parseArgs(argv);
  switch (parsed.kind) {
    case 'usage-error':
      return usageError(full, parsed.message);
    case 'help':
      full.stdout(`${USAGE}\n`);
      return EXIT_OK;
    case 'version':
      full.stdout(`${packageInfo()?.version ?? 'unknown'}\n`);
      return EXIT_OK;
    case 'check':
      return runCheck(parsed, full);
  }
}

function runCheck(command: Extract<Command, { kind: 'check' }>, io: CliIo): number {
  let paths = command.paths;
  if (paths.length === 0) {
    const examples = examplesFolder();
    if (examples === undefined || !fs.existsSync(examples)) {
      return usageError(io, 'No path given, and the bundled examples folder is missing; name the files or folders to check.');
    }
    paths = [examples];
  }
  const { files, missing } = collectFiles(paths, io.cwd);
  if (missing.length > 0) {
    for (const m of missing) {
      io.stderr(`gatewarden: no such file or folder: ${m}\n`);
    }
    return EXIT_USAGE;
  }
  if (files.length === 0 && command.format === 'text') {
    io.stderr('gatewarden: no .json, .jsonc, .yaml, .yml or .template files found.\n');
  }
  const check = createChecker({ maxFileSize: command.maxFileSize }, io.analyzer);
  const reports: FileReport[] = files.map(check);
  io.stdout(command.format === 'json' ? renderJson(reports, io.cwd) : renderText(reports, io.cwd, io.colour));
  const failed = reports.some((r) => r.findings.some((f) => f.severity === 'error'));
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`gatewarden: ${message}\nRun "gatewarden --help" for usage.\n`);
  return EXIT_USAGE;
}

function withDefaults(io: Partial<CliIo>): CliIo {
  const noColor = process.env['NO_COLOR'];
  return {
    stdout: io.stdout ?? writeTo(process.stdout),
    stderr: io.stderr ?? writeTo(process.stderr),
    cwd: io.cwd ?? process.cwd(),
    // Injected writers are not terminals, whatever process.stdout is.
    colour: io.colour ?? (io.stdout === undefined && process.stdout.isTTY === true && (noColor === undefined || noColor === '')),
    analyzer: io.analyzer,
  };
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

// `node dist/cli.js check …` works too, besides bin/gatewarden.js.
if (require.main === module) {
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
