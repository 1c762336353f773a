/**
 * Which environments a file deploys to: the nearest configuration file's `environments`
 * (globs relative to it), else the editor setting's (relative to the workspace folder), and
 * the production names from the configuration, the setting or the default.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { createEnvironmentLookup } from '../../server/src/config/environments';
import { createConfigResolver } from '../../server/src/config/load';
import { nodeHost } from '../../server/src/host/node';
import { makeTempDir, removeDir } from './run';

const CONFIG = `environments:
  dev:
    files: [stacks/**]
    account: "111122223333"
    region: eu-west-1
    stages: [dev]
  prod:
    files: [stacks/api.yaml]
    account: "444455556666"
    region: us-east-1
    stages: [prod]
productionStages: [prod, Live]
`;

test('environments: a file is in every environment whose globs match it, as configured', () => {
  const dir = makeTempDir({ '.gatewarden.yaml': CONFIG, 'stacks/api.yaml': '', 'stacks/roles.yaml': '', 'other/x.yaml': '' });
  try {
    const lookup = createEnvironmentLookup(createConfigResolver({ host: nodeHost, boundary: () => dir }), dir);
    const names = (file: string): string[] => lookup.of(path.join(dir, file)).map((e) => `${e.name}:${e.account ?? ''}:${e.region ?? ''}:${e.stages.join('+')}`);
    assert.deepEqual(names('stacks/api.yaml'), ['dev:111122223333:eu-west-1:dev', 'prod:444455556666:us-east-1:prod']);
    assert.deepEqual(names('stacks/roles.yaml'), ['dev:111122223333:eu-west-1:dev']);
    assert.deepEqual(names('other/x.yaml'), []);
    assert.deepEqual(lookup.productionStages, ['prod', 'Live']);
  } finally {
    removeDir(dir);
  }
});

test('environments: the setting applies where no configuration file says, and the default production names', () => {
  const dir = makeTempDir({ 'a/.gatewarden.yaml': CONFIG, 'a/stacks/api.yaml': '', 'b/stacks/api.yaml': '' });
  try {
    const setting = { dir, environments: [{ name: 'staging', files: ['b/**'], account: '777788889999', region: 'eu-central-1', stages: ['staging'] }] };
    const lookup = createEnvironmentLookup(createConfigResolver({ host: nodeHost, boundary: () => dir }), dir, [setting]);
    assert.deepEqual(lookup.of(path.join(dir, 'b/stacks/api.yaml')).map((e) => e.name), ['staging']);
    // The configuration file wins alone for the files under it.
    assert.deepEqual(lookup.of(path.join(dir, 'a/stacks/api.yaml')).map((e) => e.name), ['dev', 'prod']);
    assert.deepEqual(lookup.productionStages, ['prod', 'production', 'live']);
    const configured = createEnvironmentLookup(createConfigResolver({ host: nodeHost, boundary: () => dir }), dir, [{ ...setting, productionStages: ['main'] }]);
    assert.deepEqual(configured.productionStages, ['main']);
    assert.notEqual(configured.key, lookup.key);
  } finally {
    removeDir(dir);
  }
});
