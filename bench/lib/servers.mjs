// The two language servers the scale benchmarks drive, started the way an editor starts them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { startClient } from './client.mjs';

/**
 * Gatewarden validates a document this long after its last change (VALIDATION_DELAY_MS in
 * server/src/lsp/handlers/diagnostics.ts); per-edit times include it.
 */
export const GATEWARDEN_DEBOUNCE_MS = 20;

/**
 * yaml-language-server validates this long after a change (validationDelayMs in its
 * yamlSettings, not a setting); its per-edit times include it, as ours include ours.
 */
export const YLS_DEBOUNCE_MS = 200;

/** Starts dist/server.js under `root` (the repository) with `rootPath` as the workspace folder. */
export function startGatewarden(root, rootPath, { maxRssMb, nodeArgs = [] } = {}) {
  return startClient({
    args: [...nodeArgs, join(root, 'dist', 'server.js'), '--stdio'],
    rootPath,
    configuration: () => ({}),
    maxRssMb,
  });
}

/**
 * CloudFormation's short-form intrinsic functions, declared as custom tags the way a
 * CloudFormation user configures yaml-language-server in VS Code; without them every `!Ref`
 * is an "Unresolved tag" error and the comparison would time error reporting.
 */
const CFN_TAGS = [
  '!And sequence',
  '!Base64 scalar',
  '!Cidr sequence',
  '!Condition scalar',
  '!Equals sequence',
  '!FindInMap sequence',
  '!GetAtt scalar',
  '!GetAtt sequence',
  '!GetAZs scalar',
  '!If sequence',
  '!ImportValue scalar',
  '!Join sequence',
  '!Not sequence',
  '!Or sequence',
  '!Ref scalar',
  '!Select sequence',
  '!Split sequence',
  '!Sub scalar',
  '!Sub sequence',
];

/**
 * Starts Red Hat's yaml-language-server (the pinned devDependency) with validation on and
 * no schema: the schema store and the Kubernetes CRD store are off, as nothing may be
 * fetched here and a schema would change what is measured. It still parses every document
 * and publishes its syntax diagnostics after each change.
 */
export function startYamlLanguageServer(rootPath, { maxRssMb } = {}) {
  const bin = join(dirname(createRequire(import.meta.url).resolve('yaml-language-server/package.json')), 'bin', 'yaml-language-server');
  const yaml = {
    validate: true,
    hover: true,
    completion: true,
    customTags: CFN_TAGS,
    schemas: {},
    schemaStore: { enable: false, url: '' },
    kubernetesCRDStore: { enable: false },
    disableSchemaDetection: [],
  };
  return startClient({
    args: [bin, '--stdio'],
    rootPath,
    configuration: (section) => (section === 'yaml' ? yaml : section === '[yaml]' ? { 'yaml.validate': true } : {}),
    maxRssMb,
  });
}
