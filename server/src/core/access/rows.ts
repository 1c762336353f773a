/**
 * The access matrix as plain rows: what `gatewarden access --format json` prints, what
 * `access --diff` compares (diff.ts), and what the editor can show. Pure: positions come
 * from the documents' own text.
 */
import { nodeAtPath, type DocNode } from '../model/node';
import { locate } from '../services/analyze';
import { conditionLabel } from '../template/conditions';
import type { SourceDocument } from '../types';
import type { AccessMatrix, AccessRow, Via } from './matrix';
import { lineAt, lineStarts } from '../util/lines';

/**
 * One row: `{principal, account, region, api, stage, method, path, decision, implicit, via}`,
 * plus the principal's kind, the verbs an ANY method's decision holds for, what a
 * `conditional` decision depends on, and the files the principal and the API are defined in.
 */
export interface AccessRowJson {
  readonly principal: string;
  /** The account and region the API deploys to, when known. */
  readonly account: string | null;
  readonly region: string | null;
  readonly api: string;
  readonly stage: string;
  readonly method: string;
  readonly path: string;
  readonly decision: AccessRow['decision'];
  /** A deny that no statement made: something reaches the API, nothing allows this method. */
  readonly implicit: boolean;
  readonly via: readonly ViaJson[];
  readonly principalKind: string;
  readonly verbs: readonly string[];
  readonly conditionKeys: readonly string[];
  readonly dependsOn: AccessRow['dependsOn'];
  /** The file defining the principal (for `anyone` and authorizers, the method's). */
  readonly principalFile: string;
  /** The file declaring the method's API. */
  readonly apiFile: string;
  /** The API's environment, and the caller's environment and account, where environments are configured. */
  readonly environment?: string;
  readonly principalEnvironment?: string;
  readonly principalAccount?: string;
}

export interface ViaJson {
  readonly file: string;
  /** The policy's name (an inline policy's PolicyName) or the logical id holding it, or the file. */
  readonly policy: string;
  /** The statement's Sid, else its index. */
  readonly statement: string;
  readonly line: number;
  readonly effect: string;
  /** `identity`, `resource` or `authorization`. */
  readonly kind: string;
  readonly origin: string;
  readonly sid?: string;
  /** Template Conditions the statement exists under (`!Name` when it exists while the Condition is false). */
  readonly conditions?: readonly string[];
  /** Why the statement counted for nothing: the rule reporting why IAM rejects it, or `account-delegation`. */
  readonly ignored?: string;
  /**
   * A resource policy Allow for everyone (`Principal: "*"` or `{AWS: "*"}`) with no
   * Condition, IAM or template: anyone may call through it.
   */
  readonly public?: true;
}

/** The rows of a matrix, its documents by uri (the uris the matrix was given). */
export function accessRowsJson(matrix: AccessMatrix, docs: ReadonlyMap<string, SourceDocument>): AccessRowJson[] {
  const starts = new Map<string, readonly number[]>();
  const lineOf = (uri: string, offset: number): number => {
    let s = starts.get(uri);
    if (!s) {
      s = lineStarts(docs.get(uri)?.text ?? '');
      starts.set(uri, s);
    }
    return lineAt(s, offset) + 1;
  };
  const viaJson = (v: Via): ViaJson => {
    const doc = docs.get(v.uri);
    const { offset } = doc ? locate(doc, v.root, v.path, 'value') : { offset: 0 };
    return {
      file: v.uri,
      policy: v.policyName,
      statement: v.statement,
      line: lineOf(v.uri, offset),
      effect: v.effect,
      kind: v.policy,
      origin: v.origin,
      ...(v.sid ? { sid: v.sid } : {}),
      ...(v.conditions ? { conditions: v.conditions.map(conditionLabel) } : {}),
      ...(v.ignored ? { ignored: v.ignored.reason } : {}),
      ...(doc && isPublicGrant(doc, v) ? { public: true as const } : {}),
    };
  };
  return matrix.rows.map((r) => ({
    principal: r.principal.id,
    account: r.account,
    region: r.region,
    api: r.method.api.id,
    stage: r.stage,
    method: r.method.method,
    path: r.method.path,
    decision: r.decision,
    implicit: r.implicit,
    via: r.via.map(viaJson),
    principalKind: r.principal.kind,
    verbs: r.verbs,
    conditionKeys: r.conditionKeys,
    dependsOn: r.dependsOn,
    principalFile: r.principal.uri,
    apiFile: r.methodUri,
    ...(r.environment ? { environment: r.environment } : {}),
    ...(r.principal.environment ? { principalEnvironment: r.principal.environment.name } : {}),
    ...(r.principal.account && /^\d{12}$/.test(r.principal.account) ? { principalAccount: r.principal.account } : {}),
  }));
}

/** Whether a via is a resource policy Allow naming everyone, certain to apply (no Condition of any kind). */
function isPublicGrant(doc: SourceDocument, v: Via): boolean {
  if (v.policy !== 'resource' || v.effect !== 'Allow' || v.condition !== 'true' || v.ignored || (v.conditions?.length ?? 0) > 0) {
    return false;
  }
  const root = doc.roots[v.root];
  const statement = root && nodeAtPath(root, v.path);
  if (!statement || statement.kind !== 'object') {
    return false;
  }
  const principal = statement.properties.find((p) => p.key === 'Principal')?.value;
  if (!principal) {
    return false;
  }
  if (isStar(principal)) {
    return true;
  }
  const aws = principal.kind === 'object' ? principal.properties.find((p) => p.key === 'AWS')?.value : undefined;
  return aws !== undefined && (isStar(aws) || (aws.kind === 'array' && aws.items.some(isStar)));
}

function isStar(node: DocNode): boolean {
  return node.kind === 'string' && node.value === '*';
}

