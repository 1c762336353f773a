import { definePolicyRule, type PolicyRuleContext } from '../define';
import { getProperty, kindName, type DocNode, type Path } from '../../model/node';

type Messages = 'notObject' | 'operatorNotObject' | 'badValue' | 'emptyCondition' | 'emptyOperator' | 'emptyValues' | 'badKey';

export default definePolicyRule<Messages>({
  id: 'iam/invalid-condition',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    notObject: 'Condition must be an object of operators, such as {"StringEquals": {"aws:SourceAccount": "111122223333"}}, not {{type}}.',
    operatorNotObject: 'The value of {{operator}} must be an object of condition keys and values, not {{type}}.',
    badValue: 'A condition value must be a string, number or boolean, or a list of them, not {{type}}.',
    emptyCondition: 'The Condition is empty; remove it, or add the condition you meant.',
    emptyOperator: '{{operator}} has no condition keys, so it tests nothing.',
    emptyValues: 'The list of values for {{key}} is empty; IAM treats an empty list as matching nothing.',
    badKey: '"{{key}}" is not a condition key: keys look like "aws:SourceArn" or "s3:prefix".',
  },
  docs: { summary: 'Require Condition blocks to have the shape operator → key → value(s).' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      const condition = getProperty(statement.node, 'Condition');
      if (!condition || condition.kind === 'intrinsic') {
        continue;
      }
      const root = statement.site.root;
      const path = [...statement.path, 'Condition'];
      if (condition.kind !== 'object') {
        ctx.report({ root, path, messageId: 'notObject', data: { type: kindName(condition) } });
        continue;
      }
      if (condition.properties.length === 0) {
        ctx.report({ root, path, messageId: 'emptyCondition', severity: 'info' });
      }
      for (const operator of condition.properties) {
        checkOperator(ctx, root, [...path, operator.key], operator.key, operator.value);
      }
    }
  },
});

function checkOperator(ctx: PolicyRuleContext<Messages>, root: number, path: Path, operator: string, block: DocNode): void {
  if (block.kind === 'intrinsic') {
    return;
  }
  if (block.kind !== 'object') {
    ctx.report({ root, path, messageId: 'operatorNotObject', data: { operator, type: kindName(block) } });
    return;
  }
  if (block.properties.length === 0) {
    ctx.report({ root, path, target: 'key', messageId: 'emptyOperator', data: { operator }, severity: 'warning' });
  }
  for (const entry of block.properties) {
    const keyPath = [...path, entry.key];
    // A condition key is "prefix:name" (aws:SourceIp, s3:prefix, aws:PrincipalTag/team).
    if (!/^[^:\s]+:\S+$/.test(entry.key)) {
      ctx.report({ root, path: keyPath, target: 'key', messageId: 'badKey', data: { key: entry.key } });
    }
    const value = entry.value;
    if (value.kind === 'array') {
      if (value.items.length === 0) {
        ctx.report({ root, path: keyPath, messageId: 'emptyValues', data: { key: entry.key }, severity: 'warning' });
      }
      value.items.forEach((item, i) => {
        if (!isConditionScalar(item)) {
          ctx.report({ root, path: [...keyPath, i], messageId: 'badValue', data: { type: kindName(item) } });
        }
      });
    } else if (!isConditionScalar(value)) {
      ctx.report({ root, path: keyPath, messageId: 'badValue', data: { type: kindName(value) } });
    }
  }
}

function isConditionScalar(node: DocNode): boolean {
  return node.kind === 'string' || node.kind === 'number' || node.kind === 'boolean' || node.kind === 'intrinsic';
}
