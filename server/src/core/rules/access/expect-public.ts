import { expectRule } from '../shared/expect';

export default expectRule('public', 'access/expect-public', 'Report a method anyone can call that the public access assertion does not list.', {
  statement: 'This resource policy statement lets anyone (Principal "*") invoke {{methods}}, which the access assertion "{{assertion}}" (access.expect item {{item}}) does not list as public.',
  method: '{{methods}} has no authorization, so anyone can call it, and the access assertion "{{assertion}}" (access.expect item {{item}}) does not list it as public.',
  conditional: 'Anyone may be able to call {{methods}} through this (the decision is conditional), and the access assertion "{{assertion}}" (access.expect item {{item}}) does not list it as public.',
});
