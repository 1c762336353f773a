/**
 * What a rule is: typed metadata plus a `check` that reports paths. Rules never compute
 * line or column numbers and never see the LSP; `services/analyze.ts` runs them.
 */
import type { DocumentKind, Fix, IncludeRead, MessageData, Severity, SourceDocument } from '../types';
import type { DocNode, Path } from '../model/node';
import type { PolicySite } from '../policy/sites';
import type { StatementRef } from '../policy/statements';
import type { DocumentAccess } from '../access/workspace';
import type { AssertionResults } from '../access/expect';
import type { IamCatalog } from '../data/catalog';
import type { PolicyView } from '../policy/view';

export type RuleArea = 'syntax' | 'iam' | 'cfn' | 'apigw' | 'openapi' | 'access' | 'internal' | 'meta';

export interface RuleMeta<M extends string = string> {
  /** `<area>/<kebab-name>`, equal to the module path under `rules/`. Public API: never renamed silently. */
  readonly id: string;
  /** Document kinds the rule runs on; `[]` for rules the parser raises. */
  readonly appliesTo: readonly DocumentKind[];
  readonly defaultSeverity: Severity;
  /** Message templates by message id; `{{name}}` is filled from the report's data. */
  readonly messages: Readonly<Record<M, string>>;
  readonly docs: {
    /** One sentence; the docs page's summary line must equal it (meta-tested). */
    readonly summary: string;
  };
  readonly fixable?: boolean;
  /** Off unless the user opts into experimental rules. */
  readonly experimental?: boolean;
  /**
   * The rule reads the workspace's access analysis (`ctx.access()`), so its reports depend on
   * other files. Such rules make the `cross-file` part of an analysis (services/analyze.ts
   * `AnalyzeOptions.part`), which the editor computes after publishing the rest.
   */
  readonly crossFile?: boolean;
  /**
   * `resource` (declared with `defineResourceRule`): the same for each template resource,
   * through a `ResourceRuleContext`, and once over the rest of the document (`checkRest`).
   * `policy` (declared with `definePolicyRule`): the rule judges each policy on its own,
   * through a `PolicyRuleContext` that lets it read nothing else. What it reports for a
   * policy depends only on that policy, the document's format and the policy's document kind,
   * the definitions of the parameters and mappings its values name, its `policyInputs` and
   * the IAM catalog. `analyze` runs it one policy at a time and keeps each policy's reports
   * while those inputs stay the same (across edits, see model/reparse.ts).
   * test/core/rules/policy-scope.test.ts checks the contract against whole-document runs.
   */
  readonly scope?: 'policy' | 'resource';
  /**
   * For `scope: 'policy'`: what else of the document the rule's reports on a policy depend
   * on (the APIs' stages, say), as a string; part of what a kept report is checked against.
   */
  readonly policyInputs?: (doc: SourceDocument) => string;
}

/** A resource of a CloudFormation or SAM template root. */
export interface ResourceRef {
  readonly root: number;
  readonly logicalId: string;
  /** The resource's value (the mapping with Type and Properties). */
  readonly node: DocNode;
  /** `['Resources', logicalId]`. */
  readonly path: Path;
}

export interface Report<M extends string = string> {
  readonly root: number;
  readonly path: Path;
  /** Underline the key of the property at `path` instead of its value. */
  readonly target?: 'key' | 'value';
  readonly messageId: M;
  readonly data?: MessageData;
  /**
   * The severity this report has when the user has not configured the rule, where one
   * rule's messages differ in weight (a missing Version warns, a wrong one is an error).
   */
  readonly severity?: Severity;
  /** Computed only when a fix is asked for, so analysis stays cheap. */
  readonly fix?: () => Fix[];
}

export interface RuleContext<M extends string = string> {
  readonly doc: SourceDocument;
  /** Every policy the document holds (raw, in templates, in OpenAPI). */
  policies(): readonly PolicySite[];
  /** Every statement of every policy. */
  statements(): readonly StatementRef[];
  report(report: Report<M>): void;
  /**
   * AWS's service authorization reference, when the shell provides one. Rules that need it
   * stay silent without it, and on services it knows but has not loaded.
   */
  readonly catalog?: IamCatalog;
  /** The workspace's access matrix and this document's uri in it (computed on first use). */
  access(): DocumentAccess;
  /**
   * A safe point: the analysis may stop here (`AnalysisSettings.shouldStop`) and be run
   * again later. Rules that read the access analysis call it between statements or methods;
   * what they computed before must be kept where a second run finds it (the matrix's rows,
   * `DocumentAccess.stale`, `DocumentAccess.kept`).
   */
  checkpoint(): void;
  /**
   * The workspace's access assertions checked over its whole matrix (computed on first use,
   * once per workspace snapshot), and this document's uri in it: the violations a document
   * reports are those whose `uri` is `self`. Empty without assertions.
   */
  expectations(): AssertionResults & { readonly self: string };
  /** How the shell's reads of the document's included files went, by name (`AnalysisSettings.includeReads`). */
  readonly includeReads?: ReadonlyMap<string, IncludeRead>;
  /** The resources of the document's templates. */
  resources(): readonly ResourceRef[];
}

/**
 * What a policy-scoped rule sees: one policy, its statements, the IAM catalog, and of the
 * document only its format, the policy root's kind (`PolicyView`) and what the rule declared
 * in `policyInputs`. Nothing else of the document, no other resource, no access analysis:
 * its reports are kept on the policy's site and used again while these stay the same
 * (services/analyze.ts), so a rule that read anything else would answer from stale state
 * after an edit. Written against this type, such a rule does not compile.
 */
export interface PolicyRuleContext<M extends string = string> {
  readonly site: PolicySite;
  /** The document as far as this rule may read it; pass it to the policy helpers. */
  readonly doc: PolicyView;
  /** `[site]`, for rules written over every policy. */
  policies(): readonly PolicySite[];
  /** The policy's statements (both branches of an `Fn::If`). */
  statements(): readonly StatementRef[];
  report(report: Report<M>): void;
  readonly catalog?: IamCatalog;
  /** What the rule's `policyInputs` returned for the document ('' without one). */
  readonly inputs: string;
}

/** A rule judged one policy at a time. */
export interface PolicyRule<M extends string = string> extends RuleMeta<M> {
  readonly scope: 'policy';
  check(ctx: PolicyRuleContext<M>): void;
}

/** Names, and nothing behind them. */
export interface NameSet {
  has(name: string): boolean;
  keys(): IterableIterator<string>;
}

/** The names a template defines: what its references may name. */
export interface TemplateNames {
  readonly parameters: NameSet;
  readonly resources: NameSet;
  readonly conditions: NameSet;
  /** What SAM and CloudFormation generate (`FnRole`, `Api.Stage` …). */
  readonly implicit: NameSet;
}

/**
 * What a resource-scoped rule sees: one template resource, the IAM catalog, and of the
 * document only its format and the root's kind (a `PolicyView`, for the edit helpers).
 * Nothing else of the document, no other resource, no policy, no access analysis: its
 * reports are kept on the resource's node and used again while that node is the same
 * (services/analyze.ts), so a rule that read anything else would answer from stale state
 * after an edit. Written against this type, such a rule does not compile.
 */
export interface ResourceRuleContext<M extends string = string> {
  readonly resource: ResourceRef;
  /** The document as far as this rule may read it; pass it to the edit helpers. */
  readonly doc: PolicyView;
  report(report: Report<M>): void;
  readonly catalog?: IamCatalog;
}

/** For a rule declared with `defineNamingResourceRule`: also the names its template defines. */
export interface NamingResourceRuleContext<M extends string = string> extends ResourceRuleContext<M> {
  readonly names: TemplateNames;
}

/**
 * A rule judged one template resource at a time (`check`), and once over what the document
 * holds outside its templates' resources (`checkRest`, a whole-document context).
 */
export interface ResourceRule<M extends string = string> extends RuleMeta<M> {
  readonly scope: 'resource';
  /** The rule reads the names its template defines: its kept reports are checked against them too. */
  readonly readsNames?: boolean;
  check(ctx: NamingResourceRuleContext<M>): void;
  /** What the rule judges outside the resources (a template's Outputs, a file that is no template); never given a resource. */
  checkRest?(ctx: RuleContext<M>): void;
}

/** A rule over the whole document. */
export interface DocumentRule<M extends string = string> extends RuleMeta<M> {
  readonly scope?: undefined;
  check(ctx: RuleContext<M>): void;
}

export type Rule<M extends string = string> = PolicyRule<M> | ResourceRule<M> | DocumentRule<M>;

/** Declares a rule; the generic keeps `messageId` checked against `messages`. */
export function defineRule<M extends string>(rule: DocumentRule<M>): DocumentRule<M> {
  return rule;
}

/** Declares a policy-scoped rule: its `check` gets a `PolicyRuleContext`. */
export function definePolicyRule<M extends string>(rule: Omit<PolicyRule<M>, 'scope'>): PolicyRule<M> {
  return { ...rule, scope: 'policy' };
}

/** Declares a resource-scoped rule: its `check` gets a `ResourceRuleContext`. */
export function defineResourceRule<M extends string>(rule: Omit<ResourceRule<M>, 'scope' | 'readsNames' | 'check'> & { check(ctx: ResourceRuleContext<M>): void }): ResourceRule<M> {
  return { ...rule, scope: 'resource' };
}

/** Declares a resource-scoped rule that also reads the names its template defines (`ctx.names`). */
export function defineNamingResourceRule<M extends string>(rule: Omit<ResourceRule<M>, 'scope' | 'readsNames'>): ResourceRule<M> {
  return { ...rule, scope: 'resource', readsNames: true };
}

/** Rules whose findings the parser raises; they exist for metadata, docs and configuration. */
export function defineSyntaxRule<M extends string>(meta: RuleMeta<M>): Rule<M> {
  return { ...meta, scope: undefined, check: (): void => undefined };
}

/** Fills `{{name}}` placeholders. Unknown names are left visible rather than dropped. */
export function formatMessage(template: string, data: MessageData): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(data, name) ? String(data[name]) : whole,
  );
}
