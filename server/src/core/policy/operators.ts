/**
 * IAM condition operators (IAM User Guide, "Condition operators"). Every operator but
 * `Null` takes the `IfExists` suffix, and any may carry a `ForAllValues:` or
 * `ForAnyValue:` set prefix.
 */
import { editDistance as editDistanceCapped } from '../util/similar';

export type OperatorType = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'IpAddress' | 'Arn' | 'Null';

export interface OperatorInfo {
  readonly name: string;
  readonly type: OperatorType;
  readonly summary: string;
}

const OPERATORS: readonly OperatorInfo[] = [
  { name: 'StringEquals', type: 'String', summary: 'Exact match, case-sensitive.' },
  { name: 'StringNotEquals', type: 'String', summary: 'Negated exact match, case-sensitive.' },
  { name: 'StringEqualsIgnoreCase', type: 'String', summary: 'Exact match, ignoring case.' },
  { name: 'StringNotEqualsIgnoreCase', type: 'String', summary: 'Negated exact match, ignoring case.' },
  { name: 'StringLike', type: 'String', summary: 'Case-sensitive match with `*` and `?` wildcards.' },
  { name: 'StringNotLike', type: 'String', summary: 'Negated case-sensitive match with `*` and `?` wildcards.' },
  { name: 'NumericEquals', type: 'Numeric', summary: 'Number equal to.' },
  { name: 'NumericNotEquals', type: 'Numeric', summary: 'Number not equal to.' },
  { name: 'NumericLessThan', type: 'Numeric', summary: 'Number less than.' },
  { name: 'NumericLessThanEquals', type: 'Numeric', summary: 'Number less than or equal to.' },
  { name: 'NumericGreaterThan', type: 'Numeric', summary: 'Number greater than.' },
  { name: 'NumericGreaterThanEquals', type: 'Numeric', summary: 'Number greater than or equal to.' },
  { name: 'DateEquals', type: 'Date', summary: 'Date equal to (ISO 8601 or epoch seconds).' },
  { name: 'DateNotEquals', type: 'Date', summary: 'Date not equal to.' },
  { name: 'DateLessThan', type: 'Date', summary: 'Date before.' },
  { name: 'DateLessThanEquals', type: 'Date', summary: 'Date at or before.' },
  { name: 'DateGreaterThan', type: 'Date', summary: 'Date after.' },
  { name: 'DateGreaterThanEquals', type: 'Date', summary: 'Date at or after.' },
  { name: 'Bool', type: 'Bool', summary: 'Boolean match: "true" or "false".' },
  { name: 'BinaryEquals', type: 'Binary', summary: 'Byte-for-byte match of a base64-encoded value.' },
  { name: 'IpAddress', type: 'IpAddress', summary: 'Source IP within the given CIDR ranges.' },
  { name: 'NotIpAddress', type: 'IpAddress', summary: 'Source IP outside the given CIDR ranges.' },
  { name: 'ArnEquals', type: 'Arn', summary: 'ARN match, segment by segment, with wildcards.' },
  { name: 'ArnLike', type: 'Arn', summary: 'ARN match, segment by segment, with wildcards.' },
  { name: 'ArnNotEquals', type: 'Arn', summary: 'Negated ARN match.' },
  { name: 'ArnNotLike', type: 'Arn', summary: 'Negated ARN match.' },
  { name: 'Null', type: 'Null', summary: 'Whether the key is absent ("true") or present ("false").' },
];

export const OPERATORS_BY_NAME: ReadonlyMap<string, OperatorInfo> = new Map(OPERATORS.map((o) => [o.name, o]));

export const SET_PREFIXES = ['ForAllValues', 'ForAnyValue'] as const;
export type SetPrefix = (typeof SET_PREFIXES)[number];

export interface ParsedOperator {
  readonly prefix?: SetPrefix;
  readonly base: OperatorInfo;
  readonly ifExists: boolean;
}

export type OperatorParse =
  | { readonly ok: true; readonly operator: ParsedOperator }
  | { readonly ok: false; readonly reason: 'unknown' | 'nullIfExists' | 'badPrefix' | 'wrongCase'; readonly suggestion?: string };

/** Parses `ForAnyValue:StringLikeIfExists` into its parts; case must match exactly. */
export function parseOperator(text: string): OperatorParse {
  let rest = text;
  let prefix: SetPrefix | undefined;
  const colon = text.indexOf(':');
  if (colon >= 0) {
    const head = text.slice(0, colon);
    const found = SET_PREFIXES.find((p) => p === head);
    if (!found) {
      const suggestion = suggestOperator(text);
      const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === text.toLowerCase();
      return { ok: false, reason: caseOnly ? 'wrongCase' : 'badPrefix', suggestion };
    }
    prefix = found;
    rest = text.slice(colon + 1);
  }
  let ifExists = false;
  let baseName = rest;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    baseName = rest.slice(0, -'IfExists'.length);
  }
  const base = OPERATORS_BY_NAME.get(baseName);
  if (!base) {
    const suggestion = suggestOperator(text);
    const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === text.toLowerCase();
    return { ok: false, reason: caseOnly ? 'wrongCase' : 'unknown', suggestion };
  }
  if (base.name === 'Null' && ifExists) {
    return { ok: false, reason: 'nullIfExists', suggestion: prefix ? `${prefix}:Null` : 'Null' };
  }
  return { ok: true, operator: { prefix, base, ifExists } };
}

/** Every spelling AWS accepts, for suggestions and completion (a constant, made once). */
export function allOperatorNames(): readonly string[] {
  return ALL_NAMES;
}

const ALL_NAMES: readonly string[] = (() => {
  const bases = OPERATORS.flatMap((o) => (o.name === 'Null' ? [o.name] : [o.name, `${o.name}IfExists`]));
  return Object.freeze([...bases, ...SET_PREFIXES.flatMap((p) => bases.map((b) => `${p}:${b}`))]);
})();

export function suggestOperator(text: string): string | undefined {
  const lower = text.toLowerCase();
  const exactCase = allOperatorNames().find((n) => n.toLowerCase() === lower);
  if (exactCase) {
    return exactCase;
  }
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(text.length / 4)) + 1;
  for (const name of allOperatorNames()) {
    const d = editDistanceCapped(lower, name.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}
