// A minimal LSP client for benchmarks: spawns the bundled server over stdio, speaks
// JSON-RPC with vscode-jsonrpc (a dependency of vscode-languageserver), and resolves
// waits on publishDiagnostics by predicate, so timings end at the message, never at a sleep.
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout, clearTimeout } from 'node:timers';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node.js';

/**
 * Starts `node <serverPath> --stdio` and initializes it. Returns the connection, the time
 * the process was spawned (performance.now()), and helpers.
 */
export async function startServer(serverPath, rootPath) {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
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
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
  connection.onRequest(() => null);
  connection.onNotification(() => undefined);
  connection.listen();
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(rootPath).href,
    capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    workspaceFolders: null,
  });
  await connection.sendNotification('initialized', {});

  return {
    connection,
    spawnedAt,
    /** Resolves with the first publishDiagnostics for `uri` that satisfies `predicate` from now on, and its arrival time. */
    waitForDiagnostics(uri, predicate, timeoutMs = 30000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ uri, predicate, resolve: (r) => (clearTimeout(timer), resolve(r)) });
      });
    },
    open: (uri, languageId, text, version = 1) => connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } }),
    change: (uri, version, text) => connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] }),
    async dispose() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } finally {
        connection.dispose();
        if (child.exitCode === null) {
          child.kill();
        }
      }
    },
  };
}

/** The value at quantile q (0..1) of numbers, nearest rank. */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
