/**
 * ARNs as policies write them: `arn:partition:service:region:account:resource`, where the
 * resource part may itself hold colons and slashes, any part may hold `*` and `?`, and
 * `${...}` is a policy variable (or, in a template, a part we cannot know). Also the ARN
 * templates of AWS's reference (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`), and
 * whether a policy ARN can name a resource of a given type.
 */
import { globsIntersect, globTokens, type GlobToken } from '../util/glob';
import { SnippetValue, type SnippetPart } from '../util/edits';
import { boundedTable, cell } from '../engine';

export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon. */
  readonly resource: string;
}

/** The parts of `arn:…` with at least six colon-separated fields, else undefined. */
export function splitArn(text: string): ArnParts | undefined {
  const fields = arnFields(text);
  if (fields.length < 6 || fields[0] !== 'arn') {
    return undefined;
  }
  const [, partition, service, region, account] = fields as [string, string, string, string, string];
  return { partition, service, region, account, resource: fields.slice(5).join(':') };
}

/**
 * The colon-separated fields of an ARN. A `${…}` placeholder is one value even when its
 * name holds colons (`${AWS::Partition}` in a template's `!Sub`), so colons inside one do
 * not split.
 */
function arnFields(text: string): string[] {
  const fields: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}' && depth > 0) {
      depth--;
    } else if (text[i] === ':' && depth === 0) {
      fields.push(text.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(text.slice(start));
  return fields;
}

export const PARTITIONS: readonly string[] = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

export type ArnProblem =
  | { readonly kind: 'prefix'; readonly suggestion?: string }
  | { readonly kind: 'segments'; readonly count: number }
  | { readonly kind: 'partition'; readonly value: string }
  | { readonly kind: 'serviceWildcard'; readonly value: string }
  | { readonly kind: 'serviceCase'; readonly value: string }
  | { readonly kind: 'region'; readonly value: string }
  | { readonly kind: 'account'; readonly value: string }
  | { readonly kind: 'emptyResource' };

/**
 * What is wrong with a Resource value that should be an ARN, if anything. Parts that hold a
 * wildcard or a `${...}` variable are not judged: they stand for values we cannot see.
 */
export function arnProblem(text: string): ArnProblem | undefined {
  if (!text.startsWith('arn:')) {
    // `rn:aws:…`, `ARN:aws:…`, `arn;aws…`: a mistyped prefix in front of a good ARN body.
    const body = /^[A-Za-z]{1,4}[:;]((aws|\*|\$\{)[^:]*:[^:]*:)/.exec(text);
    return { kind: 'prefix', suggestion: body ? `arn:${text.slice(text.search(/[:;]/) + 1)}` : undefined };
  }
  const fields = arnFields(text);
  if (fields.length < 6) {
    return { kind: 'segments', count: fields.length };
  }
  const parts = splitArn(text)!;
  if (!variable(parts.partition) && !wild(parts.partition) && !PARTITIONS.includes(parts.partition)) {
    return { kind: 'partition', value: parts.partition };
  }
  if (wild(parts.service)) {
    return { kind: 'serviceWildcard', value: parts.service };
  }
  if (!variable(parts.service) && parts.service !== parts.service.toLowerCase()) {
    return { kind: 'serviceCase', value: parts.service };
  }
  if (parts.region !== '' && !variable(parts.region) && !wild(parts.region) && !REGION.test(parts.region)) {
    return { kind: 'region', value: parts.region };
  }
  // Account ids are twelve digits; AWS-owned resources (managed policies, public AMIs and
  // SSM documents) use the word "aws" instead.
  if (parts.account !== '' && !variable(parts.account) && !wild(parts.account) && !/^\d{12}$/.test(parts.account) && parts.account !== 'aws') {
    return { kind: 'account', value: parts.account };
  }
  if (parts.resource === '') {
    return { kind: 'emptyResource' };
  }
  return undefined;
}

/** us-east-1, eu-central-2, us-gov-west-1, cn-northwest-1, us-isob-east-1 … */
const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;

function wild(part: string): boolean {
  return part.includes('*') || part.includes('?');
}

function variable(part: string): boolean {
  return part.includes('${');
}

/**
 * Placeholders of the reference whose values never hold a slash. Everything else may:
 * object keys, role paths, log group names, API resource paths.
 */
const NO_SLASH = new Set(['BucketName', 'AccessPointName', 'ApiId', 'Stage', 'Method']);

const PLACEHOLDER = /\$\{([^}]*)\}/g;

/** Reference ARN templates are a few thousand strings at most. */
const templateTokens = boundedTable<string, GlobToken[]>('policy/arn.templateTokens', 20_000);

/**
 * A reference ARN template as tokens: each `${Name}` is a run of characters that holds no
 * colon (the last one excepted, which ends the resource and may) and, for names in
 * NO_SLASH, no slash.
 */
function tokensOfTemplate(template: string): GlobToken[] {
  let tokens = templateTokens.get(template);
  if (tokens) {
    return tokens;
  }
  tokens = [];
  let last = 0;
  const matches = [...template.matchAll(PLACEHOLDER)];
  matches.forEach((m, i) => {
    for (const char of template.slice(last, m.index)) {
      tokens!.push({ kind: 'char', char });
    }
    const final = i === matches.length - 1 && (m.index ?? 0) + m[0].length === template.length;
    const exclude = `${final ? '' : ':'}${NO_SLASH.has(m[1] ?? '') ? '/' : ''}`;
    tokens!.push(exclude ? { kind: 'star', exclude } : { kind: 'star' });
    last = (m.index ?? 0) + m[0].length;
  });
  for (const char of template.slice(last)) {
    tokens.push({ kind: 'char', char });
  }
  templateTokens.set(template, tokens);
  return tokens;
}

/** A policy's resource pattern as tokens; `${…}` (a variable or an unknown part) is a star. */
export function tokensOfResource(resource: string): GlobToken[] {
  // Callers match one resource against each ARN format of a service in turn: remembering
  // the last one keeps a long resource (a 1 MB line) from being tokenised once per format.
  const last = lastResource.get();
  if (last?.resource === resource) {
    return last.tokens;
  }
  const tokens = globTokens(resource.replace(PLACEHOLDER, '*'));
  lastResource.set({ resource, tokens });
  return tokens;
}
const lastResource = cell<{ readonly resource: string; readonly tokens: GlobToken[] } | undefined>('policy/arn.lastResource', () => undefined);

/**
 * Whether a policy resource pattern can name a resource of the type the template describes,
 * that is, whether some ARN matches both. Literal parts compare case-insensitively, the
 * lenient reading: a wrong case is not what this question is about.
 */
export function arnMatchesTemplate(resource: string, template: string): boolean {
  // The answer depends on the two strings only, and policies name the same resources
  // against the same formats on every edit: kept per template, for resources of ordinary
  // length (a pathological one is matched each time, in linear space).
  if (resource.length > MAX_KEPT_RESOURCE) {
    return globsIntersect(tokensOfResource(resource), tokensOfTemplate(template), { ignoreCase: true });
  }
  // Typing makes a new resource string per keystroke: bounded in all, not per format only.
  const key = `${template}\u0000${resource}`;
  let fits = fitsByTemplate.get(key);
  if (fits === undefined) {
    fits = fitsByTemplate.set(key, globsIntersect(tokensOfResource(resource), tokensOfTemplate(template), { ignoreCase: true }));
  }
  return fits;
}

const MAX_KEPT_RESOURCE = 512;
const fitsByTemplate = boundedTable<string, boolean>('policy/arn.fitsByTemplate', 50_000);

/**
 * API Gateway resource policies may write `execute-api:/stage/VERB/path`, which API Gateway
 * expands to the API's own ARN. For matching, it is every API's ARN with that tail.
 */
export function expandExecuteApiShorthand(resource: string): string | undefined {
  return resource.startsWith('execute-api:/') ? `arn:*:execute-api:*:*:*${resource.slice('execute-api:'.length)}` : undefined;
}

/**
 * A template as a value with placeholders: `${Partition}` becomes a tab stop whose default
 * is `aws`, `${BucketName}` one whose default is `BucketName`. Numbers are shared by name
 * through `numbering`, so the same bucket name in a bucket ARN and an object ARN is typed
 * once. The defaults keep the plain text a valid ARN: the commercial partition, and any
 * Region and account (a word there would be an invalid ARN).
 */
export function arnTemplateValue(template: string, numbering: Map<string, number> = new Map()): SnippetValue {
  const parts: SnippetPart[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    parts.push(template.slice(last, m.index));
    const name = m[1] ?? 'value';
    let placeholder = numbering.get(name);
    if (placeholder === undefined) {
      placeholder = numbering.size + 1;
      numbering.set(name, placeholder);
    }
    parts.push({ placeholder, text: PLACEHOLDER_DEFAULTS[name] ?? name });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(template.slice(last));
  return new SnippetValue(parts.filter((p) => p !== ''));
}

const PLACEHOLDER_DEFAULTS: Readonly<Record<string, string>> = {
  Partition: 'aws',
  Region: '*',
  Account: '*',
};
