import { ruleTester } from '../../../helpers';
import { grantPath, methodId, stack, withConfig, type ExpectCases } from '../../../helpers/expect';

const API = { methods: ['GET /admin/users', 'DELETE /admin/users', 'GET /orders'] };
const only = { only: { method: '* /admin/*', principals: ['AdminRole'] } };

const cases: ExpectCases = {
  valid: [
    { name: 'only the admin role reaches admin', expect: [only], code: stack({ ...API, roles: { AdminRole: ['*/*/admin/*'], ReaderRole: ['*/GET/orders'] } }) },
    { name: 'listed by a name pattern', expect: [{ only: { method: '* /admin/*', principals: ['Admin*', 'Ops*'] } }], code: stack({ ...API, roles: { AdminRole: ['*/*/admin/*'], OpsRole: ['*/GET/admin/users'] } }) },
    { name: 'a role granted everything but the admin paths', expect: [only], code: stack({ ...API, roles: { ReaderRole: ['*/GET/orders'] } }) },
  ],
  invalid: [
    {
      name: 'a wildcard grant reaches the admin methods',
      expect: [only],
      code: stack({ ...API, roles: { AdminRole: ['*/*/admin/*'], ReaderRole: ['*/*/*'] } }),
      expected: [{ messageId: 'statement', path: grantPath('ReaderRole'), data: { principals: 'ReaderRole', methods: 'DELETE /admin/users, GET /admin/users' }, severity: 'error' }],
    },
    {
      name: 'a verb in the pattern narrows it',
      expect: [{ only: { method: 'DELETE /admin/*', principals: ['AdminRole'] } }],
      code: stack({ ...API, roles: { ReaderRole: ['*/GET/admin/*', '*/DELETE/admin/*'] } }),
      expected: [{ messageId: 'statement', path: grantPath('ReaderRole', 1), data: { methods: 'DELETE /admin/users' } }],
    },
    {
      name: 'a conditional grant',
      expect: [only],
      code: stack({ ...API, roles: { ReaderRole: ['?*/GET/admin/users'] } }),
      expected: [{ messageId: 'conditional', path: grantPath('ReaderRole'), severity: 'warning' }],
    },
    {
      name: 'an admin method without authorization',
      expect: [only],
      code: stack({ methods: [['GET /admin/status', 'NONE']], roles: { AdminRole: ['*/*/admin/*'] } }),
      expected: [{ messageId: 'method', path: ['Resources', methodId('GET /admin/status')], data: { principals: '*' } }],
    },
  ],
};

ruleTester('access/expect-only', withConfig(cases, 'yaml'));
ruleTester('access/expect-only', withConfig(cases, 'json'));
