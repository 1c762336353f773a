/**
 * The pure part of project configuration: text → validated config or problems with exact
 * offsets. Problems are asserted by code and by the text they point at, never by message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stringify as yamlStringify } from 'yaml';
import { parseEnvironmentsSetting, parseProjectConfig, type ConfigProblemCode } from '../../../server/src/core/index';

const FULL_YAML = `rules:
  iam/duplicate-sid: off
  iam/policy-size: error
ignore:
  - generated/
  - "*.snapshot.json"
overrides:
  - files: [legacy/**]
    rules: { iam/invalid-effect: warning }
apis:
  a1b2c3d4e5: infra/api.yaml#PetsApi
  openapi-only: specs/pets.openapi.yaml
productionStages: [prod, live]
`;

test('config: a full YAML configuration', () => {
  const { config, problems } = parseProjectConfig(FULL_YAML, { format: 'yaml' });
  assert.deepEqual(problems, []);
  assert.deepEqual(config, {
    rules: { 'iam/duplicate-sid': 'off', 'iam/policy-size': 'error' },
    ignore: ['generated/', '*.snapshot.json'],
    overrides: [{ files: ['legacy/**'], rules: { 'iam/invalid-effect': 'warning' } }],
    apis: {
      a1b2c3d4e5: { file: 'infra/api.yaml', logicalId: 'PetsApi' },
      'openapi-only': { file: 'specs/pets.openapi.yaml', logicalId: undefined },
    },
    productionStages: ['prod', 'live'],
    environments: [],
    access: { expect: [] },
  });
});

test('config: JSON with $schema, and an empty file', () => {
  const json = parseProjectConfig('{"$schema": "x", "rules": {"iam/invalid-sid": "info"}}', { format: 'json' });
  assert.deepEqual(json.problems, []);
  assert.deepEqual(json.config?.rules, { 'iam/invalid-sid': 'info' });
  assert.equal(json.config?.productionStages, undefined);
  const empty = parseProjectConfig('', { format: 'yaml' });
  assert.deepEqual(empty.problems, []);
  assert.deepEqual(empty.config?.rules, {});
});

test('config: package.json with and without a gatewarden key', () => {
  const without = parseProjectConfig('{"name": "x", "version": "1.0.0"}', { format: 'json', packageJson: true });
  assert.equal(without.config, undefined);
  const withKey = parseProjectConfig('{"name": "x", "gatewarden": {"ignore": ["a/"]}}', { format: 'json', packageJson: true });
  assert.deepEqual(withKey.problems, []);
  assert.deepEqual(withKey.config?.ignore, ['a/']);
  const broken = parseProjectConfig('{"name": "x", "gatewarden": {"rulez": {}}}', { format: 'json', packageJson: true });
  assert.deepEqual(broken.problems.map((p) => p.code), ['unknownKey']);
});

const problemCases: ReadonlyArray<{ name: string; text: string; format?: 'json' | 'yaml'; expected: [ConfigProblemCode, string][] }> = [
  { name: 'unknown top-level key', text: 'rulez:\n  iam/duplicate-sid: off\n', expected: [['unknownKey', 'rulez']] },
  { name: 'unknown rule id', text: 'rules:\n  iam/invalid-efect: off\n', expected: [['unknownRule', 'iam/invalid-efect']] },
  { name: 'bad severity', text: 'rules:\n  iam/invalid-effect: loud\n', expected: [['badSeverity', 'loud']] },
  { name: 'rules not a mapping', text: 'rules: [a]\n', expected: [['notObject', '[a]']] },
  { name: 'ignore item not a string', text: 'ignore:\n  - 3\n  - ok/\n', expected: [['wrongType', '3']] },
  { name: 'overrides not a list', text: 'overrides: {files: [a]}\n', expected: [['wrongType', '{files: [a]}']] },
  { name: 'override without files', text: 'overrides:\n  - rules: {iam/invalid-sid: off}\n', expected: [['wrongType', 'rules: {iam/invalid-sid: off}\n']] },
  { name: 'override with an unknown key', text: 'overrides:\n  - files: [a]\n    rulez: {}\n', expected: [['unknownKey', 'rulez']] },
  { name: 'api definition with a bad logical id', text: 'apis:\n  abc: "t.yaml#Not-An-Id"\n', expected: [['badApi', '"t.yaml#Not-An-Id"']] },
  { name: 'api id with a slash', text: 'apis:\n  a/b: t.yaml#Api\n', expected: [['badApi', 'a/b']] },
  { name: 'api definition not a string', text: 'apis:\n  abc: 3\n', expected: [['badApi', '3']] },
  { name: 'productionStages not strings', text: 'productionStages: [prod, 1]\n', expected: [['wrongType', '1']] },
  { name: 'environments not a mapping', text: 'environments: [dev]\n', expected: [['notObject', '[dev]']] },
  { name: 'environment without files', text: 'environments:\n  dev: {account: "111122223333"}\n', expected: [['badEnvironment', 'dev']] },
  { name: 'environment with an unknown key', text: 'environments:\n  dev: {files: [a], acount: "111122223333"}\n', expected: [['unknownKey', 'acount']] },
  { name: 'account of 11 digits', text: 'environments:\n  dev: {files: [a], account: "11112222333"}\n', expected: [['badEnvironment', '"11112222333"']] },
  { name: 'account as a YAML number (leading zeros are lost)', text: 'environments:\n  dev: {files: [a], account: 011122223333}\n', expected: [['badEnvironment', '011122223333']] },
  { name: 'region not a region name', text: 'environments:\n  dev: {files: [a], region: Virginia}\n', expected: [['badEnvironment', 'Virginia']] },
  { name: 'stages not strings', text: 'environments:\n  dev: {files: [a], stages: [dev, 2]}\n', expected: [['wrongType', '2']] },
  { name: 'not a mapping', text: '- a\n- b\n', expected: [['notObject', '- a\n- b\n']] },
  { name: 'broken YAML', text: 'rules: {iam/invalid-sid: off\n', expected: [['syntax', '']] },
  { name: 'duplicate key', text: 'ignore: [a]\nignore: [b]\n', expected: [['syntax', 'ignore']] },
  { name: 'broken JSON', text: '{"rules": {}', format: 'json', expected: [['syntax', '']] },
  // An invalid glob points at the character that makes it invalid, quoted or not.
  { name: 'a glob range that runs backwards', text: 'ignore:\n  - "[z-a]"\n', expected: [['badGlob', 'z-a']] },
  { name: 'an unclosed class', text: 'ignore:\n  - ok/\n  - x/[ab\n', expected: [['badGlob', '[']] },
  { name: 'an unclosed brace in overrides', text: 'overrides:\n  - files: ["*.{json,yaml"]\n    rules: {}\n', expected: [['badGlob', '{']] },
  { name: 'a negation of nothing', text: 'ignore: ["!"]\n', expected: [['badGlob', '!']] },
  { name: 'a glob in JSON', text: '{"ignore": ["a", "b[9-0]"]}', format: 'json', expected: [['badGlob', '9-0']] },
  // With an escape the source text is not the pattern: the whole entry is pointed at.
  { name: 'a glob written with escapes', text: 'ignore: ["\\u005bz-a]"]\n', expected: [['badGlob', '"\\u005bz-a]"']] },
  { name: 'every problem, not only the first', text: 'rulez: {}\nrules:\n  x/y: off\n  iam/invalid-sid: 2\n', expected: [['unknownKey', 'rulez'], ['unknownRule', 'x/y'], ['badSeverity', '2']] },
];

for (const c of problemCases) {
  test(`config problem: ${c.name}`, () => {
    const { problems } = parseProjectConfig(c.text, { format: c.format ?? 'yaml' });
    const got = problems.map((p): [ConfigProblemCode, string] => [p.code, c.expected.some(([, t]) => t === '') && p.code === 'syntax' ? '' : c.text.slice(p.offset, p.offset + p.length)]);
    assert.deepEqual(got, c.expected);
  });
}

test('config: environments, in YAML and JSON', () => {
  const yaml = `environments:
  dev:
    files: [infra/**]
    account: "111122223333"
    region: eu-west-1
    stages: [dev, staging]
  prod:
    files: infra/api.yaml
    account: "444455556666"
    region: us-gov-west-1
    stages: prod
  unknown-account:
    files: [other/]
productionStages: [prod]
`;
  const expected = [
    { name: 'dev', files: ['infra/**'], account: '111122223333', region: 'eu-west-1', stages: ['dev', 'staging'] },
    { name: 'prod', files: ['infra/api.yaml'], account: '444455556666', region: 'us-gov-west-1', stages: ['prod'] },
    { name: 'unknown-account', files: ['other/'], account: undefined, region: undefined, stages: [] },
  ];
  const fromYaml = parseProjectConfig(yaml, { format: 'yaml' });
  assert.deepEqual(fromYaml.problems, []);
  assert.deepEqual(fromYaml.config?.environments, expected);
  assert.deepEqual(fromYaml.config?.productionStages, ['prod']);
  const json = JSON.stringify({ environments: { dev: { files: ['infra/**'], account: '111122223333', region: 'eu-west-1', stages: ['dev', 'staging'] } } });
  const fromJson = parseProjectConfig(json, { format: 'json' });
  assert.deepEqual(fromJson.problems, []);
  assert.deepEqual(fromJson.config?.environments, [expected[0]]);
  assert.deepEqual(parseProjectConfig('rules: {}\n', { format: 'yaml' }).config?.environments, []);
});

test('config: the gatewarden.environments setting is validated as the file is', () => {
  const good = parseEnvironmentsSetting({ prod: { files: ['**/prod/*.yaml'], account: '444455556666', region: 'us-east-1', stages: ['prod'] } });
  assert.deepEqual(good.problems, []);
  assert.deepEqual(good.environments, [{ name: 'prod', files: ['**/prod/*.yaml'], account: '444455556666', region: 'us-east-1', stages: ['prod'] }]);
  assert.deepEqual(parseEnvironmentsSetting(undefined), { environments: [], problems: [] });
  const bad = parseEnvironmentsSetting({ prod: { files: ['a'], account: 444455556666, regoin: 'us-east-1' } });
  assert.deepEqual(bad.problems.map((p) => p.code).sort(), ['badEnvironment', 'unknownKey']);
  assert.deepEqual(bad.environments.map((e) => e.account), [undefined]);
  assert.deepEqual(parseEnvironmentsSetting(['prod']).problems.map((p) => p.code), ['notObject']);
});

/**
 * Broken access assertions (access.expect): each a `badAssertion` problem at what breaks it,
 * written once in YAML and once in JSON (the JSON text is the same value, stringified).
 */
const assertionProblems: ReadonlyArray<{ name: string; item: unknown; at: string; code?: ConfigProblemCode }> = [
  { name: 'an unknown kind', item: { deni: { principal: 'R', method: 'GET /' } }, at: 'deni' },
  { name: 'two kinds in one item', item: { deny: { principal: 'R', method: 'GET /' }, only: { method: 'GET /', principals: ['R'] } }, at: 'only' },
  { name: 'a kind whose value is no mapping', item: { public: 'GET /health' }, at: 'GET /health' },
  { name: 'deny without a method', item: { deny: { principal: 'R' } }, at: 'deny' },
  { name: 'deny with an unknown key', item: { deny: { principal: 'R', method: 'GET /', stage: 'prod' } }, at: 'stage', code: 'unknownKey' },
  { name: 'a method without a verb', item: { deny: { principal: 'R', method: '/orders' } }, at: '/orders' },
  { name: 'a method with an unknown verb', item: { deny: { principal: 'R', method: 'FETCH /orders' } }, at: 'FETCH /orders' },
  { name: 'a method whose path does not start with /', item: { only: { method: 'GET orders', principals: ['R'] } }, at: 'GET orders' },
  { name: 'a principal that is no string', item: { deny: { principal: 3, method: 'GET /' } }, at: '3' },
  { name: 'principals that are no list', item: { only: { method: 'GET /', principals: 'R' } }, at: 'R' },
  { name: 'an empty list of principals', item: { only: { method: 'GET /', principals: [] } }, at: '[]' },
  { name: 'a public method that is no pattern', item: { public: { methods: ['GET /health', 'health'] } }, at: 'health' },
  { name: 'separate with no stages on one side', item: { separate: { stages: ['prod'], from: [] } }, at: '[]' },
  { name: 'an item that is no mapping', item: 'deny ReaderRole', at: 'deny ReaderRole' },
];

for (const format of ['yaml', 'json'] as const) {
  for (const c of assertionProblems) {
    test(`config problem (${format}): access.expect ${c.name}`, () => {
      const good = { deny: { principal: 'ReaderRole', method: 'POST /orders' } };
      const value = { access: { expect: [good, c.item] } };
      const text = format === 'json' ? JSON.stringify(value, null, 2) : yamlStringify(value);
      const { config, problems } = parseProjectConfig(text, { format });
      assert.deepEqual(problems.map((p) => p.code), [c.code ?? 'badAssertion']);
      // Pointed at what breaks it (JSON strings carry their quotes).
      assert.equal(text.slice(problems[0]!.offset, problems[0]!.offset + problems[0]!.length).trimEnd().replace(/^"|"$/g, '').replace(/^- /, ''), c.at);
      // The broken item is left out; the good one still applies.
      assert.deepEqual(config?.access.expect.map((a) => a.kind), ['deny']);
    });
  }
}

test('config: access.expect in YAML and JSON reads the same assertions', () => {
  const items = [
    { deny: { principal: 'ReaderRole', method: 'post /orders' } },
    { only: { method: '* /admin/*', principals: ['AdminRole', 'arn:aws:iam::*:role/ops-*'] } },
    { public: { methods: ['GET /health'] } },
    { separate: { stages: ['prod'], from: ['dev', 'staging'] } },
  ];
  const strip = (text: string, format: 'json' | 'yaml'): unknown => parseProjectConfig(text, { format }).config?.access.expect.map(({ offset: _o, length: _l, ...rest }) => rest);
  const yaml = strip(yamlStringify({ access: { expect: items } }), 'yaml');
  assert.deepEqual(yaml, strip(JSON.stringify({ access: { expect: items } }), 'json'));
  assert.deepEqual(yaml, [
    { kind: 'deny', principal: 'ReaderRole', method: 'post /orders', index: 0 },
    { kind: 'only', method: '* /admin/*', principals: ['AdminRole', 'arn:aws:iam::*:role/ops-*'], index: 1 },
    { kind: 'public', methods: ['GET /health'], index: 2 },
    { kind: 'separate', stages: ['prod'], from: ['dev', 'staging'], index: 3 },
  ]);
  const unknown = parseProjectConfig('access:\n  expects: []\n', { format: 'yaml' });
  assert.deepEqual(unknown.problems.map((p) => p.code), ['unknownKey']);
  const notList = parseProjectConfig('{"access": {"expect": {"deny": {}}}}', { format: 'json' });
  assert.deepEqual(notList.problems.map((p) => p.code), ['badAssertion']);
});
