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
import { stringValues } from '../policy/values';
import type { SourceDocument } from '../types';
import { hasWildcard } from '../util/glob';

export function servicesNeeded(doc: SourceDocument, catalog: IamCatalog): string[] {
  const found = new Set<string>();
  const add = (prefix: string | undefined): void => {
    if (prefix && !hasWildcard(prefix) && !prefix.includes('${') && catalog.isKnownService(prefix)) {
      found.add(prefix.toLowerCase());
    }
  };
  for (const site of policySites(doc)) {
    for (const statement of statementsOf(site)) {
      for (const element of ['Action', 'NotAction']) {
        const node = getProperty(statement.node, element);
        for (const v of stringValues(doc, node, [...statement.path, element])) {
          add(splitAction(v.text)?.prefix ?? (v.text.endsWith(':') ? v.text.slice(0, -1) : undefined));
        }
        // A half-typed YAML `Action: s3:` reads as the mapping {s3: null}; completion
        // needs that service's actions all the same.
        if (node?.kind === 'object') {
          node.properties.forEach((p) => add(p.key));
        }
      }
      for (const element of ['Resource', 'NotResource']) {
        for (const v of stringValues(doc, getProperty(statement.node, element), [...statement.path, element])) {
          add(v.text.startsWith('execute-api:/') ? 'execute-api' : splitArn(v.text)?.service);
        }
      }
      for (const key of conditionKeys(getProperty(statement.node, 'Condition'))) {
        catalog.conditionKeyServices(key.slice(0, key.indexOf(':'))).forEach(add);
      }
    }
  }
  return [...found].sort();
}

/** The condition keys a Condition block names (`{operator: {key: value}}`). */
function conditionKeys(condition: DocNode | undefined): string[] {
  if (condition?.kind !== 'object') {
    return [];
  }
  return condition.properties.flatMap((op) => (op.value.kind === 'object' ? op.value.properties.map((p) => p.key) : [])).filter((k) => k.includes(':'));
}
