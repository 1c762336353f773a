import { expectRule } from '../shared/expect';

export default expectRule('deny', 'access/expect-deny', 'Report a statement that lets a principal invoke a method an access assertion denies it.', {
  statement: 'This statement lets {{principals}} invoke {{methods}}, which the access assertion "{{assertion}}" (access.expect item {{item}}) forbids.',
  method: '{{methods}} has no authorization, so {{principals}} can call it, which the access assertion "{{assertion}}" (access.expect item {{item}}) forbids.',
  conditional: 'This statement may let {{principals}} invoke {{methods}} (the decision is conditional), which the access assertion "{{assertion}}" (access.expect item {{item}}) forbids.',
});
