import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, ruleTester } from '../../../helpers';
import { assertionsOf, configText, stack } from '../../../helpers/expect';
import { accessMatrix } from '../../../../server/src/core/access/matrix';
import { checkAssertions } from '../../../../server/src/core/access/expect';
import { unmatchedAssertionFindings } from '../../../../server/src/core/rules/access/expect-unmatched';

const TEMPLATE = stack({ methods: ['GET /orders', 'POST /orders'], stages: ['dev', 'prod'], roles: { ReaderRole: ['*/GET/orders'] } });

// The rule is raised on the configuration file, never on a template or policy.
ruleTester('access/expect-unmatched', { valid: [{ name: 'a template', code: TEMPLATE }], invalid: [] });

/** Each assertion and the parts of it that match nothing (`[]`: it matches). */
const table: readonly { name: string; item: unknown; parts: readonly string[] }[] = [
  { name: 'deny that matches', item: { deny: { principal: 'ReaderRole', method: 'POST /orders' } }, parts: [] },
  { name: 'deny of a misspelt role', item: { deny: { principal: 'ReadRole', method: 'POST /orders' } }, parts: ['principal'] },
  { name: 'deny of a method that is not there', item: { deny: { principal: 'ReaderRole', method: 'PUT /orders' } }, parts: ['method'] },
  { name: 'deny of neither', item: { deny: { principal: 'X', method: 'GET /x' } }, parts: ['principal', 'method'] },
  { name: 'only, matching', item: { only: { method: '* /orders', principals: ['ReaderRole'] } }, parts: [] },
  { name: 'only on no method', item: { only: { method: '* /admin/*', principals: ['AdminRole'] } }, parts: ['method'] },
  { name: 'public with no exceptions', item: { public: { methods: [] } }, parts: [] },
  { name: 'public naming a method that is not there', item: { public: { methods: ['GET /orders', 'GET /health'] } }, parts: ['GET /health'] },
  { name: 'separate, matching', item: { separate: { stages: ['prod'], from: ['dev'] } }, parts: [] },
  { name: 'separate from a stage that is not there', item: { separate: { stages: ['prod'], from: ['staging'] } }, parts: ['from'] },
];

for (const format of ['yaml', 'json'] as const) {
  for (const { name, item, parts } of table) {
    test(`access/expect-unmatched ${name} (${format} config)`, () => {
      const documents = [{ uri: 'stack.json', doc: parse(JSON.stringify(TEMPLATE), 'json') }];
      const assertions = assertionsOf([{ deny: { principal: 'ReaderRole', method: 'POST /orders' } }, item], format);
      const results = checkAssertions(accessMatrix(documents), documents, assertions);
      assert.deepEqual(results.unmatched.get(1) ?? [], parts);
      const findings = unmatchedAssertionFindings(assertions, results);
      const text = configText([{ deny: { principal: 'ReaderRole', method: 'POST /orders' } }, item], format);
      assert.deepEqual(
        findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, path: f.path, severity: f.severity, text: text.slice(f.offset, f.offset + f.length) })),
        parts.length === 0 ? [] : [{ ruleId: 'access/expect-unmatched', messageId: 'nothing', path: ['access', 'expect', 1], severity: 'warning', text: text.slice(assertions[1]!.offset, assertions[1]!.offset + assertions[1]!.length) }],
      );
      // The finding underlines the assertion's own item, which names its kind.
      assert.ok(parts.length === 0 || text.slice(findings[0]!.offset, findings[0]!.offset + findings[0]!.length).includes(Object.keys(item as object)[0]!));
      assert.deepEqual(unmatchedAssertionFindings(assertions, results, { 'access/expect-unmatched': 'off' }), []);
    });
  }
}
