/**
 * Narrowing an execute-api wildcard (`api-id/*`, `*\/*\/*`, `arn:aws:execute-api:*:*:*`) to
 * the methods it is meant for: the methods the wildcard covers today are offered, and the
 * fix writes their covering ARNs in the document's own form: `!Sub` with `${MyApi}` and
 * `${AWS::Region}` in YAML templates, `Fn::Sub` in JSON templates, literal ARNs in
 * standalone policies. Path parameters are written as `*`, ANY as `*`.
 */
import { getProperty, type DocNode } from '../model/node';
import { policySites } from '../policy/sites';
import { statementsOf, type StatementRef } from '../policy/statements';
import { stringValues, type StringValue } from '../policy/values';
import type { Fix, SourceDocument, TextEdit } from '../types';
import { preferredStyle, RawValue, replaceWithValues, scalarText } from '../util/edits';
import { parseExecuteApiArn, type ExecuteApiArn } from '../apigw/arn';
import type { ApiMethod } from '../apigw/types';
import { methodsCovered, type AccessMatrix } from './matrix';

export interface NarrowTarget {
  readonly statement: StatementRef;
  readonly value: StringValue;
  readonly arn: ExecuteApiArn;
  /** The methods the wildcard covers today. */
  readonly methods: readonly { readonly uri: string; readonly method: ApiMethod }[];
}

/** The execute-api wildcard resource at `offset`, if any, with the methods it covers. */
export function narrowTargetAt(matrix: AccessMatrix, uri: string, doc: SourceDocument, offset: number): NarrowTarget | undefined {
  for (const statement of policySites(doc).flatMap(statementsOf)) {
    if (getProperty(statement.node, 'Effect')?.kind !== 'string' || (getProperty(statement.node, 'Effect') as { value: unknown }).value !== 'Allow') {
      continue;
    }
    const element = getProperty(statement.node, 'Resource');
    for (const value of stringValues(doc, element, [...statement.path, 'Resource'])) {
      if (offset < value.node.offset || offset > value.node.offset + value.node.length || !value.text.includes('*')) {
        continue;
      }
      const arn = parseExecuteApiArn(value.text) ?? (value.text === '*' ? parseExecuteApiArn('arn:aws:execute-api:*:*:*') : undefined);
      if (!arn) {
        continue;
      }
      const owner = arn.shorthand ? matrix.methods.find((m) => m.uri === uri && m.method.api.id === statement.site.owner) : undefined;
      const methods = methodsCovered(matrix, value.text === '*' ? 'arn:aws:execute-api:*:*:*' : value.text, uri, owner);
      if (methods.length > 0) {
        return { statement, value, arn, methods };
      }
    }
  }
  return undefined;
}

/** Quick fixes: one per covered method, and one for all of them. */
export function narrowFixes(doc: SourceDocument, uri: string, target: NarrowTarget, apis: Readonly<Record<string, { uri: string; logicalId: string }>> = {}): Fix[] {
  const fixes: Fix[] = [];
  const all = target.methods;
  if (all.length > 1) {
    fixes.push({ title: `Narrow to the ${all.length} methods it reaches today`, edits: [narrowEdit(doc, uri, target, all, apis)] });
  }
  for (const m of all.slice(0, 20)) {
    fixes.push({ title: `Narrow to ${m.method.method} ${m.method.path} (${m.method.api.id})`, edits: [narrowEdit(doc, uri, target, [m], apis)] });
  }
  return fixes;
}

/** The edit that replaces the wildcard with the covering ARNs of `chosen`. */
export function narrowEdit(doc: SourceDocument, uri: string, target: NarrowTarget, chosen: readonly { uri: string; method: ApiMethod }[], apis: Readonly<Record<string, { uri: string; logicalId: string }>> = {}): TextEdit {
  const arns = [...new Set(chosen.map((c) => coveringArn(target.arn, c, uri, apis)))];
  const values = arns.map((a) => valueText(doc, target.value.node, a));
  const element = getProperty(target.statement.node, 'Resource')!;
  return replaceWithValues(doc, element, target.value.node, values.map((v) => new RawValue(v)));
}

/** The ARN that covers exactly one method (all its stages if the wildcard had `*` there). */
function coveringArn(original: ExecuteApiArn, ref: { uri: string; method: ApiMethod }, uri: string, apis: Readonly<Record<string, { uri: string; logicalId: string }>>): string {
  const m = ref.method;
  const stage = original.stage && !original.stage.includes('*') ? original.stage : '*';
  const verb = m.method === 'ANY' || m.method === 'ROUTE' ? '*' : m.method;
  const path = m.path === '$default' ? '*' : m.path.replace(/^\//, '').replace(/\{[^}]*\}/g, '*');
  const tail = m.api.kind === 'WEBSOCKET' ? `${stage}/${m.path}` : `${stage}/${verb}/${path}`;
  if (original.shorthand) {
    return `execute-api:/${tail}`;
  }
  if (ref.uri === uri) {
    // The same template: name the API and the deployment's region and account symbolically.
    const partition = original.partition && !original.partition.includes('$') && original.partition !== '*' ? original.partition : '${AWS::Partition}';
    return `arn:${partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${m.api.id}}/${tail}`;
  }
  // A standalone policy: literal ARNs; the API id from the configuration when it is tied to one.
  const literalId = Object.entries(apis).find(([, v]) => v.uri === ref.uri && v.logicalId === m.api.id)?.[0] ?? original.apiId ?? '*';
  return `arn:${original.partition ?? 'aws'}:execute-api:${original.region ?? '*'}:${original.account ?? '*'}:${literalId}/${tail}`;
}

/** A value as written in this document: `!Sub …` in YAML templates, `{"Fn::Sub": …}` in JSON ones, a string otherwise. */
function valueText(doc: SourceDocument, near: DocNode, arn: string): string {
  if (!arn.includes('${')) {
    return scalarText(doc, arn, near.kind === 'string' ? near.style : preferredStyle(doc));
  }
  if (doc.format === 'yaml') {
    const short = near.kind === 'intrinsic' ? near.shortForm : true;
    return short ? `!Sub ${arn}` : `{'Fn::Sub': ${scalarText(doc, arn, 'single')}}`;
  }
  return `{"Fn::Sub": ${JSON.stringify(arn)}}`;
}
