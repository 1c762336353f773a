import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, type ParsedArgs } from '../../server/src/cli/args';

const check = (paths: string[], format: 'text' | 'json' = 'text', maxFileSize?: number): ParsedArgs => ({
  kind: 'check',
  paths,
  format,
  maxFileSize,
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
  [['--help'], { kind: 'help' }],
  [['-h'], { kind: 'help' }],
  [['check', '--help'], { kind: 'help' }],
  [['--version'], { kind: 'version' }],
];

for (const [argv, expected] of valid) {
  test(`parseArgs ${JSON.stringify(argv)}`, () => {
    assert.deepEqual(parseArgs(argv), expected);
  });
}

const invalid: ReadonlyArray<string[]> = [
  [],
  ['lint'],
  ['check', '--fix'],
  ['check', '--format'],
  ['check', '--format', 'xml'],
  ['check', '--format=sarif'],
  ['check', '--max-file-size'],
  ['check', '--max-file-size', '0'],
  ['check', '--max-file-size', '-5'],
  ['check', '--max-file-size', '1e3'],
  ['check', '--max-file-size', 'big'],
  ['--help=yes'],
];

for (const argv of invalid) {
  test(`parseArgs rejects ${JSON.stringify(argv)}`, () => {
    const result = parseArgs(argv);
    assert.equal(result.kind, 'usage-error', JSON.stringify(result));
  });
}
