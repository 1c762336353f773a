import { ruleTester } from '../../../helpers';
import { methodId, stack, withConfig, type ExpectCases } from '../../../helpers/expect';

const publicHealth = { public: { methods: ['GET /health'] } };
const everyone = (resource: string, condition?: unknown): unknown => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: resource, ...(condition ? { Condition: condition } : {}) });
const policyPath = (i: number): (string | number)[] => ['Resources', 'Api', 'Properties', 'Policy', 'Statement', i];

const cases: ExpectCases = {
  valid: [
    { name: 'the health check is the one method without authorization', expect: [publicHealth], code: stack({ methods: [['GET /health', 'NONE'], 'GET /orders'], roles: { ReaderRole: ['*/GET/orders'] } }) },
    { name: 'no public method at all, and none allowed', expect: [{ public: { methods: [] } }], code: stack({ methods: ['GET /orders'], roles: { ReaderRole: ['*/GET/orders'] } }) },
    { name: 'a resource policy naming an account is not public', expect: [publicHealth], code: stack({ methods: [['GET /health', 'NONE'], 'GET /orders'], roles: { ReaderRole: ['*/GET/orders'] }, resourcePolicy: [{ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }) },
  ],
  invalid: [
    {
      name: 'a second method without authorization',
      expect: [publicHealth],
      code: stack({ methods: [['GET /health', 'NONE'], ['POST /orders', 'NONE']] }),
      expected: [{ messageId: 'method', path: ['Resources', methodId('POST /orders')], data: { methods: 'POST /orders' }, severity: 'error' }],
    },
    {
      name: 'a resource policy allowing everyone',
      expect: [publicHealth],
      code: stack({ methods: [['GET /health', 'NONE'], 'GET /orders'], roles: { ReaderRole: ['*/GET/health'] }, resourcePolicy: [everyone('execute-api:/*/GET/orders')] }),
      expected: [{ messageId: 'statement', path: policyPath(0), data: { methods: 'GET /orders' } }],
    },
    {
      name: 'a resource policy allowing everyone under a condition',
      expect: [publicHealth],
      code: stack({ methods: [['GET /health', 'NONE'], 'GET /orders'], roles: { ReaderRole: ['*/GET/health'] }, resourcePolicy: [everyone('execute-api:/*', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } })] }),
      expected: [{ messageId: 'conditional', path: policyPath(0), severity: 'warning' }],
    },
  ],
};

ruleTester('access/expect-public', withConfig(cases, 'yaml'));
ruleTester('access/expect-public', withConfig(cases, 'json'));
