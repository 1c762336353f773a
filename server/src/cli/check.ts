/**
 * Checking one file: read, parse, analyse, and (for SARIF) ask for the quick fixes of
 * fixable findings. A failure of any step costs only that file, which gets one
 * `internal/rule-error` finding instead of its real ones. The same function runs on the
 * main thread and in worker threads, so its inputs and outputs are plain data.
 */
import { createAnalyzer, formatFor, type Analyzer, type Finding, type Fix, type SeveritySetting } from '../core/index';
import { readText } from './files';
import { cliCatalog, prepareIamData } from './iam-data';

/** One file to check, with the severities that apply to it (configuration, then command line). */
export interface CheckTask {
  readonly file: string;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
}

/** One checked file: its text (for line/column mapping) and its findings in offset order. */
export interface FileReport {
  readonly file: string;
  readonly text: string;
  readonly findings: readonly Finding[];
  /** Quick fixes per finding, same order as `findings`, when asked for with `withFixes`. */
  readonly fixes?: readonly (readonly Fix[])[];
}

export interface CheckOptions {
  readonly maxFileSize?: number;
  /** Compute the quick fixes of fixable findings (SARIF carries them). */
  readonly withFixes?: boolean;
}

/**
 * The analyzer every thread of a run checks with. It is stateless between documents, so
 * one serves a whole thread; this is the one place the CLI configures it, for the main
 * thread and the workers alike.
 */
export function createCheckAnalyzer(): Analyzer {
  return createAnalyzer({ catalog: cliCatalog() });
}

export function createChecker(options: CheckOptions, analyzer: Analyzer = createCheckAnalyzer()): (task: CheckTask) => FileReport {
  return (task) => checkFile(analyzer, task, options);
}

export function checkFile(analyzer: Analyzer, task: CheckTask, options: CheckOptions): FileReport {
  const { file } = task;
  let text = '';
  try {
    text = readText(file);
    // The user asked for this file (by name or by naming its folder), so the cheap
    // "could this be relevant?" text test is skipped: `not json` in x.json is reported.
    const doc = analyzer.parse(text, { format: formatFor(file, text), maxFileSize: options.maxFileSize, assumeRelevant: true });
    prepareIamData(analyzer, doc);
    const findings = analyzer.analyze(doc, { rules: task.rules });
    if (!options.withFixes) {
      return { file, text, findings };
    }
    const fixes = findings.map((f) =>
      f.fixable ? analyzer.quickFixes(doc, { ruleId: f.ruleId, root: f.root, path: f.path, messageId: f.messageId }) : [],
    );
    return { file, text, findings, fixes };
  } catch (error) {
    return { file, text, findings: [internalError(error)] };
  }
}

/** The finding that stands for a file the checker could not finish. */
export function internalError(error: unknown): Finding {
  const detail = error instanceof Error ? error.message : String(error);
  return {
    ruleId: 'internal/rule-error',
    messageId: 'fileFailed',
    message: `Gatewarden failed on this file and skipped it: ${detail}`,
    severity: 'error',
    offset: 0,
    length: 0,
    root: 0,
    path: [],
    data: { error: detail },
    fixable: false,
  };
}
