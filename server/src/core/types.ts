/**
 * Plain data types that cross the core's boundary. No LSP or VS Code types here:
 * the LSP layer converts offsets to positions and findings to diagnostics.
 */
import type { DocNode, Path } from './model/node';
import type { AccessWorkspace } from './access/workspace';
import type { AccessAssertion } from './access/expect';

export type Severity = 'error' | 'warning' | 'info';
/** A severity as a user configures it: `off` disables the rule. */
export type SeveritySetting = Severity | 'off';

export type DocumentFormat = 'json' | 'yaml';

/**
 * What a document (or one YAML document of a stream) is, detected from content.
 * `iam-policy` covers identity, resource and trust policies; `PolicySite.policyType`
 * says which one.
 */
export type DocumentKind = 'iam-policy' | 'cfn' | 'sam' | 'openapi2' | 'openapi3' | 'unknown';

export type PolicyType = 'identity' | 'resource' | 'trust';

/** A replacement of `length` code units at `offset` by `newText`. */
export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
  /**
   * The same edit as an LSP snippet (`${1:us-east-1}` placeholders the user tabs through).
   * Optional and only ever an alternative: `newText` is always the complete, valid plain
   * text, so a client without snippet edits, the CLI and the tests use that.
   */
  readonly snippet?: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix a user most likely wants; editors apply it with the "auto fix" key. */
  readonly isPreferred?: boolean;
  /**
   * The fix involves no judgement (it rewrites to an equivalent or a documented
   * replacement), so "fix all of this kind in the file" may apply it with its siblings.
   */
  readonly fixAll?: boolean;
  /**
   * The fix says it takes access away (its title reads "Narrow to …"). The framework checks
   * the claim: a narrowing fix whose result means what the replaced text meant is not offered.
   */
  readonly narrows?: boolean;
}

export type MessageData = Readonly<Record<string, string | number>>;

export interface Finding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly message: string;
  readonly severity: Severity;
  readonly offset: number;
  readonly length: number;
  /** Index of the YAML document in a multi-document stream; 0 for JSON. */
  readonly root: number;
  /** Path from that root to the reported node (`[]` for the whole document). */
  readonly path: Path;
  readonly data: MessageData;
  /** True when `quickFixes` can offer at least one fix for this finding. */
  readonly fixable: boolean;
}

/** A finding before configuration: rule, message id, place and data, but no message or severity yet. */
export interface RawFinding {
  readonly ruleId: string;
  readonly messageId: string;
  readonly offset: number;
  readonly length: number;
  readonly data: MessageData;
  /** Index of the YAML document the finding belongs to (0 when unknown). */
  readonly root: number;
}

/** One parsed document stream. Parsing never throws: errors land in `syntaxFindings`. */
export interface SourceDocument {
  readonly format: DocumentFormat;
  readonly text: string;
  /** YAML streams may hold several documents; JSON has at most one root. */
  readonly roots: readonly DocNode[];
  /** Raised by the parser under `syntax/*` rule ids; `analyze` adds message and severity. */
  readonly syntaxFindings: readonly RawFinding[];
  /** The kind of each root, same order as `roots`. */
  readonly kinds: readonly DocumentKind[];
}

/** Where a quick fix is asked for: taken from a finding, never from its message. */
export interface FixRequest {
  readonly ruleId: string;
  readonly root: number;
  readonly path: Path;
  readonly messageId?: string;
}

/** What a completion item completes, for its icon and its sort order. */
export type CompletionKind = 'service' | 'action' | 'operator' | 'conditionKey' | 'arn' | 'element' | 'value';

export interface CompletionItem {
  readonly label: string;
  readonly kind: CompletionKind;
  /** One line beside the label: an access level, a key's type, a service name. */
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** The text that replaces the result's range: quoted and escaped for the document. */
  readonly insertText: string;
  /** The same text as a snippet with tab stops, for items that have placeholders. */
  readonly snippet?: string;
  /** What the editor filters on, when it differs from the label (quotes included). */
  readonly filterText?: string;
  readonly sortText?: string;
}

/** Completion items and the one range of the document they replace. */
export interface CompletionResult {
  readonly offset: number;
  readonly length: number;
  readonly items: readonly CompletionItem[];
}

export interface HoverResult {
  readonly markdown: string;
  readonly offset: number;
  readonly length: number;
}

/** Settings the analysis honours; the server and the CLI fill them from user configuration. */
export interface AnalysisSettings {
  /** Severity per rule id; rules not listed keep their default. */
  readonly rules?: Readonly<Record<string, SeveritySetting>>;
  /** Enable rules marked experimental. */
  readonly experimental?: boolean;
  /**
   * The workspace the document belongs to, for rules that look across files (which
   * principals can invoke a method). Without it the document is its own workspace.
   */
  readonly workspace?: AccessWorkspace;
  /**
   * What became of each local file the document includes (SAM `DefinitionUri`,
   * `BodyS3Location`, `AWS::Include`), by the name the template gives it, when the shell
   * tried to read it. The core reads nothing; `apigw/unreadable-include` reports the
   * problems here on the value that names the file. Names not listed were not tried.
   */
  readonly includeReads?: ReadonlyMap<string, IncludeRead>;
  /**
   * Which part of the analysis to run: `local`, everything that reads only this document
   * (syntax findings and every rule not marked `crossFile`), or `cross-file`, the rules that
   * read the workspace's access analysis. Both parts together are exactly one whole run
   * (the default), suppressions included: a suppression is judged unused only in the part
   * that runs its rule. The editor publishes the local part at once and the cross-file part
   * when it is ready, so the access analysis stays off the keystroke path.
   */
  readonly part?: AnalysisPart;
  /**
   * For hovers: the findings the shell has shown for this very text (its last published
   * diagnostics). The hover summarises the rules of these at the cursor instead of running
   * an analysis of its own, so it says what the Problems panel says and costs nothing.
   */
  readonly published?: readonly Finding[];
  /**
   * The workspace's access assertions (`access.expect` of its configuration file), checked
   * over the whole workspace's matrix by the `access/expect-*` rules, each document
   * reporting the violations placed in it.
   */
  readonly accessExpect?: readonly AccessAssertion[];
  /**
   * Asked at the analysis's safe points (before each rule, and between the statements and
   * methods of the cross-file rules); returning true stops the analysis there by throwing
   * `AnalysisInterrupted`. What it had computed stays kept (the access matrix's decided rows,
   * each statement's results), so running it again on the same inputs goes on from where it
   * stopped instead of starting over; its answer is the one an uninterrupted run gives. The
   * editor runs the cross-file part in slices this way, reading its messages in between.
   * `afterKeptWork` is true at the points passed only right after a piece of work was
   * computed and kept (a principal's grants, as the access matrix reads a document): a run
   * stopped there goes on past that piece next time, so any of them is a place to stop.
   */
  readonly shouldStop?: (afterKeptWork?: boolean) => boolean;
}

/**
 * Why a file was not read, as the shells' file host reports it: over the size cap, not a
 * regular file once links are resolved (a folder, a FIFO, a device, a socket), outside the
 * workspace or repository, or refused by the system (`code` is its error code, such as
 * `ENOENT` or `EACCES`).
 */
export type FileReadProblem =
  | { readonly kind: 'too-large'; readonly size: number; readonly limit: number }
  | { readonly kind: 'not-a-file'; readonly type: 'directory' | 'fifo' | 'device' | 'socket' | 'other' }
  | { readonly kind: 'outside-workspace' }
  | { readonly kind: 'unreadable'; readonly code: string };

/** How reading one included file went. */
export type IncludeRead = { readonly kind: 'ok' } | FileReadProblem;

/** See `AnalysisSettings.part`. */
export type AnalysisPart = 'local' | 'cross-file';
