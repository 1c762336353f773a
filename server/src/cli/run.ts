/**
 * `gatewarden check` from parsed arguments to exit code: choose the files (paths, the
 * current folder, standard input, or `--changed`), apply each file's nearest configuration under the
 * command line's `--rule`s, check (on worker threads for large runs), subtract a
 * baseline, write each report, and decide the exit code.
 */
import * as path from 'node:path';
import type { Analyzer, Severity } from '../core/index';
import { rules as registry } from '../core/rules';
import { formatConfigError, scopeOf, type ConfigError } from '../config/load';
import type { CheckCommand, OutputFormat } from './args';
import { baselineEntries, parseBaseline, renderBaseline, withoutBaselined, type BaselineEntry } from './baseline';
import { createCheckAnalyzer, type CheckTask, type FileReport } from './check';
import { withAssertions } from './assertions';
import { collectFiles, displayPath, selectChanged, type CollectedFiles } from './files';
import { renderGithub, renderJunit } from './format-ci';
import { renderJson, renderText } from './format';
import { changedFiles, isCommit } from './git';
import { cliConfigResolver, DEFAULT_MAX_FILE_SIZE, host } from './host';
import { packageInfo } from './package-root';
import type { StdinRead } from './stdin';
import { createProgress, NO_PROGRESS } from './progress';
import { printable } from './printable';
import { renderSarif } from './sarif';
import { checkAll, defaultJobs } from './workers';
import { cliIamData, type IamDataChoice, type IamDataSource } from './iam-data';
import { fixSummary, fixSummaryLine, renderDiffs, renderJsonWithFixes, type FixSummary } from './fix-report';

/** Exit codes, as documented in `--help`. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface RunIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly colour: boolean;
  /** Draw a progress line on stderr for long runs. */
  readonly progress: boolean;
  readonly analyzer?: Analyzer;
  readonly readStdin: (maxBytes: number) => Promise<StdinRead>;
  /** See CliIo.now. */
  readonly now?: number;
}

/** The IAM data a run uses: `--iam-data` resolved against the working folder, judged at `io.now`. */
export function iamDataChoice(iamData: string | undefined, io: Pick<RunIo, 'cwd' | 'now'>): IamDataChoice {
  return { ...(iamData !== undefined ? { packageDir: path.resolve(io.cwd, iamData) } : {}), now: io.now ?? Date.now() };
}

/** `--iam-data` names something that is not a usable copy of the package: exit 2, saying what is wrong. */
export function iamDataFailure(io: Pick<RunIo, 'stderr'>, message: string): number {
  io.stderr(`gatewarden: --iam-data: ${printable(message)}\n`);
  return EXIT_USAGE;
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

export async function runCheck(command: CheckCommand, io: RunIo): Promise<number> {
  const iamData = iamDataChoice(command.iamData, io);
  // Loaded (and for --iam-data, validated) before any file is read, so a bad folder stops the run.
  const data = cliIamData(iamData);
  if (data.kind === 'error') {
    return iamDataFailure(io, data.message);
  }
  const selected = selectFiles(command, io);
  if (typeof selected === 'string') {
    return usageError(io, selected, 'check');
  }
  const special = selected.special ?? [];
  if (selected.missing.length > 0 || special.length > 0) {
    for (const m of selected.missing) {
      io.stderr(`gatewarden: no such file or folder: ${printable(m)}\n`);
    }
    // A FIFO, a device or a socket named on the command line is never opened.
    for (const m of special) {
      io.stderr(`gatewarden: not a regular file or folder: ${printable(m)}\n`);
    }
    return EXIT_USAGE;
  }
  let stdin: StdinDocument | undefined;
  if (command.paths.includes('-') && command.fix === 'write') {
    return usageError(io, '--fix cannot write back to standard input; --fix-dry-run prints the fixes as a diff.', 'check');
  }
  if (command.paths.includes('-')) {
    const read = await readStdinDocument(command, io);
    if (typeof read === 'string') {
      return usageError(io, read, 'check');
    }
    stdin = read;
  }
  const configured = configure(stdin ? [...selected.files, stdin.file] : selected.files, command, io.cwd);
  if ('errors' in configured) {
    for (const e of configured.errors) {
      io.stderr(`gatewarden: config error: ${printable(formatConfigError(e, io.cwd))}\n`);
    }
    return EXIT_USAGE;
  }
  // A document from standard input is checked even where the configuration ignores its name.
  const tasks: CheckTask[] = configured.tasks.map((t) => (stdin && t.file === stdin.file ? { ...t, text: stdin.text, stdin: true } : t));
  if (stdin && !tasks.some((t) => t.stdin)) {
    tasks.push({ file: stdin.file, rules: command.rules, text: stdin.text, stdin: true });
  }
  let baseline: BaselineEntry[] | undefined;
  if (command.baseline !== undefined) {
    const read = readBaseline(path.resolve(io.cwd, command.baseline));
    if (typeof read === 'string') {
      return usageError(io, read);
    }
    baseline = read;
  }

  const progress = io.progress ? createProgress(tasks.length, io.stderr) : NO_PROGRESS;
  let reports: FileReport[] = await checkAll(tasks, {
    jobs: command.jobs ?? defaultJobs(),
    maxFileSize: command.maxFileSize,
    cwd: io.cwd,
    withFixes: command.outputs.some((o) => o.format === 'sarif'),
    iamData,
    fix: command.fix,
    analyzer: io.analyzer,
    onProgress: (done) => progress.update(done),
  });
  progress.done();
  // The access assertions are about the workspace: checked once every file has been.
  // Unmatched assertions only when the whole workspace was checked: not for --changed or
  // standard input, and only when a folder given holds the configuration's own folder.
  const whole = !command.changed && !stdin ? (command.paths.length > 0 ? command.paths : ['.']).map((p) => path.resolve(io.cwd, p)) : [];
  reports = withAssertions(reports, tasks, { cwd: io.cwd, analyzer: io.analyzer ?? createCheckAnalyzer(), checkedFolders: whole, maxFileSize: command.maxFileSize });

  if (command.writeBaseline !== undefined) {
    const file = path.resolve(io.cwd, command.writeBaseline);
    const entries = baselineEntries(reports, path.dirname(file));
    try {
      host.writeFile(file, renderBaseline(entries));
    } catch (error) {
      return usageError(io, `could not write the baseline ${command.writeBaseline}: ${error instanceof Error ? error.message : String(error)}`);
    }
    io.stderr(`gatewarden: recorded ${entries.length} finding${entries.length === 1 ? '' : 's'} of ${tasks.length} files in ${command.writeBaseline}.\n`);
    return EXIT_OK;
  }
  if (baseline && command.baseline !== undefined) {
    reports = withoutBaselined(reports, baseline, path.dirname(path.resolve(io.cwd, command.baseline)));
  }

  for (const r of reports) {
    if (r.skipped !== undefined) {
      io.stderr(`gatewarden: skipped ${printable(displayPath(r.file, io.cwd))}: ${r.skipped}\n`);
    }
  }
  reports = reports.filter((r) => r.skipped === undefined);
  const fixes = command.fix ? fixSummary(reports, io.cwd, command.fix) : undefined;
  for (const target of command.outputs) {
    let text = render(target.format, command, reports, { ...io, colour: io.colour && target.file === undefined }, data.kind === 'ok' ? data.info : undefined, fixes);
    if (target.file === undefined) {
      if (fixes && target.format === 'text') {
        // The diff first, then what is left, then the fix counts.
        text = `${renderDiffs(fixes)}${text}${fixSummaryLine(fixes)}\n`;
      } else if (fixes && target.format !== 'json') {
        io.stderr(`${renderDiffs(fixes)}gatewarden: ${fixSummaryLine(fixes)}\n`);
      }
      io.stdout(text);
      continue;
    }
    try {
      host.writeFile(path.resolve(io.cwd, target.file), text);
    } catch (error) {
      return usageError(io, `could not write the ${target.format} report to ${target.file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return exitCode(command, reports, io);
}

/** The name and text of the document read from standard input. */
interface StdinDocument {
  readonly file: string;
  readonly text: string;
}

/** Name used for standard input without `--stdin-filename`: no extension, so the format comes from the text. */
export const STDIN_NAME = '<stdin>';

async function readStdinDocument(command: CheckCommand, io: RunIo): Promise<StdinDocument | string> {
  const limit = command.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const read = await io.readStdin(limit);
  if (read.kind === 'too-large') {
    return `standard input holds more than ${read.limit} bytes (--max-file-size).`;
  }
  if (read.kind === 'error') {
    return `could not read standard input: ${read.message}`;
  }
  return { file: path.resolve(io.cwd, command.stdinFilename ?? STDIN_NAME), text: read.text };
}

function selectFiles(command: CheckCommand, io: RunIo): CollectedFiles | string {
  let paths = command.paths;
  if (command.changed) {
    let ref = command.changed.ref;
    // `--changed infra/` means "changed files under infra/" when infra/ is no ref.
    if (command.changed.guessed && !isCommit(io.cwd, ref) && host.stat(path.resolve(io.cwd, ref)) !== undefined) {
      paths = [ref, ...paths];
      ref = 'HEAD';
    }
    const changed = changedFiles(io.cwd, ref);
    return changed.kind === 'error' ? changed.message : selectChanged(changed.files, paths, io.cwd);
  }
  if (paths.length === 0) {
    paths = ['.'];
  }
  paths = paths.filter((p) => p !== '-');
  if (paths.length === 0) {
    return { files: [], missing: [] };
  }
  return collectFiles(paths, io.cwd);
}

/** Each file's severities: nearest configuration (with overrides), then `--rule`. */
function configure(files: readonly string[], command: CheckCommand, cwd: string): { tasks: CheckTask[] } | { errors: ConfigError[] } {
  const resolver = cliConfigResolver(cwd, command.maxFileSize);
  const tasks: CheckTask[] = [];
  const broken = new Map<string, readonly ConfigError[]>();
  for (const file of files) {
    const lookup = resolver.lookup(file);
    if (lookup.kind === 'broken') {
      broken.set(lookup.file, lookup.errors);
      continue;
    }
    const scope = scopeOf(lookup, file);
    if (!scope.ignored) {
      tasks.push({ file, rules: { ...scope.rules, ...command.rules } });
    }
  }
  return broken.size > 0 ? { errors: [...broken.values()].flat() } : { tasks };
}

/** A baseline records every finding of a tree, so it may be far larger than one document. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

function readBaseline(file: string): BaselineEntry[] | string {
  const read = host.readFile(file, { maxBytes: MAX_BASELINE_BYTES });
  if (read.kind !== 'ok') {
    const why = read.kind === 'unreadable' ? read.code : read.kind === 'not-a-file' ? `a ${read.type}, not a regular file` : read.kind;
    return `could not read the baseline ${file}: ${why}`;
  }
  const text = read.text;
  const parsed = parseBaseline(text);
  return Array.isArray(parsed) ? parsed : `${file} is not a usable baseline: ${parsed.error}.`;
}

function render(format: OutputFormat, command: CheckCommand, reports: readonly FileReport[], io: RunIo, iamData: IamDataSource | undefined, fixes: FixSummary | undefined): string {
  switch (format) {
    case 'json':
      return fixes ? renderJsonWithFixes(reports, io.cwd, fixes) : renderJson(reports, io.cwd);
    case 'sarif':
      return renderSarif(reports, io.cwd, { rules: registry, version: packageInfo()?.version ?? '0.0.0', iamData });
    case 'github':
      return renderGithub(reports, io.cwd);
    case 'junit':
      return renderJunit(reports, io.cwd, command.failOn);
    case 'text':
      return renderText(reports, io.cwd, io.colour);
  }
}

function exitCode(command: CheckCommand, reports: readonly FileReport[], io: RunIo): number {
  const threshold = RANK[command.failOn];
  let failed = false;
  let warnings = 0;
  for (const r of reports) {
    for (const f of r.findings) {
      failed ||= RANK[f.severity] >= threshold;
      warnings += f.severity === 'warning' ? 1 : 0;
    }
  }
  if (command.maxWarnings !== undefined && warnings > command.maxWarnings) {
    io.stderr(`gatewarden: ${warnings} warnings, more than --max-warnings ${command.maxWarnings}.\n`);
    failed = true;
  }
  return failed ? EXIT_FINDINGS : EXIT_OK;
}

export function usageError(io: Pick<RunIo, 'stderr'>, message: string, command?: string): number {
  io.stderr(`gatewarden: ${message}\nRun "gatewarden ${command ? `${command} ` : ''}--help" for usage.\n`);
  return EXIT_USAGE;
}
