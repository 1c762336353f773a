/**
 * Keeps the rule registry, the rule modules, their docs pages and their tests in step.
 * Every check is one test per rule, so a failure names the rule and what it lacks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { rules } from '../../server/src/core/rules/index';

/** The repository root: this file runs from out/test/core. */
const ROOT = join(__dirname, '..', '..', '..');
const RULES_DIR = join(ROOT, 'server', 'src', 'core', 'rules');
const DOCS_DIR = join(ROOT, 'docs', 'rules');
const TESTS_DIR = join(ROOT, 'test', 'core', 'rules');

const ID = /^[a-z]+\/[a-z0-9-]+$/;
/** Folders under rules/ that hold helpers, not rules. */
const NOT_AREAS = new Set(['shared']);
/** Areas whose rules the parser or the runner raise: a plain `test(` is enough for them. */
const PARSER_AREAS = new Set(['syntax', 'internal']);
/** Sections every docs page has, in this order; "Quick fixes" sits before "Messages" when the rule is fixable. */
const SECTIONS = ['Why', 'Incorrect', 'Correct', 'Messages', 'When not to use it', 'References'];

const areaOf = (id: string): string => id.split('/')[0]!;
const read = (path: string): string => readFileSync(path, 'utf8');
const rel = (path: string): string => relative(ROOT, path);

/** `<area>/<name>` for every file `<dir>/<area>/<name><suffix>`. */
function idsUnder(dir: string, suffix: string, skip: ReadonlySet<string> = new Set()): string[] {
  if (!existsSync(dir)) {
    return [];
  }
  const ids: string[] = [];
  for (const area of readdirSync(dir).sort()) {
    const areaDir = join(dir, area);
    if (skip.has(area) || !statSync(areaDir).isDirectory()) {
      continue;
    }
    for (const file of readdirSync(areaDir).sort()) {
      if (file.endsWith(suffix) && !file.endsWith('.d.ts') && statSync(join(areaDir, file)).isFile()) {
        ids.push(`${area}/${file.slice(0, -suffix.length)}`);
      }
    }
  }
  return ids;
}

const registered = new Set(rules.map((r) => r.id));

test('meta: the registry is not empty', () => {
  assert.ok(rules.length > 0);
});

test('meta: rule ids are unique', () => {
  const seen = new Set<string>();
  const duplicates = rules.map((r) => r.id).filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
  assert.deepEqual(duplicates, []);
});

test('meta: every rule module under server/src/core/rules/<area>/ is registered', () => {
  // rules/define.ts and rules/index.ts sit directly under rules/, so they are no area's files.
  const files = idsUnder(RULES_DIR, '.ts', NOT_AREAS);
  assert.deepEqual(
    files.filter((id) => !registered.has(id)),
    [],
    'rule modules missing from server/src/core/rules/index.ts',
  );
});

test('meta: every docs page under docs/rules/<area>/ belongs to a registered rule', () => {
  assert.deepEqual(
    idsUnder(DOCS_DIR, '.md').filter((id) => !registered.has(id)),
    [],
  );
});

test('meta: every test file under test/core/rules/<area>/ belongs to a registered rule', () => {
  assert.deepEqual(
    idsUnder(TESTS_DIR, '.test.ts').filter((id) => !registered.has(id)),
    [],
  );
});

for (const rule of rules) {
  const { id } = rule;
  const messageIds = Object.keys(rule.messages);
  const docsPath = join(DOCS_DIR, `${id}.md`);
  const testPath = join(TESTS_DIR, `${id}.test.ts`);

  test(`meta ${id}: id is <area>/<kebab-name> and equals its module path`, () => {
    assert.match(id, ID);
    assert.ok(!NOT_AREAS.has(areaOf(id)), `"${areaOf(id)}" holds helpers, not rules`);
    assert.ok(existsSync(join(RULES_DIR, `${id}.ts`)), `no module server/src/core/rules/${id}.ts`);
  });

  test(`meta ${id}: metadata is complete`, () => {
    assert.ok(messageIds.length > 0, 'no messages');
    assert.ok(rule.docs.summary.trim().length > 0, 'no docs.summary');
    assert.ok(!rule.docs.summary.includes('\n'), 'docs.summary must be one line');
    assert.ok(['error', 'warning', 'info'].includes(rule.defaultSeverity));
    if (PARSER_AREAS.has(areaOf(id))) {
      assert.deepEqual(rule.appliesTo, [], 'parser-raised rules apply to no document kind of their own');
    } else {
      assert.ok(rule.appliesTo.length > 0, 'appliesTo is empty, so the rule never runs');
    }
  });

  test(`meta ${id}: docs page has the heading, the summary and the metadata of the rule`, () => {
    assert.ok(existsSync(docsPath), `no docs page ${rel(docsPath)} (start from docs/rules/TEMPLATE.md)`);
    const lines = read(docsPath).split(/\r?\n/);
    assert.equal(lines[0], `# ${id}`, 'the first line must be the heading "# <rule id>"');
    const summary = lines.find((l) => l.startsWith('> '));
    assert.equal(summary?.slice(2), rule.docs.summary, 'the "> " line must equal docs.summary');
    const meta = lines.find((l) => l.startsWith('**Default severity:**'));
    assert.ok(meta, 'no "**Default severity:** … · **Fixable:** … · **Applies to:** …" line');
    assert.ok(meta.startsWith(`**Default severity:** ${rule.defaultSeverity} · `), `default severity must read ${rule.defaultSeverity}`);
    assert.ok(meta.includes(` · **Fixable:** ${rule.fixable ? 'yes' : 'no'} · **Applies to:** `), `fixable must read ${rule.fixable ? 'yes' : 'no'}`);
  });

  test(`meta ${id}: docs page has every section, and Quick fixes exactly when the rule is fixable`, () => {
    assert.ok(existsSync(docsPath), `no docs page ${rel(docsPath)}`);
    const headings = read(docsPath)
      .split(/\r?\n/)
      .filter((l) => l.startsWith('## '))
      .map((l) => l.slice(3).trim());
    const expected = rule.fixable ? [...SECTIONS.slice(0, 3), 'Quick fixes', ...SECTIONS.slice(3)] : SECTIONS;
    assert.deepEqual(headings, expected);
  });

  test(`meta ${id}: docs page lists every message id`, () => {
    assert.ok(existsSync(docsPath), `no docs page ${rel(docsPath)}`);
    const text = read(docsPath);
    const messages = text.slice(text.indexOf('## Messages'), text.indexOf('## When not to use it'));
    assert.deepEqual(
      messageIds.filter((m) => !messages.includes(`| \`${m}\` |`)),
      [],
      'message ids without a row in the Messages table',
    );
  });

  test(`meta ${id}: has a test file with tests`, () => {
    assert.ok(existsSync(testPath), `no test file ${rel(testPath)}`);
    const text = read(testPath);
    if (PARSER_AREAS.has(areaOf(id))) {
      assert.ok(/\bruleTester\(|\btest\(/.test(text), `${rel(testPath)} has no ruleTester( or test( call`);
    } else {
      assert.ok(text.includes('ruleTester('), `${rel(testPath)} has no ruleTester( table`);
    }
  });

  test(`meta ${id}: every message id is exercised by its tests`, () => {
    assert.ok(existsSync(testPath), `no test file ${rel(testPath)}`);
    const text = read(testPath);
    assert.deepEqual(
      messageIds.filter((m) => !text.includes(`messageId: '${m}'`) && !text.includes(`messageId: "${m}"`)),
      [],
      `message ids never expected in ${rel(testPath)}`,
    );
  });
}

test('meta: docs/rules/README.md is up to date with the rule metadata', () => {
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'gen-rule-index.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(result.status, 0, `${result.stderr}${result.stdout}Run \`node scripts/gen-rule-index.mjs\`.`);
});
