import { expectRule } from '../shared/expect';

export default expectRule('separate', 'access/expect-separate', 'Report a statement through which a principal reaches stages an access assertion keeps apart.', {
  statement: 'Through this statement {{principals}} reaches {{stages}} and {{from}}, which the access assertion "{{assertion}}" (access.expect item {{item}}) keeps apart: give each side its own principal.',
  conditional: 'Through this statement {{principals}} may reach {{stages}} and {{from}} (a decision is conditional), which the access assertion "{{assertion}}" (access.expect item {{item}}) keeps apart.',
});
