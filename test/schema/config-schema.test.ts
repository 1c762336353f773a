/**
 * The configuration file's JSON Schema (schemas/gatewarden-config.schema.json, contributed to
 * VS Code through jsonValidation and yamlValidation) against what the configuration parser
 * accepts: the same keys at every level, every rule id, and the bundled configurations
 * (examples/, the README's sample) valid under both. A key the parser learns without the
 * schema, or a rule added without regenerating it, fails here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse as parseYamlText } from 'yaml';
import { CONFIG_KEYS, parseProjectConfig } from '../../server/src/core/services/project-config';
import { RULES_BY_ID } from '../../server/src/core/rules';

const root = path.resolve(__dirname, '../../..');
const schemaFile = path.join(root, 'schemas', 'gatewarden-config.schema.json');

interface ObjectSchema {
  properties: Record<string, unknown>;
  additionalProperties?: unknown;
}
interface Schema extends ObjectSchema {
  properties: {
    overrides: { items: ObjectSchema };
    environments: { additionalProperties: ObjectSchema };
  } & Record<string, unknown>;
  definitions: { ruleSeverities: ObjectSchema };
}

const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as Schema;
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
const REGENERATE = 'run `node scripts/gen-rule-index.mjs` to regenerate the schema';

test('the schema declares exactly the keys the parser accepts, at the top, in overrides and in environments', () => {
  assert.deepEqual(Object.keys(schema.properties).sort(), [...CONFIG_KEYS.top].sort(), 'top-level keys (server/src/core/services/project-config.ts TOP_KEYS)');
  assert.deepEqual(Object.keys(schema.properties.overrides.items.properties).sort(), [...CONFIG_KEYS.override].sort());
  assert.deepEqual(Object.keys(schema.properties.environments.additionalProperties.properties).sort(), [...CONFIG_KEYS.environment].sort());
  for (const object of [schema, schema.properties.overrides.items, schema.properties.environments.additionalProperties, schema.definitions.ruleSeverities]) {
    assert.equal(object.additionalProperties, false, 'unknown keys are errors, as in the parser');
  }
});

test('the schema lists every rule id of the registry, and nothing else', () => {
  assert.deepEqual(Object.keys(schema.definitions.ruleSeverities.properties).sort(), [...RULES_BY_ID.keys()].sort(), REGENERATE);
});

/** Configuration files under a folder, and the README's sample. */
function bundledConfigs(): { name: string; format: 'json' | 'yaml'; text: string }[] {
  const out: { name: string; format: 'json' | 'yaml'; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) {
        walk(full);
      } else if (/^\.gatewarden\.(ya?ml|json)$/.test(name)) {
        out.push({ name: path.relative(root, full), format: name.endsWith('.json') ? 'json' : 'yaml', text: readFileSync(full, 'utf8') });
      }
    }
  };
  walk(path.join(root, 'examples'));
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const sample = /```yaml\n(# \.gatewarden\.yaml\n[\s\S]*?)```/.exec(readme);
  assert.ok(sample, 'README.md has a ```yaml block starting with "# .gatewarden.yaml"');
  out.push({ name: 'README.md sample', format: 'yaml', text: sample[1]! });
  return out;
}

test('the bundled configurations are valid for the parser and for the schema', () => {
  const configs = bundledConfigs();
  assert.ok(configs.some((c) => c.name.startsWith('examples')), 'examples/ holds at least one configuration file');
  for (const config of configs) {
    const parsed = parseProjectConfig(config.text, { format: config.format });
    assert.deepEqual(parsed.problems.map((p) => p.code), [], `${config.name}: the parser reports no problem`);
    const value: unknown = config.format === 'json' ? JSON.parse(config.text) : parseYamlText(config.text);
    assert.ok(validate(value ?? {}), `${config.name}: ${JSON.stringify(validate.errors)}`);
  }
});

// Each configuration the parser rejects for one reason the schema can express, and a few it
// accepts; the schema must agree on each.
const CASES: readonly { text: string; parser: readonly string[]; schema: boolean }[] = [
  { text: 'rules: {iam/invalid-effect: off}', parser: [], schema: true },
  { text: 'rules: {iam/no-such-rule: off}', parser: ['unknownRule'], schema: false },
  { text: 'rules: {iam/invalid-effect: loud}', parser: ['badSeverity'], schema: false },
  { text: 'rulez: {}', parser: ['unknownKey'], schema: false },
  { text: 'ignore: generated/', parser: [], schema: true },
  { text: 'ignore: [generated/, "*.snapshot.json"]', parser: [], schema: true },
  { text: 'ignore: [1]', parser: ['wrongType'], schema: false },
  { text: 'overrides: [{files: [a/**], rules: {iam/invalid-version: off}}]', parser: [], schema: true },
  { text: 'overrides: [{rules: {}}]', parser: ['wrongType'], schema: false },
  { text: 'overrides: [{files: [a], colour: red}]', parser: ['unknownKey'], schema: false },
  { text: 'overrides: {files: [a]}', parser: ['wrongType'], schema: false },
  { text: 'apis: {a1b2c3d4e5: infra/api.yaml#PetsApi}', parser: [], schema: true },
  { text: 'apis: {a1b2c3d4e5: openapi.json}', parser: [], schema: true },
  { text: 'apis: {a1b2c3d4e5: "infra/api.yaml#Pets-Api"}', parser: ['badApi'], schema: false },
  { text: 'apis: {"a b": api.yaml}', parser: ['badApi'], schema: false },
  { text: 'productionStages: [prod, live]', parser: [], schema: true },
  { text: 'environments: {dev: {files: [stacks/**], account: "111122223333", region: eu-west-1, stages: [dev]}}', parser: [], schema: true },
  { text: 'environments: {dev: {files: [a], account: 111122223333}}', parser: ['badEnvironment'], schema: false },
  { text: 'environments: {dev: {files: [a], region: Europe}}', parser: ['badEnvironment'], schema: false },
  { text: 'environments: {dev: {account: "111122223333"}}', parser: ['badEnvironment'], schema: false },
  { text: 'environments: {dev: {files: [a], zone: b}}', parser: ['unknownKey'], schema: false },
  { text: 'access: {expect: [{deny: {principal: ReaderRole, method: POST /orders}}, {only: {method: "* /admin/*", principals: [AdminRole]}}]}', parser: [], schema: true },
  { text: 'access: {expect: [{public: {methods: [GET /health]}}, {separate: {stages: [prod], from: [dev, staging]}}]}', parser: [], schema: true },
  { text: 'access: {expect: [{deni: {principal: R, method: GET /}}]}', parser: ['badAssertion'], schema: false },
  { text: 'access: {expect: [{deny: {principal: R, method: /orders}}]}', parser: ['badAssertion'], schema: false },
  { text: 'access: {expect: [{deny: {principal: R}}]}', parser: ['badAssertion'], schema: false },
  { text: 'access: {expect: [{only: {method: GET /, principals: []}}]}', parser: ['badAssertion'], schema: false },
  { text: 'access: {expects: []}', parser: ['unknownKey'], schema: false },
];

test('the schema and the parser agree on accepted and rejected configurations', () => {
  for (const { text, parser, schema: valid } of CASES) {
    assert.deepEqual(parseProjectConfig(text, { format: 'yaml' }).problems.map((p) => p.code), parser, `parser on ${text}`);
    assert.equal(validate(parseYamlText(text)), valid, `schema on ${text}: ${JSON.stringify(validate.errors)}`);
  }
});
