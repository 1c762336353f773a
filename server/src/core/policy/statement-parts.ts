/**
 * Reading the parts of a statement the IAM-knowledge rules share: its effect, its
 * resources and its condition entries. Grammar problems (a wrong type, a missing element)
 * are other rules' findings, so these readers skip what they cannot read.
 */
import { getProperty, scalarText, type DocNode, type Path, type PropertyNode } from '../model/node';
import type { StatementRef } from './statements';
import { stringValues, type StringValue } from './values';
import { documentOf, type DocLike } from './view';

/** `Allow`, `Deny`, or undefined when the Effect is missing, wrong or not a literal. */
export function effectOf(statement: StatementRef): 'Allow' | 'Deny' | undefined {
  const effect = scalarText(getProperty(statement.node, 'Effect'));
  return effect === 'Allow' || effect === 'Deny' ? effect : undefined;
}

export interface ResourceValues {
  readonly element?: 'Resource' | 'NotResource';
  readonly node?: DocNode;
  readonly path: Path;
  readonly values: readonly StringValue[];
}

export function resourcesOf(docLike: DocLike, statement: StatementRef): ResourceValues {
  const doc = documentOf(docLike);
  const element = getProperty(statement.node, 'Resource') ? 'Resource' : getProperty(statement.node, 'NotResource') ? 'NotResource' : undefined;
  const path = [...statement.path, element ?? 'Resource'];
  if (!element) {
    return { path, values: [] };
  }
  const node = getProperty(statement.node, element);
  return { element, node, path, values: stringValues(doc, node, path) };
}

export interface ConditionEntry {
  /** The operator as written, such as `StringEqualsIfExists`. */
  readonly operator: string;
  readonly operatorProp: PropertyNode;
  /** The condition key as written. */
  readonly key: string;
  readonly keyProp: PropertyNode;
  /** Path to the key's property: `[...statement, 'Condition', operator, key]`. */
  readonly path: Path;
}

/** Every `operator → key` pair of a statement's Condition block, in source order. */
export function conditionEntries(statement: StatementRef): ConditionEntry[] {
  const condition = getProperty(statement.node, 'Condition');
  if (condition?.kind !== 'object') {
    return [];
  }
  const out: ConditionEntry[] = [];
  for (const operatorProp of condition.properties) {
    if (operatorProp.value.kind !== 'object') {
      continue;
    }
    for (const keyProp of operatorProp.value.properties) {
      out.push({
        operator: operatorProp.key,
        operatorProp,
        key: keyProp.key,
        keyProp,
        path: [...statement.path, 'Condition', operatorProp.key, keyProp.key],
      });
    }
  }
  return out;
}

/** Whether the statement's Condition tests one of `keys` (compared without case). */
export function conditionTests(statement: StatementRef, keys: readonly string[]): boolean {
  const wanted = new Set(keys.map((k) => k.toLowerCase()));
  return conditionEntries(statement).some((e) => wanted.has(e.key.toLowerCase()));
}

/**
 * Whether the user wrote the statement. Generated statements (a SAM policy template's) are
 * AWS's text: rules that judge names and formats against the reference skip them, as they
 * skip AWS managed policies' quirks, since the user could not change them anyway.
 */
export function isAuthored(statement: StatementRef): boolean {
  return statement.site.synthetic !== true;
}
