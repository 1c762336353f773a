/**
 * What the client shows from the server's answers: the language status item's text and
 * detail, the access view's decision icons, and which strings name a rule page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { iconOf, indexText, isRuleId, statusText } from '../../client/src/present';
import type { DocumentStatus } from '../../shared/protocol';

const READY = { state: 'ready', done: 3, total: 3, files: 3 } as const;
const IAM = { version: '0.21.202609261', date: '2026-09-26', ageDays: 10, stale: false, source: 'bundled' } as const;
const NONE = { version: '', date: '', stale: false, source: 'none' } as const;

test('status item: kinds named as users know them, the IAM data date, the index', () => {
  const cases: readonly [DocumentStatus, { text: string; busy: boolean; warning: boolean; parts: readonly string[] }][] = [
    [{ analysed: true, kinds: ['sam'], iamData: IAM, index: READY }, { text: 'Gatewarden: SAM', busy: false, warning: false, parts: ['2026-09-26', '3 files indexed'] }],
    [{ analysed: true, kinds: ['iam-policy', 'openapi3'], iamData: IAM, index: READY }, { text: 'Gatewarden: IAM policy, OpenAPI 3', busy: false, warning: false, parts: [] }],
    [
      { analysed: false, kinds: [], reason: 'why', iamData: IAM, index: { state: 'indexing', done: 100, total: 400, files: 0 } },
      { text: 'Gatewarden: not analysed', busy: true, warning: false, parts: ['why', '100/400'] },
    ],
    [
      { analysed: true, kinds: ['config'], iamData: NONE, index: { state: 'off', done: 0, total: 0, files: 0 } },
      { text: 'Gatewarden: Gatewarden configuration', busy: false, warning: true, parts: ['index off', 'missing'] },
    ],
    [
      { analysed: true, kinds: ['cfn'], iamData: { ...IAM, ageDays: 90, stale: true, source: 'custom' }, index: READY },
      { text: 'Gatewarden: CloudFormation', busy: false, warning: true, parts: ['2026-09-26', 'custom', '90 days old'] },
    ],
  ];
  for (const [status, expected] of cases) {
    const shown = statusText(status);
    assert.deepEqual([shown.text, shown.busy, shown.warning], [expected.text, expected.busy, expected.warning]);
    for (const part of expected.parts) {
      assert.ok(shown.detail.includes(part), `${JSON.stringify(shown.detail)} lacks ${part}`);
    }
  }
  assert.equal(indexText({ state: 'indexing', done: 0, total: 0, files: 0 }), 'indexing the workspace');
});

test('access view icons: one per decision (an implicit deny apart), in the chart colours', () => {
  assert.deepEqual(
    [
      iconOf({ kind: 'row', decision: 'allow' }),
      iconOf({ kind: 'row', decision: 'conditional' }),
      iconOf({ kind: 'row', decision: 'deny', implicit: false }),
      iconOf({ kind: 'row', decision: 'deny', implicit: true }),
    ].map((i) => [i.id, i.color]),
    [
      ['pass-filled', 'charts.green'],
      ['question', 'charts.yellow'],
      ['error', 'charts.red'],
      ['circle-slash', 'charts.red'],
    ],
  );
  assert.deepEqual(['api', 'stage', 'method', 'principal'].map((kind) => iconOf({ kind: kind as 'api' }).color), [undefined, undefined, undefined, undefined]);
});

test('only rule ids name a documentation page', () => {
  assert.deepEqual(
    ['iam/invalid-effect', 'apigw/method-without-auth', '../../etc/passwd', 'iam/../x', '/abs/path', 'IAM/Upper', 'iam', 42, undefined].map(isRuleId),
    [true, true, false, false, false, false, false, false, false],
  );
});
