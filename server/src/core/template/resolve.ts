/**
 * Symbolic evaluation of CloudFormation intrinsic functions to the strings they may
 * produce. What cannot be known before deployment (a resource's physical id, the region, a
 * parameter without a default) stays in the text as a `${Name}` placeholder and marks the
 * result incomplete, so `!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*`
 * comes out as that very string, recognisably an execute-api ARN of the API `MyApi`.
 * `Fn::If` yields both branches. Results are capped so nested lists cannot explode.
 */
import { getProperty, scalarText, type DocNode } from '../model/node';
import { isPseudoParameter, type TemplateModel } from './model';
import { computeReading, readMapping, readParameter, replayReading, sameReads, templateReads } from './reads';
import { weakTable } from '../engine';

export interface Resolved {
  readonly text: string;
  /** False when the text holds a `${…}` placeholder for something only known at deploy time. */
  readonly complete: boolean;
}

const MAX_VARIANTS = 16;
const MAX_DEPTH = 24;

/** The strings a value may be; `[]` when it yields no string (AWS::NoValue, a structure). */
export function resolveString(node: DocNode | undefined, model: TemplateModel | undefined, depth = 0): Resolved[] {
  if (!node || depth > MAX_DEPTH) {
    return [];
  }
  switch (node.kind) {
    case 'string':
      return [{ text: node.value as string, complete: true }];
    case 'number':
    case 'boolean':
      return [{ text: node.source, complete: true }];
    case 'intrinsic':
      return depth === 0 ? resolveMemoised(node, model) : cap(resolveIntrinsic(node.fn, node.arg, model, depth + 1));
    default:
      return [];
  }
}

/**
 * Resolution reads the intrinsic's own subtree and the definitions of the parameters and
 * mappings it names (template/reads.ts), nothing else, so its result is kept on the node
 * for as long as those are the same nodes. Every rule reads the same values, and an incremental reparse
 * (model/reparse.ts) keeps the nodes of everything an edit did not touch, so after a
 * keystroke only the edited part of a template is resolved again.
 */
const resolved = weakTable<DocNode, { readonly model: boolean; readonly reads: readonly unknown[]; readonly values: readonly Resolved[] }>('template/resolve.resolved');

function resolveMemoised(node: DocNode & { kind: 'intrinsic' }, model: TemplateModel | undefined): Resolved[] {
  const hit = resolved.get(node);
  const reads = model ? templateReads(model, node) : [];
  if (hit && hit.model === (model !== undefined) && sameReads(hit.reads, reads)) {
    replayReading(model, reads);
    return hit.values as Resolved[];
  }
  const values = computeReading('template/resolve.resolved', () => model, reads, () => Object.freeze(cap(resolveIntrinsic(node.fn, node.arg, model, 1))));
  resolved.set(node, { model: model !== undefined, reads, values });
  return values as Resolved[];
}

/** The lists a value may be (for `Fn::Join`, `Fn::Select`, list parameters). */
export function resolveList(node: DocNode | undefined, model: TemplateModel | undefined, depth = 0): Resolved[][] {
  if (!node || depth > MAX_DEPTH) {
    return [];
  }
  if (node.kind === 'array') {
    let lists: Resolved[][] = [[]];
    for (const item of node.items) {
      const values = resolveString(item, model, depth + 1);
      if (values.length === 0) {
        continue; // AWS::NoValue drops the item.
      }
      lists = cap(lists.flatMap((list) => values.map((v) => [...list, v])));
    }
    return lists;
  }
  if (node.kind !== 'intrinsic') {
    return [];
  }
  const args = node.arg.kind === 'array' ? node.arg.items : [];
  switch (node.fn) {
    case 'Ref': {
      const name = scalarText(node.arg);
      const param = name === undefined ? undefined : readParameter(model, name);
      if (param && (param.type.startsWith('List<') || param.type === 'CommaDelimitedList')) {
        const defaults = resolveString(param.default, model, depth + 1);
        if (defaults.length > 0) {
          return defaults.map((d) => d.text.split(',').map((s) => ({ text: s.trim(), complete: d.complete })));
        }
        return [[{ text: `\${${name}}`, complete: false }]];
      }
      return resolveString(node, model, depth + 1).map((v) => [v]);
    }
    case 'Fn::Split': {
      const [delimiter, source] = args;
      const d = scalarText(delimiter) ?? '';
      return resolveString(source, model, depth + 1).map((s) => (d === '' ? [s] : s.text.split(d).map((part) => ({ text: part, complete: s.complete }))));
    }
    case 'Fn::If':
      return cap([...resolveList(args[1], model, depth + 1), ...resolveList(args[2], model, depth + 1)]);
    case 'Fn::GetAZs':
      return [[{ text: '${AWS::AZ}', complete: false }]];
    default:
      return resolveString(node, model, depth + 1).map((v) => [v]);
  }
}

function resolveIntrinsic(fn: string, arg: DocNode, model: TemplateModel | undefined, depth: number): Resolved[] {
  const args = arg.kind === 'array' ? arg.items : [];
  switch (fn) {
    case 'Ref': {
      // A Ref to a structure names nothing: no parameter is read (template/reads.ts names none).
      const name = scalarText(arg);
      return name === undefined ? [{ text: '${}', complete: false }] : resolveRef(name, model, depth);
    }
    case 'Fn::Sub':
      return arg.kind === 'array' ? resolveSub(args[0], args[1], model, depth) : resolveSub(arg, undefined, model, depth);
    case 'Fn::GetAtt': {
      const name = getAttName(arg);
      return name ? [{ text: `\${${name}}`, complete: false }] : [];
    }
    case 'Fn::Join': {
      const delimiter = scalarText(args[0]) ?? '';
      return resolveList(args[1], model, depth).map((list) => ({
        text: list.map((v) => v.text).join(delimiter),
        complete: list.every((v) => v.complete),
      }));
    }
    case 'Fn::Select': {
      const index = Number(scalarText(args[0]));
      return resolveList(args[1], model, depth).flatMap((list) => {
        const item = Number.isInteger(index) ? list[index] : undefined;
        return item ? [item] : [];
      });
    }
    case 'Fn::If':
      return [...resolveString(args[1], model, depth), ...resolveString(args[2], model, depth)];
    case 'Fn::FindInMap':
      return resolveFindInMap(args, model, depth);
    case 'Fn::ImportValue': {
      const names = resolveString(arg, model, depth);
      return [{ text: `\${ImportValue:${names[0]?.text ?? '?'}}`, complete: false }];
    }
    case 'Fn::Base64':
      return resolveString(arg, model, depth);
    default:
      // Fn::Cidr, Fn::GetAZs, Fn::Transform … produce values only known at deploy time.
      return [{ text: `\${${fn}}`, complete: false }];
  }
}

/** `Ref` to a parameter gives its default; to a resource, its (unknown) physical id. */
function resolveRef(name: string, model: TemplateModel | undefined, depth: number): Resolved[] {
  if (name === 'AWS::NoValue') {
    return [];
  }
  if (isPseudoParameter(name)) {
    return [{ text: `\${${name}}`, complete: false }];
  }
  const param = readParameter(model, name);
  if (param) {
    const defaults = resolveString(param.default, model, depth + 1);
    return defaults.length > 0 ? defaults : [{ text: `\${${name}}`, complete: false }];
  }
  return [{ text: `\${${name}}`, complete: false }];
}

/**
 * `Fn::Sub`: `${Name}` and `${Name.Attribute}` are substituted, `${!Literal}` is written as
 * `${Literal}`. A name with a colon that is not a pseudo parameter (`${aws:username}`) is
 * an IAM policy variable: CloudFormation leaves it, and so do we.
 */
function resolveSub(template: DocNode | undefined, vars: DocNode | undefined, model: TemplateModel | undefined, depth: number): Resolved[] {
  const text = template?.kind === 'string' ? (template.value as string) : undefined;
  if (text === undefined) {
    return [];
  }
  let results: Resolved[] = [{ text: '', complete: true }];
  let last = 0;
  const append = (values: Resolved[]): void => {
    results = cap(results.flatMap((r) => values.map((v) => ({ text: r.text + v.text, complete: r.complete && v.complete }))));
  };
  const pattern = /\$\{([^}]*)\}/g;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    append([{ text: text.slice(last, m.index), complete: true }]);
    last = m.index + m[0].length;
    const name = m[1]!.trim();
    if (name.startsWith('!')) {
      append([{ text: `\${${name.slice(1)}}`, complete: true }]);
      continue;
    }
    const variable = getProperty(vars, name);
    if (variable) {
      append(resolveString(variable, model, depth + 1));
    } else if (name.includes('.')) {
      append([{ text: `\${${name}}`, complete: false }]);
    } else if (name.includes(':') && !isPseudoParameter(name)) {
      append([{ text: `\${${name}}`, complete: true }]);
    } else {
      append(resolveRef(name, model, depth));
    }
  }
  append([{ text: text.slice(last), complete: true }]);
  return results;
}

function resolveFindInMap(args: DocNode[], model: TemplateModel | undefined, depth: number): Resolved[] {
  const [mapName, top, second] = args.map((a) => resolveString(a, model, depth + 1));
  const map = readMapping(model, mapName?.[0]?.text ?? '');
  if (!map || map.kind !== 'object') {
    return [{ text: '${FindInMap}', complete: false }];
  }
  const out: Resolved[] = [];
  // An unknown key (`!Ref AWS::Region`) may be any of the map's keys: take them all.
  const tops = top?.every((t) => t.complete) ? top.map((t) => getProperty(map, t.text)) : map.properties.map((p) => p.value);
  for (const level of tops) {
    const seconds =
      second?.every((s) => s.complete) ? second.map((s) => getProperty(level, s.text)) : level?.kind === 'object' ? level.properties.map((p) => p.value) : [];
    for (const value of seconds) {
      out.push(...resolveString(value, model, depth + 1));
    }
  }
  return out.length > 0 ? cap(out) : [{ text: '${FindInMap}', complete: false }];
}

/** `!GetAtt A.B`, `[A, B]` or `{"Fn::GetAtt": ["A", "B"]}` → "A.B". */
export function getAttName(arg: DocNode): string | undefined {
  if (arg.kind === 'string') {
    return arg.value as string;
  }
  if (arg.kind === 'array') {
    const parts = arg.items.map(scalarText);
    return parts.every((p) => p !== undefined) ? parts.join('.') : undefined;
  }
  return undefined;
}

function cap<T>(values: T[]): T[] {
  if (values.length <= MAX_VARIANTS) {
    return values;
  }
  return values.slice(0, MAX_VARIANTS);
}

/**
 * What an environment fixes of a template's pseudo parameters: the account and region a stack
 * is deployed to (from the analysis options, never a global: one workspace may deploy the
 * same template to several accounts).
 */
export interface PseudoParameters {
  /** 12 digits. */
  readonly accountId?: string;
  readonly region?: string;
}

/**
 * A resolved value with `${AWS::AccountId}` and `${AWS::Region}` written as the environment's
 * account and region, where it gives them. Resolution itself keeps them as placeholders,
 * since rules judge a template for every account it may be deployed to; the access analysis,
 * which decides per environment, substitutes them.
 */
export function withPseudoParameters(text: string, pseudo: PseudoParameters | undefined): string {
  if (!pseudo || (pseudo.accountId === undefined && pseudo.region === undefined) || !text.includes('${AWS::')) {
    return text;
  }
  return text.replace(/\$\{AWS::(AccountId|Region)\}/g, (whole, name: string) => (name === 'AccountId' ? pseudo.accountId : pseudo.region) ?? whole);
}
