import { expectRule } from '../shared/expect';

export default expectRule('only', 'access/expect-only', 'Report a statement that lets a principal an access assertion does not list invoke the methods it reserves.', {
  statement: 'This statement lets {{principals}} invoke {{methods}}, which the access assertion "{{assertion}}" (access.expect item {{item}}) reserves for others.',
  method: '{{methods}} has no authorization, so anyone can call it, while the access assertion "{{assertion}}" (access.expect item {{item}}) reserves it for the principals it lists.',
  conditional: 'This statement may let {{principals}} invoke {{methods}} (the decision is conditional), which the access assertion "{{assertion}}" (access.expect item {{item}}) reserves for others.',
});
