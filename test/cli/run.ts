/**
 * Helpers for the CLI tests: run `main` in-process with captured output, run the real
 * bin as a child process, and make throw-away folders of files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { main, type CliIo } from '../../server/src/cli/main';

/** The repository root, from out/test/cli. */
export const repoRoot = path.resolve(__dirname, '../../..');
export const binPath = path.join(repoRoot, 'bin', 'gatewarden.js');

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process; `cwd` defaults to the repository root. */
export async function runCli(argv: readonly string[], io: Partial<Omit<CliIo, 'stdout' | 'stderr'>> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    cwd: repoRoot,
    ...io,
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
  });
  return { code, stdout, stderr };
}

/**
 * Runs bin/gatewarden.js (or another script) with Node, colours off (unless `env` says
 * otherwise), 60 s at most; `input` is piped to its standard input.
 */
export function runBin(
  args: readonly string[],
  options: { cwd?: string; script?: string; input?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): RunResult & { signal: NodeJS.Signals | null } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  delete env['FORCE_COLOR'];
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) {
      delete env[name];
    } else {
      env[name] = value;
    }
  }
  const result = spawnSync(process.execPath, [options.script ?? binPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env,
    input: options.input ?? '',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) {
    throw result.error;
  }
  return { code: result.status ?? -1, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh folder under the OS temp folder holding `files` (relative path → text). */
export function makeTempDir(files: Readonly<Record<string, string>> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-cli-'));
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir: string, files: Readonly<Record<string, string>>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, 'utf8');
  }
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A one-statement policy as compact JSON with the given Effect. The resource is named, so
 * with "Allow" the policy is clean ("*" would draw iam/wildcard-resource).
 */
export function policyJson(effect: string): string {
  return `{"Version": "2012-10-17", "Statement": [{"Effect": "${effect}", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}\n`;
}
