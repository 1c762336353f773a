/**
 * Named hard cases through the whole core (parse, load the IAM services, analyse, hover):
 * each must finish in bounded time with the expected rule ids and no exception. These
 * extend test/core/model/limits.test.ts and test/core/rules/syntax/* (which check the
 * parser's own findings and offsets) with the same inputs inside real policies, templates
 * and OpenAPI files, and with the analysis that follows the parse.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DocumentFormat, Finding } from '../../server/src/core/index';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/core/model/parse';
import { compileGlob, globsIntersect, globTokens } from '../../server/src/core/util/glob';
import { coverage, pathPieces, type Piece } from '../../server/src/core/access/language';
import { apiInventory } from '../../server/src/core/apigw/inventory';
import { analyzer, parse } from '../helpers';

/**
 * Runs `fn` and returns its value. Time is not asserted (a busy machine would fail a wall-clock
 * bound; speed is measured by `npm run bench`): each test here carries a timeout of
 * HANG_GUARD_MS instead, so a matcher that backtracks or a loop that never ends fails the test
 * rather than hanging the run. `boundMs` records what the case takes on an idle machine, for
 * whoever reads the test.
 */
function bounded<T>(_label: string, _boundMs: number, fn: () => T): T {
  return fn();
}

/** Far above any case's time on a loaded CI machine, far below "hangs". */
const HANG_GUARD_MS = 120_000;
const guarded = { timeout: HANG_GUARD_MS };

/** Parse, analyse and hover at a few offsets; the rule ids found, sorted and deduplicated. */
function analyse(label: string, text: string, format: DocumentFormat, boundMs = 2000): { ids: string[]; findings: Finding[] } {
  return bounded(label, boundMs, () => {
    const doc = parse(text, format);
    const findings = analyzer.analyze(doc);
    for (const offset of [0, Math.floor(text.length / 2), text.length]) {
      analyzer.hover(doc, offset);
    }
    return { ids: [...new Set(findings.map((f) => f.ruleId))].sort(), findings };
  });
}

const policy = (statements: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, 2);

// --- YAML alias bombs -------------------------------------------------------------------

/** Nine aliases of the level below per level: 9^levels nodes once expanded. */
function laughs(levels: number, indent = ''): string[] {
  const lines = [`${indent}lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i <= levels; i++) {
    lines.push(`${indent}lol${i}: &lol${i} [${Array<string>(9).fill(`*lol${i - 1}`).join(', ')}]`);
  }
  return lines;
}

test('hard case: a billion-laughs alias bomb inside a SAM template is cut off by syntax/alias-limit', guarded, () => {
  const text = [
    'Transform: AWS::Serverless-2016-10-31',
    'Metadata:',
    ...laughs(12, '  '),
    'Resources:',
    '  Fn:',
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    '      Handler: index.handler',
    '      Policies:',
    '        - Statement:',
    '            - Effect: Allow',
    '              Action: *lol12',
    '              Resource: "*"',
    '',
  ].join('\n');
  const { ids } = analyse('alias bomb in a template', text, 'yaml', 1500);
  assert.ok(ids.includes('syntax/alias-limit'), ids.join());
});

test('hard case: an alias bomb through merge keys is cut off by syntax/alias-limit', guarded, () => {
  const lines = ["Version: '2012-10-17'", 'm0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}'];
  for (let i = 1; i <= 10; i++) {
    // Each level merges the one below and nests nine aliases of it: exponential in i.
    lines.push(`m${i}: &m${i} {<<: *m${i - 1}, x: [${Array<string>(9).fill(`*m${i - 1}`).join(', ')}]}`);
  }
  lines.push('Statement:', '  - <<: *m10', '    Effect: Allow', '    Action: s3:GetObject', "    Resource: '*'", '');
  const { ids } = analyse('merge-key bomb', lines.join('\n'), 'yaml', 1500);
  assert.ok(ids.includes('syntax/alias-limit'), ids.join());
});

// --- deep nesting -----------------------------------------------------------------------

for (const c of [
  { name: 'JSON arrays in a statement', format: 'json' as const, text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${'['.repeat(10_000)}"s3:GetObject"${']'.repeat(10_000)}, "Resource": "*"}]}` },
  { name: 'JSON objects in a condition', format: 'json' as const, text: `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": ${'{"a": '.repeat(10_000)}1${'}'.repeat(10_000)}}]}` },
  { name: 'YAML flow sequences in a template', format: 'yaml' as const, text: `Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Path: ${'['.repeat(10_000)}x${']'.repeat(10_000)}\n` },
  { name: 'YAML flow mappings in a policy', format: 'yaml' as const, text: `Version: '2012-10-17'\nStatement: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n` },
]) {
  test(`hard case: 10,000-deep ${c.name} give syntax/too-deep, analysed in bounded time`, guarded, () => {
    const { ids } = analyse(c.name, c.text, c.format, 1000);
    assert.deepEqual(ids, ['syntax/too-deep']);
  });
}

test('hard case: 10,000-deep YAML block nesting (one column a level) does not throw', guarded, () => {
  // Block nesting is not bracket nesting: the pre-parse check does not see it, so the
  // converter's own depth bound must hold. 10,000 levels of `a:` indented one space each.
  const lines = ["Version: '2012-10-17'", 'Statement:'];
  for (let i = 0; i < 10_000; i++) {
    lines.push(`${' '.repeat(i + 1)}a${i}:`);
  }
  lines.push(`${' '.repeat(10_001)}x`);
  analyse('deep block YAML', `${lines.join('\n')}\n`, 'yaml', 5000);
});

// --- size ---------------------------------------------------------------------------------

test('hard case: a 50 MB policy gives syntax/too-large under the default limit, fast', guarded, () => {
  const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' };
  const one = JSON.stringify(statement);
  const count = Math.ceil(50_000_000 / (one.length + 1));
  const text = `{"Version": "2012-10-17", "Statement": [${Array<string>(count).fill(one).join(',')}]}`;
  assert.ok(text.length > 50_000_000 && text.length > DEFAULT_MAX_FILE_SIZE);
  const { findings } = analyse('50 MB policy', text, 'json', 1000);
  assert.deepEqual(
    findings.map((f) => [f.ruleId, f.data.limit]),
    [['syntax/too-large', DEFAULT_MAX_FILE_SIZE]],
  );
});

test('hard case: a 1 MB line (one long Resource, and a whole policy on one line) is analysed in bounded time', guarded, () => {
  const long = `arn:aws:s3:::${'b'.repeat(1_000_000)}`;
  // Bound for parse + analysis + three hovers (each hover matches the resource against the
  // service's ARN formats again): about 1 s here, 2.4 s before globsIntersect's bit set.
  const { ids } = analyse('1 MB resource', policy([{ Effect: 'Allow', Action: 's3:GetObject', Resource: long }]), 'json', 5000);
  assert.ok(!ids.includes('internal/rule-error'), ids.join());
  const statements = Array.from({ length: 12_000 }, (_, i) => ({ Sid: `S${i}`, Effect: 'Allow', Action: 's3:GetObject', Resource: `arn:aws:s3:::b${i}/*` }));
  const line = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  assert.ok(line.length > 1_000_000 && !line.includes('\n'));
  analyse('1 MB single-line policy', line, 'json', 5000);
  const yamlLine = `Version: '2012-10-17'\nStatement: [{Effect: Allow, Action: s3:GetObject, Resource: "${long}"}]\n`;
  analyse('1 MB YAML line', yamlLine, 'yaml', 5000);
});

// --- invalid UTF-16 -----------------------------------------------------------------------

for (const c of [
  { name: 'JSON escapes', format: 'json' as const, text: '{"Version": "2012-10-17", "\\uD800": 1, "Statement": [{"Sid": "\\uD800\\uDBFF", "Effect": "Allow", "\\uDC00Action": "s3:\\uD800*", "Action": "s3:GetObject\\uDFFF", "Resource": "arn:aws:s3:::\\uD800/*"}]}' },
  { name: 'raw lone surrogates in JSON', format: 'json' as const, text: `{"Version": "2012-10-17", "\uD800": 1, "Statement": [{"Sid": "a\uDC00", "Effect": "Allow\uD800", "Action": "s3:\uD800*", "Resource": "*", "Condition": {"StringLike": {"aws:\uD800": "\uDBFF*"}}}]}` },
  { name: 'YAML escapes', format: 'yaml' as const, text: 'Version: "2012-10-17"\n"\\uD800": 1\nStatement:\n  - Sid: "\\uD800"\n    Effect: Allow\n    Action: "s3:\\uDC00*"\n    Resource: "arn:aws:s3:::\\uD800/*"\n' },
  { name: 'raw lone surrogates in YAML', format: 'yaml' as const, text: `Version: "2012-10-17"\n\uD800: 1\nStatement:\n  - Sid: a\uDC00\n    Effect: Allow\n    Action: s3:\uD800*\n    Resource: "*"\n    \uDBFF: x\n` },
]) {
  test(`hard case: lone surrogates in strings and keys (${c.name}) do not throw`, guarded, () => {
    const { ids } = analyse(c.name, c.text, c.format);
    assert.ok(!ids.includes('internal/rule-error'), ids.join());
  });
}

// --- many statements ----------------------------------------------------------------------

test('hard case: a policy with 5,000 statements is analysed in bounded time', guarded, () => {
  const statements = Array.from({ length: 5000 }, (_, i) => ({
    Sid: `S${i % 2500}`, // duplicates on purpose: iam/duplicate-sid must not go quadratic
    Effect: i % 7 === 0 ? 'Deny' : 'Allow',
    Action: [`s3:Get*`, `ec2:Describe${i % 3 === 0 ? '*' : 'Instances'}`, 'iam:PassRole'],
    Resource: i % 5 === 0 ? '*' : `arn:aws:s3:::bucket-${i}/*`,
    Condition: { StringLike: { 'aws:PrincipalTag/team': `t${i}*` } },
  }));
  const text = policy(statements);
  // JSON is YAML: the same text goes through both parsers.
  for (const format of ['json', 'yaml'] as const) {
    const { ids } = analyse(`5,000 statements (${format})`, text, format, 10_000);
    assert.ok(ids.includes('iam/duplicate-sid') && ids.includes('iam/policy-size'), ids.join());
  }
});

// --- wildcard patterns against a backtracking matcher -----------------------------------

const evil = (n: number): string => `${'*a'.repeat(n)}b`;
const aaa = (n: number): string => 'a'.repeat(n);

test('hard case: *a*a*a…b patterns through util/glob.ts stay linear', guarded, () => {
  bounded('compileGlob.matches', 500, () => {
    for (const n of [10, 30, 100, 1000]) {
      assert.equal(compileGlob(evil(n)).matches(aaa(5000)), false);
      assert.equal(compileGlob(evil(n), { ignoreCase: true }).matches(`${aaa(5000)}B`), n <= 5000);
    }
  });
  bounded('globsIntersect', 2000, () => {
    globsIntersect(globTokens(evil(200)), globTokens(`${aaa(2000)}c`));
    globsIntersect(globTokens(evil(200)), globTokens(`${'*a'.repeat(200)}c`));
  });
});

test('hard case: *a*a*a…b patterns through access/language.ts coverage stay bounded', guarded, () => {
  const pieces: Piece[] = [{ kind: 'text', text: `arn:aws:execute-api:us-east-1:123456789012:${aaa(40)}/prod/GET/` }, ...pathPieces('/a/{id}/aaaaaaaaaa/{proxy+}')];
  const result = bounded('coverage', 3000, () => coverage(`arn:aws:execute-api:*${evil(60)}`, pieces));
  assert.ok(['none', 'some'].includes(result.coverage), JSON.stringify(result));
});

test('hard case: *a*a*a…b in actions, resources and StringLike values is analysed in bounded time', guarded, () => {
  const text = policy([
    { Effect: 'Allow', Action: [`s3:${evil(200)}`, `${evil(200)}:x`, `*${evil(50)}`], Resource: `arn:aws:s3:::${evil(500)}` },
    { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `arn:aws:execute-api:*:*:${evil(300)}` },
    { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 's3:prefix': evil(1000), [`aws:PrincipalTag/${evil(20)}`]: [evil(100), `${aaa(2000)}*`] } } },
  ]);
  const { ids } = analyse('evil wildcards', text, 'json', 3000);
  assert.ok(ids.includes('iam/wildcard-matches-nothing') || ids.includes('iam/unknown-action'), ids.join());
});

// --- templates that refer to themselves --------------------------------------------------

test('hard case: circular Ref and DependsOn chains and a self-referencing Fn::Sub finish', guarded, () => {
  const n = 300;
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Parameters:', '  P: {Type: String, Default: !Ref P}', 'Resources:'];
  for (let i = 0; i < n; i++) {
    const next = `R${(i + 1) % n}`;
    lines.push(
      `  R${i}:`,
      '    Type: AWS::IAM::Role',
      `    DependsOn: [${next}, R${i}]`,
      '    Properties:',
      `      RoleName: !Sub "\${${next}}-\${R${i}}-\${R${i}.Arn}"`,
      `      Path: !Ref R${i}`,
      '      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {AWS: !GetAtt [' + next + ', Arn]}, Action: sts:AssumeRole}]}',
      '      Policies:',
      `        - PolicyName: !Sub ["\${X}", {X: !Sub "\${R${i}}"}]`,
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      `            Statement: [{Effect: Allow, Action: execute-api:Invoke, Resource: !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${next}}/*"}]`,
    );
  }
  lines.push('  Self:', '    Type: AWS::SNS::Topic', '    DependsOn: Self', '    Properties:', '      TopicName: !Sub "${Self.TopicName}-${Self}"', '');
  const { ids } = analyse('circular template', lines.join('\n'), 'yaml', 5000);
  assert.ok(!ids.includes('internal/rule-error'), ids.join());
});

test('hard case: an OpenAPI $ref cycle does not loop', guarded, () => {
  const spec = {
    openapi: '3.0.1',
    info: { title: 'cycle', version: '1' },
    paths: {
      '/a': { $ref: '#/paths/~1b' },
      '/b': { $ref: '#/paths/~1a' },
      '/c': { get: { parameters: [{ $ref: '#/components/parameters/P' }], responses: { 200: { $ref: '#/components/responses/R' } }, 'x-amazon-apigateway-integration': { type: 'mock' } } },
    },
    components: {
      parameters: { P: { $ref: '#/components/parameters/P' } },
      responses: { R: { $ref: '#/components/responses/R' } },
      schemas: { A: { $ref: '#/components/schemas/B' }, B: { properties: { a: { $ref: '#/components/schemas/A' } } } },
      securitySchemes: { S: { $ref: '#/components/securitySchemes/S' } },
    },
    security: [{ S: [] }],
    'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: { $ref: '#/x' } }] },
  };
  for (const format of ['json', 'yaml'] as const) {
    const text = JSON.stringify(spec, null, 2);
    const { ids } = analyse(`$ref cycle (${format})`, text, format, 1000);
    assert.ok(!ids.includes('internal/rule-error'), ids.join());
    const methods = bounded('inventory', 1000, () => apiInventory(parse(text, format)).methods);
    assert.ok(methods.some((m) => m.path === '/c'), JSON.stringify(methods.map((m) => m.path)));
  }
});
