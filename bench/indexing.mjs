// Hover latency while the server indexes a large workspace (issue 14): a generated tree of
// 20,000 template and policy files in a temporary folder, the bundled server started on it
// over stdio, and hovers sent one after another on an open policy until the server logs
// that indexing is done. Prints the hovers' median and p95 during indexing and the time
// from spawn to "indexed". `npm run bench` runs it as one of its sections; on its own:
// `node bench/indexing.mjs [--files N] [--server PATH]` (build first; `--server` measures
// another build of dist/server.js, such as one from before a change).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { memoryOf, quantile, startServer } from './lib/lsp.mjs';
import { workspaceTree } from './lib/generate.mjs';

const round = (n) => (n === undefined ? undefined : Math.round(n * 10) / 10);

/**
 * Generates `files` files (one template in forty, the rest policies) under `scratch`, starts
 * the server on them and measures hovers until indexing ends. Returns the figures.
 */
export async function hoverDuringIndexing(serverPath, scratch, { files = 20_000 } = {}) {
  const dir = join(scratch, 'index-hover');
  // Mostly policy files, as in a repository of many small ones: each template of the
  // generator holds ten methods and twenty roles, and 2,000 of them exhaust the heap.
  const templates = Math.round(files / 40);
  const tree = workspaceTree({ templates, policies: files - templates, seed: 14 });
  for (const f of tree) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  // The hovered document is a policy of the tree, open in the editor: the server answers
  // it from the editor's text while the index walks the rest.
  const policy = tree.find((f) => f.path.endsWith('.json'));
  const uri = pathToFileURL(join(dir, policy.path)).href;
  const offset = policy.text.indexOf('s3:GetObject') + 3;
  const before = policy.text.slice(0, offset);
  const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };

  const lsp = await startServer(serverPath, dir);
  let progress = 0;
  lsp.connection.onNotification('$/progress', () => {
    progress++;
  });
  let indexedAt;
  // A server that dies while indexing (out of memory) ends the measurement with an error.
  const died = new Promise((_, reject) => lsp.connection.onClose(() => reject(new Error('the server exited while indexing'))));
  const indexed = Promise.race([lsp.waitForLog((l) => /indexed/.test(l.message), 600_000), died]).then((r) => {
    indexedAt = r.at;
    return r;
  });
  indexed.catch(() => undefined);
  await lsp.open(uri, 'json', policy.text);
  const latencies = [];
  let answered = 0;
  while (indexedAt === undefined) {
    const { result, ms } = await Promise.race([lsp.timed('textDocument/hover', { textDocument: { uri }, position }), died]);
    // A hover still in flight when indexing ended waited on the end of indexing too: it counts.
    latencies.push(ms);
    answered += result ? 1 : 0;
  }
  const done = await indexed;
  const memory = memoryOf(lsp.pid);
  // The same hover once indexing is over (and the access matrix built), for comparison:
  // what the hover costs by itself on this machine.
  const idle = [];
  for (let i = 0; i < 20; i++) {
    idle.push((await lsp.timed('textDocument/hover', { textDocument: { uri }, position })).ms);
  }
  await lsp.dispose();
  rmSync(dir, { recursive: true, force: true });
  return {
    files: tree.length,
    indexed: Number(/indexed (\d+)/.exec(done.params.message)?.[1]),
    spawnToIndexedMs: round(done.at - lsp.spawnedAt),
    hovers: latencies.length,
    answered,
    progressNotifications: progress,
    hoverMedianMs: round(quantile(latencies, 0.5)),
    hoverP95Ms: round(quantile(latencies, 0.95)),
    hoverMaxMs: round(Math.max(...latencies)),
    hoverAfterIndexingMedianMs: round(quantile(idle, 0.5)),
    serverMemoryAfterIndexing: memory,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const at = process.argv.indexOf('--files');
  const files = at === -1 ? 20_000 : Number(process.argv[at + 1]);
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const scratch = mkdtempSync(join(tmpdir(), 'gatewarden-bench-index-'));
  try {
    const s = process.argv.indexOf('--server');
    const server = s === -1 ? join(root, 'dist', 'server.js') : resolve(process.argv[s + 1]);
    const r = await hoverDuringIndexing(server, scratch, { files });
    console.log(JSON.stringify(r, null, 2));
    console.log(`hover during indexing of ${r.files} files: median ${r.hoverMedianMs} ms, p95 ${r.hoverP95Ms} ms (target < 100 ms), max ${r.hoverMaxMs} ms over ${r.hovers} hovers; spawn → indexed ${r.spawnToIndexedMs} ms; the same hover after indexing: median ${r.hoverAfterIndexingMedianMs} ms; server RSS after indexing ${r.serverMemoryAfterIndexing?.rssMb} MB (peak ${r.serverMemoryAfterIndexing?.peakRssMb} MB)`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
