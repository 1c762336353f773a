/**
 * IAM policy variables (`${aws:username}`, `${*}`, `${?}`, `${$}`). They are only
 * substituted under Version 2012-10-17 and only in Resource and Condition values.
 */
import { getProperty, type DocNode } from '../model/node';

const VARIABLE = /\$\{(?:[A-Za-z0-9_-]+:[^}\s]+|[*?$])\}/;

/** The first policy variable the policy's statements use, if any. */
export function usesPolicyVariables(policy: DocNode): string | undefined {
  const statements = getProperty(policy, 'Statement');
  const list = statements?.kind === 'array' ? statements.items : statements ? [statements] : [];
  for (const statement of list) {
    for (const element of ['Resource', 'NotResource', 'Condition']) {
      const found = findVariable(getProperty(statement, element), 0);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

function findVariable(node: DocNode | undefined, depth: number): string | undefined {
  if (!node || depth > 8) {
    return undefined;
  }
  switch (node.kind) {
    case 'string': {
      const m = VARIABLE.exec(node.value as string);
      return m ? m[0] : undefined;
    }
    case 'array':
      for (const item of node.items) {
        const f = findVariable(item, depth + 1);
        if (f) {
          return f;
        }
      }
      return undefined;
    case 'object':
      for (const p of node.properties) {
        const f = findVariable(p.value, depth + 1);
        if (f) {
          return f;
        }
      }
      return undefined;
    default:
      // Inside an intrinsic (Fn::Sub), `${…}` belongs to CloudFormation.
      return undefined;
  }
}
