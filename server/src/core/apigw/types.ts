/**
 * The API inventory's types: every API Gateway method a template or OpenAPI file defines,
 * with what decides who may call it (authorization, stages) and what it calls
 * (integration, credentials).
 */
import type { Path } from '../model/node';

export type ApiKind = 'REST' | 'HTTP' | 'WEBSOCKET';
export type AuthorizationType = 'NONE' | 'AWS_IAM' | 'COGNITO_USER_POOLS' | 'CUSTOM' | 'JWT';

export interface ApiInfo {
  /** The logical id in a template; the file's own name for a standalone OpenAPI file. */
  readonly id: string;
  readonly kind: ApiKind;
  /** Stage names; `*` when they cannot be known (a standalone OpenAPI file). */
  readonly stages: readonly string[];
  /** The document root and path where the API is defined. */
  readonly root: number;
  readonly path: Path;
  /** SAM creates the API (ServerlessRestApi, ServerlessHttpApi) without its being written. */
  readonly implicit?: boolean;
}

export interface Authorization {
  readonly type: AuthorizationType;
  /** The authorizer's name (SAM) or logical id (CloudFormation), for CUSTOM, Cognito and JWT. */
  readonly authorizer?: string;
}

export interface Integration {
  /** aws, aws_proxy, http, http_proxy, mock (lower case). */
  readonly type?: string;
  readonly uri?: string;
  /** The logical id of the Lambda function (or state machine) the integration calls, when known. */
  readonly target?: string;
}

export interface ApiMethod {
  readonly api: ApiInfo;
  /** The verb as declared: GET … or ANY; for WebSocket APIs the route key's kind, ROUTE. */
  readonly method: string;
  /** Concrete verbs the method answers: ANY expands to those not declared on the same path. */
  readonly verbs: readonly string[];
  /** `/pets/{petId}`, `/{proxy+}`, `/`; `$default` for a default route; `$connect` … for WebSocket. */
  readonly path: string;
  readonly authorization: Authorization;
  readonly apiKeyRequired: boolean;
  readonly integration?: Integration;
  /**
   * The integration's credentials: a role ARN (API Gateway assumes it), the caller's own
   * (`arn:aws:iam::*:user/*`), or undefined (the target's resource policy decides).
   */
  readonly credentials?: string;
  readonly root: number;
  /** Where the method is declared: an OpenAPI operation, a SAM event, a Method or Route resource. */
  readonly declaredAt: Path;
  /** Set when the method is declared in an included file (DefinitionUri …): that file's path. */
  readonly includedFrom?: string;
}

export interface ApiInventory {
  readonly apis: readonly ApiInfo[];
  readonly methods: readonly ApiMethod[];
  /** Local files the template pulls in (DefinitionUri, BodyS3Location, AWS::Include) that were not supplied. */
  readonly missingIncludes: readonly string[];
  /** Every local file the template pulls in, with where it is named (supplied or not). */
  readonly includeRefs: readonly IncludeRef[];
}

/** A local file a template names as an API definition, and the value that names it. */
export interface IncludeRef {
  readonly file: string;
  readonly root: number;
  readonly path: Path;
}

export const HTTP_VERBS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

export const CALLER_CREDENTIALS = 'arn:aws:iam::*:user/*';
