// The packaged .vsix against the .vscodeignore allow-list and the marketplace manifest.
// Plain node:test, run by `npm run test:e2e` right after `npm run package` (which is what
// builds the file): `GATEWARDEN_VSIX=path node --test test/package/`. Without the variable it
// looks for ./<name>-<version>.vsix and fails if there is none.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, URL } from 'node:url';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

const root = fileURLToPath(new URL('../..', import.meta.url));
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vsix = process.env.GATEWARDEN_VSIX ?? join(root, `${manifest.name}-${manifest.version}.vsix`);

/** The entries of a zip file, read from its central directory (vsce writes plain zips). */
function zipEntries(buffer) {
  let end = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 0xffff); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  assert.notEqual(end, -1, `${vsix} is not a zip file`);
  const count = buffer.readUInt16LE(end + 10);
  let offset = buffer.readUInt32LE(end + 16);
  const entries = new Map();
  for (let n = 0; n < count; n++) {
    assert.equal(buffer.readUInt32LE(offset), 0x02014b50, 'corrupt central directory');
    const method = buffer.readUInt16LE(offset + 10);
    const compressedSize = buffer.readUInt32LE(offset + 20);
    const size = buffer.readUInt32LE(offset + 24);
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const local = buffer.readUInt32LE(offset + 42);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    const read = () => {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + compressedSize);
      return method === 0 ? data : inflateRawSync(data);
    };
    entries.set(name, { size, read });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

assert.ok(existsSync(vsix), `${vsix} does not exist: run \`npm run package\` first`);
const entries = zipEntries(readFileSync(vsix));
const names = [...entries.keys()].sort();
const packaged = JSON.parse(entries.get('extension/package.json').read().toString('utf8'));
const grammarPaths = (packaged.contributes?.grammars ?? []).map((g) => `extension/${g.path.replace(/^\.\//, '')}`);
/** The schemas jsonValidation and yamlValidation name, which must ship. */
const validationUrls = [...(packaged.contributes?.jsonValidation ?? []), ...(packaged.contributes?.yamlValidation ?? [])].map((v) => `extension/${v.url.replace(/^\.\//, '')}`);

/** Everything a .vsix may hold: vsce's own two files, then the allow-list of .vscodeignore. */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/readme\.md$/,
  /^extension\/changelog\.md$/,
  /^extension\/LICENSE\.txt$/,
  /^extension\/images\/icon\.png$/,
  /^extension\/dist\/(client|server|server-main)\.js$/,
  /^extension\/dist\/iam\/(index|services\/[a-z0-9-]+)\.json$/,
  /^extension\/syntaxes\/[\w.-]+\.tmLanguage\.json$/,
  /^extension\/schemas\/gatewarden-config\.schema\.json$/,
  /^extension\/docs\/rules\/(README|[a-z]+\/[a-z0-9-]+)\.md$/,
];

test(`the .vsix holds only allow-listed files (${names.length} entries, ${Math.round(statSync(vsix).size / 1024)} KiB)`, () => {
  const unexpected = names.filter((name) => !ALLOWED.some((pattern) => pattern.test(name)));
  assert.deepEqual(unexpected, []);
});

test('the .vsix holds the bundles, README, CHANGELOG, LICENSE, icon and every contributed grammar', () => {
  const required = [
    'extension/package.json',
    'extension/dist/client.js',
    'extension/dist/server.js',
    'extension/dist/server-main.js',
    'extension/readme.md',
    'extension/changelog.md',
    'extension/LICENSE.txt',
    `extension/${packaged.icon}`,
    ...grammarPaths,
    ...validationUrls,
  ];
  assert.ok(grammarPaths.length > 0, 'package.json contributes no grammar');
  assert.deepEqual(required.filter((name) => !entries.has(name)), []);
  assert.equal(`extension/${packaged.main.replace(/^\.\//, '')}`, 'extension/dist/client.js');
});

test('the .vsix holds the IAM data the server reads, all of it', () => {
  const built = join(root, 'dist', 'iam');
  if (!existsSync(join(built, 'index.json'))) {
    // The build writes no IAM data (yet): then nothing of it may ship either.
    assert.deepEqual(names.filter((name) => name.startsWith('extension/dist/iam/')), []);
    return;
  }
  const services = readdirSync(join(built, 'services')).filter((name) => name.endsWith('.json'));
  const expected = ['extension/dist/iam/index.json', ...services.map((name) => `extension/dist/iam/services/${name}`)].sort();
  assert.deepEqual(names.filter((name) => name.startsWith('extension/dist/iam/')), expected);
});

test('the bundles are production builds: minified, no source maps', () => {
  assert.deepEqual(names.filter((name) => name.endsWith('.map')), []);
  const client = entries.get('extension/dist/client.js').read().toString('utf8');
  assert.ok(!client.includes('sourceMappingURL'), 'dist/client.js refers to a source map');
  assert.ok(client.split('\n').length < 50, 'dist/client.js is not minified');
});

test('the manifest is complete for a marketplace listing', () => {
  for (const field of ['displayName', 'description', 'publisher', 'version', 'license', 'icon']) {
    assert.ok(typeof packaged[field] === 'string' && packaged[field].length > 0, `missing ${field}`);
  }
  assert.ok(packaged.categories?.length > 0, 'missing categories');
  assert.ok(packaged.keywords?.length > 0, 'missing keywords');
  assert.match(packaged.repository?.url ?? '', /^https:\/\//);
  assert.equal(packaged.capabilities?.untrustedWorkspaces?.supported, true);
  // engines.vscode is the oldest VS Code whose API we compile against.
  assert.equal(packaged.engines?.vscode, `^${manifest.devDependencies['@types/vscode']}`);
  const injection = packaged.contributes.grammars.find((g) => g.injectTo);
  assert.deepEqual(injection?.injectTo, ['source.json', 'source.yaml']);
  const icon = entries.get(`extension/${packaged.icon}`).read();
  assert.equal(icon.readUInt32BE(16), 128, 'the icon is 128 pixels wide');
  assert.equal(icon.readUInt32BE(20), 128, 'the icon is 128 pixels high');
});

test('the .vsix holds the documentation page of every rule, for reading offline', () => {
  const docs = join(root, 'docs', 'rules');
  const pages = readdirSync(docs)
    .filter((area) => statSync(join(docs, area)).isDirectory())
    .flatMap((area) => readdirSync(join(docs, area)).filter((name) => name.endsWith('.md')).map((name) => `extension/docs/rules/${area}/${name}`));
  assert.ok(pages.length > 0);
  assert.deepEqual(pages.filter((name) => !entries.has(name)), []);
});

test('the configuration schema is contributed for JSON and for YAML', () => {
  const json = packaged.contributes.jsonValidation ?? [];
  const yaml = packaged.contributes.yamlValidation ?? [];
  assert.deepEqual(json.flatMap((v) => v.fileMatch), ['.gatewarden.json']);
  assert.deepEqual(yaml.flatMap((v) => v.fileMatch), ['.gatewarden.yaml', '.gatewarden.yml']);
  assert.deepEqual([...new Set([...json, ...yaml].map((v) => v.url))], ['./schemas/gatewarden-config.schema.json']);
});
