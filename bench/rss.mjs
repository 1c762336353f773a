// The server's resident memory over 20 keystrokes on a template just under the default
// `gatewarden.maxFileSize` (5,000,000 characters), where every edit is still analysed. A
// server whose memory grows with each keystroke shows it here long before a user's editor
// runs out; the target is a flat line (max/min over the keystrokes within 20%). VmRSS is read from
// /proc/<pid>/status after the open, after indexing, and after each keystroke's diagnostics.
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/**
 * `start()` spawns the server (with a memory guard: this machine is shared); `file`/`text`
 * the template; `edits` the keystrokes, of which none is sent once they have taken `capMs`
 * in all (the bench must finish; the number done is reported). Returns the samples and how
 * far it got.
 */
export async function rssSession(start, { file, text, edits, timeoutMs = 900000, keystrokeTimeoutMs = 180000, capMs = 300000, onSample = () => undefined }) {
  const uri = pathToFileURL(file).href;
  const out = { chars: text.length, lines: text.split('\n').length - 1, samples: [], stopped: undefined };
  const client = await start();
  try {
    const first = client.waitForDiagnostics(uri, (p) => p.version === 1, timeoutMs);
    const openedAt = performance.now();
    await client.open(uri, 'yaml', text);
    try {
      const got = await first;
      out.openToFirstDiagnosticsMs = got.at - openedAt;
      out.syntaxFindings = got.params.diagnostics.filter((d) => String(d.code ?? '').startsWith('syntax/')).length;
      out.samples.push({ after: 'open', ms: out.openToFirstDiagnosticsMs, rssMb: client.memory()?.rssMb });
      onSample(out.samples.at(-1));
      await client.waitForLog((l) => /indexed/.test(l.message), timeoutMs);
      out.samples.push({ after: 'indexed', rssMb: client.memory()?.rssMb });
      onSample(out.samples.at(-1));
    } catch (error) {
      // What the server holds when it has not finished opening is a figure too.
      out.samples.push({ after: 'open (unfinished)', rssMb: client.memory()?.rssMb });
      out.stopped = `opening: ${error.message}`;
      out.peakRssMb = client.peakRssMb();
      return out;
    }
    let version = 1;
    const editsStart = performance.now();
    for (const { kind, change } of edits) {
      if (performance.now() - editsStart > capMs) {
        out.stopped = `time cap of ${Math.round(capMs / 1000)} s reached`;
        break;
      }
      const sent = ++version;
      const arrived = client.waitForDiagnostics(uri, (p) => p.version >= sent, keystrokeTimeoutMs);
      const sentAt = performance.now();
      await client.edit(uri, sent, [change]);
      try {
        const got = await arrived;
        out.samples.push({ after: `keystroke ${sent - 1} (${kind})`, ms: got.at - sentAt, rssMb: client.memory()?.rssMb });
        onSample(out.samples.at(-1));
      } catch (error) {
        out.stopped = `keystroke ${sent - 1}: ${error.message}`;
        break;
      }
    }
    out.peakRssMb = client.peakRssMb();
    // Flat means the memory after each of the 20 keystrokes stays within 20% of the least
    // seen after one. The samples after open and indexing are shown but not counted: the
    // first keystrokes may free what opening left (the server collects its garbage as it
    // builds up, lsp/memory.ts), and a fall is not growth. What the keystrokes added to the
    // memory after indexing is reported beside it (last keystroke / indexed).
    const keystrokes = out.samples.filter((s) => s.after.startsWith('keystroke'));
    const values = keystrokes.map((s) => s.rssMb).filter((v) => v !== undefined);
    out.maxOverMin = values.length > 0 ? Math.round((Math.max(...values) / Math.min(...values)) * 100) / 100 : undefined;
    const indexed = out.samples.find((s) => s.after === 'indexed')?.rssMb;
    out.lastOverIndexed = indexed && values.length > 0 ? Math.round((values[values.length - 1] / indexed) * 100) / 100 : undefined;
    out.keystrokes = keystrokes.length;
    return out;
  } finally {
    await client.dispose();
  }
}
