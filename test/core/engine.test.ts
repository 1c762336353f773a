/**
 * The engine (server/src/core/engine.ts) owns everything the core keeps between calls. This
 * checks that it is so (no module of the core keeps a cache of its own), and that what the
 * kept tables answer is what a computation from nothing answers: `fresh()` runs against new,
 * empty tables, over the corpus and over chains of edits parsed incrementally.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fresh, tables } from '../../server/src/core/engine';
import type { Finding, SourceDocument } from '../../server/src/core/types';
import { REPO_ROOT } from '../lsp/client';
import { analyzer, parse } from '../helpers';
import { corpusFiles, prng } from '../robustness/fuzz-lib';
import { samBase } from '../robustness/incremental-lib';

const CORE = join(REPO_ROOT, 'server', 'src', 'core');

function coreFiles(dir = CORE): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? coreFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

/**
 * Module-level state: a `let`/`var`, a WeakMap or WeakSet, or an empty Map, Set or array that is not
 * declared read-only (a constant index built from data, `new Map(rules.map(…))`, is fine).
 */
const MODULE_STATE = /^(?:export )?(?:let|var) |^(?:export )?const \w+(?:: (?!Readonly)[^=]+)? = new (?:WeakMap|WeakSet|Map|Set)\b(?:<[^(]*>)?\(\s*\)|^(?:export )?const \w+(?:: (?!readonly |Readonly)[^=]+)? = \[\]/m;

test('no module of the core keeps state of its own: only the engine does', () => {
  const offenders = coreFiles()
    .filter((file) => !file.endsWith(join('core', 'engine.ts')))
    .flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => MODULE_STATE.test(line) || /^const \w+ = new WeakMap/.test(line))
        .map(({ line, i }) => `${relative(REPO_ROOT, file)}:${i + 1}: ${line.trim()}`),
    );
  assert.deepEqual(offenders, []);
  // The check itself must catch what it is for.
  for (const bad of ['const recent: { inputs: unknown[] }[] = [];', 'const queue = [];', 'let memo = new Map();', 'const memo = new WeakMap<object, string>();', 'const memo = new Map<string, number>();', 'export let last: string | undefined;']) {
    assert.ok(MODULE_STATE.test(bad), bad);
  }
  for (const fine of ['const NONE: readonly string[] = [];', "const KINDS = ['a', 'b'];", 'const BY_ID: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));', "const KEYS = new Set(['a', 'b']);", "const memo = weakTable<DocNode, string>('x');"]) {
    assert.ok(!MODULE_STATE.test(fine), fine);
  }
  const names = tables().map((t) => t.name);
  assert.equal(new Set(names).size, names.length, 'table names are unique');
  assert.ok(names.length >= 30, `the engine holds the core's tables (${names.length})`);
});

const key = (f: Finding): string => `${f.ruleId} ${f.messageId} ${f.root} ${JSON.stringify(f.path)} ${f.offset}+${f.length} ${f.severity} ${f.message}`;
const findingsOf = (doc: SourceDocument): string[] => analyzer.analyze(doc).map(key).sort();

test('kept tables answer what a computation from nothing answers, on every corpus file', () => {
  const files = corpusFiles();
  // Warm the tables with every file first, so each file is then analysed with what the others left.
  const docs = files.map((f) => parse(f.text, f.format));
  docs.forEach((doc) => analyzer.analyze(doc));
  files.forEach((file, i) => {
    const kept = findingsOf(docs[i]!);
    const scratch = fresh(() => findingsOf(parse(file.text, file.format)));
    assert.deepEqual(kept, scratch, file.name);
  });
});

test('kept tables answer what a computation from nothing answers, along chains of edits parsed incrementally', () => {
  const random = prng(13);
  const base = samBase(4);
  const words = ['Alow', 'Allow', 'Deny', 'prod', 'dev', 's3:GetObjectt', 'execute-api:Invoke', 'GET', 'POST', '/items/9', 'Stage', 'Fn1', 'Reader'];
  for (let chain = 0; chain < 4; chain++) {
    let text = base;
    let doc = parse(text, 'yaml');
    analyzer.analyze(doc);
    for (let step = 0; step < 25; step++) {
      // Replace a word somewhere: names, values, parameters, routes and grants all change.
      const from = Math.floor(random() * text.length);
      const m = /[A-Za-z0-9:/*-]+/.exec(text.slice(from));
      if (!m) {
        continue;
      }
      const at = from + m.index;
      text = text.slice(0, at) + words[Math.floor(random() * words.length)]! + text.slice(at + m[0].length);
      doc = analyzer.reparse(doc, text, { format: 'yaml' });
      const kept = findingsOf(doc);
      const scratch = fresh(() => findingsOf(parse(text, 'yaml')));
      assert.deepEqual(kept, scratch, `chain ${chain}, step ${step}`);
    }
  }
});
