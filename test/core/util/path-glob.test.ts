/**
 * Path globs (core/util/path-glob.ts) as tables: single patterns, ordered lists with
 * `!negation`, anchoring and folder-only patterns, invalid patterns with their offsets, and
 * the step count on the shapes that make a backtracking matcher explode.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePathGlobList, MAX_ALTERNATIVES, parsePathGlob, type PathGlobProblem, type StepCounter } from '../../../server/src/core/util/path-glob';

const matches = (patterns: readonly string[], file: string, isDirectory = false, counter?: StepCounter): boolean => {
  const { list, errors } = compilePathGlobList(patterns);
  assert.deepEqual(errors, [], `invalid patterns in ${JSON.stringify(patterns)}`);
  return list.matches(file, isDirectory, counter);
};

describe('path glob: one pattern', () => {
  const cases: ReadonlyArray<readonly [pattern: string, path: string, expected: boolean, isDirectory?: boolean]> = [
    // No slash: a name at any depth; a folder's name covers what is below it.
    ['*.json', 'a.json', true],
    ['*.json', 'x/y/a.json', true],
    ['*.json', 'a.json.bak', false],
    ['build', 'build', true],
    ['build', 'src/build/x.json', true],
    ['build', 'builder/x.json', false],
    // `*` and `?` stay within a name; `*` matches dot files as git's does.
    ['a*b', 'a/b', false],
    ['a*b', 'ab', true],
    ['a*b', 'axxb', true],
    ['*', '.hidden', true],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['?', '😀', true],
    // Classes: ranges, negation with ! or ^, a leading ] taken literally.
    ['[a-c]x', 'bx', true],
    ['[a-c]x', 'dx', false],
    ['[!a-c]x', 'dx', true],
    ['[^a-c]x', 'ax', false],
    ['[]]', ']', true],
    ['[a-]', '-', true],
    ['[*]', '*', true],
    ['[*]', 'x', false],
    // Anchoring: a leading / or ./, or a slash inside the pattern.
    ['/top.json', 'top.json', true],
    ['/top.json', 'sub/top.json', false],
    ['./top.json', 'top.json', true],
    ['a/b.json', 'a/b.json', true],
    ['a/b.json', 'x/a/b.json', false],
    // `**` segments.
    ['**/b.json', 'b.json', true],
    ['**/b.json', 'x/y/b.json', true],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['a/**/b', 'x/a/b', false],
    ['a/**', 'a/x', true],
    ['a/**', 'a', false, true],
    ['**', 'anything/at/all', true],
    ['a**b', 'axb', true],
    ['a**b', 'a/b', false],
    // A trailing / matches folders only: the folder itself when told so, and what is below.
    ['build/', 'build', false],
    ['build/', 'build', true, true],
    ['build/', 'build/x.json', true],
    ['build/', 'src/build/x.json', true],
    // Braces expand; backslashes are folder separators.
    ['*.{yml,yaml}', 'x/t.yaml', true],
    ['*.{yml,yaml}', 'x/t.json', false],
    ['{a,b/c}.json', 'b/c.json', true],
    ['{a,b/c}.json', 'x/a.json', true],
    ['a\\b.json', 'a/b.json', true],
    // Literal characters regular expressions would read as syntax.
    ['file(1)+.json', 'file(1)+.json', true],
    ['^$.json', '^$.json', true],
    ['  padded.json  ', 'padded.json', true],
  ];
  for (const [pattern, path, expected, isDirectory] of cases) {
    test(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}${isDirectory ? ' (folder)' : ''}`, () => {
      assert.equal(matches([pattern], path, isDirectory), expected);
    });
  }
});

describe('path glob: ordered lists and !negation', () => {
  const cases: ReadonlyArray<readonly [patterns: readonly string[], path: string, expected: boolean]> = [
    [['*.json', '!keep.json'], 'keep.json', false],
    [['*.json', '!keep.json'], 'deep/keep.json', false],
    [['*.json', '!keep.json'], 'other.json', true],
    // The last matching pattern decides.
    [['!keep.json', '*.json'], 'keep.json', true],
    [['*.json', '!keep.json', 'keep.json'], 'keep.json', true],
    // Contents of a folder can be re-included; a file inside an excluded folder cannot (as in git).
    [['build/*', '!build/keep.json'], 'build/keep.json', false],
    [['build/**', '!build/keep.json'], 'build/keep.json', false],
    [['build/', '!build/keep.json'], 'build/keep.json', true],
    [['build', '!build/keep.json'], 'build/keep.json', true],
    // Re-including the folder itself brings it back, and then the file with it.
    [['build/', '!build/'], 'build/keep.json', false],
    // A negation alone excludes nothing.
    [['!*.json'], 'a.json', false],
    [[], 'a.json', false],
  ];
  for (const [patterns, path, expected] of cases) {
    test(`[${patterns.join(', ')}] ${expected ? 'excludes' : 'keeps'} ${path}`, () => {
      assert.equal(matches(patterns, path), expected);
    });
  }
});

describe('path glob: invalid patterns, with the offset of the problem', () => {
  const cases: ReadonlyArray<readonly [pattern: string, problem: PathGlobProblem, offset: number, length: number]> = [
    ['[z-a]', 'badRange', 1, 3],
    ['x/[b-a].json', 'badRange', 3, 3],
    ['ab[c', 'unclosedClass', 2, 1],
    ['[!]', 'unclosedClass', 0, 1],
    ['a{b,c', 'unclosedBrace', 1, 1],
    ['{a,{b,c}', 'unclosedBrace', 0, 1],
    ['!', 'empty', 0, 1],
    ['/', 'empty', 0, 1],
    ['  !x[', 'unclosedClass', 4, 1],
    ['{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}', 'tooManyAlternatives', 30, 1],
  ];
  for (const [pattern, problem, offset, length] of cases) {
    test(`${JSON.stringify(pattern)}: ${problem} at ${offset}`, () => {
      const parsed = parsePathGlob(pattern);
      assert.ok('error' in parsed, 'expected an error');
      assert.deepEqual(parsed.error, { problem, offset, length });
    });
  }

  test('a list leaves invalid entries out and names their index', () => {
    const { list, errors } = compilePathGlobList(['*.tmp', '[z-a]', 'build/']);
    assert.deepEqual(
      errors.map((e) => [e.index, e.error.problem]),
      [[1, 'badRange']],
    );
    assert.equal(list.matches('build/x.json'), true);
    assert.equal(list.matches('z.json'), false);
  });

  test(`${MAX_ALTERNATIVES} alternatives are allowed`, () => {
    assert.ok('glob' in parsePathGlob('{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}'));
  });
});

describe('path glob: steps stay within 2 × pattern length × path length', () => {
  const deep = (n: number, last: string): string => [...Array.from({ length: n }, (_, i) => `d${i}`), last].join('/');
  // Shapes that take a backtracking matcher seconds or more (see the bench figures in #14).
  const cases: ReadonlyArray<readonly [name: string, pattern: string, path: string, expected: boolean]> = [
    ['*a*a…*b against 40 a', `${'*a'.repeat(12)}*b`, 'a'.repeat(40), false],
    ['*a*a…*b against 4,000 a', `${'*a'.repeat(200)}*b`, 'a'.repeat(4000), false],
    ['eight **/ on a 30-deep path', `${'**/'.repeat(8)}z.json`, deep(30, 'y.json'), false],
    ['eight **/ on a 30-deep path, matching', `${'**/'.repeat(8)}y.json`, deep(30, 'y.json'), true],
    ['**/a/**/a/… on a deep path of a', `${'**/a/'.repeat(20)}b`, Array.from({ length: 60 }, () => 'a').join('/'), false],
    ['[a-z]*[a-z]*… against a long name', `${'[a-z]*'.repeat(30)}0`, 'q'.repeat(2000), false],
  ];
  for (const [name, pattern, path, expected] of cases) {
    test(name, () => {
      const counter = { steps: 0 };
      assert.equal(matches([pattern], path, false, counter), expected);
      // A step is one pattern position advanced over one path character or one name; names
      // are at most half the characters, and the `**` before an unanchored pattern is extra.
      const bound = 2 * (pattern.length + 2) * (path.length + 2);
      assert.ok(counter.steps <= bound, `${counter.steps} steps, bound ${bound}`);
    });
  }
});
