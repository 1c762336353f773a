/**
 * The workspace a document is analysed in, for rules that look across files. The shell
 * passes the indexed documents (the CLI: every file it checks; the server: its index);
 * without them the document is a workspace of its own. The matrix is computed once per
 * workspace and shared by every rule and document that asks.
 *
 * Across edits: most keystrokes in a template change nothing the access analysis reads (a
 * Description, a Runtime, a table's key schema). Each document's access inputs are summed
 * up in a signature (below); when the edited document's signature and every other
 * document are what they were at the last analysis, that analysis (its matrix and the
 * per-statement results memoised on it) is used again instead of being recomputed.
 */
import type { SourceDocument } from '../types';
import { getProperty, nodeAtPath, type DocNode } from '../model/node';
import { policySites, type PolicySite } from '../policy/sites';
import type { StatementRef } from '../policy/statements';
import { apiInventory } from '../apigw/inventory';
import { siteReads, templateAt, templateFor, usedReading, valueInputs } from '../policy/values';
import { computeReading, sameReads, templateReads } from '../template/reads';
import { accessMatrix, type AccessMatrix, type AccessOptions, type Checkpoint, type WorkspaceDocument } from './matrix';
import { staleResources, type StaleResource } from './stale';
import { boundedTable, weakTable, type WeakTable } from '../engine';
import { checkAssertions, NO_RESULTS, type AccessAssertion, type AssertionResults } from './expect';

export interface AccessWorkspace extends AccessOptions {
  readonly documents: readonly WorkspaceDocument[];
  /** This document's uri among `documents`. */
  readonly self: string;
}

export interface DocumentAccess {
  /** Every method and principal of the workspace; rows only for this document's methods. */
  readonly matrix: AccessMatrix;
  readonly self: string;
  readonly documents: readonly WorkspaceDocument[];
  /** Literal API ids tied to template APIs (from the configuration). */
  readonly apis: NonNullable<AccessOptions['apis']>;
  /** The execute-api ARNs of a statement of this document that match no method (memoised). */
  stale(doc: SourceDocument, statement: StatementRef): readonly StaleResource[];
  /**
   * What a rule computes about a statement of `doc` from the statement (its text, place,
   * owner and what its values read) and the workspace's methods only, kept across versions
   * while those are the same: a keystroke in one role's grant leaves every other statement's
   * answer as it was. `key` names the rule and what else the value depends on; the value
   * must be plain data (it outlives the parse). Like `stale`.
   */
  acrossEdits<T>(doc: SourceDocument, statement: StatementRef, key: string, compute: () => T): T;
  /**
   * What a rule computed about a node of `doc` (a statement, a method), kept while this
   * analysis and that parse are: an analysis stopped part-way (`AnalysisSettings.shouldStop`)
   * and run again finds it here. `key` names the rule and what else the value depends on.
   */
  kept<T>(doc: SourceDocument, node: object, key: string, compute: () => T): T;
}

/** Per workspace snapshot and document: the analysis, its matrix with rows for that document's methods only. */
const matrices = weakTable<readonly WorkspaceDocument[], Map<string, DocumentAccess>>('access/workspace.matrices');
const solo = weakTable<SourceDocument, DocumentAccess>('access/workspace.solo');

/** The last analysis of each document, for the next version of it (a few documents are edited at a time). */
interface Remembered {
  readonly signature: AccessSignature;
  readonly staleMemo: StatementMemo;
  readonly others: readonly WorkspaceDocument[];
  /** The configured API ids, as JSON (the shells build the object afresh for each call). */
  readonly apis: string;
  readonly access: DocumentAccess;
}
const recent = boundedTable<string, Remembered>('access/workspace.recent', 16);
const THIS_DOCUMENT: SourceDocument = { format: 'json', text: '', roots: [], kinds: [], syntaxFindings: [] };

export function accessFor(
  doc: SourceDocument,
  workspace: AccessWorkspace | undefined,
  /** Called after each piece of the matrix it computes and keeps; may throw to stop the analysis there (matrix.ts `Checkpoint`). */
  checkpoint?: Checkpoint,
): DocumentAccess {
  if (!workspace) {
    let access = solo.get(doc);
    if (!access) {
      access = remembered('\u0000solo', doc, [], undefined, (staleMemo) => {
        const documents = [{ uri: 'this document', doc }];
        return documentAccess(accessMatrix(documents, {}, checkpoint), 'this document', documents, {}, staleMemo);
      });
      solo.set(doc, access);
    }
    return access;
  }
  let bySelf = matrices.get(workspace.documents);
  if (!bySelf) {
    bySelf = new Map();
    matrices.set(workspace.documents, bySelf);
  }
  const self = workspace.self;
  // The same documents under other environments are another workspace.
  const cacheKey = `${self}\u0000${workspace.environmentsKey ?? ''}\u0000${JSON.stringify(workspace.apis ?? {})}`;
  const known = bySelf.get(cacheKey);
  if (known) {
    return known;
  }
  // The other documents must be the same objects; this one (re-parsed) must keep its includes.
  const others = workspace.documents.map((d) => (d.uri === self ? { uri: d.uri, doc: THIS_DOCUMENT, includes: d.includes } : d));
  const environments = { environmentsOf: workspace.environmentsOf, productionStages: workspace.productionStages, environmentsKey: workspace.environmentsKey };
  const access = remembered(self, doc, others, workspace, (staleMemo) => {
    const matrix = accessMatrix(workspace.documents, { apis: workspace.apis, ...environments, rowsFor: (uri) => uri === self }, checkpoint);
    return documentAccess(matrix, self, workspace.documents, workspace.apis ?? {}, staleMemo);
  });
  // Every later run on this snapshot (an analysis run again after it stopped part-way, a
  // quick fix) reads the same analysis and what it kept.
  bySelf.set(cacheKey, access);
  return access;
}

function remembered(
  key: string,
  doc: SourceDocument,
  others: readonly WorkspaceDocument[],
  options: AccessOptions | undefined,
  compute: (staleMemo: StatementMemo) => DocumentAccess,
): DocumentAccess {
  const signature = accessSignature(doc);
  // The configured API ids and environments (the shells build both afresh for each call).
  const apisKey = `${JSON.stringify(options?.apis ?? {})}\u0000${options?.environmentsKey ?? ''}\u0000${JSON.stringify(options?.productionStages ?? null)}`;
  const last = recent.get(key);
  const sameWorld = last !== undefined && last.apis === apisKey && sameDocuments(last.others, others);
  const sameMethods = sameWorld && sameParts(last.signature.methods, signature.methods);
  if (sameMethods && sameParts(last.signature.policies, signature.policies)) {
    return last.access;
  }
  // Which ARNs of a statement match no method depends on the statement and on the methods
  // (the API inventories) only: while those are the same (a changed grant, a renamed role, a
  // parameter no API reads), it is known for every statement whose text, place and owner did
  // not change and whose values read the same definitions. Only what this analysis asks for
  // is carried to the next one, so the memo holds the statements of one version.
  const staleMemo: StatementMemo = { previous: sameWorld && last.signature.inventory === signature.inventory ? carried(last.staleMemo) : undefined, current: new Map() };
  const access = compute(staleMemo);
  recent.set(key, { signature, others, apis: apisKey, access, staleMemo });
  return access;
}

function sameDocuments(a: readonly WorkspaceDocument[], b: readonly WorkspaceDocument[]): boolean {
  return a.length === b.length && a.every((d, i) => d.uri === b[i]!.uri && d.doc === b[i]!.doc && d.includes === b[i]!.includes);
}

/** Per-statement results (stale grants, acrossEdits) by rule and statement: its place, its owner and its text (see documentAccess). */
interface StatementMemo {
  readonly previous?: ReadonlyMap<string, StatementEntry>;
  readonly current: Map<string, StatementEntry>;
}
interface StatementEntry {
  /** What the statement's values read of the template (policy/values.ts valueInputs). */
  readonly reads: readonly unknown[];
  readonly value: unknown;
  /** Carried from an analysis before the last, which asked for it, while the last did not. */
  readonly carried?: true;
}

/**
 * What the next version starts from: what the last analysis asked for, and what the one
 * before it asked for and the last did not. A keystroke stops the cross-file part of the
 * version before it part-way, so the last analysis may have asked for part of the statements
 * only; an entry not asked for twice in a row goes, so the memo holds about one version.
 */
function carried(memo: StatementMemo): Map<string, StatementEntry> {
  const out = new Map<string, StatementEntry>();
  for (const [key, entry] of memo.previous ?? []) {
    if (!entry.carried) {
      out.set(key, { ...entry, carried: true });
    }
  }
  for (const [key, entry] of memo.current) {
    out.set(key, entry);
  }
  return out;
}

function documentAccess(matrix: AccessMatrix, self: string, documents: readonly WorkspaceDocument[], apis: NonNullable<AccessOptions['apis']>, memo: StatementMemo): DocumentAccess {
  const keptByDoc = new WeakMap<SourceDocument, WeakMap<object, Map<string, unknown>>>();
  const acrossEdits = <T>(doc: SourceDocument, statement: StatementRef, rule: string, compute: () => T): T => {
    // The statement's text, where it is and whose it is (for shorthand ARNs); the methods
    // are the same for the memo's life (remembered starts it afresh when they change).
    const { node, site } = statement;
    const key = [rule, site.root, site.owner ?? '', site.origin, site.path.join('\u0000'), statement.path.join('\u0000'), doc.text.slice(node.offset, node.offset + node.length)].join('\u0001');
    const reads = valueInputs(doc, node).reads;
    let entry = memo.current.get(key) ?? memo.previous?.get(key);
    if (!entry || !sameReads(entry.reads, reads)) {
      entry = { reads, value: computeReading(`access/workspace.acrossEdits ${rule}`, () => templateFor(doc, node), reads, compute) };
    } else {
      usedReading(doc, node, reads);
      if (entry.carried) {
        entry = { reads: entry.reads, value: entry.value };
      }
    }
    memo.current.set(key, entry);
    return entry.value as T;
  };
  return {
    matrix,
    self,
    documents,
    apis,
    stale: (doc, statement) => acrossEdits(doc, statement, 'stale', () => staleResources(matrix, doc, self, statement, apis)),
    acrossEdits,
    kept<T>(doc: SourceDocument, node: object, key: string, compute: () => T): T {
      let byNode = keptByDoc.get(doc);
      if (!byNode) {
        byNode = new WeakMap();
        keptByDoc.set(doc, byNode);
      }
      let byKey = byNode.get(node);
      if (!byKey) {
        byKey = new Map();
        byNode.set(node, byKey);
      }
      if (!byKey.has(key)) {
        byKey.set(key, compute());
      }
      return byKey.get(key) as T;
    },
  };
}

/**
 * Everything of a document the access analysis reads, as a list of strings: its kinds; a
 * template's sections other than Resources (parameters, mappings, conditions, globals),
 * each resource's name, type and condition and the properties that attach policies or
 * name roles; the API inventory, which is plain data (together, `methods`); and every
 * policy (the text it is written in, where it is, whose it is). Two versions with equal
 * lists get the same matrix, the same rows and the same findings, at the same paths.
 * The strings of a resource and of a policy are kept on its node and site, which an
 * incremental reparse keeps when the edit did not touch them, so the lists of two
 * versions mostly hold the very same strings and compare in a few microseconds.
 */
export interface AccessSignature {
  /** The API inventory of the document, as plain data (also the last part of `methods`). */
  readonly inventory: string;
  /** Strings, and the definitions the values read of Parameters and Mappings (nodes). */
  readonly methods: readonly unknown[];
  readonly policies: readonly unknown[];
}

const resourceParts = weakTable<DocNode, string>('access/workspace.resourceParts');
const sectionParts = weakTable<DocNode, string>('access/workspace.sectionParts');
const policyParts = weakTable<PolicySite, string>('access/workspace.policyParts');
const inventoryParts = weakTable<object, string>('access/workspace.inventoryParts');

export function accessSignature(doc: SourceDocument): AccessSignature {
  const text = doc.text;
  const slice = (node: DocNode | undefined): string => (node ? text.slice(node.offset, node.offset + node.length) : '');
  // Each part is made once per node (site, inventory) and kept with it, so two versions that
  // share a node share the very string, and comparing them costs a pointer comparison.
  const kept = <K extends object>(memo: WeakTable<K, string>, key: K, make: () => string): string => {
    let part = memo.get(key);
    if (part === undefined) {
      part = make();
      memo.set(key, part);
    }
    return part;
  };
  const methods: unknown[] = [doc.kinds.join(',')];
  doc.roots.forEach((root, index) => {
    const kind = doc.kinds[index];
    const model = templateAt(doc, index);
    if ((kind !== 'cfn' && kind !== 'sam') || root.kind !== 'object' || !model) {
      return;
    }
    for (const section of root.properties) {
      if (section.key === 'Parameters' || section.key === 'Mappings') {
        // Read only through value resolution: each resource and policy below names the
        // definitions its values read, so an edit to one parameter reaches only those.
        continue;
      }
      if (section.key !== 'Resources' || section.value.kind !== 'object') {
        // A section node is kept only with its key (model/reparse.ts reparses a whole entry).
        methods.push(kept(sectionParts, section.value, () => `section ${section.key}\u0001${slice(section.value)}`));
        continue;
      }
      for (const resource of section.value.properties) {
        const reads = templateReads(model, resource.value);
        methods.push(
          reads.length,
          ...reads,
          kept(resourceParts, resource.value, () => {
            const properties = getProperty(resource.value, 'Properties');
            const written = [slice(getProperty(resource.value, 'Type')), slice(getProperty(resource.value, 'Condition')), ...ATTACHING_PROPERTIES.map((key) => slice(getProperty(properties, key)))];
            return [`resource ${resource.key}`, ...written].join('\u0001');
          }),
        );
      }
    }
  });
  // The methods, and what resolving a statement's values reads (the sections above).
  const inventory = apiInventory(doc);
  const inventoryPart = kept(inventoryParts, inventory, () => JSON.stringify(inventory));
  methods.push(inventoryPart);
  const policies: unknown[] = [];
  for (const site of policySites(doc)) {
    const reads = siteReads(doc, site);
    policies.push(
      reads.length,
      ...reads,
      kept(policyParts, site, () => {
        // A generated policy (a SAM policy template) is decided by what is written at its
        // path (the template's parameters), which its own nodes' offsets do not span.
        const written = site.synthetic === true ? slice(nodeAtPath(doc.roots[site.root]!, site.path)) : '';
        return [`policy ${site.root}`, site.path.join('\u0000'), site.policyType, site.owner ?? '', site.origin, String(site.synthetic === true), slice(site.node), written].join('\u0001');
      }),
    );
  }
  return { methods, policies, inventory: inventoryPart };
}

function sameParts(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((part, i) => part === b[i]);
}

/** Properties through which a resource attaches policies to principals or names a role (matrix.ts principalsOf). */
const ATTACHING_PROPERTIES = ['Roles', 'Users', 'RoleName', 'UserName', 'ManagedPolicyArns', 'Role'];

/**
 * The access assertions checked over the whole workspace (rows for every method, not one
 * document's): computed once per workspace snapshot, environments and assertion list, and
 * shared by every document and rule that asks, since each document reports only the
 * violations placed in it. Without a workspace the document is its own.
 */
const assertionMemo = weakTable<object, Map<string, AssertionResults>>('access/workspace.assertions');

export function assertionsFor(doc: SourceDocument, workspace: AccessWorkspace | undefined, assertions: readonly AccessAssertion[] | undefined): AssertionResults & { readonly self: string } {
  if (!assertions || assertions.length === 0) {
    return { ...NO_RESULTS, self: workspace?.self ?? 'this document' };
  }
  const documents = workspace?.documents ?? [{ uri: 'this document', doc }];
  const self = workspace?.self ?? 'this document';
  const owner: object = workspace?.documents ?? doc;
  let byKey = assertionMemo.get(owner);
  if (!byKey) {
    byKey = new Map();
    assertionMemo.set(owner, byKey);
  }
  const key = `${JSON.stringify(assertions)}\u0000${JSON.stringify(workspace?.apis ?? {})}\u0000${workspace?.environmentsKey ?? ''}\u0000${JSON.stringify(workspace?.productionStages ?? null)}`;
  let results = byKey.get(key);
  if (!results) {
    const environments = workspace ? { environmentsOf: workspace.environmentsOf, productionStages: workspace.productionStages, environmentsKey: workspace.environmentsKey } : {};
    const matrix = accessMatrix(documents, { apis: workspace?.apis, ...environments });
    results = checkAssertions(matrix, documents, assertions);
    // Only the last few keys per snapshot: assertions are edited one at a time.
    if (byKey.size >= 4) {
      byKey.delete(byKey.keys().next().value!);
    }
    byKey.set(key, results);
  }
  return { ...results, self };
}
