/**
 * What a condition value must look like for each operator type (IAM User Guide, "IAM JSON
 * policy elements: Condition operators"), and which key types an operator type fits.
 * Validators are plain parsers over fixed grammars; no user text becomes a pattern.
 */
import type { OperatorType } from './operators';

/** An IPv4 or IPv6 address, optionally with a CIDR prefix length. */
export function isIpOrCidr(text: string): boolean {
  const slash = text.indexOf('/');
  const address = slash >= 0 ? text.slice(0, slash) : text;
  const bits = slash >= 0 ? text.slice(slash + 1) : undefined;
  const v4 = isIpv4(address);
  const v6 = !v4 && isIpv6(address);
  if (!v4 && !v6) {
    return false;
  }
  if (bits === undefined) {
    return true;
  }
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (v4 ? 32 : 128);
}

function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  // An embedded IPv4 tail (::ffff:192.0.2.1) counts as two groups.
  const last = groups[groups.length - 1];
  const tailV4 = last !== undefined && last.includes('.') && isIpv4(last);
  const hex = tailV4 ? groups.slice(0, -1) : groups;
  const count = hex.length + (tailV4 ? 2 : 0);
  if (!hex.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) {
    return false;
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

/**
 * The date forms IAM reads: an ISO 8601 date, a date and time (with seconds and fraction
 * optional, `Z` or an offset), or epoch seconds.
 */
export function isIamDate(text: string): boolean {
  if (/^\d{1,12}$/.test(text)) {
    return true;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) {
    return false;
  }
  const [month, day, hour, minute, second] = [m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number) as [number, number, number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60;
}

export function isIamNumber(text: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(text);
}

export function isIamBool(text: string): boolean {
  return text.toLowerCase() === 'true' || text.toLowerCase() === 'false';
}

/** The operator family a reference key type is compared with. */
export function operatorTypeForKey(keyType: string): OperatorType | undefined {
  switch (keyType.replace(/^ArrayOf/, '')) {
    case 'String':
      return 'String';
    case 'ARN':
      return 'Arn';
    case 'Bool':
      return 'Bool';
    case 'Date':
      return 'Date';
    case 'IPAddress':
      return 'IpAddress';
    case 'Numeric':
    case 'Long':
      return 'Numeric';
    case 'Binary':
      return 'Binary';
    default:
      return undefined;
  }
}

/** Whether an operator of type `operator` may compare a key whose operators are `key`. */
export function operatorFitsKey(operator: OperatorType, key: OperatorType): boolean {
  if (operator === key || operator === 'Null') {
    return true;
  }
  // aws:EpochTime is documented as "Date, Numeric": the two read the same epoch values.
  return (operator === 'Numeric' && key === 'Date') || (operator === 'Date' && key === 'Numeric');
}
