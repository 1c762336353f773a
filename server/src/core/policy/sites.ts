/**
 * Where the policies of a document are. A raw policy file is one site at its root;
 * templates and OpenAPI files add sites through the extractors registered per kind, so
 * every policy rule runs on every policy a document holds, wherever it is written.
 */
import type { DocumentKind, PolicyType, RawFinding, SourceDocument } from '../types';
import { openApiPolicySites, templatePolicySites } from '../template/policies';
import { asList, getProperty, scalarText, type DocNode, type Path } from '../model/node';
import { weakTable } from '../engine';

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
  /** The logical id of the template resource holding the policy (a role, an API …). */
  readonly owner?: string;
  /**
   * Generated rather than written (a SAM policy template's statements): its nodes carry
   * the source node's offsets, and fixes are never offered inside it.
   */
  readonly synthetic?: boolean;
  /**
   * The policy applies to the resource it is attached to, so statements need no Resource
   * (ECR repository policies, for one).
   */
  readonly impliedResource?: boolean;
  /** Syntax findings of a policy parsed out of a JSON string. */
  readonly syntaxFindings?: readonly RawFinding[];
}

export type SiteExtractor = (root: DocNode, rootIndex: number, text: string) => PolicySite[];

const EXTRACTORS: Partial<Record<DocumentKind, SiteExtractor>> = {
  'iam-policy': (root, rootIndex) => [
    { root: rootIndex, path: [], node: root, policyType: inferPolicyType(root), policyTypeKnown: false, origin: 'file' },
  ],
  cfn: templatePolicySites,
  sam: templatePolicySites,
  openapi2: (root, rootIndex, text) => openApiPolicySites(root, [], rootIndex, text),
  openapi3: (root, rootIndex, text) => openApiPolicySites(root, [], rootIndex, text),
};

/** Registers the extractor for one document kind (templates and OpenAPI add theirs). */
export function registerSiteExtractor(kind: DocumentKind, extractor: SiteExtractor): void {
  EXTRACTORS[kind] = extractor;
}

const memo = weakTable<SourceDocument, readonly PolicySite[]>('policy/sites.memo');

/**
 * Every policy site of a document, computed once per parsed document: rules, the API
 * inventory and the access matrix all ask, and generated sites (SAM policy templates) are
 * not free to build.
 */
export function policySites(doc: SourceDocument): readonly PolicySite[] {
  let sites = memo.get(doc);
  if (!sites) {
    const found: PolicySite[] = [];
    doc.roots.forEach((root, index) => {
      const extractor = EXTRACTORS[doc.kinds[index] ?? 'unknown'];
      if (extractor) {
        found.push(...extractor(root, index, doc.text));
      }
    });
    sites = found;
    memo.set(doc, sites);
  }
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
