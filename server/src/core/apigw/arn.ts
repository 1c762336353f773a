/**
 * execute-api ARNs, the resources `execute-api:Invoke` is evaluated against:
 * `arn:{partition}:execute-api:{region}:{account}:{api-id}/{stage}/{VERB}/{path}`, and the
 * `execute-api:/{stage}/{VERB}/{path}` shorthand API Gateway accepts in resource policies.
 * A `*` may stand for several segments (it crosses `/`), so a segment is reported as given:
 * `api-id/*` has stage `*` and nothing after it.
 */
export interface ExecuteApiArn {
  /** Undefined for the resource-policy shorthand, which means "this API". */
  readonly partition?: string;
  readonly region?: string;
  readonly account?: string;
  readonly apiId?: string;
  readonly stage?: string;
  readonly verb?: string;
  /** The resource path after the verb, without its leading slash ('' for the root). */
  readonly path?: string;
  readonly shorthand: boolean;
}

/**
 * ARN fields may be `${…}` placeholders left by template resolution (`${AWS::Region}`,
 * `${AWS::AccountId}`), which hold colons of their own, so a field is read as placeholders
 * or characters other than a colon. The alternatives never match the same text (a `$` that
 * opens `${` belongs to a placeholder only), which keeps matching linear.
 */
const FIELD = String.raw`((?:\$\{[^}]*\}|[^:$]|\$(?!\{))*)`;
const FULL = new RegExp(String.raw`^arn:${FIELD}:execute-api:${FIELD}:${FIELD}:(.*)$`);

export function parseExecuteApiArn(text: string): ExecuteApiArn | undefined {
  const full = FULL.exec(text);
  if (full) {
    const [apiId, stage, verb, ...rest] = full[4]!.split('/');
    return { partition: full[1], region: full[2], account: full[3], apiId, stage, verb, path: rest.length > 0 ? rest.join('/') : undefined, shorthand: false };
  }
  if (text.startsWith('execute-api:/')) {
    const [stage, verb, ...rest] = text.slice('execute-api:/'.length).split('/');
    return { stage, verb, path: rest.length > 0 ? rest.join('/') : undefined, shorthand: true };
  }
  return undefined;
}

/** The logical id a placeholder API id (`${MyApi}`, `${MyApi.ApiId}`) stands for. */
export function apiLogicalId(apiId: string | undefined): string | undefined {
  const m = /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}$/.exec(apiId ?? '');
  return m?.[1];
}
