/**
 * The command line as a whole: every subcommand answers --help, unknown subcommands and
 * options get the nearest match, `rules` and `explain`, and when text is coloured.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS, OPTIONS, optionsOf, parseArgs } from '../../server/src/cli/args';
import { colourWanted } from '../../server/src/cli/main';
import type { RuleJson } from '../../server/src/cli/rules';
import { rules as registry } from '../../server/src/core/rules';
import { runBin, runCli } from './run';

describe('--help', () => {
  for (const { name } of COMMANDS) {
    for (const argv of [[name, '--help'], [name, '-h'], ['help', name], ['--help', name]]) {
      test(`${argv.join(' ')}: exit 0, the command's usage and every option it takes`, async () => {
        const { code, stdout, stderr } = await runCli(argv);
        assert.deepEqual([code, stderr], [0, '']);
        assert.ok(stdout.startsWith(`Usage: gatewarden ${name}`), stdout);
        for (const option of optionsOf(name)) {
          assert.ok(stdout.includes(`--${option.name}`), `--${option.name} missing from ${name} --help`);
        }
      });
    }
  }

  test('gatewarden --help lists every command', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const { name } of COMMANDS) {
      assert.match(stdout, new RegExp(`^  ${name} `, 'm'));
    }
  });

  test('every option belongs to a command and has help text', () => {
    for (const option of OPTIONS) {
      assert.ok(option.help.length > 0, option.name);
      assert.ok(option.commands === 'all' || option.commands.length > 0, option.name);
    }
  });
});

describe('unknown subcommands and options', () => {
  const commands: ReadonlyArray<readonly [string, string]> = [
    ['chek', 'check'],
    ['method', 'methods'],
    ['acces', 'access'],
    ['rule', 'rules'],
    ['explian', 'explain'],
  ];
  for (const [typed, meant] of commands) {
    test(`"${typed}": exit 2, names "${meant}" and lists every command`, async () => {
      const { code, stdout, stderr } = await runCli([typed]);
      assert.deepEqual([code, stdout], [2, '']);
      assert.ok(stderr.includes(`"${meant}"`), stderr);
      for (const { name } of COMMANDS) {
        assert.ok(stderr.includes(name), `${name} not listed: ${stderr}`);
      }
    });
  }

  const options: ReadonlyArray<readonly [readonly string[], string]> = [
    [['check', '--fromat', 'json'], '--format'],
    [['check', '--fail-of', 'warning'], '--fail-on'],
    [['check', '--baselin', 'b.json'], '--baseline'],
    [['check', '--max-warning', '3'], '--max-warnings'],
    [['methods', '--formt', 'json'], '--format'],
    [['access', '--fromat=json'], '--format'],
    [['rules', '--fromat', 'json'], '--format'],
    [['check', '--stdin-file-name', 'x.json'], '--stdin-filename'],
    [['check', '--output', 'x.sarif'], '--output-file'],
  ];
  for (const [argv, meant] of options) {
    test(`${argv.join(' ')}: exit 2, "did you mean ${meant}"`, async () => {
      const { code, stdout, stderr } = await runCli(argv);
      assert.deepEqual([code, stdout], [2, '']);
      assert.ok(stderr.includes(`"${meant}"`), stderr);
    });
  }

  test("an option of another command says whose it is", async () => {
    const { code, stderr } = await runCli(['methods', '--baseline', 'b.json']);
    assert.equal(code, 2);
    assert.match(stderr, /--baseline\b.*\bcheck\b/);
  });

  test('an unknown --format value names the nearest format', async () => {
    const parsed = parseArgs(['check', '--format', 'sarf']);
    assert.equal(parsed.kind, 'usage-error');
    assert.match((parsed as { message: string }).message, /"sarif"/);
  });
});

describe('gatewarden rules', () => {
  test('--format json: every registered rule once, with its default severity and summary', async () => {
    const { code, stdout } = await runCli(['rules', '--format', 'json']);
    assert.equal(code, 0);
    const listed = JSON.parse(stdout) as RuleJson[];
    assert.deepEqual(
      listed.map((r) => [r.id, r.defaultSeverity, r.summary, r.fixable]),
      registry.map((r) => [r.id, r.defaultSeverity, r.docs.summary, r.fixable === true]),
    );
  });

  test('text: one line per rule, starting with its id and severity', async () => {
    const { code, stdout } = await runCli(['rules']);
    assert.equal(code, 0);
    for (const rule of registry) {
      assert.match(stdout, new RegExp(`^${rule.id.replace('/', '\\/')} +${rule.defaultSeverity} `, 'm'));
    }
  });

  test('takes no paths', async () => {
    assert.equal((await runCli(['rules', 'x'])).code, 2);
  });
});

describe('gatewarden explain', () => {
  test('prints the docs page of every rule', async () => {
    for (const rule of registry) {
      const { code, stdout } = await runCli(['explain', rule.id]);
      assert.equal(code, 0, rule.id);
      assert.ok(stdout.startsWith(`# ${rule.id}\n`), `${rule.id}: ${stdout.slice(0, 80)}`);
    }
  });

  const unknown: ReadonlyArray<readonly [string, string]> = [
    ['iam/invalid-efect', 'iam/invalid-effect'],
    ['invalid-effect', 'iam/invalid-effect'],
    ['iam/duplicate-sids', 'iam/duplicate-sid'],
  ];
  for (const [typed, meant] of unknown) {
    test(`an unknown rule ${typed}: exit 2, names ${meant}`, async () => {
      const { code, stdout, stderr } = await runCli(['explain', typed]);
      assert.deepEqual([code, stdout], [2, '']);
      assert.ok(stderr.includes(meant), stderr);
    });
  }

  test('needs exactly one rule id', async () => {
    assert.equal((await runCli(['explain'])).code, 2);
    assert.equal((await runCli(['explain', 'iam/invalid-effect', 'iam/duplicate-sid'])).code, 2);
  });
});

describe('colour', () => {
  const cases: ReadonlyArray<readonly [Record<string, string>, boolean, boolean]> = [
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
    [{ FORCE_COLOR: '3' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, false, true],
  ];
  for (const [env, terminal, expected] of cases) {
    test(`${JSON.stringify(env)} on ${terminal ? 'a terminal' : 'a pipe'}: ${expected ? 'colour' : 'none'}`, () => {
      assert.equal(colourWanted(env, terminal), expected);
    });
  }

  test('FORCE_COLOR colours the text report of the real command on a pipe; NO_COLOR alone does not', () => {
    const forced = runBin(['check', 'examples/policies/s3-reader.json'], { env: { FORCE_COLOR: '1', NO_COLOR: undefined } });
    assert.equal(forced.code, 1);
    assert.ok(forced.stdout.includes('\u001b['), 'no escape sequence with FORCE_COLOR');
    const plain = runBin(['check', 'examples/policies/s3-reader.json']);
    assert.equal(plain.code, 1);
    assert.ok(!plain.stdout.includes('\u001b['), 'escape sequence with NO_COLOR');
  });
});
