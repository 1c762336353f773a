import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, parse, ruleTester } from '../../../helpers';
import { assertionsOf, grantPath, stack, withConfig, type ExpectCases } from '../../../helpers/expect';
import type { AccessEnvironment } from '../../../../server/src/core/access/environments';

const API = { methods: ['GET /orders'], stages: ['dev', 'staging', 'prod'] };
const separate = { separate: { stages: ['prod'], from: ['dev', 'staging'] } };

const cases: ExpectCases = {
  valid: [
    { name: 'one role per side', expect: [separate], code: stack({ ...API, roles: { ProdRole: ['prod/GET/orders'], DevRole: ['dev/GET/orders', 'staging/GET/orders'] } }) },
    { name: 'dev and staging together are one side', expect: [separate], code: stack({ ...API, roles: { DevRole: ['dev/GET/orders', 'staging/GET/orders'] } }) },
  ],
  invalid: [
    {
      name: 'one statement reaching every stage',
      expect: [separate],
      code: stack({ ...API, roles: { Caller: ['*/GET/orders'] } }),
      expected: [{ messageId: 'statement', path: grantPath('Caller'), data: { principals: 'Caller', stages: 'prod', from: 'dev, staging' }, severity: 'error' }],
    },
    {
      name: 'two statements of one role; stage names compare without case',
      expect: [{ separate: { stages: ['PROD'], from: ['dev'] } }],
      code: stack({ ...API, roles: { Caller: ['prod/GET/orders', 'dev/GET/orders'] } }),
      expected: [
        { messageId: 'statement', path: grantPath('Caller', 0), data: { stages: 'prod', from: 'dev' } },
        { messageId: 'statement', path: grantPath('Caller', 1), data: { stages: 'prod', from: 'dev' } },
      ],
    },
    {
      name: 'a conditional side',
      expect: [separate],
      code: stack({ ...API, roles: { Caller: ['prod/GET/orders', '?dev/GET/orders'] } }),
      expected: [
        { messageId: 'conditional', path: grantPath('Caller', 0), severity: 'warning' },
        { messageId: 'conditional', path: grantPath('Caller', 1), severity: 'warning' },
      ],
    },
  ],
};

ruleTester('access/expect-separate', withConfig(cases, 'yaml'));
ruleTester('access/expect-separate', withConfig(cases, 'json'));

/** The stack deployed to environments: `separate` names environments as well as stages. */
test('access/expect-separate: environments count as stages', () => {
  const stackText = JSON.stringify(stack({ methods: ['GET /orders'], roles: { Caller: ['*/GET/orders'] } }));
  const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:eu-west-1:*:*/*/GET/orders' }] });
  const dev: AccessEnvironment = { name: 'dev', account: '111122223333', region: 'eu-west-1', stages: ['v1'] };
  const prod: AccessEnvironment = { name: 'prod', account: '111122223333', region: 'eu-west-1', stages: ['v1'] };
  const documents = [
    { uri: 'stack.json', doc: parse(stackText, 'json') },
    { uri: 'policy.json', doc: parse(policy, 'json') },
  ];
  const found = (format: 'json' | 'yaml'): string[] => {
    const workspace = { documents, self: 'policy.json', environmentsOf: (uri: string) => (uri === 'stack.json' ? [dev, prod] : [dev]), environmentsKey: 'dev+prod' };
    return analyzer
      .analyze(documents[1]!.doc, { workspace, accessExpect: assertionsOf([{ separate: { stages: ['prod'], from: ['dev'] } }], format) })
      .filter((f) => f.ruleId === 'access/expect-separate')
      .map((f) => `${f.messageId} ${JSON.stringify(f.path)} ${String(f.data.stages)} | ${String(f.data.from)}`);
  };
  const expected = ['statement ["Statement",0] v1 (prod) | v1 (dev)'];
  assert.deepEqual(found('yaml'), expected);
  assert.deepEqual(found('json'), expected);
});
