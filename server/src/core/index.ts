/**
 * The analysis core's façade. Pure: no I/O, no `vscode`, no `vscode-languageserver`.
 * The language server and the CLI are thin shells over `createAnalyzer()`.
 */
import type { AnalysisSettings, Finding, Fix, FixRequest, HoverResult, SourceDocument } from './types';
import { parseDocument, type ParseOptions } from './model/parse';
import { analyze as runAnalysis } from './services/analyze';
import { quickFixes as findFixes } from './services/analyze';
import { hover as hoverAt } from './services/hover';
import { rules } from './rules';
import type { RuleMeta } from './rules/define';

export type * from './types';
export type { RuleMeta } from './rules/define';
export type { DocNode, Path } from './model/node';
export { formatFor, DEFAULT_MAX_FILE_SIZE, type ParseOptions } from './model/parse';

export interface AnalyzerOptions {
  /** Called when a rule throws; the rule's findings are replaced by one internal-error finding. */
  readonly onRuleError?: (ruleId: string, error: unknown) => void;
}

export interface Analyzer {
  parse(text: string, options: ParseOptions): SourceDocument;
  analyze(doc: SourceDocument, settings?: AnalysisSettings): Finding[];
  quickFixes(doc: SourceDocument, request: FixRequest): Fix[];
  hover(doc: SourceDocument, offset: number): HoverResult | undefined;
  readonly rules: readonly RuleMeta[];
}

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  return {
    parse: parseDocument,
    analyze: (doc, settings = {}) => runAnalysis(doc, { ...settings, onRuleError: options.onRuleError }),
    quickFixes: findFixes,
    hover: hoverAt,
    rules,
  };
}

/** Where a rule's documentation page lives; diagnostics link to it. */
export const DOCS_BASE_URL = 'https://github.com/gatewarden/gatewarden/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
