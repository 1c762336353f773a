/**
 * The bundled SAM example (examples/orders-api): what `gatewarden check` and `gatewarden
 * access` say about it is what examples/README.md promises, so a first run shows the point.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { runCli } from './run';

const EXAMPLE = path.join('examples', 'orders-api');
const TEMPLATE = `${EXAMPLE}/template.yaml`.split(path.sep).join('/');

interface Row {
  principal: string;
  principalKind: string;
  api: string;
  stage: string;
  method: string;
  path: string;
  decision: string;
  implicit: boolean;
  via: { file: string; sid?: string; kind: string }[];
  dependsOn: { kind: string; name?: string }[];
}

interface JsonFinding {
  file: string;
  ruleId: string;
  severity: string;
  range: { start: { line: number; character: number } };
}

test('check examples/orders-api: the open method and the wildcard role, at their lines, with the example configuration severity', async () => {
  const { code, stdout } = await runCli(['check', '--format', 'json', EXAMPLE]);
  assert.equal(code, 1, 'iam/wildcard-action is an error in the example configuration');
  const findings = (JSON.parse(stdout) as JsonFinding[]).map((f) => [f.file.split(path.sep).join('/'), f.ruleId, f.severity, f.range.start.line + 1]);
  assert.deepEqual(findings, [
    [TEMPLATE, 'apigw/method-without-auth', 'warning', 48],
    [TEMPLATE, 'iam/wildcard-action', 'error', 116],
    [TEMPLATE, 'iam/wildcard-resource', 'warning', 117],
  ]);
});

test('access examples/orders-api: three roles with different reach, the resource policy, and the method IAM never guards', async () => {
  const { code, stdout, stderr } = await runCli(['access', '--format', 'json', EXAMPLE]);
  assert.equal(code, 0, stderr);
  const rows = JSON.parse(stdout) as Row[];
  const table = rows.map((r) => [r.principal, `${r.method} ${r.path}`, r.stage, r.implicit ? 'deny (implicit)' : r.decision, r.via.map((v) => `${v.kind}:${v.sid ?? '-'}`).join(',')]);
  assert.deepEqual(table, [
    ['ReportingRole', 'GET /orders', 'prod', 'allow', 'identity:ReadOrders'],
    ['CheckoutRole', 'GET /orders', 'prod', 'deny (implicit)', ''],
    ['OperatorRole', 'GET /orders', 'prod', 'allow', 'identity:-'],
    ['ReportingRole', 'GET /orders/{id}', 'prod', 'allow', 'identity:ReadOrders'],
    ['CheckoutRole', 'GET /orders/{id}', 'prod', 'deny (implicit)', ''],
    ['OperatorRole', 'GET /orders/{id}', 'prod', 'allow', 'identity:-'],
    ['ReportingRole', 'POST /orders', 'prod', 'deny (implicit)', ''],
    ['CheckoutRole', 'POST /orders', 'prod', 'allow', 'identity:WriteOrders'],
    ['OperatorRole', 'POST /orders', 'prod', 'allow', 'identity:-'],
    // The resource policy's Deny outside the office network makes DELETE conditional for those the roles allow.
    ['ReportingRole', 'DELETE /orders/{id}', 'prod', 'deny (implicit)', 'resource:DeleteFromOfficeOnly'],
    ['CheckoutRole', 'DELETE /orders/{id}', 'prod', 'conditional', 'identity:WriteOrders,resource:DeleteFromOfficeOnly'],
    ['OperatorRole', 'DELETE /orders/{id}', 'prod', 'conditional', 'identity:-,resource:DeleteFromOfficeOnly'],
    ['OrdersFunctionRole', 'DELETE /orders/{id}', 'prod', 'deny (implicit)', 'resource:DeleteFromOfficeOnly'],
    // GET /health has no authorization: anyone may call it.
    ['*', 'GET /health', 'prod', 'allow', 'authorization:-'],
  ]);
  const conditional = rows.filter((r) => r.decision === 'conditional');
  assert.ok(conditional.every((r) => r.dependsOn.some((d) => d.kind === 'condition-key' && d.name === 'aws:SourceIp')));
  assert.deepEqual([...new Set(rows.map((r) => r.principalKind))].sort(), ['anyone', 'function-role', 'role']);
});
