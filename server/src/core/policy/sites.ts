/**
 * Where the policies of a document are. A raw policy file is one site at its root;
 * templates and OpenAPI files add sites through the extractors registered per kind, so
 * every policy rule runs on every policy a document holds, wherever it is written.
 */
import type { DocumentKind, PolicyType, SourceDocument } from '../types';
import { asList, getProperty, scalarText, type DocNode, type Path } from '../model/node';

export interface PolicySite {
  /** Index of the document root (YAML streams may hold several). */
  readonly root: number;
  /** Path from that root to the policy document. */
  readonly path: Path;
  readonly node: DocNode;
  readonly policyType: PolicyType;
  /**
   * True when the place the policy is written fixes its type (a trust policy in
   * `AssumeRolePolicyDocument`); false when it was inferred from the statements.
   */
  readonly policyTypeKnown: boolean;
  /** Where the policy sits, for messages and hovers: "file", "AWS::IAM::Role MyRole" … */
  readonly origin: string;
}

export type SiteExtractor = (root: DocNode, rootIndex: number) => PolicySite[];

const EXTRACTORS: Partial<Record<DocumentKind, SiteExtractor>> = {
  'iam-policy': (root, rootIndex) => [
    { root: rootIndex, path: [], node: root, policyType: inferPolicyType(root), policyTypeKnown: false, origin: 'file' },
  ],
};

/** Registers the extractor for one document kind (templates and OpenAPI add theirs). */
export function registerSiteExtractor(kind: DocumentKind, extractor: SiteExtractor): void {
  EXTRACTORS[kind] = extractor;
}

export function policySites(doc: SourceDocument): PolicySite[] {
  const sites: PolicySite[] = [];
  doc.roots.forEach((root, index) => {
    const extractor = EXTRACTORS[doc.kinds[index] ?? 'unknown'];
    if (extractor) {
      sites.push(...extractor(root, index));
    }
  });
  return sites;
}

const TRUST_ACTION = /^sts:(assumerole[a-z]*|tagsession|setsourceidentity|setcontext|\*)$/i;

/**
 * A policy with no Principal anywhere is an identity policy. One with a Principal is a
 * trust policy when its statements grant `sts:AssumeRole*`, and a resource policy otherwise.
 */
export function inferPolicyType(policy: DocNode): PolicyType {
  const statements = asList(getProperty(policy, 'Statement'));
  const withPrincipal = statements.filter(
    (s) => getProperty(s, 'Principal') !== undefined || getProperty(s, 'NotPrincipal') !== undefined,
  );
  if (withPrincipal.length === 0) {
    return 'identity';
  }
  const assumes = withPrincipal.some((s) =>
    asList(getProperty(s, 'Action')).some((a) => TRUST_ACTION.test(scalarText(a) ?? '')),
  );
  return assumes ? 'trust' : 'resource';
}
