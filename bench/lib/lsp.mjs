// A minimal LSP client for benchmarks: spawns the bundled server over stdio, speaks
// JSON-RPC with vscode-jsonrpc (a dependency of vscode-languageserver), and resolves
// waits on publishDiagnostics by predicate, so timings end at the message, never at a sleep.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout, clearTimeout } from 'node:timers';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

/**
 * Starts `node <serverPath> --stdio` and initializes it. Returns the connection, the time
 * the process was spawned (performance.now()), and helpers.
 */
export async function startServer(serverPath, rootPath, settings = {}, nodeArgs = []) {
  const spawnedAt = performance.now();
  // `nodeArgs` such as ['--cpu-prof', '--cpu-prof-dir=DIR'] profile the server itself.
  const child = spawn(process.execPath, [...nodeArgs, serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let waiters = [];
  connection.onNotification('textDocument/publishDiagnostics', (params) => {
    const at = performance.now();
    waiters = waiters.filter((w) => {
      if (w.uri === params.uri && w.predicate(params)) {
        w.resolve({ params, at });
        return false;
      }
      return true;
    });
  });
  const logs = [];
  let logWaiters = [];
  connection.onNotification('window/logMessage', (params) => {
    const at = performance.now();
    logs.push({ ...params, at });
    logWaiters = logWaiters.filter((w) => (w.predicate(params) ? (w.resolve({ params, at }), false) : true));
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map((item) => (item.section === 'gatewarden' ? settings : {})));
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(rootPath).href,
    capabilities: {
      workspace: { configuration: true },
      window: { workDoneProgress: true },
      textDocument: {
        publishDiagnostics: { versionSupport: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
      },
    },
    workspaceFolders: null,
  });
  await connection.sendNotification('initialized', {});

  return {
    connection,
    spawnedAt,
    pid: child.pid,
    logs,
    /** Resolves with the first window/logMessage from now on that satisfies `predicate`. */
    waitForLog(predicate, timeoutMs = 60000) {
      const seen = logs.find((l) => predicate(l));
      if (seen) {
        return Promise.resolve({ params: seen, at: seen.at });
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching log within ${timeoutMs} ms`)), timeoutMs);
        logWaiters.push({ predicate, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    /** Sends a request and resolves with its result and its round-trip time in ms. */
    async timed(method, params) {
      const start = performance.now();
      const result = await connection.sendRequest(method, params);
      return { result, ms: performance.now() - start };
    },
    /** Resolves with the first publishDiagnostics for `uri` that satisfies `predicate` from now on, and its arrival time. */
    waitForDiagnostics(uri, predicate, timeoutMs = 30000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ uri, predicate, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    open: (uri, languageId, text, version = 1) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } }),
    change: (uri, version, text) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] }),
    /** Ranged changes, as VS Code sends a keystroke to a server that announces incremental sync. */
    edit: (uri, version, changes) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes }),
    async dispose() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        // Let it exit by itself (a --cpu-prof profile is written on exit), killed after 3 s.
        if (child.exitCode === null) {
          await new Promise((resolve) => {
            const timer = setTimeout(resolve, 3000);
            child.once('exit', () => (clearTimeout(timer), resolve()));
          });
        }
      } finally {
        connection.dispose();
        if (child.exitCode === null) {
          child.kill();
        }
      }
    },
  };
}

/** Resident set size (VmRSS) and its peak (VmHWM) of a process, in MB, from /proc; undefined elsewhere. */
export function memoryOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return { rssMb: Math.round(kb('VmRSS') / 1024), peakRssMb: Math.round(kb('VmHWM') / 1024) };
  } catch {
    return undefined;
  }
}

/** The value at quantile q (0..1) of numbers, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
