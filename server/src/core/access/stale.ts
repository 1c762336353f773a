/**
 * Grants that match nothing: execute-api ARNs in a statement that name one API the
 * workspace defines and cover none of its methods. Shared by the rule that reports them and
 * the hover that lists them. Only an ARN naming one visible API is judged: a wildcard, or a
 * literal API id the configuration does not tie to a template API, may be an API elsewhere.
 */
import { getProperty, type DocNode } from '../model/node';
import type { StatementRef } from '../policy/statements';
import { sameValueInputs, stringValues, templateFor, usedReading, valueInputs, type StringValue, type ValueInputs } from '../policy/values';
import { computeReading } from '../template/reads';
import type { SourceDocument } from '../types';
import { apiLogicalId, parseExecuteApiArn } from '../apigw/arn';
import { methodsCovered, type AccessMatrix, type AccessOptions } from './matrix';
import { weakTable } from '../engine';

export interface StaleResource {
  readonly value: StringValue;
  readonly api: string;
}

/**
 * Whether a statement could hold a stale grant at all: it allows execute-api (or `*`) and
 * names an execute-api ARN. Cheap, and needs no access matrix, so a rule can ask it first.
 */
export function mayHoldStaleGrant(doc: SourceDocument, statement: StatementRef): boolean {
  // Asked of every statement on every edit; an incremental reparse keeps the statement nodes
  // an edit did not touch, and their values change only with what intrinsics resolve from.
  const inputs = valueInputs(doc, statement.node);
  const kept = mayHold.get(statement.node);
  if (kept && sameValueInputs(kept.inputs, inputs)) {
    usedReading(doc, statement.node, inputs.reads);
    return kept.result;
  }
  const result = computeReading('access/stale.mayHold', () => templateFor(doc, statement.node), inputs.reads, () => computeMayHold(doc, statement));
  mayHold.set(statement.node, { inputs, result });
  return result;
}

const mayHold = weakTable<DocNode, { readonly inputs: ValueInputs; readonly result: boolean }>('access/stale.mayHold');

function computeMayHold(doc: SourceDocument, statement: StatementRef): boolean {
  const actions = stringValues(doc, getProperty(statement.node, 'Action'), []).map((v) => v.text.toLowerCase());
  if (!actions.some((a) => a.startsWith('execute-api:') || a === '*')) {
    return false;
  }
  return stringValues(doc, getProperty(statement.node, 'Resource'), []).some((v) => parseExecuteApiArn(v.text) !== undefined);
}

export function staleResources(
  matrix: AccessMatrix,
  doc: SourceDocument,
  self: string,
  statement: StatementRef,
  apis: NonNullable<AccessOptions['apis']>,
): StaleResource[] {
  const actions = stringValues(doc, getProperty(statement.node, 'Action'), []).map((v) => v.text.toLowerCase());
  if (!actions.some((a) => a.startsWith('execute-api:') || a === '*')) {
    return [];
  }
  const out: StaleResource[] = [];
  for (const value of stringValues(doc, getProperty(statement.node, 'Resource'), [...statement.path, 'Resource'])) {
    const arn = parseExecuteApiArn(value.text);
    if (!arn) {
      continue;
    }
    const mapped = arn.apiId !== undefined ? apis[arn.apiId] : undefined;
    const target = arn.shorthand
      ? { uri: self, id: statement.site.owner }
      : mapped
        ? { uri: mapped.uri, id: mapped.logicalId }
        : { uri: self, id: apiLogicalId(arn.apiId) };
    const methods = matrix.methods.filter((m) => m.uri === target.uri && m.method.api.id === target.id);
    if (!target.id || methods.length === 0) {
      continue;
    }
    const apiId = target.id;
    // A WebSocket API's connections are managed through `{stage}/POST/@connections/{id}`
    // (execute-api:ManageConnections; GET and DELETE too), which no route declares: the
    // documented form is not stale.
    if (methods.some((m) => m.method.api.kind === 'WEBSOCKET') && arn.path !== undefined && /^@connections(\/|$)/.test(arn.path)) {
      continue;
    }
    const covered = methodsCovered(matrix, value.text, self, arn.shorthand ? methods[0] : undefined, (m) => m.uri === target.uri && m.method.api.id === apiId);
    if (covered.length === 0) {
      out.push({ value, api: apiId });
    }
  }
  return out;
}
