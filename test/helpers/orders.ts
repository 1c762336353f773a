/**
 * The "orders" workspace of issue 17's tests (LSP and core): a SAM template with an
 * IAM-authorised API (three methods, and `GET /health` without authorization), a role with
 * `execute-api:*` on `*`, a reader role whose Deny takes one method back, a function with its
 * implicit role, and a role granting an ARN copied from the reference (`ApiId`). Kept here
 * once, as a value, so every test reads the same template in JSON and in YAML.
 */
import { stringify as yamlStringify } from 'yaml';
import type { DocumentFormat } from '../../server/src/core/index';

const TRUST = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const event = (path: string, method: string, extra: Record<string, unknown> = {}): unknown => ({ Type: 'Api', Properties: { RestApiId: { Ref: 'OrdersApi' }, Path: path, Method: method, ...extra } });

export const PLACEHOLDER_ARN = 'arn:aws:execute-api:*:*:ApiId/Stage/Method/ApiSpecificResourcePath';

export const ORDERS = {
  AWSTemplateFormatVersion: '2010-09-09',
  Transform: 'AWS::Serverless-2016-10-31',
  Resources: {
    OrdersApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod', Auth: { DefaultAuthorizer: 'AWS_IAM' } } },
    OrdersFunction: {
      Type: 'AWS::Serverless::Function',
      Properties: {
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        InlineCode: 'exports.handler = async () => ({ statusCode: 200 });',
        Events: {
          ListOrders: event('/orders', 'get'),
          GetOrder: event('/orders/{id}', 'get'),
          CreateOrder: event('/orders', 'post'),
          Health: event('/health', 'get', { Auth: { Authorizer: 'NONE' } }),
        },
      },
    },
    AdminRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: TRUST,
        Policies: [{ PolicyName: 'admin-invoke', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:*', Resource: '*' }] } }],
      },
    },
    ReaderRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: TRUST,
        Policies: [
          {
            PolicyName: 'read-orders',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                { Sid: 'ReadAll', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}/*/GET/*' } },
                { Effect: 'Deny', Action: 'execute-api:Invoke', Resource: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}/*/GET/orders/*' } },
              ],
            },
          },
        ],
      },
    },
    CopiedRole: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: TRUST,
        Policies: [{ PolicyName: 'copied', PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: PLACEHOLDER_ARN }] } }],
      },
    },
  },
};

/** The template as a file of the given format. */
export function ordersText(format: DocumentFormat): string {
  return format === 'json' ? `${JSON.stringify(ORDERS, null, 2)}\n` : yamlStringify(ORDERS, { version: '1.1', aliasDuplicateObjects: false });
}

/** A standalone policy granting the API through a wildcard API id. */
export const BAD_POLICY = `${JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/prod/POST/orders' }] }, null, 2)}\n`;
