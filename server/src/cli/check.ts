/**
 * Checking one file: read, parse, analyse. A failure of any step costs only that file,
 * which gets one `internal/rule-error` finding instead of its real ones.
 */
import { createAnalyzer, formatFor, type Analyzer, type Finding } from '../core/index';
import { readText } from './files';

/** One checked file: its text (for line/column mapping) and its findings in offset order. */
export interface FileReport {
  readonly file: string;
  readonly text: string;
  readonly findings: readonly Finding[];
}

export interface CheckOptions {
  readonly maxFileSize?: number;
}

/** The analyzer is stateless between documents, so one serves the whole run. */
export function createChecker(options: CheckOptions, analyzer: Analyzer = createAnalyzer()): (file: string) => FileReport {
  return (file) => checkFile(analyzer, file, options);
}

export function checkFile(analyzer: Analyzer, file: string, options: CheckOptions): FileReport {
  let text = '';
  try {
    text = readText(file);
    // The user asked for this file (by name or by naming its folder), so the cheap
    // "could this be relevant?" text test is skipped: `not json` in x.json is reported.
    const doc = analyzer.parse(text, { format: formatFor(file, text), maxFileSize: options.maxFileSize, assumeRelevant: true });
    const findings = analyzer.analyze(doc);
    return { file, text, findings };
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
