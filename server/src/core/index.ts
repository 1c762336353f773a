/**
 * The analysis core's façade. Pure: no I/O, no `vscode`, no `vscode-languageserver`.
 * The language server and the CLI are thin shells over `createAnalyzer()`.
 */
import type { AnalysisSettings, CompletionResult, Finding, Fix, FixRequest, HoverResult, SourceDocument } from './types';
import { parseDocument, type ParseOptions } from './model/parse';
import { reparseDocument } from './model/reparse';
import { analyze as runAnalysis } from './services/analyze';
import { quickFixes as findFixes, carryFindings } from './services/analyze';
export { AnalysisInterrupted } from './services/analyze';
import { hover as hoverAt } from './services/hover';
import { completion as completeAt } from './services/completion';
import { fixAll as fixAllOf } from './services/fix-all';
import { suppressionFix, type SuppressRequest } from './services/suppress-fix';
import { servicesNeeded as neededBy } from './services/needed';
import type { IamCatalog } from './data/catalog';
import { rules } from './rules';
import type { RuleMeta } from './rules/define';

export type * from './types';
export type { RuleMeta } from './rules/define';
export type { SuppressRequest } from './services/suppress-fix';
export type { DocNode, Path } from './model/node';
export { createCatalog, dataDateOf, daysSince, isStaleData, STALE_DATA_DAYS, type IamCatalog, type CatalogIndex, type CatalogOptions, type ServiceData } from './data/catalog';
export { formatFor, oversizedDocument, DEFAULT_MAX_FILE_SIZE, type ParseOptions } from './model/parse';
export {
  parseProjectConfig,
  parseEnvironmentsSetting,
  EMPTY_PROJECT_CONFIG,
  type EnvironmentConfig,
  type ProjectConfig,
  type ConfigOverride,
  type ApiDefinitionRef,
  type ConfigProblem,
  type ConfigProblemCode,
  type ParsedProjectConfig,
} from './services/project-config';
export { DEFAULT_PRODUCTION_STAGES, type AccessEnvironment, type EnvironmentOptions } from './access/environments';

export interface AnalyzerOptions {
  /** Called when a rule throws; the rule's findings are replaced by one internal-error finding. */
  readonly onRuleError?: (ruleId: string, error: unknown) => void;
  /**
   * AWS's IAM reference data. The shell creates it from the index, and either adds the
   * services `servicesNeeded` names before each analysis or gives it a loader that reads a
   * service when first asked about (`CatalogOptions.load`). Without it, the rules that judge
   * actions, resources and condition keys stay silent.
   */
  readonly catalog?: IamCatalog;
}

export interface Analyzer {
  parse(text: string, options: ParseOptions): SourceDocument;
  /**
   * The parse of `text`, the next version of `previous`'s text, parsing again only what the
   * edit touched when it can (model/reparse.ts); equal to `parse(text, options)`. Consumes
   * `previous`: it shares moved subtrees with the result and must not be used afterwards.
   */
  reparse(previous: SourceDocument, text: string, options: ParseOptions): SourceDocument;
  analyze(doc: SourceDocument, settings?: AnalysisSettings): Finding[];
  /** `settings.workspace` lets rules that look across files (cross-account) find their findings again. */
  quickFixes(doc: SourceDocument, request: FixRequest, settings?: Pick<AnalysisSettings, 'workspace'>): Fix[];
  /**
   * One fix that applies the preferred fix of every finding of the request's rule (and
   * message) in the document, when those fixes are marked safe to apply together.
   */
  fixAll(doc: SourceDocument, request: FixRequest, settings?: AnalysisSettings): Fix | undefined;
  /**
   * "Suppress RULE here": the rule's suppression written in the document's own form (a YAML
   * comment, or the template resource's `Metadata.gatewarden.ignore`), checked to hide the
   * finding starting at `request.offset`; undefined where the document has no such form.
   */
  suppressionFix(doc: SourceDocument, request: SuppressRequest): Fix | undefined;
  /** The hover at `offset`; `settings` decide which findings' rule summaries it shows. */
  hover(doc: SourceDocument, offset: number, settings?: AnalysisSettings): HoverResult | undefined;
  completion(doc: SourceDocument, offset: number): CompletionResult | undefined;
  /** Lower-cased prefixes of the known services the document refers to (phase one of loading). */
  servicesNeeded(doc: SourceDocument): string[];
  /** Findings of an earlier text placed on a new parse by path, where they still underline the same text. */
  carry(findings: readonly Finding[], oldText: string, doc: SourceDocument): Finding[];
  readonly catalog?: IamCatalog;
  readonly rules: readonly RuleMeta[];
}

export function createAnalyzer(options: AnalyzerOptions = {}): Analyzer {
  return {
    parse: parseDocument,
    reparse: (previous, text, options) => reparseDocument(previous, text, options).doc,
    analyze: (doc, settings = {}) => runAnalysis(doc, { ...settings, onRuleError: options.onRuleError, catalog: options.catalog }),
    quickFixes: (doc, request, settings = {}) => findFixes(doc, request, { workspace: settings.workspace, catalog: options.catalog }),
    fixAll: (doc, request, settings = {}) => fixAllOf(doc, request, { ...settings, catalog: options.catalog }),
    suppressionFix,
    hover: (doc, offset, settings = {}) => hoverAt(doc, offset, { ...settings, catalog: options.catalog }),
    completion: (doc, offset) => completeAt(doc, offset, options.catalog),
    servicesNeeded: (doc) => (options.catalog ? neededBy(doc, options.catalog) : []),
    carry: carryFindings,
    catalog: options.catalog,
    rules,
  };
}

// Kept in its own module so services (hovers) can link to rule pages without importing the façade.
export { DOCS_BASE_URL, docsUrl } from './docs-url';
export { checkReads, checkingReads, undeclaredReads, type UndeclaredRead } from './engine';

// Who can invoke what: the access matrix over a workspace, and what the shells show of it.
export type { AccessOptions, AccessMatrix, WorkspaceDocument } from './access/matrix';
export type { AccessWorkspace } from './access/workspace';
