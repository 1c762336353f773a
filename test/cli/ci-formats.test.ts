/**
 * Reports for CI: `--format github` (workflow commands), `--format junit` (JUnit XML),
 * and `--output-file` / `--format NAME:FILE`, which write reports to files while the text
 * report stays on standard output.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeData, escapeProperty, xml } from '../../server/src/cli/format-ci';
import type { JsonFinding } from '../../server/src/cli/format';
import { makeTempDir, policyJson, removeDir, runCli } from './run';

/** `"Alow"` (iam/invalid-effect, an error) on line 5, column 17; two equal Sids (a warning). */
const POLICY = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Effect": "Alow",',
  '      "Action": "s3:GetObject",',
  '      "Resource": "arn:aws:s3:::b/*"',
  '    }',
  '  ]',
  '}',
  '',
].join('\n');

const WARNING_ONLY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    { Sid: 'Same', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::example-bucket/*' },
    { Sid: 'Same', Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:::example-bucket/*' },
  ],
});

interface Annotation {
  readonly command: string;
  readonly properties: Record<string, string>;
  readonly message: string;
}

/** Parses workflow command lines as the runner does: properties split on `,` and `=`, then percent-decoded. */
function annotations(stdout: string): Annotation[] {
  const decode = (s: string): string => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((line) => {
      const match = /^::(\w+) ([^:]*)::(.*)$/.exec(line);
      assert.ok(match, `not a workflow command: ${line}`);
      const properties = Object.fromEntries(match[2]!.split(',').map((p) => [p.slice(0, p.indexOf('=')), decode(p.slice(p.indexOf('=') + 1))]));
      return { command: match[1]!, properties, message: decode(match[3]!) };
    });
}

describe('--format github', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({ 'infra/p.json': POLICY, 'warn.json': WARNING_ONLY, 'ok.json': policyJson('Allow') });
  });
  after(() => removeDir(dir));

  test('one workflow command per finding, 1-based range, rule id as title, severity as command', async () => {
    const json = await runCli(['check', '--format', 'json'], { cwd: dir });
    const findings = JSON.parse(json.stdout) as JsonFinding[];
    const { code, stdout, stderr } = await runCli(['check', '--format', 'github'], { cwd: dir });
    assert.deepEqual([code, stderr], [json.code, '']);
    const commands = { error: 'error', warning: 'warning', info: 'notice' };
    assert.deepEqual(
      annotations(stdout),
      findings.map((f) => ({
        command: commands[f.severity],
        properties: {
          file: f.file.split(path.sep).join('/'),
          line: String(f.range.start.line + 1),
          col: String(f.range.start.character + 1),
          endLine: String(f.range.end.line + 1),
          endColumn: String(f.range.end.character + 1),
          title: f.ruleId,
        },
        message: f.message,
      })),
    );
    const effect = annotations(stdout).find((a) => a.properties['title'] === 'iam/invalid-effect');
    assert.deepEqual([effect?.command, effect?.properties['file'], effect?.properties['line'], effect?.properties['col']], ['error', 'infra/p.json', '5', '17']);
    assert.ok(annotations(stdout).some((a) => a.command === 'warning' && a.properties['title'] === 'iam/duplicate-sid'));
  });

  test('no findings: no output, exit 0', async () => {
    const { code, stdout } = await runCli(['check', 'ok.json', '--format', 'github'], { cwd: dir });
    assert.deepEqual([code, stdout], [0, '']);
  });

  const escapes: ReadonlyArray<readonly [string, string, string]> = [
    ['100%', '100%25', '100%25'],
    ['a\nb\r\nc', 'a%0Ab%0D%0Ac', 'a%0Ab%0D%0Ac'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['::error::x', '::error::x', '%3A%3Aerror%3A%3Ax'],
    ['%0A', '%250A', '%250A'],
    ['bell\u0007', 'bell\\x07', 'bell\\x07'],
  ];
  for (const [raw, data, property] of escapes) {
    test(`escapes ${JSON.stringify(raw)}`, () => {
      assert.equal(escapeData(raw), data);
      assert.equal(escapeProperty(raw), property);
    });
  }

  test('a file name with a comma, a colon and a newline stays one property', async () => {
    const odd = makeTempDir({ 'a,b:c\nd.json': POLICY });
    try {
      const { stdout } = await runCli(['check', '--format', 'github'], { cwd: odd });
      const [only] = annotations(stdout);
      assert.equal(stdout.split('\n').filter((l) => l !== '').length, 1);
      assert.equal(only?.properties['file'], 'a,b:c\nd.json');
      assert.equal(only?.properties['title'], 'iam/invalid-effect');
    } finally {
      removeDir(odd);
    }
  });
});

interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
  text: string;
}

/**
 * A strict little XML reader for the subset JUnit reports use (a declaration, elements,
 * attributes in double quotes, character data, the five entities). It throws on anything
 * not well-formed: an unclosed or mismatched tag, a bare `&` or `<`, a character XML 1.0
 * forbids.
 */
function parseXml(text: string): XmlElement {
  assert.ok(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'), 'no XML declaration');
  // eslint-disable-next-line no-control-regex
  assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text), 'a character XML 1.0 forbids');
  const entity = (s: string): string => {
    assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(s), `a bare & in ${s}`);
    return s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
  };
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/g;
  let at = text.indexOf('\n') + 1;
  tag.lastIndex = at;
  for (let m = tag.exec(text); m; m = tag.exec(text)) {
    assert.equal(m.index, at, `not well-formed at ${at}: ${text.slice(at, at + 40)}`);
    at = tag.lastIndex;
    const top = stack[stack.length - 1]!;
    if (m[5] !== undefined) {
      top.text += entity(m[5]);
    } else if (m[1] === '/') {
      assert.equal(top.name, m[2], `</${m[2]}> closes <${top.name}>`);
      stack.pop();
    } else {
      const attributes = Object.fromEntries([...m[3]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, entity(a[2]!)]));
      const element: XmlElement = { name: m[2]!, attributes, children: [], text: '' };
      top.children.push(element);
      if (m[4] !== '/') {
        stack.push(element);
      }
    }
  }
  assert.equal(at, text.length, `not well-formed at ${at}`);
  assert.equal(stack.length, 1, 'unclosed elements');
  assert.equal(root.children.length, 1, 'one root element');
  return root.children[0]!;
}

describe('--format junit', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({ 'infra/p.json': POLICY, 'warn.json': WARNING_ONLY, 'ok.json': policyJson('Allow') });
  });
  after(() => removeDir(dir));

  test('one test case per file, one failure per finding at or above --fail-on, counts on the suite', async () => {
    for (const failOn of ['error', 'warning'] as const) {
      const json = await runCli(['check', '--format', 'json', '--fail-on', failOn], { cwd: dir });
      const findings = JSON.parse(json.stdout) as JsonFinding[];
      const { code, stdout } = await runCli(['check', '--format', 'junit', '--fail-on', failOn], { cwd: dir });
      assert.equal(code, json.code);
      const suites = parseXml(stdout);
      assert.equal(suites.name, 'testsuites');
      const suite = suites.children.find((c) => c.name === 'testsuite')!;
      const cases = suite.children.filter((c) => c.name === 'testcase');
      assert.deepEqual(cases.map((c) => c.attributes['name']).sort(), ['infra/p.json', 'ok.json', 'warn.json']);
      const rank = { info: 0, warning: 1, error: 2 };
      const failing = findings.filter((f) => rank[f.severity] >= rank[failOn]);
      const failures = cases.flatMap((c) => c.children.filter((x) => x.name === 'failure').map((x) => [c.attributes['name'], x.attributes['type'], x.attributes['message']]));
      assert.deepEqual(failures.sort(), failing.map((f) => [f.file.split(path.sep).join('/'), f.ruleId, f.message]).sort());
      const failedCases = new Set(failing.map((f) => f.file)).size;
      assert.deepEqual([suite.attributes['tests'], suite.attributes['failures']], ['3', String(failedCases)]);
      assert.deepEqual([suites.attributes['tests'], suites.attributes['failures']], ['3', String(failedCases)]);
    }
  });

  test('a warning below --fail-on is no failure; it is listed in system-out', async () => {
    const { code, stdout } = await runCli(['check', 'warn.json', '--format', 'junit'], { cwd: dir });
    assert.equal(code, 0);
    const testcase = parseXml(stdout).children[0]!.children.find((c) => c.name === 'testcase')!;
    assert.deepEqual(testcase.children.map((c) => c.name), ['system-out']);
    assert.match(testcase.children[0]!.text, /iam\/duplicate-sid/);
  });

  test('file names and messages with XML specials and control characters stay well-formed', async () => {
    const odd = makeTempDir({ 'a&b<c>"\'.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "<&\u0001>", "Action": "s3:GetObject", "Resource": "*"}]}' });
    try {
      const { stdout } = await runCli(['check', '--format', 'junit'], { cwd: odd });
      const testcase = parseXml(stdout).children[0]!.children.find((c) => c.name === 'testcase')!;
      assert.equal(testcase.attributes['name'], 'a&b<c>"\'.json');
      assert.ok(testcase.children.some((c) => c.name === 'failure' && c.attributes['type'] === 'iam/invalid-effect'));
    } finally {
      removeDir(odd);
    }
  });

  test('xml() escapes the specials and replaces characters XML cannot hold', () => {
    assert.equal(xml(`a&b<c>"d'`), 'a&amp;b&lt;c&gt;&quot;d&apos;');
    assert.equal(xml('x\u0000y\u001bz\ud800'), 'x\\u0000y\\u001bz\\ud800');
    assert.equal(xml('tab\tnl\n😀'), 'tab\tnl\n😀');
  });
});

describe('reports written to files', () => {
  let dir = '';
  before(() => {
    dir = makeTempDir({ 'p.json': POLICY });
  });
  after(() => removeDir(dir));

  test('--format sarif --output-file: SARIF in the file, text on standard output', async () => {
    const { code, stdout } = await runCli(['check', 'p.json', '--format', 'sarif', '--output-file', 'out/r.sarif'], { cwd: dir });
    assert.equal(code, 1);
    assert.match(stdout, /^p\.json:5:17 error iam\/invalid-effect /m);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'r.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0]?.results.map((r) => r.ruleId), ['iam/invalid-effect']);
  });

  test('--format github --format sarif:FILE --format junit:FILE: annotations on stdout, each file its format', async () => {
    const { code, stdout } = await runCli(['check', 'p.json', '--format', 'github', '--format', 'sarif:r.sarif', '--format', 'junit:r.xml'], { cwd: dir });
    assert.equal(code, 1);
    assert.deepEqual(annotations(stdout).map((a) => a.properties['title']), ['iam/invalid-effect']);
    const sarif = JSON.parse(fs.readFileSync(path.join(dir, 'r.sarif'), 'utf8')) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(sarif.runs[0]?.results.map((r) => r.ruleId), ['iam/invalid-effect']);
    assert.equal(parseXml(fs.readFileSync(path.join(dir, 'r.xml'), 'utf8')).name, 'testsuites');
  });

  test('--format json -o FILE: the file holds exactly what standard output would', async () => {
    const direct = await runCli(['check', 'p.json', '--format', 'json'], { cwd: dir });
    await runCli(['check', 'p.json', '--format', 'json', '-o', 'r.json'], { cwd: dir });
    assert.equal(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'), direct.stdout);
  });

  test('files are never coloured', async () => {
    const { stdout } = await runCli(['check', 'p.json', '--format', 'text:r.txt'], { cwd: dir, colour: true });
    assert.ok(stdout.includes('\u001b['));
    assert.ok(!fs.readFileSync(path.join(dir, 'r.txt'), 'utf8').includes('\u001b['));
  });

  test('a report that cannot be written: exit 2', async () => {
    const { code, stderr } = await runCli(['check', 'p.json', '--format', 'sarif:p.json/inside.sarif'], { cwd: dir });
    assert.equal(code, 2);
    assert.match(stderr, /p\.json\/inside\.sarif/);
  });
});
