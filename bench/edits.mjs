// One editing session on one generated SAM template, through a real language server over
// stdio: cold start, the first who-can-invoke hover (Gatewarden only), then the keystrokes of
// bench/lib/sam-gen.mjs, each timed from sending its didChange to receiving the diagnostics
// published for it. Used by bench/scale.mjs for Gatewarden and for yaml-language-server.
//
// How a keystroke is matched to its diagnostics: keystrokes are sent one at a time, the next
// only after the diagnostics of the previous one arrived, so no newer edit ever cancels a
// pending validation and the server publishes every version; the time includes its debounce.
// Gatewarden's publishes carry the version they were computed for, and a keystroke waits for
// the first publish of its own version or a later one. Should a server ever skip a version
// (a debounce folding two keystrokes), the time is then measured from the last change sent
// to the publish of the version the server did validate, and the session counts it under
// `skippedVersions`. yaml-language-server's publishes carry no version; with one keystroke in
// flight at a time, its next publish for the document is the one for that keystroke.
// Where the server publishes a version twice (its own diagnostics first, the cross-file part
// once the document has been left alone), the first publish is what a keystroke waits for;
// the later one carries a version the next keystroke's wait does not accept.
import { performance } from 'node:perf_hooks';
import { setTimeout } from 'node:timers';
import { pathToFileURL } from 'node:url';
import { quantile } from './lib/lsp.mjs';

/**
 * Runs one session. `start()` spawns and initializes the server; `file` is the template on
 * disk (its folder the workspace), `text` its content. Options:
 *  - `edits`: [{ kind, change }] from editSequence;
 *  - `hoverAt`: a position whose hover must answer who can invoke a method (Gatewarden);
 *  - `waitForIndex`: wait for Gatewarden's "indexed" log before hovering and editing;
 *  - `capMs`: what all keystrokes may take, shared evenly between the edit kinds;
 *  - `editTimeoutMs`, `openTimeoutMs`: how long one publish may take before the session stops;
 *  - `isSyntax(diagnostic)`: whether a diagnostic is a syntax finding (the generated file
 *    must have none, or the session measures error recovery);
 *  - `pauseMs`: a pause before each keystroke (0: the next is sent as soon as the last one's
 *    diagnostics arrive), so what the server does once typing pauses is under way when it comes;
 *  - `onProgress(line)`: told the open, the hover and each finished burst, for the console.
 */
export async function editingSession(
  start,
  { file, text, edits, hoverAt, isSyntax, waitForIndex = false, capMs = 240000, editTimeoutMs = 120000, openTimeoutMs = 180000, pauseMs = 0, onProgress = () => undefined },
) {
  const uri = pathToFileURL(file).href;
  const out = { lines: text.split('\n').length - 1, chars: text.length, perKind: {}, cappedKinds: {}, skippedVersions: 0, stopped: undefined };
  const client = await start();
  try {
    const first = client.waitForDiagnostics(uri, (p) => p.version === undefined || p.version === 1, openTimeoutMs);
    const openedAt = performance.now();
    await client.open(uri, 'yaml', text);
    let published;
    try {
      published = await first;
    } catch (error) {
      out.stopped = `opening: ${error.message}`;
      return out;
    }
    out.cold = {
      spawnToFirstDiagnosticsMs: published.at - client.spawnedAt,
      openToFirstDiagnosticsMs: published.at - openedAt,
      diagnostics: published.params.diagnostics.length,
      syntaxFindings: published.params.diagnostics.filter(isSyntax).length,
    };
    onProgress(`  open → first diagnostics ${Math.round(out.cold.openToFirstDiagnosticsMs)} ms`);
    if (waitForIndex) {
      await client.waitForLog((l) => /indexed/.test(l.message), openTimeoutMs);
    }
    out.rssAfterOpenMb = client.memory()?.rssMb;
    if (hoverAt) {
      try {
        const { result, ms } = await client.timed('textDocument/hover', { textDocument: { uri }, position: hoverAt }, openTimeoutMs);
        const markdown = result?.contents?.value ?? '';
        out.firstAccessHover = { ms, answered: /on API `/.test(markdown), principals: (markdown.match(/^\| (?!principal|---)/gm) ?? []).length };
        onProgress(`  first who-can-invoke hover ${Math.round(ms)} ms`);
      } catch (error) {
        out.firstAccessHover = { error: error.message };
      }
    }
    // The time cap is shared out evenly between the kinds in the plan: once a kind has spent
    // its share, its remaining keystrokes are not sent (the burst it was in stays typed, on a
    // line no other kind edits), so one slow kind cannot starve the kinds after it.
    const shareMs = capMs / new Set(edits.map((e) => e.kind)).size;
    const spent = {};
    let version = 1;
    let burst = [];
    const editsStart = performance.now();
    for (const [i, { kind, change }] of edits.entries()) {
      if ((spent[kind] ?? 0) <= shareMs) {
        if (pauseMs > 0) {
          // A user who stops typing for a moment: the server's work after a keystroke (the
          // cross-file part) is under way when the next one arrives.
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
        const sent = ++version;
        const arrived = client.waitForDiagnostics(uri, (p) => p.version === undefined || p.version >= sent, editTimeoutMs);
        const sentAt = performance.now();
        await client.edit(uri, sent, [change]);
        let got;
        try {
          got = await arrived;
        } catch (error) {
          out.stopped = `keystroke ${sent - 1}: ${error.message}`;
          break;
        }
        if (got.params.version !== undefined && got.params.version !== sent) {
          out.skippedVersions++;
        }
        const ms = got.at - sentAt;
        spent[kind] = (spent[kind] ?? 0) + ms;
        (out.perKind[kind] ??= []).push(ms);
        burst.push(Math.round(ms));
      } else {
        out.cappedKinds[kind] = (out.cappedKinds[kind] ?? 0) + 1;
      }
      const next = edits[i + 1];
      if (burst.length > 0 && (next?.burst !== edits[i].burst || next?.kind !== kind)) {
        onProgress(`  ${kind}: ${burst.join(' ')} ms${out.cappedKinds[kind] ? ` (time share spent, ${out.cappedKinds[kind]} not sent)` : ''}`);
        burst = [];
      }
    }
    out.editsMs = performance.now() - editsStart;
    out.rssAfterEditsMb = client.memory()?.rssMb;
    out.peakRssMb = client.peakRssMb();
    return out;
  } finally {
    await client.dispose();
  }
}

/** Median, p95 (nearest rank), max and n of a list of milliseconds, rounded to 0.1 ms. */
export function summary(samples = []) {
  const r = (n) => (n === undefined ? undefined : Math.round(n * 10) / 10);
  return samples.length === 0 ? { n: 0 } : { n: samples.length, medianMs: r(quantile(samples, 0.5)), p95Ms: r(quantile(samples, 0.95)), maxMs: r(Math.max(...samples)) };
}
