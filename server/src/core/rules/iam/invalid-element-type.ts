import { definePolicyRule, type PolicyRuleContext } from '../define';
import { findProperty, kindName, type DocNode, type Path } from '../../model/node';
import { closestMatch } from '../../util/similar';
import { renameKey } from '../../util/edits';

type Messages = 'notStringOrList' | 'itemNotString' | 'emptyList' | 'principalString' | 'principalType' | 'principalKey' | 'idType';

const PRINCIPAL_KEYS = ['AWS', 'Service', 'Federated', 'CanonicalUser'];
const LIST_ELEMENTS = ['Action', 'NotAction', 'Resource', 'NotResource'];

export default definePolicyRule<Messages>({
  id: 'iam/invalid-element-type',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    notStringOrList: '{{element}} must be a string or a list of strings, not {{type}}.',
    itemNotString: 'Each entry of {{element}} must be a string, not {{type}}.',
    emptyList: '{{element}} is an empty list, so the statement matches nothing.',
    principalString: 'A Principal given as a string must be "*"; name other principals in an object such as {"AWS": "{{value}}"}.',
    principalType: '{{element}} must be "*" or an object such as {"AWS": [...]}, not {{type}}.',
    principalKey: '"{{key}}" is not a principal type; use one of AWS, Service, Federated or CanonicalUser.',
    idType: 'The policy Id must be a string, not {{type}}.',
  },
  docs: { summary: 'Require Action, Resource, Principal and their Not forms to hold values of the right type.' },
  fixable: true,
  check(ctx) {
    for (const site of ctx.policies()) {
      const id = findProperty(site.node, 'Id');
      if (id && id.value.kind !== 'string' && id.value.kind !== 'intrinsic') {
        ctx.report({ root: site.root, path: [...site.path, 'Id'], messageId: 'idType', data: { type: kindName(id.value) } });
      }
    }
    for (const statement of ctx.statements()) {
      const root = statement.site.root;
      for (const element of LIST_ELEMENTS) {
        const prop = findProperty(statement.node, element);
        if (prop) {
          checkStringList(ctx, root, [...statement.path, element], element, prop.value);
        }
      }
      for (const element of ['Principal', 'NotPrincipal']) {
        const prop = findProperty(statement.node, element);
        if (prop) {
          checkPrincipal(ctx, root, [...statement.path, element], element, prop.value);
        }
      }
    }
  },
});

/** `allowNumbers`: account ids written unquoted in YAML are numbers, and IAM reads them as the account. */
function checkStringList(ctx: PolicyRuleContext<Messages>, root: number, path: Path, element: string, value: DocNode, allowNumbers = false): void {
  const ok = (n: DocNode): boolean => n.kind === 'string' || n.kind === 'intrinsic' || (allowNumbers && n.kind === 'number');
  if (ok(value)) {
    return;
  }
  if (value.kind !== 'array') {
    ctx.report({ root, path, messageId: 'notStringOrList', data: { element, type: kindName(value) } });
    return;
  }
  if (value.items.length === 0) {
    ctx.report({ root, path, messageId: 'emptyList', data: { element }, severity: 'warning' });
  }
  value.items.forEach((item, i) => {
    if (!ok(item)) {
      ctx.report({ root, path: [...path, i], messageId: 'itemNotString', data: { element, type: kindName(item) } });
    }
  });
}

function checkPrincipal(ctx: PolicyRuleContext<Messages>, root: number, path: Path, element: string, value: DocNode): void {
  if (value.kind === 'intrinsic') {
    return;
  }
  if (value.kind === 'string') {
    if (value.value !== '*') {
      ctx.report({ root, path, messageId: 'principalString', data: { value: value.value as string } });
    }
    return;
  }
  if (value.kind !== 'object') {
    ctx.report({ root, path, messageId: 'principalType', data: { element, type: kindName(value) } });
    return;
  }
  for (const prop of value.properties) {
    if (!PRINCIPAL_KEYS.includes(prop.key)) {
      const suggestion = closestMatch(prop.key, PRINCIPAL_KEYS, 3);
      ctx.report({
        root,
        path: [...path, prop.key],
        target: 'key',
        messageId: 'principalKey',
        data: { key: prop.key },
        fix: suggestion ? () => [{ title: `Rename to "${suggestion}"`, edits: [renameKey(ctx.doc, prop, suggestion)], isPreferred: true }] : undefined,
      });
      continue;
    }
    // An account id written unquoted in YAML is a number there, and CloudFormation passes
    // it on as the account; JSON has no such excuse.
    checkStringList(ctx, root, [...path, prop.key], `${element}.${prop.key}`, prop.value, prop.key === 'AWS' && ctx.doc.format === 'yaml');
  }
}
