/**
 * The document as a policy-scoped rule sees it (rules/define.ts `PolicyRuleContext`): its
 * format and the kind of the policy's root, and nothing else to read. What such a rule reports
 * on a policy is kept on the policy's site and used again after edits elsewhere
 * (services/analyze.ts), which is only right while the rule reads nothing of the document but
 * the policy: the view is how the type system holds it to that. The helpers a rule passes it
 * to (value resolution, the IAM knowledge, the edit writers) accept it and read the document
 * through `documentOf`, which rules themselves do not call (an ESLint restriction).
 */
import type { DocumentFormat, DocumentKind, SourceDocument } from '../types';

const DOCUMENT = Symbol('document');

export interface PolicyView {
  readonly format: DocumentFormat;
  /** The document kind of the root the policy is in. */
  readonly kind: DocumentKind;
  readonly [DOCUMENT]: SourceDocument;
}

/** A document, or the view of it a policy-scoped rule has. */
export type DocLike = SourceDocument | PolicyView;

export function policyView(doc: SourceDocument, root: number): PolicyView {
  return { format: doc.format, kind: doc.kinds[root] ?? 'unknown', [DOCUMENT]: doc };
}

export function documentOf(doc: DocLike): SourceDocument {
  return DOCUMENT in doc ? doc[DOCUMENT] : doc;
}
