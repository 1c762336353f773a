// Generated workspaces of 1,000 and 5,000 files (bench/lib/generate.mjs's workspaceTree:
// half CloudFormation templates with IAM-authorized API Gateway methods and roles, half
// standalone identity policies) through the language server: spawn → the server's "indexed"
// log, its memory then, and the first who-can-invoke hover on a method of an open template,
// which asks for the access decisions across the whole workspace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { workspaceTree } from './lib/generate.mjs';

/** Writes a tree of `files` files under `dir` and measures one server session on it. */
export async function workspaceSession(start, { dir, files, timeoutMs = 300000 }) {
  const tree = workspaceTree({ templates: files / 2, policies: files / 2 });
  for (const f of tree) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.text);
  }
  const out = { files: tree.length, stopped: undefined };
  const client = await start();
  try {
    try {
      const done = await client.waitForLog((l) => /indexed/.test(l.message), timeoutMs);
      out.spawnToIndexedMs = done.at - client.spawnedAt;
      out.indexed = Number(/indexed (\d+)/.exec(done.params.message)?.[1]);
      out.rssAfterIndexMb = client.memory()?.rssMb;
      const template = tree[0];
      const uri = pathToFileURL(join(dir, template.path)).href;
      const opened = client.waitForDiagnostics(uri, (p) => p.version === 1, timeoutMs);
      const openedAt = performance.now();
      await client.open(uri, 'yaml', template.text);
      out.openToFirstDiagnosticsMs = (await opened).at - openedAt;
      const offset = template.text.indexOf('Method0:') + 2;
      const before = template.text.slice(0, offset);
      const position = { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
      const { result, ms } = await client.timed('textDocument/hover', { textDocument: { uri }, position }, timeoutMs);
      const markdown = result?.contents?.value ?? '';
      out.firstAccessHover = { ms, answered: /on API `/.test(markdown), principals: (markdown.match(/^\| (?!principal|---)/gm) ?? []).length };
      out.rssAfterHoverMb = client.memory()?.rssMb;
    } catch (error) {
      out.stopped = error.message;
    }
    out.peakRssMb = client.peakRssMb();
    return out;
  } finally {
    await client.dispose();
  }
}
