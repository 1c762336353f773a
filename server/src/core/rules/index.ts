/**
 * The rule registry: every rule, imported explicitly, in the order findings are produced.
 * No discovery at run time (it bundles badly); the meta-test checks this list against
 * the files under rules/ and the pages under docs/rules/.
 */
import type { Rule } from './define';
import parseError from './syntax/parse-error';
import yamlWarning from './syntax/yaml-warning';
import duplicateKey from './syntax/duplicate-key';
import tooDeep from './syntax/too-deep';
import tooLarge from './syntax/too-large';
import aliasLimit from './syntax/alias-limit';
import ruleError from './internal/rule-error';
import invalidVersion from './iam/invalid-version';
import invalidStatement from './iam/invalid-statement';
import unknownElement from './iam/unknown-element';
import invalidEffect from './iam/invalid-effect';
import missingElement from './iam/missing-element';
import elementNotAllowed from './iam/element-not-allowed';
import actionAndNotAction from './iam/action-and-not-action';
import resourceAndNotResource from './iam/resource-and-not-resource';
import principalAndNotPrincipal from './iam/principal-and-not-principal';
import invalidElementType from './iam/invalid-element-type';
import duplicateSid from './iam/duplicate-sid';
import invalidSid from './iam/invalid-sid';
import unknownConditionOperator from './iam/unknown-condition-operator';
import invalidCondition from './iam/invalid-condition';
import policySize from './iam/policy-size';
// IAM knowledge: AWS's service authorization reference (#3).
import unknownAction from './iam/unknown-action';
import deprecatedAction from './iam/deprecated-action';
import wildcardMatchesNothing from './iam/wildcard-matches-nothing';
import wildcardAction from './iam/wildcard-action';
import wildcardResource from './iam/wildcard-resource';
import invalidArn from './iam/invalid-arn';
import resourceMismatch from './iam/resource-mismatch';
import unknownConditionKey from './iam/unknown-condition-key';
import conditionKeyNotSupported from './iam/condition-key-not-supported';
import conditionValueType from './iam/condition-value-type';
import allowNotAction from './iam/allow-not-action';
import allowNotResource from './iam/allow-not-resource';
import passRoleWildcard from './iam/pass-role-wildcard';
import privilegeEscalation from './iam/privilege-escalation';
import principalWildcard from './iam/principal-wildcard';
import confusedDeputy from './iam/confused-deputy';
import unusedSuppression from './meta/unused-suppression';

// Templates and API Gateway (#4).
import unresolvedRef from './cfn/unresolved-ref';
import hardcodedAccount from './cfn/hardcoded-account';
import executionRoleTrust from './apigw/execution-role-trust';
import lambdaPermissionSourceArn from './apigw/lambda-permission-source-arn';
import methodWithoutAuth from './apigw/method-without-auth';
import stageWildcard from './apigw/stage-wildcard';
import staticCredentials from './apigw/static-credentials';
// Who can invoke what (#5).
import invokeUnmatched from './apigw/invoke-unmatched';
import iamMethodUnreachable from './apigw/iam-method-unreachable';
import unreadableInclude from './apigw/unreadable-include';
// Administrator access, environments and cross-account callers (#15).
import fullAdmin from './iam/full-admin';
import environmentCrossing from './apigw/environment-crossing';
import crossAccountMissingAllow from './apigw/cross-account-missing-allow';
// Answers and fixes a cloud engineer can trust (#17).
import unknownApiId from './apigw/unknown-api-id';
// Access assertions (#16).
import expectDeny from './access/expect-deny';
import expectOnly from './access/expect-only';
import expectPublic from './access/expect-public';
import expectSeparate from './access/expect-separate';
import expectUnmatched from './access/expect-unmatched';

export const rules: readonly Rule[] = [
  parseError,
  yamlWarning,
  duplicateKey,
  tooDeep,
  tooLarge,
  aliasLimit,
  ruleError,
  invalidVersion,
  invalidStatement,
  unknownElement,
  invalidEffect,
  missingElement,
  elementNotAllowed,
  actionAndNotAction,
  resourceAndNotResource,
  principalAndNotPrincipal,
  invalidElementType,
  duplicateSid,
  invalidSid,
  unknownConditionOperator,
  invalidCondition,
  policySize,
  // IAM knowledge (#3).
  unknownAction,
  deprecatedAction,
  wildcardMatchesNothing,
  wildcardAction,
  wildcardResource,
  invalidArn,
  resourceMismatch,
  unknownConditionKey,
  conditionKeyNotSupported,
  conditionValueType,
  allowNotAction,
  allowNotResource,
  passRoleWildcard,
  privilegeEscalation,
  principalWildcard,
  confusedDeputy,
  unusedSuppression,
  // Templates and API Gateway (#4).
  unresolvedRef,
  hardcodedAccount,
  executionRoleTrust,
  lambdaPermissionSourceArn,
  methodWithoutAuth,
  stageWildcard,
  staticCredentials,
  // Who can invoke what (#5).
  invokeUnmatched,
  iamMethodUnreachable,
  // Included API definitions the shell could not read safely (#14).
  unreadableInclude,
  // Administrator access, environments and cross-account callers (#15).
  fullAdmin,
  environmentCrossing,
  crossAccountMissingAllow,
  // Answers and fixes a cloud engineer can trust (#17).
  unknownApiId,
  // Access assertions (#16).
  expectDeny,
  expectOnly,
  expectPublic,
  expectSeparate,
  expectUnmatched,
] as readonly Rule[];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));
