import { ruleTester } from '../../../helpers';
import { grantPath, methodId, stack, withConfig, type ExpectCases } from '../../../helpers/expect';

const API = { methods: ['GET /orders', 'POST /orders'], stages: ['prod'] };
const deny = { deny: { principal: 'ReaderRole', method: 'POST /orders' } };

const cases: ExpectCases = {
  valid: [
    { name: 'the role reads only', expect: [deny], code: stack({ ...API, roles: { ReaderRole: ['*/GET/orders'] } }) },
    { name: 'another role may post', expect: [deny], code: stack({ ...API, roles: { ReaderRole: ['*/GET/orders'], WriterRole: ['*/POST/orders'] } }) },
    { name: 'a Deny in the resource policy wins', expect: [deny], code: stack({ ...API, roles: { ReaderRole: ['*/*/orders'] }, resourcePolicy: [{ Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/POST/orders' }, { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }) },
    { name: 'an assertion that matches nothing reports nothing here', expect: [{ deny: { principal: 'NoSuchRole', method: 'POST /orders' } }], code: stack({ ...API, roles: { ReaderRole: ['*/*/orders'] } }) },
  ],
  invalid: [
    {
      name: 'a wildcard grant reaches POST',
      expect: [deny],
      code: stack({ ...API, roles: { ReaderRole: ['*/*/orders'] } }),
      expected: [{ messageId: 'statement', path: grantPath('ReaderRole'), data: { principals: 'ReaderRole', methods: 'POST /orders', item: 1 }, severity: 'error' }],
    },
    {
      name: 'by role name and a verb wildcard; only the statement that grants POST',
      expect: [{ deny: { principal: 'reader-*', method: '* /orders' } }],
      code: stack({ ...API, roles: { ReaderRole: ['prod/GET/orders', 'prod/POST/orders'] }, roleNames: { ReaderRole: 'reader-prod' } }),
      expected: [
        { messageId: 'statement', path: grantPath('ReaderRole', 0), data: { methods: 'GET /orders' } },
        { messageId: 'statement', path: grantPath('ReaderRole', 1), data: { methods: 'POST /orders' } },
      ],
    },
    {
      name: 'by ARN pattern',
      expect: [{ deny: { principal: 'arn:aws:iam::*:role/reader', method: 'POST /orders' } }],
      code: stack({ ...API, roles: { ReaderRole: ['*/POST/*'] }, roleNames: { ReaderRole: 'reader' } }),
      expected: [{ messageId: 'statement', path: grantPath('ReaderRole') }],
    },
    {
      name: 'a conditional grant is a warning of its own',
      expect: [deny],
      code: stack({ ...API, roles: { ReaderRole: ['?*/POST/orders'] } }),
      expected: [{ messageId: 'conditional', path: grantPath('ReaderRole'), severity: 'warning' }],
    },
    {
      name: 'the second assertion of the list, on a method anyone may call',
      expect: [deny, { deny: { principal: '*', method: 'DELETE /orders' } }],
      code: stack({ methods: ['GET /orders', ['DELETE /orders', 'NONE']], roles: { ReaderRole: ['*/GET/orders'] } }),
      expected: [{ messageId: 'method', path: ['Resources', methodId('DELETE /orders')], data: { item: 2, principals: '*' } }],
    },
  ],
};

ruleTester('access/expect-deny', withConfig(cases, 'yaml'));
ruleTester('access/expect-deny', withConfig(cases, 'json'));
