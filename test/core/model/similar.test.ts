/**
 * "Did you mean" distances: optimal string alignment (a swap of neighbours is one edit),
 * capped so that a hopeless comparison stops early.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestMatch, editDistance } from '../../../server/src/core/util/similar';

const distances: readonly { a: string; b: string; max?: number; distance: number }[] = [
  { a: 'Effect', b: 'Effect', distance: 0 },
  { a: '', b: '', distance: 0 },
  { a: '', b: 'abc', distance: 3 },
  { a: 'abc', b: '', distance: 3 },
  { a: 'Efect', b: 'Effect', distance: 1 },
  { a: 'Efffect', b: 'Effect', distance: 1 },
  { a: 'Eggect', b: 'Effect', distance: 2 },
  { a: 'kitten', b: 'sitting', distance: 3 },
  // Transpositions of neighbours are one edit.
  { a: 'Efefct', b: 'Effect', distance: 1 },
  { a: 'ab', b: 'ba', distance: 1 },
  { a: 'Actoin', b: 'Action', distance: 1 },
  { a: 'abcdef', b: 'badcfe', distance: 3 },
  // Optimal string alignment edits no substring twice, so this is 3 (true Damerau: 2).
  { a: 'ca', b: 'abc', distance: 3 },
  // The cap: anything beyond `max` is reported as max + 1.
  { a: 'kitten', b: 'sitting', max: 3, distance: 3 },
  { a: 'kitten', b: 'sitting', max: 1, distance: 2 },
  { a: 'kitten', b: 'sitting', max: 0, distance: 1 },
  { a: 'a', b: 'abcdef', max: 2, distance: 3 },
  { a: 'Effect', b: 'Effect', max: 0, distance: 0 },
  { a: 'x'.repeat(500), b: 'y'.repeat(500), max: 2, distance: 3 },
];

for (const c of distances) {
  test(`similar editDistance(${JSON.stringify(c.a.slice(0, 12))}, ${JSON.stringify(c.b.slice(0, 12))}${c.max === undefined ? '' : `, ${c.max}`}) = ${c.distance}`, () => {
    assert.equal(editDistance(c.a, c.b, c.max), c.distance);
    assert.equal(editDistance(c.b, c.a, c.max), c.distance, 'symmetric');
  });
}

const EFFECTS = ['Allow', 'Deny'];
const ELEMENTS = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

const matches: readonly { word: string; candidates: readonly string[]; max?: number; match: string | undefined }[] = [
  { word: 'allow', candidates: EFFECTS, match: 'Allow' },
  { word: 'DENY', candidates: EFFECTS, match: 'Deny' },
  { word: 'Dney', candidates: EFFECTS, match: 'Deny' },
  { word: 'Alow', candidates: EFFECTS, match: 'Allow' },
  { word: 'xyz', candidates: EFFECTS, match: undefined },
  { word: 'Condtion', candidates: ELEMENTS, match: 'Condition' },
  { word: 'Actoin', candidates: ELEMENTS, match: 'Action' },
  { word: 'NotActon', candidates: ELEMENTS, match: 'NotAction' },
  // The default limit is a third of the word's length, at least one edit.
  { word: 'Ac', candidates: ['Action'], match: undefined },
  { word: 'Efect', candidates: ELEMENTS, match: 'Effect' },
  { word: 'Efct', candidates: ELEMENTS, match: undefined },
  { word: 'Efct', candidates: ELEMENTS, max: 2, match: 'Effect' },
  { word: 'anything', candidates: [], match: undefined },
  // On a tie the first candidate wins.
  { word: 'ab', candidates: ['ax', 'ay'], match: 'ax' },
];

for (const c of matches) {
  test(`similar closestMatch(${JSON.stringify(c.word)}${c.max === undefined ? '' : `, max ${c.max}`}) = ${String(c.match)}`, () => {
    assert.equal(closestMatch(c.word, c.candidates, c.max), c.match);
  });
}
