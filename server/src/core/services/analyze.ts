/**
 * Runs the applicable rules on a parsed document, applies the user's severities, and maps
 * each reported path to an offset range. One rule that throws costs only its own findings.
 */
import type { AnalysisPart, AnalysisSettings, Finding, Fix, FixRequest, RawFinding, Severity, SourceDocument } from '../types';
import { closestNodeAtPath, getProperty, pathStartsWith, propertyAtPath, samePath, type DocNode, type Path } from '../model/node';
import { siteReads, templateAt, usedSiteReading } from '../policy/values';
import { computeReading, sameReads } from '../template/reads';
import { policySites, type PolicySite } from '../policy/sites';
import { statementsOf, type StatementRef } from '../policy/statements';
import { formatMessage, type DocumentRule, type PolicyRuleContext, type Report, type ResourceRef, type ResourceRule, type Rule, type RuleContext, type TemplateNames } from '../rules/define';
import { policyView } from '../policy/view';
import { RULES_BY_ID, rules as allRules } from '../rules';
import ruleErrorRule from '../rules/internal/rule-error';
import { applySuppressions } from './suppress';
import type { IamCatalog } from '../data/catalog';
import { accessFor, assertionsFor } from '../access/workspace';
import { weakTable } from '../engine';
import { keepsMeaning } from './fix-meaning';

/** The message id runRule reports a throwing rule under; analyze turns it into internal/rule-error. */
const INTERNAL = '__internal';

export interface AnalyzeOptions extends AnalysisSettings {
  /** Called when a rule throws; the shell logs it. The core itself does no I/O. */
  readonly onRuleError?: (ruleId: string, error: unknown) => void;
  /**
   * The rules to run instead of the registry. A seam for tests (a rule that throws, for
   * `internal/rule-error`) and for embedders that want a subset; all rules when omitted.
   */
  readonly registry?: readonly Rule[];
  /** IAM reference data for the rules that judge actions, resources and condition keys. */
  readonly catalog?: IamCatalog;
}

/** Thrown by an analysis whose `shouldStop` said stop. */
export class AnalysisInterrupted extends Error {
  constructor() {
    super('analysis interrupted');
    this.name = 'AnalysisInterrupted';
  }
}

/** A safe point of the analysis: stops it when the shell says so (`AnalysisSettings.shouldStop`). */
function checkpoint(options: AnalyzeOptions, afterKeptWork?: boolean): void {
  if (options.shouldStop?.(afterKeptWork)) {
    throw new AnalysisInterrupted();
  }
}

/** Whether a rule belongs to the part of the analysis being run. */
function inPart(rule: Rule, part: AnalysisPart | undefined): boolean {
  return part === undefined || (part === 'cross-file') === (rule.crossFile === true);
}

export function analyze(doc: SourceDocument, options: AnalyzeOptions = {}): Finding[] {
  const findings: Finding[] = [];
  const local = options.part !== 'cross-file';
  for (const raw of local ? doc.syntaxFindings : []) {
    const finding = configureRaw(raw, options);
    if (finding) {
      findings.push(finding);
    }
  }
  if (doc.kinds.some((k) => k !== 'unknown')) {
    const shared = sharedContext(doc);
    // Policies parsed out of JSON strings bring their own syntax findings.
    for (const site of local ? shared.policies() : []) {
      for (const raw of site.syntaxFindings ?? []) {
        const finding = configureRaw(raw, options);
        if (finding) {
          findings.push(finding);
        }
      }
    }
    const ruleError = effectiveSeverity(ruleErrorRule, options);
    // `site`: the policy a policy-scoped rule reported on.
    const sink = (rule: Rule, configured: Severity | 'default') => (report: Report, site?: PolicySite): void => {
      if (report.messageId !== INTERNAL) {
        findings.push(toFinding(doc, rule, withoutSyntheticFix(report, shared, site), configured));
      } else if (ruleError !== 'off') {
        findings.push(ruleErrorFinding(report, ruleError));
      }
    };
    const policyRules: ScopedRun[] = [];
    for (const rule of options.registry ?? allRules) {
      const configured = effectiveSeverity(rule, options);
      if (configured === 'off' || !appliesTo(rule, doc) || !inPart(rule, options.part)) {
        continue;
      }
      checkpoint(options);
      if (rule.scope === 'policy') {
        // Run below, policy by policy, all policy rules together.
        policyRules.push({ rule, onReport: sink(rule, configured), extra: rule.policyInputs?.(doc) ?? '' });
        continue;
      }
      const run = rule.scope === 'resource' ? runResourceRule : runRule;
      run(rule, doc, shared, options, sink(rule, configured));
    }
    runPolicyRules(policyRules, doc, shared, options);
  }
  findings.sort((a, b) => a.offset - b.offset || a.ruleId.localeCompare(b.ruleId));
  // In-file suppressions (YAML comments, template Metadata) apply last, to configured findings.
  return applySuppressions(doc, findings, options, locate, (ruleId) => {
    const rule = RULES_BY_ID.get(ruleId);
    return rule !== undefined && inPart(rule, options.part);
  }, local);
}

/**
 * Fixes for one finding, found again by rule id and path: nothing is kept between the
 * analysis and the request, so the editor may ask at any later time on the same text.
 * A fix that says it narrows a grant but leaves the statement meaning what it meant (the
 * same expanded actions, resources and condition) is not offered: it would change nothing.
 */
export function quickFixes(
  doc: SourceDocument,
  request: FixRequest,
  options: Pick<AnalyzeOptions, 'catalog' | 'workspace'> = {},
  /** Run a policy-scoped rule on every policy, not just the ones holding the finding's path (for tests that compare the two). */
  everyPolicy = false,
): Fix[] {
  return fixableReports(doc, request.ruleId, options, everyPolicy ? undefined : request)
    .filter(
      (report) =>
        report.root === request.root &&
        samePath(report.path, request.path) &&
        (request.messageId === undefined || request.messageId === report.messageId),
    )
    .flatMap((report) => report.fix().filter((fix) => !fix.narrows || !keepsMeaning(doc, options.catalog, fix, report)));
}

/**
 * Every report of one rule that has a fix, from one run of the rule ("fix all" needs them
 * all). With `near`, a policy-scoped rule runs only on the policies whose path holds
 * `near.path`: its reports lie inside the policy it ran on (test/core/rules/policy-scope.test.ts),
 * so the others cannot hold the finding a quick fix is asked for.
 */
export function fixableReports(
  doc: SourceDocument,
  ruleId: string,
  options: Pick<AnalyzeOptions, 'catalog' | 'workspace'> = {},
  near?: { readonly root: number; readonly path: Path },
): (Report & { fix: () => Fix[] })[] {
  const rule = RULES_BY_ID.get(ruleId);
  if (!rule || !rule.fixable || !appliesTo(rule, doc)) {
    return [];
  }
  const reports: (Report & { fix: () => Fix[] })[] = [];
  const shared = sharedContext(doc);
  // A policy-scoped rule reads nothing but `policies()` (and their statements) of the context.
  const holding = near && rule.scope === 'policy' ? shared.policies().filter((site) => site.root === near.root && pathStartsWith(near.path, site.path)) : undefined;
  const run: SharedContext = holding ? { ...shared, policies: () => holding, statements: () => holding.flatMap(statementsOf) } : shared;
  runRule(rule, doc, run, { catalog: options.catalog, workspace: options.workspace }, (report) => {
    const fix = withoutSyntheticFix(report, shared).fix;
    if (fix) {
      reports.push({ ...report, fix });
    }
  });
  return reports;
}

interface SharedContext {
  policies(): readonly PolicySite[];
  statements(): readonly StatementRef[];
  /** The generated policies (SAM policy templates, SAM resource policies): usually few. */
  synthetic(): readonly PolicySite[];
  resources(): readonly ResourceRef[];
  /** The names the template of root `root` defines (empty where the root is no template). */
  names(root: number): TemplateNames;
  /** For a part of a `resource`-scoped run (runResourceRule): its resources, or the rest. */
  readonly part?: 'resource' | 'rest';
}

const NO_NAMES: TemplateNames = { parameters: new Set(), resources: new Set(), conditions: new Set(), implicit: new Set() };

/** The names a template defines, as a resource rule that reads them sees them (nothing behind them). */
function namesOf(doc: SourceDocument, root: number): TemplateNames {
  const model = templateAt(doc, root);
  return model ? { parameters: model.parameters, resources: model.resources, conditions: model.conditions, implicit: model.implicit } : NO_NAMES;
}

/**
 * Runs a resource-scoped rule: the rest of the document through the whole-document context
 * `ctx`, then each of `resources` through a context that shows nothing else (rules/define.ts
 * ResourceRuleContext). `part` runs one of the two (runResourceRule runs them as parts).
 */
function checkResources(rule: ResourceRule, ctx: RuleContext, resources: readonly ResourceRef[], names: (root: number) => TemplateNames, part?: 'resource' | 'rest'): void {
  if (part !== 'resource') {
    rule.checkRest?.(ctx);
  }
  if (part !== 'rest') {
    for (const resource of resources) {
      rule.check({ resource, doc: policyView(ctx.doc, resource.root), report: ctx.report, catalog: ctx.catalog, names: names(resource.root) });
    }
  }
}

/**
 * A resource-scoped rule as one rule over the whole document (the rest, then each resource),
 * for the test that compares it with the rule run in parts (test/core/rules/policy-scope.test.ts).
 */
export function wholeDocumentRule(rule: ResourceRule): DocumentRule {
  return {
    ...rule,
    scope: undefined,
    check(ctx) {
      checkResources(rule, ctx, ctx.resources(), (root) => namesOf(ctx.doc, root));
    },
  };
}

/** What a kept report of a rule reading `names` is checked against. */
function namesKey(names: TemplateNames): string {
  return [names.parameters, names.resources, names.conditions, names.implicit].map((set) => [...set.keys()].join('\u0000')).join('\u0001');
}

/**
 * A report inside a generated policy (a SAM policy template's statements) has no text of
 * its own to edit: its nodes carry the template entry's offsets, so a fix would overwrite
 * the wrong characters. Such reports keep their finding and lose their fix.
 */
function withoutSyntheticFix(report: Report, shared: SharedContext, site?: PolicySite): Report {
  if (!report.fix) {
    return report;
  }
  // A policy-scoped rule's report sits in the policy it ran on, which says it at once.
  const inside = site ? site.synthetic === true : shared.synthetic().some((s) => s.root === report.root && pathStartsWith(report.path, s.path));
  return inside ? { ...report, fix: undefined } : report;
}

function sharedContext(doc: SourceDocument): SharedContext {
  let statements: StatementRef[] | undefined;
  let synthetic: PolicySite[] | undefined;
  let resources: ResourceRef[] | undefined;
  const policies = (): readonly PolicySite[] => policySites(doc);
  return {
    policies,
    statements: () => (statements ??= policies().flatMap(statementsOf)),
    synthetic: () => (synthetic ??= policies().filter((site) => site.synthetic === true)),
    resources: () => (resources ??= templateResources(doc)),
    names: (root) => namesOf(doc, root),
  };
}

function runRule(
  rule: Rule,
  doc: SourceDocument,
  shared: SharedContext,
  options: AnalyzeOptions,
  onReport: (report: Report) => void,
  policyInputs?: string,
): void {
  // Reports are held until the rule returns: a rule that throws may have reported half
  // of a wrong answer, so its findings are replaced by the one internal finding.
  const reports: Report[] = [];
  const report = (r: Report): void => {
    reports.push(r);
  };
  try {
    if (rule.scope === 'policy') {
      // One policy at a time, each through a context that shows nothing else of the document.
      const inputs = policyInputs ?? rule.policyInputs?.(doc) ?? '';
      for (const site of shared.policies()) {
        const ctx: PolicyRuleContext = {
          site,
          doc: policyView(doc, site.root),
          policies: () => [site],
          statements: () => statementsOf(site),
          report,
          catalog: options.catalog,
          inputs,
        };
        rule.check(ctx);
      }
    } else {
      const ctx: RuleContext = {
        doc,
        policies: shared.policies,
        statements: shared.statements,
        report,
        catalog: options.catalog,
        access: () => accessFor(doc, options.workspace, options.shouldStop && (() => checkpoint(options, true))),
        checkpoint: () => checkpoint(options),
        expectations: () => assertionsFor(doc, options.workspace, options.accessExpect),
        includeReads: options.includeReads,
        resources: shared.resources,
      };
      if (rule.scope === 'resource') {
        checkResources(rule, ctx, shared.resources(), shared.names, shared.part);
      } else {
        rule.check(ctx);
      }
    }
  } catch (error) {
    if (error instanceof AnalysisInterrupted) {
      throw error;
    }
    options.onRuleError?.(rule.id, error);
    onReport({ root: 0, path: [], messageId: INTERNAL, data: { rule: rule.id, error: String((error as Error)?.message ?? error) } });
    return;
  }
  reports.forEach(onReport);
}

/**
 * A rule of scope `policy` (rules/define.ts), run one policy at a time. Its reports for a
 * policy are kept on the site object with what they depend on; a later analysis that meets
 * the same site (an incremental reparse keeps the sites of resources an edit did not touch,
 * template/policies.ts) with the same inputs uses them again instead of running the rule.
 * Reports are paths, not offsets, so they hold wherever the edit moved the policy; their
 * fixes are never called from here (quickFixes runs the rule afresh).
 */
interface PolicyInputs {
  readonly catalog?: IamCatalog;
  readonly revision: number;
  readonly format: SourceDocument['format'];
  readonly kind: string | undefined;
  /** What the policy's values read of the template (policy/values.ts siteReads). */
  readonly reads: readonly unknown[];
}

/**
 * One site's kept reports, for one set of inputs: by rule (with the rule's own
 * `policyInputs`), and all of them together for the last set of policy rules run, so that a
 * site nothing touched costs one comparison, not one lookup per rule.
 */
interface SiteReports {
  readonly inputs: PolicyInputs;
  readonly byRule: Map<string, { readonly extra: string; readonly reports: readonly Report[] }>;
  all?: { readonly runs: readonly RunKey[]; readonly reports: readonly (readonly Report[])[] };
}

/** A policy rule in this analysis: where its reports go, and its `policyInputs` for the document. */
interface ScopedRun {
  readonly rule: Rule;
  readonly onReport: (report: Report, site: PolicySite) => void;
  readonly extra: string;
}

const policyReports = weakTable<PolicySite, SiteReports>('services/analyze.policyReports');

function policyInputs(doc: SourceDocument, site: PolicySite, catalog: IamCatalog | undefined): PolicyInputs {
  return { catalog, revision: catalog?.revision() ?? 0, format: doc.format, kind: doc.kinds[site.root], reads: siteReads(doc, site) };
}

function sameInputs(a: PolicyInputs, b: PolicyInputs): boolean {
  return a.catalog === b.catalog && a.revision === b.revision && a.format === b.format && a.kind === b.kind && sameReads(a.reads, b.reads);
}

/** What identifies a run between analyses: the rule and its `policyInputs` (not its sink, which holds this analysis). */
interface RunKey {
  readonly id: string;
  readonly extra: string;
}

/** The same rules, in the same order, with the same `policyInputs`. */
function sameRuns(kept: readonly RunKey[], runs: readonly ScopedRun[]): boolean {
  return kept.length === runs.length && kept.every((key, i) => key.id === runs[i]!.rule.id && key.extra === runs[i]!.extra);
}

/** The site's kept reports for this analysis's inputs (emptied when the inputs changed). */
function siteReports(doc: SourceDocument, site: PolicySite, catalog: IamCatalog | undefined): SiteReports {
  const inputs = policyInputs(doc, site, catalog);
  const kept = policyReports.get(site);
  const memo = kept && sameInputs(kept.inputs, inputs) ? kept : { inputs, byRule: new Map() };
  policyReports.set(site, memo);
  return memo;
}

/**
 * The rules of scope `policy` (rules/define.ts), run one policy at a time. Their reports for
 * a policy are kept on the site object with what they depend on; a later analysis that meets
 * the same site (an incremental reparse keeps the sites of resources an edit did not touch,
 * template/policies.ts) with the same inputs uses them again instead of running the rules.
 * Reports are paths, not offsets, so they hold wherever the edit moved the policy; their
 * fixes are never called from here (quickFixes runs the rule afresh). A rule that throws on
 * one policy reports its internal finding and runs on no further policy.
 */
function runPolicyRules(runs: readonly ScopedRun[], doc: SourceDocument, shared: SharedContext, options: AnalyzeOptions): void {
  if (runs.length === 0) {
    return;
  }
  const threw = new Set<Rule>();
  const keys: RunKey[] = runs.map((run) => ({ id: run.rule.id, extra: run.extra }));
  for (const site of shared.policies()) {
    const memo = siteReports(doc, site, options.catalog);
    if (memo.all && threw.size === 0 && sameRuns(memo.all.runs, runs)) {
      usedSiteReading(doc, site.root, memo.inputs.reads);
      memo.all.reports.forEach((reports, i) => {
        for (const report of reports) {
          runs[i]!.onReport(report, site);
        }
      });
      continue;
    }
    const part: SharedContext = { ...shared, policies: () => [site], statements: () => statementsOf(site) };
    const all: (readonly Report[])[] = [];
    for (const run of runs) {
      const onReport = (report: Report): void => run.onReport(report, site);
      if (threw.has(run.rule)) {
        all.push([]);
        continue;
      }
      const kept = memo.byRule.get(run.rule.id);
      if (kept && kept.extra === run.extra) {
        usedSiteReading(doc, site.root, memo.inputs.reads);
        kept.reports.forEach((report) => onReport(report));
        all.push(kept.reports);
        continue;
      }
      const reports = computeReading(`services/analyze.policyReports ${run.rule.id}`, () => templateAt(doc, site.root), memo.inputs.reads, () => runPart(run.rule, doc, part, options, onReport, run.extra));
      if (!reports) {
        threw.add(run.rule);
        all.push([]);
        continue;
      }
      memo.byRule.set(run.rule.id, { extra: run.extra, reports });
      all.push(reports);
    }
    memo.all = threw.size === 0 ? { runs: keys, reports: all } : undefined;
  }
}

/**
 * Runs a scoped rule on one part of the document and reports what it found. Returns the
 * reports to keep, or undefined when the rule threw: its one internal finding is reported,
 * nothing of it is kept, and the caller runs no further part.
 */
function runPart(rule: Rule, doc: SourceDocument, part: SharedContext, options: AnalyzeOptions, onReport: (report: Report) => void, policyInputs?: string): Report[] | undefined {
  const reports: Report[] = [];
  let threw = false;
  runRule(
    rule,
    doc,
    part,
    options,
    (report) => {
      threw ||= report.messageId === INTERNAL;
      reports.push(report);
    },
    policyInputs,
  );
  reports.forEach(onReport);
  return threw ? undefined : reports;
}

/** Every resource of the document's CloudFormation and SAM roots. */
function templateResources(doc: SourceDocument): ResourceRef[] {
  const out: ResourceRef[] = [];
  doc.roots.forEach((root, index) => {
    const kind = doc.kinds[index];
    if (kind !== 'cfn' && kind !== 'sam') {
      return;
    }
    // Every entry as written, duplicates included (the model keeps the last of each name).
    const resources = getProperty(root, 'Resources');
    if (resources?.kind === 'object') {
      for (const p of resources.properties) {
        out.push({ root: index, logicalId: p.key, node: p.value, path: ['Resources', p.key] });
      }
    }
  });
  return out;
}

/**
 * A rule of scope `resource` (rules/define.ts): run once for the rest of the document, then
 * per resource, keeping each resource's reports on its node (which an incremental reparse
 * keeps for every resource an edit did not touch), with the names its template defines when
 * the rule reads them.
 */
const resourceReports = weakTable<DocNode, Map<string, { readonly inputs: string; readonly root: number; readonly logicalId: string; readonly reports: readonly Report[] }>>('services/analyze.resourceReports');

function runResourceRule(
  rule: Rule,
  doc: SourceDocument,
  shared: SharedContext,
  options: AnalyzeOptions,
  onReport: (report: Report) => void,
): void {
  if (!runPart(rule, doc, { ...shared, resources: () => [], part: 'rest' }, options, onReport)) {
    return;
  }
  const inputsByRoot = new Map<number, string>();
  for (const resource of shared.resources()) {
    let inputs = inputsByRoot.get(resource.root);
    if (inputs === undefined) {
      inputs = rule.scope === 'resource' && rule.readsNames ? namesKey(shared.names(resource.root)) : '';
      inputsByRoot.set(resource.root, inputs);
    }
    let byRule = resourceReports.get(resource.node);
    const kept = byRule?.get(rule.id);
    if (kept && kept.inputs === inputs && kept.root === resource.root && kept.logicalId === resource.logicalId) {
      kept.reports.forEach(onReport);
      continue;
    }
    // A resource's reports are kept against its node (and its template's names) only: they declare
    // no read of the template's parameters or mappings, and the engine checks that they make none.
    const reports = computeReading(`services/analyze.resourceReports ${rule.id}`, () => templateAt(doc, resource.root), [], () =>
      runPart(rule, doc, { ...shared, resources: () => [resource], part: 'resource' }, options, onReport),
    );
    if (!reports) {
      return;
    }
    if (!byRule) {
      byRule = new Map();
      resourceReports.set(resource.node, byRule);
    }
    byRule.set(rule.id, { inputs, root: resource.root, logicalId: resource.logicalId, reports });
  }
}

function appliesTo(rule: Rule, doc: SourceDocument): boolean {
  return rule.appliesTo.some((k) => doc.kinds.includes(k));
}

function effectiveSeverity(rule: Rule, options: AnalysisSettings): Severity | 'off' | 'default' {
  const configured = options.rules?.[rule.id];
  if (configured) {
    return configured;
  }
  if (rule.experimental && !options.experimental) {
    return 'off';
  }
  return 'default';
}

/** The finding for a rule that threw, at the severity the user gave `internal/rule-error`. */
function ruleErrorFinding(report: Report, configured: Severity | 'default'): Finding {
  return {
    ruleId: ruleErrorRule.id,
    messageId: 'threw',
    message: formatMessage(ruleErrorRule.messages.threw, report.data ?? {}),
    severity: configured === 'default' ? ruleErrorRule.defaultSeverity : configured,
    offset: 0,
    length: 0,
    root: report.root,
    path: [],
    data: report.data ?? {},
    fixable: false,
  };
}

const messages = weakTable<Report, { readonly template: string; readonly text: string }>('services/analyze.messages');

function toFinding(doc: SourceDocument, rule: Rule, report: Report, configured: Severity | 'default'): Finding {
  const data = report.data ?? {};
  const template = (rule.messages as Record<string, string>)[report.messageId] ?? report.messageId;
  const { offset, length } = locate(doc, report.root, report.path, report.target ?? 'value');
  // A kept report (services/analyze.ts keeps a policy's reports across edits) keeps its message.
  let message = messages.get(report);
  if (message === undefined || message.template !== template) {
    message = { template, text: formatMessage(template, data) };
    messages.set(report, message);
  }
  return {
    ruleId: rule.id,
    messageId: report.messageId,
    message: message.text,
    severity: configured === 'default' ? (report.severity ?? rule.defaultSeverity) : configured,
    offset,
    length,
    root: report.root,
    path: report.path,
    data,
    fixable: report.fix !== undefined,
  };
}

function configureRaw(raw: RawFinding, options: AnalysisSettings): Finding | undefined {
  const rule = RULES_BY_ID.get(raw.ruleId);
  const configured = options.rules?.[raw.ruleId];
  if (configured === 'off') {
    return undefined;
  }
  const template = rule ? ((rule.messages as Record<string, string>)[raw.messageId] ?? raw.messageId) : raw.messageId;
  return {
    ruleId: raw.ruleId,
    messageId: raw.messageId,
    message: formatMessage(template, raw.data),
    severity: configured ?? rule?.defaultSeverity ?? 'error',
    offset: raw.offset,
    length: raw.length,
    root: raw.root,
    path: [],
    data: raw.data,
    fixable: false,
  };
}

/**
 * The range a path stands for. A path that exists gives its value (or key); a path that
 * runs past the tree (a missing element) gives the key of the closest existing ancestor,
 * or the first line of it, so a "missing X" finding sits where X belongs.
 */
export function locate(doc: SourceDocument, root: number, path: Path, target: 'key' | 'value'): { offset: number; length: number } {
  const rootNode = doc.roots[root];
  if (!rootNode) {
    return { offset: 0, length: 0 };
  }
  const { node, missing } = closestNodeAtPath(rootNode, path);
  const existing = path.slice(0, path.length - missing.length);
  if (missing.length === 0 && target === 'value') {
    return { offset: node.offset, length: node.length };
  }
  const prop = propertyAtPath(rootNode, existing);
  if (prop) {
    return { offset: prop.keyOffset, length: prop.keyLength };
  }
  return firstLine(doc.text, node);
}

function firstLine(text: string, node: DocNode): { offset: number; length: number } {
  const end = node.offset + node.length;
  const newline = text.indexOf('\n', node.offset);
  const lineEnd = newline === -1 || newline > end ? end : newline;
  return { offset: node.offset, length: Math.max(0, lineEnd - node.offset) };
}


/**
 * Findings of an earlier text carried to a new parse by their paths: each is placed where its
 * path now lands, and kept only when the text it underlines there is the very text it
 * underlined before (so its message still describes what it points at). The editor shows
 * these for the cross-file part while that part is computed again, instead of dropping and
 * re-adding them on every keystroke; the fresh part replaces them as soon as it is ready.
 */
export function carryFindings(findings: readonly Finding[], oldText: string, doc: SourceDocument): Finding[] {
  const carried: Finding[] = [];
  for (const finding of findings) {
    const before = oldText.slice(finding.offset, finding.offset + finding.length);
    for (const target of ['value', 'key'] as const) {
      const range = locate(doc, finding.root, finding.path, target);
      if (range.length === finding.length && doc.text.slice(range.offset, range.offset + range.length) === before) {
        carried.push({ ...finding, ...range });
        break;
      }
    }
  }
  return carried;
}
