/**
 * Output formats: the text line shape with 1-based positions, and the JSON array with
 * zero-based LSP ranges (UTF-16 columns, \n and \r\n line breaks).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { makeTempDir, removeDir, runCli } from './run';
import { lineIndex, rangeOf, type JsonFinding } from '../../server/src/cli/format';
import { codeFrame, MAX_FRAME_WIDTH } from '../../server/src/cli/frame';

/** A multi-line policy whose `"Alow"` sits on line 5 (1-based), column 17. */
const MULTILINE = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [',
  '    {',
  '      "Effect": "Alow",',
  '      "Action": "s3:GetObject",',
  '      "Resource": "*"',
  '    }',
  '  ]',
  '}',
  '',
];

/**
 * Line 2 (0-based) is `  "Statement": [{"Resource": "arn:aws:s3:::café/😀", "Effect": "Alow", …`.
 * Before `"Alow"` come 63 UTF-16 code units: 2 + 11 + 2 + 2 + 10 + 2 + 22 + 2 + 8 + 2, where
 * the Resource string is 22 units (é is one unit, 😀 two). Code points would say 62 and
 * UTF-8 bytes 66, so only an LSP-style count gives 63.
 */
const NON_ASCII = [
  '{',
  '  "Version": "2012-10-17",',
  '  "Statement": [{"Resource": "arn:aws:s3:::café/😀", "Effect": "Alow", "Action": "s3:GetObject"}]',
  '}',
  '',
].join('\n');

const YAML_CRLF = ['Version: "2012-10-17"', 'Statement:', '  - Effect: Alow', '    Action: s3:GetObject', '    Resource: "*"', ''].join('\r\n');

let dir = '';

before(() => {
  dir = makeTempDir({
    'lf.json': MULTILINE.join('\n'),
    'crlf.json': MULTILINE.join('\r\n'),
    'bom.json': `\ufeff${MULTILINE.join('\n')}`,
    'non-ascii.json': NON_ASCII,
    'crlf.yaml': YAML_CRLF,
    'clean.json': '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}\n',
  });
});

after(() => removeDir(dir));

/** The JSON findings of one file, only those of `ruleId`. */
async function jsonFindings(file: string, ruleId = 'iam/invalid-effect'): Promise<JsonFinding[]> {
  const { code, stdout, stderr } = await runCli(['check', file, '--format', 'json'], { cwd: dir });
  assert.equal(stderr, '');
  assert.equal(code, 1);
  const all = JSON.parse(stdout) as JsonFinding[];
  return all.filter((f) => f.ruleId === ruleId);
}

describe('text format', () => {
  test('a header line per finding, its code frame, then a summary', async () => {
    const { code, stdout, stderr } = await runCli(['check', 'lf.json'], { cwd: dir });
    assert.equal(code, 1);
    assert.equal(stderr, '');
    const lines = stdout.trimEnd().split('\n');
    assert.equal(lines.length, 5, stdout);
    assert.match(lines[0] as string, /^lf\.json:5:17 error iam\/invalid-effect \S/);
    assert.deepEqual(lines.slice(1), ['  5 |       "Effect": "Alow",', '    |                 ^^^^^^', '', '1 error in 1 file (1 file checked)']);
  });

  test('\\r\\n line breaks, a BOM and a non-ASCII prefix keep the human position right', async () => {
    const { stdout } = await runCli(['check', 'crlf.json', 'bom.json', 'non-ascii.json', 'crlf.yaml'], { cwd: dir });
    const starts = stdout
      .split('\n')
      .filter((l) => l.includes('iam/invalid-effect'))
      .map((l) => l.split(' ')[0]);
    assert.deepEqual(starts, ['crlf.json:5:17', 'bom.json:5:17', 'non-ascii.json:3:64', 'crlf.yaml:3:13']);
  });

  test('no findings: "No problems found in N files."', async () => {
    const { code, stdout } = await runCli(['check', 'clean.json'], { cwd: dir });
    assert.equal(code, 0);
    assert.equal(stdout, 'No problems found in 1 file.\n');
  });

  test('summary counts severities and files', async () => {
    const { stdout } = await runCli(['check', '.'], { cwd: dir });
    const summary = stdout.trimEnd().split('\n').pop();
    assert.match(summary ?? '', /^\d+ errors?(, \d+ warnings?)?(, \d+ info)? in 5 files \(6 files checked\)$/);
  });

  test('colours only when asked for; injected writers get none by default', async () => {
    const plainRun = await runCli(['check', 'lf.json'], { cwd: dir });
    assert.ok(!plainRun.stdout.includes('\u001b['), plainRun.stdout);
    const coloured = await runCli(['check', 'lf.json'], { cwd: dir, colour: true });
    assert.ok(coloured.stdout.includes('\u001b[31merror\u001b[39m'), coloured.stdout);
  });

  test('a file outside cwd is shown with its absolute path', async () => {
    const file = path.join(dir, 'lf.json');
    const { stdout } = await runCli(['check', file], { cwd: path.join(dir, 'sub') });
    assert.ok(stdout.startsWith(`${file}:5:17 `), stdout);
  });
});

describe('json format', () => {
  test('stdout is exactly one JSON array of {file, ruleId, severity, message, range, data}', async () => {
    const { code, stdout } = await runCli(['check', '.', '--format', 'json'], { cwd: dir });
    assert.equal(code, 1);
    const parsed: unknown = JSON.parse(stdout);
    assert.ok(Array.isArray(parsed));
    assert.ok(parsed.length >= 5);
    for (const f of parsed as Record<string, unknown>[]) {
      assert.deepEqual(Object.keys(f), ['file', 'ruleId', 'severity', 'message', 'range', 'data']);
      assert.ok(['error', 'warning', 'info'].includes(f['severity'] as string));
      const range = f['range'] as JsonFinding['range'];
      for (const p of [range.start, range.end]) {
        assert.deepEqual(Object.keys(p), ['line', 'character']);
        assert.ok(Number.isInteger(p.line) && p.line >= 0 && Number.isInteger(p.character) && p.character >= 0);
      }
    }
  });

  test('zero-based range of a known finding (\\n)', async () => {
    const [f] = await jsonFindings('lf.json');
    assert.deepEqual(f, {
      file: 'lf.json',
      ruleId: 'iam/invalid-effect',
      severity: 'error',
      message: f?.message,
      range: { start: { line: 4, character: 16 }, end: { line: 4, character: 22 } },
      data: { value: 'Alow' },
    });
  });

  test('\\r\\n line breaks give the same range', async () => {
    const [f] = await jsonFindings('crlf.json');
    assert.deepEqual(f?.range, { start: { line: 4, character: 16 }, end: { line: 4, character: 22 } });
  });

  test('a BOM is not counted', async () => {
    const [f] = await jsonFindings('bom.json');
    assert.deepEqual(f?.range, { start: { line: 4, character: 16 }, end: { line: 4, character: 22 } });
  });

  test('characters are UTF-16 code units after non-ASCII text', async () => {
    const [f] = await jsonFindings('non-ascii.json');
    assert.deepEqual(f?.range, { start: { line: 2, character: 63 }, end: { line: 2, character: 69 } });
  });

  test('YAML with \\r\\n line breaks', async () => {
    const [f] = await jsonFindings('crlf.yaml');
    assert.deepEqual(f?.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 16 } });
  });

  test('no findings gives an empty array', async () => {
    const { code, stdout } = await runCli(['check', 'clean.json', '--format', 'json'], { cwd: dir });
    assert.equal(code, 0);
    assert.equal(stdout.trim(), '[]');
  });
});

describe('code frame', () => {
  const plainPaint = { gutter: (s: string): string => s, marker: (s: string): string => s };
  /** The frame of the range [start, end) of `text`, given as offsets. */
  const frame = (text: string, start: number, end: number): string[] => {
    const index = lineIndex(text);
    return codeFrame(text, index, rangeOf(index, { offset: start, length: end - start }), plainPaint);
  };

  test('underlines the range on its line, with the 1-based line number in the gutter', () => {
    const text = 'a: 1\nbb: xyz\n';
    assert.deepEqual(frame(text, 9, 12), ['  2 | bb: xyz', '    |     ^^^']);
  });

  test('a zero-length range gets one caret', () => {
    assert.deepEqual(frame('abc', 1, 1), ['  1 | abc', '    |  ^']);
  });

  test('a range over several lines is underlined to the end of its first line', () => {
    assert.deepEqual(frame('key: {\n  a: 1\n}\n', 5, 15), ['  1 | key: {', '    |      ^']);
  });

  test('tabs are kept in the underline so carets line up', () => {
    assert.deepEqual(frame('\tx:\ty\n', 4, 5), ['  1 | \tx:\ty', '    | \t  \t^']);
  });

  test('carets count characters, not UTF-16 units, before the range', () => {
    const text = '😀é "Alow"';
    const start = text.indexOf('"Alow"');
    assert.deepEqual(frame(text, start, start + 6), ['  1 | 😀é "Alow"', '    |    ^^^^^^']);
  });

  test('\\r\\n line breaks are not shown', () => {
    assert.deepEqual(frame('a\r\nbc\r\n', 3, 5), ['  2 | bc', '    | ^^']);
  });

  test('a long line is cut to a window around the range', () => {
    const text = `${'x'.repeat(300)}TARGET${'y'.repeat(300)}`;
    const [line, carets] = frame(text, 300, 306);
    assert.ok(line!.length <= MAX_FRAME_WIDTH + 10, line);
    assert.ok(line!.includes('…') && line!.endsWith('…'));
    assert.equal(line!.indexOf('TARGET'), carets!.indexOf('^'));
    assert.ok(carets!.endsWith(' ^^^^^^'), carets);
  });

  test('with colour, carets take the severity colour and the gutter is dim', async () => {
    const { stdout } = await runCli(['check', 'lf.json'], { cwd: dir, colour: true });
    assert.ok(stdout.includes('\u001b[31m^^^^^^\u001b[39m'), stdout);
    assert.ok(stdout.includes('\u001b[2m  5 |\u001b[22m'), stdout);
  });
});
