/**
 * diffMatrices over rows as `gatewarden access --format json` prints them: identity across
 * moved files (with and without git's renames), a renamed method, stages and environments
 * added, decisions widened and narrowed, verbs, template Conditions, deny-only rows, rows of
 * unreadable files, methods that become public. One table; each case names the rows of
 * both sides by a compact spec.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addsAccess, diffMatrices, type AccessDiff } from '../../../server/src/core/access/diff';
import type { AccessRowJson, ViaJson } from '../../../server/src/core/access/rows';

interface Spec {
  principal?: string;
  kind?: string;
  file?: string;
  api?: string;
  apiFile?: string;
  stage?: string;
  method?: string;
  path?: string;
  decision?: AccessRowJson['decision'];
  verbs?: string[];
  conditions?: string[];
  dependsOn?: string[];
  env?: string;
  public?: boolean;
}

function row(s: Spec): AccessRowJson {
  const file = s.file ?? 'api.yaml';
  const via: ViaJson[] =
    s.decision === 'deny'
      ? []
      : [{ file, policy: 'invoke', statement: '0', line: 3, effect: 'Allow', kind: s.public ? 'resource' : 'identity', origin: 'x', ...(s.conditions ? { conditions: s.conditions } : {}), ...(s.public ? { public: true as const } : {}) }];
  return {
    principal: s.principal ?? 'Reader',
    account: null,
    region: null,
    api: s.api ?? 'Api',
    stage: s.stage ?? 'prod',
    method: s.method ?? 'GET',
    path: s.path ?? '/pets',
    decision: s.decision ?? 'allow',
    implicit: s.decision === 'deny',
    via,
    principalKind: s.kind ?? 'role',
    verbs: s.verbs ?? [s.method ?? 'GET'],
    conditionKeys: [],
    dependsOn: (s.dependsOn ?? []).map((name) => ({ kind: 'template-condition' as const, name })),
    principalFile: s.kind === 'policy-file' ? (s.principal ?? file) : file,
    apiFile: s.apiFile ?? file,
    ...(s.env ? { environment: s.env } : {}),
  };
}

const label = (r: AccessRowJson): string => `${r.principal}@${r.principalFile} ${r.api}@${r.apiFile} ${r.stage}${r.environment ? `/${r.environment}` : ''} ${r.method} ${r.path} ${r.decision}`;
const shape = (d: AccessDiff): unknown => ({
  added: d.added.map(label),
  removed: d.removed.map(label),
  changed: d.changed.map((c) => `${label(c.before)} => ${label(c.after)}: ${c.change} ${c.reasons.join('+')}`),
  unknown: d.unknown.map(label),
  public: d.becamePublic.map(label),
});
const none = { added: [], removed: [], changed: [], unknown: [], public: [] };

const cases: { name: string; base: Spec[]; head: Spec[]; renames?: Record<string, string>; unreadable?: { base?: string[]; head?: string[] }; expected: unknown; addsAccess: boolean }[] = [
  { name: 'the same rows: nothing', base: [{}, { method: 'POST' }], head: [{}, { method: 'POST' }], expected: none, addsAccess: false },
  { name: 'a grant added', base: [], head: [{}], expected: { ...none, added: ['Reader@api.yaml Api@api.yaml prod GET /pets allow'] }, addsAccess: true },
  { name: 'a grant removed', base: [{}], head: [], expected: { ...none, removed: ['Reader@api.yaml Api@api.yaml prod GET /pets allow'] }, addsAccess: false },
  { name: 'rows that deny wherever they exist are not listed', base: [{ decision: 'deny' }], head: [{ method: 'POST', decision: 'deny' }], expected: none, addsAccess: false },
  {
    name: 'conditional -> allow is widened, allow -> deny narrowed',
    base: [{ decision: 'conditional', dependsOn: ['IsProd'] }, { method: 'POST' }],
    head: [{}, { method: 'POST', decision: 'deny' }],
    expected: {
      ...none,
      changed: ['Reader@api.yaml Api@api.yaml prod GET /pets conditional => Reader@api.yaml Api@api.yaml prod GET /pets allow: widened decision', 'Reader@api.yaml Api@api.yaml prod POST /pets allow => Reader@api.yaml Api@api.yaml prod POST /pets deny: narrowed decision'],
    },
    addsAccess: true,
  },
  {
    name: 'an ANY method answering more verbs is widened',
    base: [{ method: 'ANY', verbs: ['GET'] }],
    head: [{ method: 'ANY', verbs: ['GET', 'POST'] }],
    expected: { ...none, changed: ['Reader@api.yaml Api@api.yaml prod ANY /pets allow => Reader@api.yaml Api@api.yaml prod ANY /pets allow: widened verbs'] },
    addsAccess: true,
  },
  {
    name: 'a template Condition flipped is a change, neither wider nor narrower',
    base: [{ decision: 'conditional', conditions: ['IsProd'], dependsOn: ['IsProd'] }],
    head: [{ decision: 'conditional', conditions: ['!IsProd'], dependsOn: ['IsProd'] }],
    expected: { ...none, changed: ['Reader@api.yaml Api@api.yaml prod GET /pets conditional => Reader@api.yaml Api@api.yaml prod GET /pets conditional: changed template-conditions'] },
    addsAccess: false,
  },
  {
    name: 'a stage added: the grant in the new stage is a change of the grant, widened',
    base: [{}],
    head: [{}, { stage: 'dev' }],
    expected: { ...none, changed: ['Reader@api.yaml Api@api.yaml prod GET /pets allow => Reader@api.yaml Api@api.yaml dev GET /pets allow: widened stage'] },
    addsAccess: true,
  },
  {
    name: 'an environment removed: narrowed',
    base: [{ env: 'prod' }, { env: 'test' }],
    head: [{ env: 'prod' }],
    expected: { ...none, changed: ['Reader@api.yaml Api@api.yaml prod/test GET /pets allow => Reader@api.yaml Api@api.yaml prod/prod GET /pets allow: narrowed environment'] },
    addsAccess: false,
  },
  {
    name: 'a template moved (git saw the rename): the same rows',
    base: [{ file: 'old.yaml' }],
    head: [{ file: 'stacks/new.yaml' }],
    renames: { 'old.yaml': 'stacks/new.yaml' },
    expected: none,
    addsAccess: false,
  },
  {
    name: 'a template moved without a rename: matched by logical ids where that is unambiguous',
    base: [{ file: 'old.yaml' }],
    head: [{ file: 'new.yaml' }],
    expected: none,
    addsAccess: false,
  },
  {
    name: 'two templates with the same logical ids: files tell them apart',
    base: [{ file: 'a.yaml' }, { file: 'b.yaml' }],
    head: [{ file: 'a.yaml' }, { file: 'b.yaml', decision: 'conditional' }],
    expected: { ...none, changed: ['Reader@b.yaml Api@b.yaml prod GET /pets allow => Reader@b.yaml Api@b.yaml prod GET /pets conditional: narrowed decision'] },
    addsAccess: false,
  },
  {
    name: 'a policy file moved: its name follows the rename',
    base: [{ kind: 'policy-file', principal: 'policies/a.json', apiFile: 'api.yaml' }],
    head: [{ kind: 'policy-file', principal: 'iam/a.json', apiFile: 'api.yaml' }],
    renames: { 'policies/a.json': 'iam/a.json' },
    expected: none,
    addsAccess: false,
  },
  {
    name: 'a method renamed: removed and added',
    base: [{ path: '/orders' }],
    head: [{ path: '/purchases' }],
    expected: { ...none, added: ['Reader@api.yaml Api@api.yaml prod GET /purchases allow'], removed: ['Reader@api.yaml Api@api.yaml prod GET /orders allow'] },
    addsAccess: true,
  },
  {
    name: 'a base version that does not parse: its rows are unknown, not added',
    base: [{ file: 'other.yaml', api: 'Other' }],
    head: [{}, { method: 'POST' }, { file: 'other.yaml', api: 'Other' }],
    unreadable: { base: ['api.yaml'] },
    expected: { ...none, unknown: ['Reader@api.yaml Api@api.yaml prod GET /pets allow', 'Reader@api.yaml Api@api.yaml prod POST /pets allow'] },
    addsAccess: false,
  },
  {
    name: 'a method open to anyone through a resource policy',
    base: [{ kind: 'role' }],
    head: [{ public: true }, { principal: 'Writer', public: true }],
    expected: { ...none, added: ['Writer@api.yaml Api@api.yaml prod GET /pets allow'], public: ['Reader@api.yaml Api@api.yaml prod GET /pets allow'] },
    addsAccess: true,
  },
  {
    name: 'a method without authorization',
    base: [],
    head: [{ principal: '*', kind: 'anyone' }],
    expected: { ...none, added: ['*@api.yaml Api@api.yaml prod GET /pets allow'], public: ['*@api.yaml Api@api.yaml prod GET /pets allow'] },
    addsAccess: true,
  },
];

for (const c of cases) {
  test(`diffMatrices: ${c.name}`, () => {
    const unreadable = (files: string[] | undefined) => (files ?? []).map((file) => ({ file, reason: 'parse-error' }));
    const diff = diffMatrices({ rows: c.base.map(row), unreadable: unreadable(c.unreadable?.base) }, { rows: c.head.map(row), unreadable: unreadable(c.unreadable?.head) }, { renames: new Map(Object.entries(c.renames ?? {})) });
    assert.deepEqual(shape(diff), c.expected);
    assert.equal(addsAccess(diff), c.addsAccess);
  });
}
