/**
 * Access analysis for the shells: hovers and code lenses at positions of a document, given
 * the workspace's access matrix. Pure: the shells index the workspace and keep the matrix.
 */
import { nodeAtOffset, pathOf, propertyKeyAtOffset, samePath, type Path } from '../model/node';
import { policySites } from '../policy/sites';
import { statementsOf } from '../policy/statements';
import type { HoverResult, SourceDocument } from '../types';
import { locate } from '../services/analyze';
import { explainDecision, methodAt, methodLensTitle, PLAIN_NAMING, principalAt, principalLabel, principalLensTitle, rowsForPrincipal, rowsVia, whatCanBeInvoked, whoCanInvoke, type Naming } from './explain';
import type { AccessMatrix, AccessOptions } from './matrix';
import { staleResources } from './stale';

export { accessMatrix, type AccessMatrix, type AccessOptions, type AccessRow, type WorkspaceDocument, type PrincipalInfo } from './matrix';
export { explainDecision, PLAIN_NAMING, type Naming } from './explain';

export interface AccessLens {
  readonly offset: number;
  readonly length: number;
  readonly title: string;
  /** What the lens is about, for the command it runs. */
  readonly target: { readonly kind: 'method' | 'principal'; readonly root: number; readonly path: Path };
}

/**
 * Hover for a position: on a method declaration, who can invoke it; on a statement, a
 * policy or a principal, what it can invoke.
 */
export function accessHover(
  matrix: AccessMatrix,
  uri: string,
  doc: SourceDocument,
  offset: number,
  apis: NonNullable<AccessOptions['apis']> = {},
  naming: Naming = PLAIN_NAMING,
): HoverResult | undefined {
  for (let rootIndex = 0; rootIndex < doc.roots.length; rootIndex++) {
    const root = doc.roots[rootIndex]!;
    // On a key, the hover is about the key's value (`GetPets:` is the method).
    const node = propertyKeyAtOffset(root, offset)?.value ?? nodeAtOffset(root, offset);
    if (!node) {
      continue;
    }
    const path = pathOf(node);
    const sites = policySites(doc).filter((s) => s.root === rootIndex);
    const statements = sites.flatMap(statementsOf);
    for (let depth = path.length; depth >= 0; depth--) {
      const prefix = path.slice(0, depth);
      const method = methodAt(matrix, uri, rootIndex, prefix);
      if (method) {
        return at(doc, rootIndex, prefix, whoCanInvoke(matrix, method, naming));
      }
      const statement = statements.find((s) => samePath(s.path, prefix));
      if (statement) {
        const stale = staleResources(matrix, doc, uri, statement, apis).map((s) => s.value.text);
        return at(doc, rootIndex, prefix, whatCanBeInvoked(`This statement (${statement.site.origin === 'file' ? naming.file(uri) : statement.site.origin})`, rowsVia(matrix, uri, rootIndex, prefix), stale, naming));
      }
      const site = sites.find((s) => samePath(s.path, prefix));
      if (site && site.policyType === 'identity') {
        return at(doc, rootIndex, prefix, whatCanBeInvoked(`This policy (${site.origin === 'file' ? naming.file(uri) : site.origin})`, rowsVia(matrix, uri, rootIndex, prefix), [], naming));
      }
      const principal = principalAt(matrix, uri, rootIndex, prefix);
      if (principal) {
        return at(doc, rootIndex, prefix, whatCanBeInvoked(principalLabel(principal, naming), rowsForPrincipal(matrix, uri, rootIndex, prefix), [], naming));
      }
    }
  }
  return undefined;
}

/** Code lenses: above each method "invocable by N principals", above each principal "can invoke N methods". */
export function accessLenses(matrix: AccessMatrix, uri: string, doc: SourceDocument): AccessLens[] {
  return accessLensPlaces(matrix, uri, doc).map((place) => ({ ...place, title: accessLensTitle(matrix, uri, place.target) ?? '' }));
}

/**
 * Where the code lenses go, without their titles: placing them reads only the matrix's
 * methods and principals; a title asks for rows. The editor asks for the titles of the
 * lenses in view (`codeLens/resolve`), so a template with thousands of methods costs what
 * the screen shows.
 */
export function accessLensPlaces(matrix: AccessMatrix, uri: string, doc: SourceDocument): Omit<AccessLens, 'title'>[] {
  const places: Omit<AccessLens, 'title'>[] = [];
  for (const ref of matrix.methods) {
    if (ref.uri === uri && ref.method.includedFrom === undefined) {
      const { offset, length } = locate(doc, ref.method.root, ref.method.declaredAt, 'key');
      places.push({ offset, length, target: { kind: 'method', root: ref.method.root, path: ref.method.declaredAt } });
    }
  }
  for (const p of matrix.principals) {
    if (p.uri === uri && p.kind !== 'account') {
      const { offset, length } = locate(doc, p.root, p.path, 'key');
      places.push({ offset, length, target: { kind: 'principal', root: p.root, path: p.path } });
    }
  }
  return places.sort((a, b) => a.offset - b.offset);
}

/** The title of the lens on `target` (a method's or a principal's place), or undefined when nothing is there now. */
export function accessLensTitle(matrix: AccessMatrix, uri: string, target: AccessLens['target']): string | undefined {
  if (target.kind === 'method') {
    const ref = methodAt(matrix, uri, target.root, target.path);
    return ref ? methodLensTitle(matrix, ref) : undefined;
  }
  const principal = matrix.principals.find((p) => p.uri === uri && p.root === target.root && samePath(p.path, target.path));
  return principal ? principalLensTitle(rowsForPrincipal(matrix, uri, target.root, target.path), principal) : undefined;
}

/** The explanation for a principal and a method, each named by document and path. */
export function explainAccess(
  matrix: AccessMatrix,
  principal: { uri: string; root: number; path: Path },
  method: { uri: string; root: number; path: Path },
  naming: Naming = PLAIN_NAMING,
): string | undefined {
  const p = matrix.principals.find((x) => x.uri === principal.uri && x.root === principal.root && samePath(x.path, principal.path));
  const m = methodAt(matrix, method.uri, method.root, method.path);
  return p && m ? explainDecision(matrix, p, m, naming) : undefined;
}

function at(doc: SourceDocument, root: number, path: Path, markdown: string): HoverResult {
  const { offset, length } = locate(doc, root, path, path.length > 0 && typeof path[path.length - 1] === 'string' ? 'key' : 'value');
  return { markdown, offset, length };
}

