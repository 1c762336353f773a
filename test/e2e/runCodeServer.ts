/**
 * `npm run test:e2e`: the end-to-end tests in a real VS Code, here code-server from npm.
 *
 * 1. Node 24 and code-server come from a cache outside the repository (scripts/e2e-setup.mjs
 *    installs them on a machine's first run).
 * 2. `npm run package` builds the .vsix and test/package checks its contents.
 * 3. Gatewarden's .vsix and the test host extension (test/e2e/host) are installed into a
 *    private extensions and user-data folder; code-server starts on 127.0.0.1, auth none,
 *    on a port it picks, with GATEWARDEN_E2E_SUITE and GATEWARDEN_E2E_RESULTS in its
 *    environment, which the extension host inherits.
 * 4. Debian's chromium, driven by playwright-core, opens the workbench on a copy of
 *    test/e2e/workspace; the extension host starts, the host extension runs the in-host mocha
 *    suite, and the suite writes its results file. This waits for it (or a deadline).
 * 5. Then the UI checks (ui.ts) run in the same workbench, with screenshots.
 * Exit code 1 on any failure or timeout. Logs and screenshots: test-results/e2e/.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { copyWorkspace, log, manifest, packageExtension, packageHostExtension, REPO_ROOT, RESULTS_DIR, SUITE_INDEX, writeUserSettings } from './build';
import { countResults, ENV_RESULTS, ENV_SUITE, printTest, readResults, type Results } from './results';
import { runUiChecks } from './ui';

const CHROMIUM = process.env.GATEWARDEN_E2E_CHROMIUM ?? '/usr/bin/chromium';
const WORKBENCH_MS = 120_000;
const SUITE_MS = 300_000;
/** The whole run after the tools are installed; a hang anywhere ends here. */
const RUN_MS = 20 * 60_000;

interface Tools {
  readonly node: string;
  readonly codeServerEntry: string;
  readonly codeServerVersion: string;
}

function ensureTools(): Tools {
  log('Node 24 and code-server (cached outside the repository)');
  const result = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'e2e-setup.mjs'), '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) {
    throw new Error('scripts/e2e-setup.mjs failed');
  }
  return JSON.parse(result.stdout.trim().split('\n').pop()!) as Tools;
}

class CodeServer {
  private child: ChildProcess | undefined;
  private output = '';
  exited: Promise<string> | undefined;

  constructor(
    private readonly tools: Tools,
    private readonly profile: { config: string; extensions: string; userData: string; xdg: string },
    private readonly logFile: string,
  ) {}

  private args(...rest: string[]): string[] {
    const { config, extensions, userData } = this.profile;
    return [this.tools.codeServerEntry, '--config', config, '--extensions-dir', extensions, '--user-data-dir', userData, ...rest];
  }

  private env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const { xdg } = this.profile;
    // Keep code-server's own config and data out of the user's home.
    return { ...process.env, XDG_CONFIG_HOME: join(xdg, 'config'), XDG_DATA_HOME: join(xdg, 'data'), ...extra };
  }

  install(...vsixes: string[]): void {
    const result = spawnSync(this.tools.node, this.args(...vsixes.flatMap((v) => ['--install-extension', v]), '--force'), {
      encoding: 'utf8',
      env: this.env(),
    });
    const listed = spawnSync(this.tools.node, this.args('--list-extensions', '--show-versions'), { encoding: 'utf8', env: this.env() });
    const { publisher, name, version } = manifest();
    const expected = [`${publisher}.${name}@${version}`, 'gatewarden-test.gatewarden-e2e-host@0.0.0'];
    if (result.status !== 0 || !expected.every((e) => listed.stdout.includes(e))) {
      throw new Error(`Installing the extensions failed:\n${result.stdout}${result.stderr}\nInstalled:\n${listed.stdout}`);
    }
    log(`installed ${expected.join(', ')}`);
  }

  /** Starts the server and resolves with its URL once it listens. */
  start(env: Record<string, string>): Promise<string> {
    const out = createWriteStream(this.logFile);
    const child = spawn(
      this.tools.node,
      this.args(
        '--auth',
        'none',
        '--bind-addr',
        '127.0.0.1:0',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        '--disable-proxy',
        '--ignore-last-opened',
      ),
      // Its own process group, so stopping it also stops the extension host and language server.
      { env: this.env(env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`code-server exited (code ${code}, signal ${signal})`)));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s:\n${this.tail()}`)), 60_000);
      const onData = (chunk: Buffer): void => {
        out.write(chunk);
        this.output = (this.output + chunk.toString()).slice(-200_000);
        const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(this.output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      void this.exited!.then((why) => {
        clearTimeout(timer);
        reject(new Error(`${why}:\n${this.tail()}`));
      });
    });
  }

  tail(lines = 40): string {
    return this.output.split('\n').slice(-lines).join('\n');
  }

  /** Stops the whole process group: the server, its extension host and language server. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) {
      return;
    }
    const group = -child.pid;
    const signal = (name: NodeJS.Signals): void => {
      try {
        process.kill(group, name);
      } catch {
        // Already gone.
      }
    };
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGTERM');
      await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    // The group may hold stragglers (the extension host, the language server) either way.
    signal('SIGKILL');
    await this.exited;
    this.child = undefined;
  }
}

/** Polls the results file until the suite says it is done, printing each result as it comes. */
async function waitForSuite(path: string, server: CodeServer, page: Page): Promise<Results> {
  const deadline = Date.now() + SUITE_MS;
  let printed = 0;
  let exited: string | undefined;
  void server.exited?.then((why) => (exited = why));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  for (;;) {
    const results = readResults(path);
    for (const test of results?.tests.slice(printed) ?? []) {
      printTest(test);
      printed++;
    }
    if (results?.done) {
      return results;
    }
    if (exited) {
      throw new Error(`${exited} before the suite finished:\n${server.tail()}`);
    }
    if (Date.now() > deadline) {
      const where = results ? `the suite started but did not finish (${printed} tests reported)` : 'the suite never started (no results file)';
      throw new Error(`Timed out after ${SUITE_MS / 1000} s: ${where}.\nPage errors: ${pageErrors.slice(-5).join('\n')}\ncode-server:\n${server.tail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

function failure(stage: string, error: unknown): number {
  console.error(`[e2e] FAIL while ${stage}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  console.log('e2e: 0 passed, 1 failed');
  return 1;
}

async function main(): Promise<number> {
  const started = Date.now();
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  let tools: Tools;
  let vsix: string;
  try {
    tools = ensureTools();
    vsix = packageExtension();
  } catch (error) {
    return failure('preparing (tools, package)', error);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'gatewarden-e2e-'));
  const server = new CodeServer(
    tools,
    { config: join(tmp, 'config.yaml'), extensions: join(tmp, 'extensions'), userData: join(tmp, 'user-data'), xdg: join(tmp, 'xdg') },
    join(RESULTS_DIR, 'code-server.log'),
  );
  let browser: Browser | undefined;
  const watchdog = setTimeout(() => {
    console.error(`[e2e] FAIL: the run did not finish within ${RUN_MS / 60_000} minutes`);
    void server.stop().finally(() => process.exit(1));
  }, RUN_MS);
  // code-server runs in its own process group: stop it when this run is interrupted.
  for (const name of ['SIGINT', 'SIGTERM'] as const) {
    process.once(name, () => void server.stop().finally(() => process.exit(1)));
  }
  let failedAt = 'start';
  let ok = false;
  try {
    const hostVsix = packageHostExtension(tmp).vsix;
    const workspace = copyWorkspace(tmp);
    writeFileSync(join(tmp, 'config.yaml'), '# The rest is passed on the command line.\nauth: none\n');
    writeUserSettings(join(tmp, 'user-data'));

    failedAt = 'installing the extensions';
    server.install(vsix, hostVsix);

    failedAt = 'starting code-server';
    const resultsFile = join(tmp, 'results.json');
    const url = await server.start({ [ENV_SUITE]: SUITE_INDEX, [ENV_RESULTS]: resultsFile });
    log(`code-server ${tools.codeServerVersion} listening on ${url}`);

    failedAt = 'opening the workbench';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`, { timeout: WORKBENCH_MS });
    await page.locator('.monaco-workbench').waitFor({ timeout: WORKBENCH_MS });
    log(`workbench open after ${Math.round((Date.now() - started) / 1000)} s; waiting for the in-host suite`);

    failedAt = 'the in-host suite';
    const suite = await waitForSuite(resultsFile, server, page);
    if (suite.host) {
      log(`in-host suite ran in ${suite.host}`);
    }
    if (suite.error) {
      console.log(`  FAIL ${suite.error}`);
    }

    failedAt = 'the UI checks';
    log('UI checks through Playwright');
    const ui = await runUiChecks(page, RESULTS_DIR);
    ui.forEach(printTest);

    const all: Results = { ...suite, tests: [...suite.tests, ...ui] };
    const { passed, failed, skipped } = countResults(all);
    ok = failed === 0 && passed > 0;
    log(`artifacts in ${RESULTS_DIR}; ${Math.round((Date.now() - started) / 1000)} s in all`);
    // The plain closing line CI reads.
    console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped`);
    return ok ? 0 : 1;
  } catch (error) {
    const page = browser?.contexts()[0]?.pages()[0];
    await page?.screenshot({ path: join(RESULTS_DIR, 'failure.png') }).catch(() => undefined);
    return failure(failedAt, error);
  } finally {
    clearTimeout(watchdog);
    await browser?.close().catch(() => undefined);
    await server.stop();
    // What the suite reported, and on a failure the editor's own logs (extension host, server).
    const results = join(tmp, 'results.json');
    if (existsSync(results)) {
      cpSync(results, join(RESULTS_DIR, 'results.json'));
    }
    if (!ok && existsSync(join(tmp, 'user-data', 'logs'))) {
      cpSync(join(tmp, 'user-data', 'logs'), join(RESULTS_DIR, 'logs'), { recursive: true });
    }
    if (process.env.GATEWARDEN_E2E_KEEP) {
      log(`kept ${tmp}`);
    } else {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
