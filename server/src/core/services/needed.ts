/**
 * The first phase of two-phase loading: which services' tables a document needs. The shell
 * asks this after parsing, loads the tables that are not loaded yet, then analyses. Only
 * prefixes the index knows are returned, lower-cased, each once.
 */
import type { IamCatalog } from '../data/catalog';
import { getProperty, type DocNode } from '../model/node';
import { splitArn } from '../policy/arn';
import { splitAction } from '../policy/actions';
import { policySites } from '../policy/sites';
import { statementsOf } from '../policy/statements';
import { siteReads, stringValues, templateAt, usedSiteReading } from '../policy/values';
import { computeReading, sameReads } from '../template/reads';
import type { SourceDocument } from '../types';
import type { PolicySite } from '../policy/sites';
import { hasWildcard } from '../util/glob';
import { weakTable } from '../engine';

export function servicesNeeded(doc: SourceDocument, catalog: IamCatalog): string[] {
  const found = new Set<string>();
  for (const site of policySites(doc)) {
    for (const prefix of knownServices(namedBy(doc, site), catalog)) {
      found.add(prefix);
    }
  }
  return [...found].sort();
}

/** The services a policy names that the catalog's index knows, lower-cased, each once (kept with what it was read from). */
function knownServices(named: Named, catalog: IamCatalog): readonly string[] {
  if (named.known?.catalog === catalog) {
    return named.known.prefixes;
  }
  const found = new Set<string>();
  const add = (prefix: string | undefined): void => {
    if (prefix && !hasWildcard(prefix) && !prefix.includes('${') && catalog.isKnownService(prefix)) {
      found.add(prefix.toLowerCase());
    }
  };
  named.services.forEach(add);
  for (const key of named.conditionKeys) {
    catalog.conditionKeyServices(key.slice(0, key.indexOf(':'))).forEach(add);
  }
  named.known = { catalog, prefixes: [...found] };
  return named.known.prefixes;
}

interface Named {
  /** Service prefixes as written (or resolved), not yet checked against the catalog. */
  readonly services: readonly string[];
  readonly conditionKeys: readonly string[];
  /** What the policy's values read of the template, when this was read (policy/values.ts siteReads). */
  readonly reads: readonly unknown[];
  /** Those the catalog's index knows (the index never changes for a catalog). */
  known?: { readonly catalog: IamCatalog; readonly prefixes: readonly string[] };
}

/**
 * What one policy names, kept on the site while the template's Parameters and Mappings are
 * the same nodes (the only other inputs, through value resolution): after an edit only the
 * policies the edit touched are read again.
 */
const namedMemo = weakTable<PolicySite, Named>('services/needed.namedMemo');

function namedBy(doc: SourceDocument, site: PolicySite): Named {
  const reads = siteReads(doc, site);
  const hit = namedMemo.get(site);
  if (hit && sameReads(hit.reads, reads)) {
    usedSiteReading(doc, site.root, reads);
    return hit;
  }
  const named = computeReading('services/needed.namedMemo', () => templateAt(doc, site.root), reads, () => readNamed(doc, site, reads));
  namedMemo.set(site, named);
  return named;
}

function readNamed(doc: SourceDocument, site: PolicySite, reads: readonly unknown[]): Named {
  const services: string[] = [];
  const conditionKeys: string[] = [];
  for (const statement of statementsOf(site)) {
    for (const element of ['Action', 'NotAction']) {
      const node = getProperty(statement.node, element);
      for (const v of stringValues(doc, node, [...statement.path, element])) {
        const prefix = splitAction(v.text)?.prefix ?? (v.text.endsWith(':') ? v.text.slice(0, -1) : undefined);
        if (prefix) {
          services.push(prefix);
        }
      }
      // A half-typed YAML `Action: s3:` reads as the mapping {s3: null}; completion
      // needs that service's actions all the same.
      if (node?.kind === 'object') {
        node.properties.forEach((p) => services.push(p.key));
      }
    }
    for (const element of ['Resource', 'NotResource']) {
      for (const v of stringValues(doc, getProperty(statement.node, element), [...statement.path, element])) {
        const service = v.text.startsWith('execute-api:/') ? 'execute-api' : splitArn(v.text)?.service;
        if (service) {
          services.push(service);
        }
      }
    }
    conditionKeys.push(...conditionKeysOf(getProperty(statement.node, 'Condition')));
  }
  // What hovers explain is found by element name anywhere in the policy, also where a
  // broken text leaves no statement to read (hover.ts explainAt): the services named there
  // are loaded too, so an answer never depends on what an earlier text happened to load.
  namedInElements(site.node, undefined, services, conditionKeys);
  return { services, conditionKeys, reads };
}

/**
 * Service prefixes of the literal strings under Action, NotAction, Resource and NotResource
 * keys (the nearest key above each string), and the keys of Condition blocks, anywhere below
 * `node`. Iterative: a policy may be deeply nested.
 */
function namedInElements(node: DocNode, element: string | undefined, services: string[], conditionKeys: string[]): void {
  const stack: { node: DocNode; element: string | undefined }[] = [{ node, element }];
  while (stack.length > 0) {
    const { node: n, element: e } = stack.pop()!;
    switch (n.kind) {
      case 'object':
        for (const p of n.properties) {
          if (p.key === 'Condition') {
            conditionKeys.push(...conditionKeysOf(p.value));
          }
          stack.push({ node: p.value, element: p.key });
        }
        break;
      case 'array':
        n.items.forEach((item) => stack.push({ node: item, element: e }));
        break;
      case 'intrinsic':
        stack.push({ node: n.arg, element: e });
        break;
      case 'string': {
        const text = String(n.value);
        if (e === 'Action' || e === 'NotAction') {
          const prefix = splitAction(text)?.prefix;
          if (prefix) {
            services.push(prefix);
          }
        } else if (e === 'Resource' || e === 'NotResource') {
          const service = text.startsWith('execute-api:/') ? 'execute-api' : splitArn(text)?.service;
          if (service) {
            services.push(service);
          }
        }
        break;
      }
      default:
        break;
    }
  }
}

/** The condition keys a Condition block names (`{operator: {key: value}}`). */
function conditionKeysOf(condition: DocNode | undefined): string[] {
  if (condition?.kind !== 'object') {
    return [];
  }
  return condition.properties.flatMap((op) => (op.value.kind === 'object' ? op.value.properties.map((p) => p.key) : [])).filter((k) => k.includes(':'));
}
