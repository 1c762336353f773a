/**
 * Pattern coverage of a method's ARN language: all, some or none, including the facts in
 * DOMAIN.md section 1 (`*` crosses `/`, the root keeps its trailing slash, `{param}` is one
 * segment, `{proxy+}` several) and a pattern built to make a backtracking matcher explode.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coverage, pathPieces, SymbolTable, type Piece } from '../../../server/src/core/access/language';

const symbols = new SymbolTable();
const PREFIX = 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/';
const method = (path: string, stage = 'prod', verb = 'GET'): Piece[] => [{ kind: 'text', text: symbols.encode(`${PREFIX}${stage}/${verb}/`, 't.yaml') }, ...pathPieces(path)];
const p = (pattern: string): string => symbols.encode(pattern, 't.yaml');

const rows: [string, string, Piece[], 'all' | 'some' | 'none'][] = [
  ['every API in every region (AmazonAPIGatewayInvokeFullAccess)', 'arn:aws:execute-api:*:*:*', method('/pets/{id}'), 'all'],
  ['api-id/* is any stage, verb and path', p(`${PREFIX}*`), method('/pets/{id}/toys'), 'all'],
  ['a path parameter is covered by * in its place', p(`${PREFIX}*/GET/pets/*`), method('/pets/{id}'), 'all'],
  ['a prefix of the parameter covers some values only', p(`${PREFIX}*/GET/pets/a1*`), method('/pets/{id}'), 'some'],
  ['the literal {param} matches only the odd request for "{id}"', p(`${PREFIX}*/GET/pets/{id}`), method('/pets/{id}'), 'some'],
  ['the root keeps its trailing slash: VERB without it is not covered', p(`${PREFIX}*/GET`), method('/'), 'none'],
  ['VERB/* covers the root, since * matches nothing', p(`${PREFIX}*/GET/*`), method('/'), 'all'],
  ['another API of the same template', p('arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${OtherApi}/*'), method('/pets'), 'none'],
  ['a literal region does not cover the template region', 'arn:aws:execute-api:us-east-1:*:*', method('/pets'), 'none'],
  ['a non-ARN resource covers nothing', 'bogus', method('/pets'), 'none'],
  ['? is one character, so one-character ids only', p(`${PREFIX}*/*/pets/?`), method('/pets/{id}'), 'some'],
  ['{proxy+} may or may not end in /x', p(`${PREFIX}*/*/pets/*/x`), method('/pets/{proxy+}'), 'some'],
  ['a wildcard API id (Deny …:*/prod/*) covers the prod stage of every API', 'arn:aws:execute-api:*:*:*/prod/*', method('/pets'), 'all'],
  ['…and nothing of the dev stage', 'arn:aws:execute-api:*:*:*/prod/*', method('/pets', 'dev'), 'none'],
  ['…but a dev path containing /prod/ would be', 'arn:aws:execute-api:*:*:*/prod/*', method('/x/prod/{id}', 'dev'), 'all'],
  ['verbs are upper case: a lower-case verb is not the request', p(`${PREFIX}*/get/*`), method('/pets'), 'none'],
  // Issue #15: the fields before the resource are matched one by one (ArnLike), so a `*` in
  // the region cannot line another account up with text inside a greedy path.
  ['a * region with another account never covers {proxy+}', p('arn:aws:execute-api:*:999988887777:${MyApi}/*'), method('/{proxy+}'), 'none'],
  ['…nor a {proxy+} whose path could spell the account', p('arn:aws:execute-api:*:999988887777:*'), method('/a/{proxy+}'), 'none'],
  ['a * account with the template API covers it all', p('arn:aws:execute-api:${AWS::Region}:*:${MyApi}/*'), method('/{proxy+}'), 'all'],
  ['a ? in the account field matches one character of it only', p('arn:aws:execute-api:*:?:${MyApi}/*'), method('/pets'), 'all'],
  ['a pattern of fewer fields ending in * expands across the colons', p('arn:aws:execute-api:*'), method('/{proxy+}'), 'all'],
];

for (const [name, pattern, pieces, expected] of rows) {
  test(`coverage: ${name}`, () => {
    assert.equal(coverage(pattern, pieces).coverage, expected);
  });
}

test('coverage: *a*a*…*b against a long run of a stays fast and says none', () => {
  const started = process.hrtime.bigint();
  const result = coverage('*a'.repeat(40) + '*b', [{ kind: 'text', text: 'a'.repeat(5000) }]);
  assert.equal(result.coverage, 'none');
  // A sanity bound only (a backtracking matcher takes astronomically long here).
  assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 5000);
});

test('pathPieces: root, trailing slash, parameters and greedy parameters', () => {
  assert.deepEqual(pathPieces('/'), []);
  assert.deepEqual(pathPieces('/pets/'), [{ kind: 'text', text: 'pets' }]);
  assert.deepEqual(pathPieces('/pets/{id}/toys'), [{ kind: 'text', text: 'pets/' }, { kind: 'segment' }, { kind: 'text', text: '/toys' }]);
  assert.deepEqual(pathPieces('/{proxy+}'), [{ kind: 'greedy' }]);
});
