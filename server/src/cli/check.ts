/**
 * Checking one file: read, parse, analyse, and (for SARIF) ask for the quick fixes of
 * fixable findings. A failure of any step costs only that file, which gets one
 * `internal/rule-error` finding instead of its real ones. The same function runs on the
 * main thread and in worker threads, so its inputs and outputs are plain data.
 */
import { createAnalyzer, DEFAULT_MAX_FILE_SIZE, formatFor, oversizedDocument, type Analyzer, type Finding, type Fix, type SeveritySetting, type SourceDocument } from '../core/index';
import type { ReadResult } from '../host/host';
import { isCheckedFileName, readFileBounded } from './files';
import { cliCatalog, prepareIamData, type IamDataChoice } from './iam-data';
import { readIncludes } from './includes';
import { fixText, type Analysed } from './fix';
import { host } from './host';

/** One file to check, with the severities that apply to it (configuration, then command line). */
export interface CheckTask {
  readonly file: string;
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /** The document's text when it was not read from `file` (standard input). */
  readonly text?: string;
  /** Read from standard input: checked whatever its name and content. */
  readonly stdin?: boolean;
}

/** One checked file: its text (for line/column mapping) and its findings in offset order. */
export interface FileReport {
  readonly file: string;
  readonly text: string;
  readonly findings: readonly Finding[];
  /** Quick fixes per finding, same order as `findings`, when asked for with `withFixes`. */
  readonly fixes?: readonly (readonly Fix[])[];
  /**
   * Why the file was not checked: a file named on the command line that is neither JSON
   * nor YAML by its name, and holds no policy, template or API definition.
   */
  readonly skipped?: string;
  /**
   * With `--fix` or `--fix-dry-run`: how many preferred fixes were applied and how many were
   * left (skipped), and the text before them when it changed. `text` and `findings` are then
   * those after the fixes.
   */
  readonly fixed?: { readonly applied: number; readonly skipped: number; readonly original?: string };
}

export interface CheckOptions {
  /** The size cap, in bytes, for every file read (checked files and the definitions they include). */
  readonly maxFileSize?: number;
  /**
   * The folder relative paths were given from; with the repository roots it bounds where
   * included files may be read from (cli/host.ts). Without it, includes are not read.
   */
  readonly cwd?: string;
  /** Compute the quick fixes of fixable findings (SARIF carries them). */
  readonly withFixes?: boolean;
  /** Which IAM data to check against (`--iam-data`), and the time its age is judged at. */
  readonly iamData?: IamDataChoice;
  /** Apply each finding's preferred fix (cli/fix.ts): `write` writes the file, `dry-run` only reports. */
  readonly fix?: 'write' | 'dry-run';
}

/**
 * The analyzer every thread of a run checks with. It is stateless between documents, so
 * one serves a whole thread; this is the one place the CLI configures it, for the main
 * thread and the workers alike.
 */
export function createCheckAnalyzer(iamData: IamDataChoice = {}): Analyzer {
  return createAnalyzer({ catalog: cliCatalog(iamData) });
}

export function createChecker(options: CheckOptions, analyzer: Analyzer = createCheckAnalyzer(options.iamData)): (task: CheckTask) => FileReport {
  return (task) => checkFile(analyzer, task, options);
}

export function checkFile(analyzer: Analyzer, task: CheckTask, options: CheckOptions): FileReport {
  const { file } = task;
  let text = '';
  try {
    const maxBytes = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
    const read: ReadResult = task.text !== undefined ? { kind: 'ok', text: task.text, realPath: file } : readFileBounded(file, maxBytes);
    if (read.kind === 'too-large') {
      // Not read at all: the same finding a text over the limit gets.
      const findings = analyzer.analyze(oversizedDocument(formatFor(file, ''), read.size, read.limit), { rules: task.rules });
      return { file, text, findings };
    }
    if (read.kind !== 'ok') {
      throw new Error(read.kind === 'unreadable' ? `cannot read the file (${read.code})` : `the file is no longer a regular file (${read.kind})`);
    }
    text = read.text;
    // The user asked for this file (by name or by naming its folder), so the cheap
    // "could this be relevant?" text test is skipped: `not json` in x.json is reported.
    const doc = analyzer.parse(text, { format: formatFor(file, text), maxFileSize: options.maxFileSize, assumeRelevant: true });
    if (!task.stdin && !isCheckedFileName(file) && doc.kinds.every((k) => k === 'unknown')) {
      // Named on the command line (a folder walk takes checked extensions only), but no
      // document of ours: saying nothing would read as "checked, no problems".
      return { file, text, findings: [], skipped: `not a JSON or YAML file (by its name), and no policy, template or API definition in it` };
    }
    const analyse = (parsed: SourceDocument): Analysed => {
      prepareIamData(analyzer, parsed);
      // Included API definitions are read only to say which could not be (apigw/unreadable-include).
      const includeReads = options.cwd !== undefined ? readIncludes(file, parsed, { cwd: options.cwd, maxBytes, parse: false }).reads : undefined;
      return { doc: parsed, findings: analyzer.analyze(parsed, { rules: task.rules, includeReads }) };
    };
    if (options.fix) {
      const format = doc.format;
      const outcome = fixText(analyzer, text, (t) => analyse(t === text ? doc : analyzer.parse(t, { format, maxFileSize: options.maxFileSize, assumeRelevant: true })));
      const original = text;
      if (outcome.text !== original && options.fix === 'write' && !task.stdin) {
        host.writeFile(file, outcome.text);
      }
      text = outcome.text;
      return {
        file,
        text,
        findings: outcome.analysed.findings,
        fixed: { applied: outcome.applied, skipped: outcome.skipped, ...(outcome.text !== original ? { original } : {}) },
      };
    }
    const { findings } = analyse(doc);
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
