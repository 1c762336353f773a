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
  /** The IAM-authorised methods the wildcard covers today: the ones the grant decides. */
  readonly methods: readonly MethodRef[];
  /** The methods it also covers where IAM never applies (no authorization, an authorizer). */
  readonly skipped: readonly MethodRef[];
}

export interface MethodRef {
  readonly uri: string;
  readonly method: ApiMethod;
}

/** A narrowing fix, with the methods its title says the grant keeps. */
export interface NarrowFix extends Fix {
  readonly keeps: readonly MethodRef[];
}

/** Methods named in one title before "and N more". */
const TITLE_METHODS = 3;
/** Single-method fixes offered besides "all of them"; more would only crowd the menu. */
const SINGLE_FIXES = 20;

/** The execute-api wildcard resource at `offset`, if any, with the methods it covers. */
export function narrowTargetAt(matrix: AccessMatrix, uri: string, doc: SourceDocument, offset: number): NarrowTarget | undefined {
  for (const statement of policySites(doc).flatMap(statementsOf)) {
    // Only the statement the offset is in (its values lie inside its node).
    if (offset < statement.node.offset || offset > statement.node.offset + statement.node.length) {
      continue;
    }
    if (getProperty(statement.node, 'Effect')?.kind !== 'string' || (getProperty(statement.node, 'Effect') as { value: unknown }).value !== 'Allow') {
      continue;
    }
    const actions = stringValues(doc, getProperty(statement.node, 'Action'), []).map((v) => v.text.toLowerCase());
    const element = getProperty(statement.node, 'Resource');
    for (const value of stringValues(doc, element, [...statement.path, 'Resource'])) {
      if (offset < value.node.offset || offset > value.node.offset + value.node.length || !value.text.includes('*')) {
        continue;
      }
      // "*" is narrowed to execute-api ARNs only when the statement grants nothing but
      // execute-api actions: otherwise the other services' grants would go with it.
      const invokes = value.text === '*' ? actions.length > 0 && actions.every((a) => a.startsWith('execute-api:')) : actions.some((a) => a === '*' || a.startsWith('execute-api:'));
      if (!invokes) {
        continue;
      }
      const arn = parseExecuteApiArn(value.text) ?? (value.text === '*' ? parseExecuteApiArn('arn:aws:execute-api:*:*:*') : undefined);
      if (!arn) {
        continue;
      }
      const owner = arn.shorthand ? matrix.methods.find((m) => m.uri === uri && m.method.api.id === statement.site.owner) : undefined;
      const covered = methodsCovered(matrix, value.text === '*' ? 'arn:aws:execute-api:*:*:*' : value.text, uri, owner).map(({ uri: u, method }) => ({ uri: u, method }));
      const methods = covered.filter((m) => m.method.authorization.type === 'AWS_IAM');
      if (methods.length > 0) {
        return { statement, value, arn, methods, skipped: covered.filter((m) => m.method.authorization.type !== 'AWS_IAM') };
      }
    }
  }
  return undefined;
}

/**
 * Quick fixes: all the IAM-authorised methods it reaches (methods without IAM authorization
 * are left out: IAM never applies there), each such method alone, and, for a wildcard API
 * id, every method of each API it reaches. Each title says what the grant keeps.
 */
export function narrowFixes(doc: SourceDocument, uri: string, target: NarrowTarget, apis: Readonly<Record<string, { uri: string; logicalId: string }>> = {}): NarrowFix[] {
  const fixes: NarrowFix[] = [];
  const all = target.methods;
  const several = new Set([...all, ...target.skipped].map((m) => apiKey(m))).size > 1;
  // A method of an API this document cannot name is written with the wildcard's own API id,
  // so the grant then reaches the same verb and path of any API: the title says so.
  const wildId = target.arn.apiId !== undefined && target.arn.apiId.includes('*');
  const label = (m: MethodRef): string => `${m.method.method} ${m.method.path}${several ? ` of ${m.method.api.id}` : ''}${wildId && !canName(m, uri, apis) ? ' (of any API)' : ''}`;
  if (all.length > 1 || target.skipped.length > 0) {
    const left = target.skipped.length > 0 ? `, leaving out ${listLabel(target.skipped, label)} (no IAM authorization: IAM never applies there)` : '';
    fixes.push({ title: `Narrow to ${listLabel(all, label)} (${stageLabel(target.arn, all)})${left}`, edits: [narrowEdit(doc, uri, target, all, apis)], keeps: all, narrows: true });
  }
  if (target.arn.apiId === undefined || target.arn.apiId.includes('*') || target.value.text === '*') {
    // A wildcard API id: each API it reaches, whole (its IAM-authorised methods are what IAM decides).
    const byApi = new Map<string, MethodRef[]>();
    for (const m of all) {
      byApi.set(apiKey(m), [...(byApi.get(apiKey(m)) ?? []), m]);
    }
    for (const [, methods] of byApi) {
      // An API this document cannot name (another file's, with no id in the configuration)
      // would be written `*`: that is no narrowing, so it is not offered.
      if (!canName(methods[0]!, uri, apis)) {
        continue;
      }
      fixes.push({
        title: `Narrow to every method of API ${methods[0]!.method.api.id} (${listLabel(methods, (m) => `${m.method.method} ${m.method.path}`)}; ${stageLabel(target.arn, methods)})`,
        edits: [apiEdit(doc, uri, target, methods[0]!, apis)],
        keeps: methods,
        narrows: true,
      });
    }
  }
  for (const m of all.slice(0, SINGLE_FIXES)) {
    fixes.push({ title: `Narrow to ${label(m)} (${stageLabel(target.arn, [m])})`, edits: [narrowEdit(doc, uri, target, [m], apis)], keeps: [m], narrows: true });
  }
  return fixes;
}

/** The edit that replaces the wildcard with the covering ARNs of `chosen`. */
export function narrowEdit(doc: SourceDocument, uri: string, target: NarrowTarget, chosen: readonly MethodRef[], apis: Readonly<Record<string, { uri: string; logicalId: string }>> = {}): TextEdit {
  const arns = [...new Set(chosen.map((c) => coveringArn(target.arn, c, uri, apis)))];
  return replaceWith(doc, target, arns);
}

/** The edit that replaces the wildcard with the ARN of every method of `api`'s API. */
function apiEdit(doc: SourceDocument, uri: string, target: NarrowTarget, api: MethodRef, apis: Readonly<Record<string, { uri: string; logicalId: string }>>): TextEdit {
  return replaceWith(doc, target, [arnOf(target.arn, api, uri, apis, `${literalStage(target.arn) ?? '*'}/*`).replace(/\/\*\/\*$/, '/*')]);
}

function replaceWith(doc: SourceDocument, target: NarrowTarget, arns: readonly string[]): TextEdit {
  const values = arns.map((a) => valueText(doc, target.value.node, a));
  const element = getProperty(target.statement.node, 'Resource')!;
  return replaceWithValues(doc, element, target.value.node, values.map((v) => new RawValue(v)));
}

/** Whether the ARN written for `ref` names its API: this template's `${Api}`, or a literal id the configuration ties to it. */
function canName(ref: MethodRef, uri: string, apis: Readonly<Record<string, { uri: string; logicalId: string }>>): boolean {
  return ref.uri === uri || Object.values(apis).some((v) => v.uri === ref.uri && v.logicalId === ref.method.api.id);
}

function apiKey(m: MethodRef): string {
  return `${m.uri}\u0000${m.method.api.id}`;
}

/** `GET /a, GET /b, POST /c and 2 more`. */
function listLabel(methods: readonly MethodRef[], label: (m: MethodRef) => string): string {
  const labels = methods.map(label);
  const shown = labels.length > TITLE_METHODS + 1 ? labels.slice(0, TITLE_METHODS) : labels;
  const more = labels.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function literalStage(arn: ExecuteApiArn): string | undefined {
  return arn.stage && !arn.stage.includes('*') && !arn.stage.includes('?') ? arn.stage : undefined;
}

/** The stages the narrowed grant covers: the ARN's own, else every stage of the APIs. */
function stageLabel(arn: ExecuteApiArn, methods: readonly MethodRef[]): string {
  const literal = literalStage(arn);
  if (literal) {
    return literal;
  }
  const stages = [...new Set(methods.flatMap((m) => m.method.api.stages))];
  return stages.length === 0 || stages.includes('*') ? 'every stage' : stages.join(', ');
}

/** The ARN that covers exactly one method (all its stages if the wildcard had `*` there). */
function coveringArn(original: ExecuteApiArn, ref: MethodRef, uri: string, apis: Readonly<Record<string, { uri: string; logicalId: string }>>): string {
  const m = ref.method;
  const stage = literalStage(original) ?? '*';
  const verb = m.method === 'ANY' || m.method === 'ROUTE' ? '*' : m.method;
  const path = m.path === '$default' ? '*' : m.path.replace(/^\//, '').replace(/\{[^}]*\}/g, '*');
  const tail = m.api.kind === 'WEBSOCKET' ? `${stage}/${m.path}` : `${stage}/${verb}/${path}`;
  return arnOf(original, ref, uri, apis, tail);
}

/** An ARN of `ref`'s API with the given tail after the API id, in the form the document can write. */
function arnOf(original: ExecuteApiArn, ref: MethodRef, uri: string, apis: Readonly<Record<string, { uri: string; logicalId: string }>>, tail: string): string {
  const m = ref.method;
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
