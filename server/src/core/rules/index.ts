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
] as readonly Rule[];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));
