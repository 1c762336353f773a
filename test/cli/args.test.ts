import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearRuleIds, parseArgs, type CheckCommand, type ParsedArgs } from '../../server/src/cli/args';

const check = (paths: string[], format: CheckCommand['format'] = 'text', maxFileSize?: number, extra: Partial<CheckCommand> = {}): ParsedArgs => ({
  kind: 'check',
  paths,
  format,
  outputs: [{ format, file: undefined }],
  maxFileSize,
  failOn: 'error',
  maxWarnings: undefined,
  rules: {},
  changed: undefined,
  jobs: undefined,
  baseline: undefined,
  writeBaseline: undefined,
  stdinFilename: undefined,
  iamData: undefined,
  fix: undefined,
  ...extra,
});

const valid: ReadonlyArray<readonly [string[], ParsedArgs]> = [
  [['check'], check([])],
  [['check', 'a.json', 'dir'], check(['a.json', 'dir'])],
  [['check', '--format', 'json', 'a.json'], check(['a.json'], 'json')],
  [['check', 'a.json', '--format=json'], check(['a.json'], 'json')],
  [['--format', 'text', 'check'], check([])],
  [['check', '--max-file-size', '100'], check([], 'text', 100)],
  [['check', '--max-file-size=7', '--format', 'json'], check([], 'json', 7)],
  [['check', '--', '--odd-name.json'], check(['--odd-name.json'])],
  [['check', '--fix', 'a.json'], check(['a.json'], 'text', undefined, { fix: 'write' })],
  [['check', '--fix-dry-run'], check([], 'text', undefined, { fix: 'dry-run' })],
  [['check', '--iam-data', 'tools', 'a.json'], check(['a.json'], 'text', undefined, { iamData: 'tools' })],
  [['check', '--iam-data=tools'], check([], 'text', undefined, { iamData: 'tools' })],
  [['--version', '--iam-data', 'tools'], { kind: 'version', iamData: 'tools' }],
  [['--help'], { kind: 'help' }],
  [['-h'], { kind: 'help' }],
  [['check', '--help'], { kind: 'help', command: 'check' }],
  [['--version'], { kind: 'version' }],
  [['check', '--format', 'sarif'], check([], 'sarif')],
  [['check', '--format=sarif', 'x'], check(['x'], 'sarif')],
  [['check', '--fail-on', 'warning'], check([], 'text', undefined, { failOn: 'warning' })],
  [['check', '--fail-on=info'], check([], 'text', undefined, { failOn: 'info' })],
  [['check', '--max-warnings', '0'], check([], 'text', undefined, { maxWarnings: 0 })],
  [['check', '--max-warnings=12'], check([], 'text', undefined, { maxWarnings: 12 })],
  [
    ['check', '--rule', 'iam/duplicate-sid=off', '--rule=iam/invalid-effect=warning', '--rule', 'iam/duplicate-sid=info'],
    check([], 'text', undefined, { rules: { 'iam/duplicate-sid': 'info', 'iam/invalid-effect': 'warning' } }),
  ],
  [['check', '--changed'], check([], 'text', undefined, { changed: { ref: 'HEAD', guessed: false } })],
  [['check', '--changed', '--format', 'json'], check([], 'json', undefined, { changed: { ref: 'HEAD', guessed: false } })],
  [['check', '--changed', 'main', 'infra'], check(['infra'], 'text', undefined, { changed: { ref: 'main', guessed: true } })],
  [['check', '--changed=origin/main', 'infra'], check(['infra'], 'text', undefined, { changed: { ref: 'origin/main', guessed: false } })],
  [['--changed', 'check', 'x'], check(['x'], 'text', undefined, { changed: { ref: 'HEAD', guessed: false } })],
  [['check', '--jobs', '1'], check([], 'text', undefined, { jobs: 1 })],
  [['check', '--jobs=8'], check([], 'text', undefined, { jobs: 8 })],
  [['check', '--baseline', 'b.json'], check([], 'text', undefined, { baseline: 'b.json' })],
  [['check', '--write-baseline=b.json'], check([], 'text', undefined, { writeBaseline: 'b.json' })],
  [['check', '-f', 'github'], check([], 'github')],
  [['check', '--format', 'junit'], check([], 'junit')],
  // A report to a file: the text report stays on standard output.
  [
    ['check', '--format', 'sarif', '--output-file', 'out.sarif'],
    check([], 'text', undefined, { outputs: [{ format: 'text', file: undefined }, { format: 'sarif', file: 'out.sarif' }] }),
  ],
  [
    ['check', '--format=sarif:out.sarif'],
    check([], 'text', undefined, { outputs: [{ format: 'text', file: undefined }, { format: 'sarif', file: 'out.sarif' }] }),
  ],
  [
    ['check', '--format', 'github', '--format', 'sarif:r/out.sarif', '--format', 'junit:junit.xml'],
    check([], 'github', undefined, {
      outputs: [
        { format: 'github', file: undefined },
        { format: 'sarif', file: 'r/out.sarif' },
        { format: 'junit', file: 'junit.xml' },
      ],
    }),
  ],
  [['check', '-o', 'report.txt'], check([], 'text', undefined, { outputs: [{ format: 'text', file: undefined }, { format: 'text', file: 'report.txt' }] })],
  [['check', '-', '--stdin-filename', 'infra/t.yaml'], check(['-'], 'text', undefined, { stdinFilename: 'infra/t.yaml' })],
  [['--format', 'json', 'check', '-'], check(['-'], 'json')],
];

for (const [argv, expected] of valid) {
  test(`parseArgs ${JSON.stringify(argv)}`, () => {
    assert.deepEqual(parseArgs(argv), expected);
  });
}

const invalid: ReadonlyArray<string[]> = [
  [],
  ['lint'],
  ['check', '--fix=yes'],
  ['check', '--fix', '--fix-dry-run'],
  ['check', '--fix', '--write-baseline', 'b.json'],
  ['check', '--iam-data'],
  ['check', '--iam-data='],
  ['methods', '--fix'],
  ['check', '--format'],
  ['check', '--format', 'xml'],
  ['check', '--format=html'],
  ['check', '--fail-on'],
  ['check', '--fail-on', 'fatal'],
  ['check', '--max-warnings'],
  ['check', '--max-warnings', '-1'],
  ['check', '--max-warnings', 'many'],
  ['check', '--rule'],
  ['check', '--rule', 'iam/duplicate-sid'],
  ['check', '--rule', 'iam/duplicate-sid=loud'],
  ['check', '--rule', 'iam/no-such-rule=off'],
  ['check', '--changed='],
  ['check', '--jobs', '0'],
  ['check', '--jobs', 'all'],
  ['check', '--baseline'],
  ['check', '--write-baseline='],
  ['check', '--baseline', 'a.json', '--write-baseline', 'b.json'],
  ['check', '--max-file-size'],
  ['check', '--max-file-size', '0'],
  ['check', '--max-file-size', '-5'],
  ['check', '--max-file-size', '1e3'],
  ['check', '--max-file-size', 'big'],
  ['--help=yes'],
  ['check', '--format', 'json', '--format', 'sarif'],
  ['check', '--format', 'sarif:'],
  ['check', '--format', 'sarif:a', '--format', 'junit:a'],
  ['check', '--format', 'markdown'],
  ['check', '--output-file'],
  ['check', '--output-file', '--format'],
  ['check', '--stdin-filename'],
  ['check', '-', '-'],
  ['methods', '--format', 'sarif'],
  ['methods', '--baseline', 'b.json'],
  ['rules', 'x'],
  ['explain'],
  ['chek'],
  ['check', '-x'],
];

for (const argv of invalid) {
  test(`parseArgs rejects ${JSON.stringify(argv)}`, () => {
    const result = parseArgs(argv);
    assert.equal(result.kind, 'usage-error', JSON.stringify(result));
  });
}

test('--rule with an unknown id lists the near matches', () => {
  const result = parseArgs(['check', '--rule', 'iam/invalid-efect=off']);
  assert.equal(result.kind, 'usage-error');
  assert.match((result as { message: string }).message, /iam\/invalid-effect/);
});

const near: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['iam/invalid-efect', ['iam/invalid-effect']],
  ['invalid-effect', ['iam/invalid-effect']],
  ['cfn/invalid-effect', ['iam/invalid-effect']],
  ['IAM/Duplicate-Sid', ['iam/duplicate-sid']],
  ['zzz/qqqqqqqqqqqqqqqq', []],
];

for (const [id, expected] of near) {
  test(`nearRuleIds ${id}`, () => {
    assert.deepEqual(nearRuleIds(id).slice(0, expected.length), expected);
    if (expected.length === 0) {
      assert.deepEqual(nearRuleIds(id), []);
    }
  });
}
