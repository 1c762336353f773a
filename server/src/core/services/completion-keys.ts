/**
 * The condition keys worth offering in a statement: the global keys, and every key the
 * statement's known actions support (their own, their resource types' and those types'
 * tables), described from the service's key table.
 */
import { actionConditionKeys, type ConditionKeyInfo, type IamCatalog } from '../data/catalog';
import { statementActions } from '../policy/actions';
import type { StatementRef } from '../policy/statements';
import type { SourceDocument } from '../types';

export interface KeyCandidate extends ConditionKeyInfo {
  readonly global: boolean;
}

export function conditionKeyCandidates(doc: SourceDocument, catalog: IamCatalog, statement: StatementRef): KeyCandidate[] {
  const out = new Map<string, KeyCandidate>();
  for (const { resolution } of statementActions(doc, catalog, statement).items) {
    if (resolution.kind !== 'actions') {
      continue;
    }
    const { service } = resolution;
    for (const action of resolution.actions) {
      for (const key of actionConditionKeys(service, action)) {
        const lower = key.toLowerCase();
        if (!out.has(lower) && !lower.startsWith('aws:')) {
          const info = service.conditionKeys.get(lower) ?? { key, description: '', type: 'String' };
          out.set(lower, { ...info, global: false });
        }
      }
    }
  }
  for (const g of catalog.globalConditionKeys()) {
    out.set(g.key.toLowerCase(), { ...g, global: true });
  }
  return [...out.values()];
}
