// A language-server client for the scale benchmarks (bench/scale.mjs), able to drive both
// Gatewarden's server and Red Hat's yaml-language-server over stdio. It differs from
// ./lsp.mjs, which the issue-8 figures use, in three ways the scale runs need: the command
// and the answers to workspace/configuration are the caller's; a server that exits (for
// example out of memory) rejects every pending wait at once instead of letting it run into
// its timeout; and an optional memory guard kills a server whose resident memory passes a
// bound, because this machine is shared and a runaway server must not take it down.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setInterval, clearInterval, setTimeout, clearTimeout } from 'node:timers';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';
import { memoryOf } from './lsp.mjs';

/**
 * Spawns `node ...args` (a server script and its flags), initializes it with `rootPath` as
 * the workspace, and returns helpers. `configuration(section)` answers each item of a
 * workspace/configuration request. `maxRssMb` (optional) kills the server when its VmRSS,
 * polled every 250 ms, passes it; `peakRssMb()` is the largest value the poll saw.
 */
export async function startClient({ args, rootPath, configuration = () => ({}), maxRssMb, initializationOptions }) {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  // The tail of stderr, to say why a server died (V8 prints "heap limit" there).
  let stderrTail = '';
  child.stderr.on('data', (chunk) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-2000);
  });
  let exit;
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal, at: performance.now() };
      resolve(exit);
    });
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  // Writes to a dead server's stdin fail; the exit itself is what the caller reports.
  child.stdin.on('error', () => undefined);
  connection.onError(() => undefined);

  let diagnosticWaiters = [];
  let logWaiters = [];
  const logs = [];
  let publishes = 0;
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const at = performance.now();
    publishes++;
    diagnosticWaiters = diagnosticWaiters.filter((w) => (w.uri === params.uri && w.predicate(params) ? (w.resolve({ params, at }), false) : true));
  });
  connection.onNotification('window/logMessage', (params) => {
    const at = performance.now();
    logs.push({ ...params, at });
    logWaiters = logWaiters.filter((w) => (w.predicate(params) ? (w.resolve({ params, at }), false) : true));
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map((item) => configuration(item.section ?? '')));
  // Progress creation, capability registration and the like: an editor says yes.
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();

  let peakRssMb = 0;
  let killedForMemory;
  const guard = setInterval(() => {
    const rss = memoryOf(child.pid)?.rssMb;
    if (rss === undefined) {
      return;
    }
    peakRssMb = Math.max(peakRssMb, rss);
    if (maxRssMb !== undefined && rss > maxRssMb && exit === undefined) {
      killedForMemory = rss;
      child.kill('SIGKILL');
    }
  }, 250);
  guard.unref();

  // A wait that ends with the first of: its own resolution, the timeout, or the server's exit.
  const bounded = (register, timeoutMs, what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what}: nothing within ${timeoutMs} ms`)), timeoutMs);
      const done = (r) => (clearTimeout(timer), resolve(r));
      register(done);
      void exited.then((e) => {
        clearTimeout(timer);
        const why = killedForMemory ? `killed by the bench at ${killedForMemory} MB resident` : /heap limit|out of memory/i.test(stderrTail) ? 'out of memory' : (e.signal ?? `code ${e.code}`);
        reject(new Error(`${what}: the server exited (${why})`));
      });
    });

  const initializeResult = await Promise.race([
    connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(rootPath).href,
      workspaceFolders: [{ uri: pathToFileURL(rootPath).href, name: 'bench' }],
      initializationOptions,
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { didSave: false, dynamicRegistration: false },
          publishDiagnostics: { versionSupport: true },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
      },
    }),
    exited.then((e) => Promise.reject(new Error(`the server exited while initializing (code ${e.code})`))),
  ]);
  await connection.sendNotification('initialized', {});

  return {
    pid: child.pid,
    spawnedAt,
    initializeResult,
    logs,
    exited,
    /** The exit, once the server has exited: { code, signal, at } and whether the bench killed it for memory. */
    exitInfo: () => (exit ? { ...exit, killedForMemoryAtMb: killedForMemory, outOfMemory: /heap limit|out of memory/i.test(stderrTail) } : undefined),
    peakRssMb: () => peakRssMb,
    publishes: () => publishes,
    memory: () => memoryOf(child.pid),
    /** The next publishDiagnostics for `uri` satisfying `predicate`, with its arrival time. */
    waitForDiagnostics: (uri, predicate, timeoutMs = 60000) =>
      bounded((done) => diagnosticWaiters.push({ uri, predicate, resolve: done }), timeoutMs, `diagnostics for ${uri}`),
    /** The first window/logMessage (already received or still to come) satisfying `predicate`. */
    waitForLog(predicate, timeoutMs = 60000) {
      const seen = logs.find((l) => predicate(l));
      return seen ? Promise.resolve({ params: seen, at: seen.at }) : bounded((done) => logWaiters.push({ predicate, resolve: done }), timeoutMs, 'log message');
    },
    /** A request bounded in time; resolves with its result and round trip in ms. */
    async timed(method, params, timeoutMs = 60000) {
      const start = performance.now();
      const result = await bounded((done) => void connection.sendRequest(method, params).then(done, done), timeoutMs, method);
      return { result, ms: performance.now() - start };
    },
    open: (uri, languageId, text, version = 1) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } }),
    /** Ranged changes, as VS Code sends keystrokes to a server announcing incremental sync. */
    edit: (uri, version, changes) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes }),
    changeConfiguration: (settings) => connection.sendNotification('workspace/didChangeConfiguration', { settings }),
    async dispose() {
      clearInterval(guard);
      if (exit === undefined) {
        try {
          await Promise.race([connection.sendRequest('shutdown').then(() => connection.sendNotification('exit')), exited, new Promise((r) => setTimeout(r, 3000))]);
          await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        } catch {
          // Killed below.
        }
      }
      connection.dispose();
      if (exit === undefined) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
