// The scale figures of issue 13, run by `npm run bench` (bench/run.mjs) before the figures of
// issue 8. Parts, each selectable with `--only` (default: all, and the issue-8 `baseline`):
//  - edits: per-edit latency on generated SAM templates of 1k to 40k lines (`--sizes`), the
//    keystrokes rotating over five kinds of edit (bench/lib/sam-gen.mjs), median and p95 each;
//  - paused: the same keystrokes at 10k and 40k lines, each after a 400 ms pause, so the
//    cross-file part (run once typing pauses) is under way when the next one arrives;
//  - cold: spawn → initialize → didOpen → first publishDiagnostics at each size, and the
//    first who-can-invoke hover (on an Api event, which asks for the access decisions);
//  - rss: the server's resident memory over 20 keystrokes on a 4.9 MB template, and what the
//    analysis keeps over 120 keystrokes on it, in-process after forced collections
//    (bench/retained.mjs);
//  - workspace: 1,000- and 5,000-file workspaces: indexing, memory, first who-can-invoke hover;
//  - yls: Red Hat's yaml-language-server on the same files, cold start and the same
//    keystrokes, with the ratio Gatewarden / yaml-language-server;
//  - access-diff: `gatewarden access --diff` against one `gatewarden access` on the 1,000-file
//    workspace (issue 16; bench/access-diff.mjs).
// Every figure is printed beside its target from the issue, met or not met, and written to
// bench/results/latest.json (gitignored) with the issue-8 figures, to compare runs.
// Each size's keystrokes share a time cap evenly between the edit kinds (the number measured
// is reported as n): a slow server must not keep the bench from finishing on this 2-core machine.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDIT_KINDS, EDIT_KIND_LABELS, SIZES, editSequence, samApplication } from './lib/sam-gen.mjs';
import { GATEWARDEN_DEBOUNCE_MS, YLS_DEBOUNCE_MS, startGatewarden, startYamlLanguageServer } from './lib/servers.mjs';
import { editingSession, summary } from './edits.mjs';
import { rssSession } from './rss.mjs';
import { workspaceSession } from './workspace.mjs';
import { accessDiffSession, printAccessDiff } from './access-diff.mjs';

export const PARTS = ['edits', 'paused', 'cold', 'rss', 'workspace', 'yls', 'access-diff', 'baseline'];

/** Which parts and sizes the command line asks for. */
export function parseSelection(argv) {
  const value = (name) => {
    const i = argv.indexOf(name);
    const inline = argv.find((a) => a.startsWith(`${name}=`));
    return inline ? inline.slice(name.length + 1) : i >= 0 ? argv[i + 1] : undefined;
  };
  const list = (name, allowed) => {
    const raw = value(name);
    if (raw === undefined) {
      return allowed;
    }
    const picked = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = picked.filter((p) => !allowed.includes(p));
    if (unknown.length > 0) {
      throw new Error(`${name}: unknown ${unknown.join(', ')}; choose from ${allowed.join(', ')}`);
    }
    return picked;
  };
  const parts = list('--only', PARTS);
  return { parts: new Set(parts), sizes: list('--sizes', Object.keys(SIZES)), quick: argv.includes('--quick') };
}

// Keystrokes per size: two bursts of ten per kind (20 edits each) up to 10k lines, fewer
// above, where the server as measured takes seconds per keystroke; the time cap bounds the rest.
const PLAN = { '1k': [2, 10], '5k': [2, 10], '10k': [2, 10], '20k': [2, 6], '40k': [1, 8] };
const EDIT_CAP_MS = 300000;
const MEMORY_GUARD_MB = 6000;
const targetsOf = { '10k': 100, '40k': 250 };
/** The sizes typed with pauses (part `paused`), and the pause before each keystroke. */
const PAUSED_SIZES = ['10k', '40k'];
const PAUSE_MS = 400;

const round = (n, digits = 1) => (n === undefined || Number.isNaN(n) ? undefined : Math.round(n * 10 ** digits) / 10 ** digits);
const progress = (what) => process.stderr.write(`bench: ${what}\n`);

/** Runs the selected parts; prints their tables; returns { selection, results }. */
export async function runScale({ root, scratch, argv }) {
  const selection = parseSelection(argv);
  const { parts, quick } = selection;
  // The machine is shared: the load average beside the figures says how much they could be trusted.
  const results = { loadAverageAtStart: loadavg().map((n) => round(n, 2)), sizes: {}, debounceMs: { gatewarden: GATEWARDEN_DEBOUNCE_MS, yamlLanguageServer: YLS_DEBOUNCE_MS } };
  const gatewarden = (dir) => () => startGatewarden(root, dir, { maxRssMb: MEMORY_GUARD_MB });
  const yls = (dir) => () => startYamlLanguageServer(dir, { maxRssMb: MEMORY_GUARD_MB });
  const isGatewardenSyntax = (d) => String(d.code ?? '').startsWith('syntax/');
  // Without a schema, whatever yaml-language-server reports on these files is a YAML error.
  const isYlsSyntax = () => true;

  if (parts.has('edits') || parts.has('cold') || parts.has('yls') || parts.has('paused')) {
    for (const size of selection.sizes) {
      const text = samApplication({ lines: SIZES[size] });
      const dir = join(scratch, `sam-${size}`);
      mkdirSync(dir, { recursive: true });
      const file = join(dir, 'template.yaml');
      writeFileSync(file, text);
      const [bursts, keystrokes] = quick ? [1, 4] : PLAN[size];
      const edits = parts.has('edits') || parts.has('yls') ? editSequence(text, { bursts, keystrokes }) : [];
      const entry = (results.sizes[size] = { lines: text.split('\n').length - 1, chars: text.length, plannedPerKind: bursts * keystrokes });
      const capMs = quick ? 60000 : EDIT_CAP_MS;
      if (parts.has('edits') || parts.has('cold')) {
        progress(`${size} lines: Gatewarden${parts.has('cold') ? ', cold start and first hover' : ''}${parts.has('edits') ? `, ${edits.length} keystrokes` : ''}`);
        const session = await editingSession(gatewarden(dir), {
          file,
          text,
          edits: parts.has('edits') ? edits : [],
          hoverAt: parts.has('cold') ? hoverPosition(text) : undefined,
          isSyntax: isGatewardenSyntax,
          waitForIndex: true,
          capMs,
          onProgress: progress,
        });
        entry.gatewarden = sessionResult(session);
        assertClean(`Gatewarden on the ${size} template`, session);
      }
      if (parts.has('paused') && PAUSED_SIZES.includes(size)) {
        // A user who pauses between keystrokes: the cross-file part (the access analysis) is
        // under way when the next keystroke comes, and must not hold it up.
        const pausedEdits = editSequence(text, { bursts: 1, keystrokes: quick ? 2 : 4 });
        progress(`${size} lines: Gatewarden, ${pausedEdits.length} keystrokes each after a ${PAUSE_MS} ms pause`);
        const session = await editingSession(gatewarden(dir), { file, text, edits: pausedEdits, isSyntax: isGatewardenSyntax, waitForIndex: true, capMs, pauseMs: PAUSE_MS, onProgress: progress });
        entry.paused = sessionResult(session);
        assertClean(`Gatewarden on the ${size} template, with pauses`, session);
      }
      if (parts.has('yls')) {
        progress(`${size} lines: yaml-language-server, cold start and ${edits.length} keystrokes`);
        const session = await editingSession(yls(dir), { file, text, edits, isSyntax: isYlsSyntax, capMs, onProgress: progress });
        entry.yamlLanguageServer = sessionResult(session);
        assertClean(`yaml-language-server on the ${size} template`, session);
      }
    }
  }

  if (parts.has('rss')) {
    const text = samApplication({ maxChars: 4_900_000 });
    const dir = join(scratch, 'rss');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'template.yaml');
    writeFileSync(file, text);
    progress(`memory over 20 keystrokes on a ${(text.length / 1e6).toFixed(2)} MB template`);
    const rss = await rssSession(gatewarden(dir), {
      file,
      text,
      edits: editSequence(text, { bursts: 1, keystrokes: 4 }),
      onSample: (s) => progress(`  after ${s.after}: ${s.ms === undefined ? '' : `${Math.round(s.ms)} ms, `}${s.rssMb} MB`),
    });
    if (rss.syntaxFindings > 0) {
      throw new Error(`bench: the generated 4.9 MB template has ${rss.syntaxFindings} syntax findings; fix bench/lib/sam-gen.mjs`);
    }
    results.rss = { ...rss, openToFirstDiagnosticsMs: round(rss.openToFirstDiagnosticsMs), samples: rss.samples.map((s) => ({ ...s, ms: round(s.ms) })) };
    progress('heap kept over 120 keystrokes on it, in-process (bench/retained.mjs)');
    const retained = spawnSync(process.execPath, ['--expose-gc', join(dirname(fileURLToPath(import.meta.url)), 'retained.mjs'), '--bursts', '6'], { encoding: 'utf8', maxBuffer: 1 << 20 });
    results.retained = retained.status === 0 ? JSON.parse(retained.stdout) : { error: `exit ${retained.status}: ${retained.stderr.slice(-500)}` };
  }

  if (parts.has('workspace')) {
    results.workspaces = {};
    for (const files of quick ? [1000] : [1000, 5000]) {
      progress(`workspace of ${files} files: index and first who-can-invoke hover`);
      const dir = join(scratch, `workspace-${files}`);
      const w = await workspaceSession(gatewarden(dir), { dir, files });
      results.workspaces[files] = { ...w, spawnToIndexedMs: round(w.spawnToIndexedMs), openToFirstDiagnosticsMs: round(w.openToFirstDiagnosticsMs), firstAccessHover: w.firstAccessHover && { ...w.firstAccessHover, ms: round(w.firstAccessHover.ms) } };
    }
  }

  if (parts.has('access-diff')) {
    // Issue 16: `access --diff` on the 1,000-file workspace against one `access` (bench/access-diff.mjs).
    progress('access --diff against access on 1,000 files');
    results.accessDiff = accessDiffSession({ root, scratch, runs: quick ? 2 : 5 });
  }

  results.loadAverageAtEnd = loadavg().map((n) => round(n, 2));
  results.targets = targets(results, selection);
  print(results, selection);
  return { selection, results };
}

/** Writes bench/results/latest.json. */
export function writeResults(root, result) {
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
}

/**
 * The key of the first GET event of a unit in the middle of the template whose role grants
 * it: hovering there shows who can invoke that method.
 */
function hoverPosition(text) {
  const units = [...text.matchAll(/^ {2}Caller(\d+):$/gm)].length;
  let unit = Math.floor(units / 2);
  if (unit % 10 === 9) {
    unit--;
  }
  const offset = text.indexOf(`\n        Get${unit * 4}:\n`) + 1 + 8 + 1;
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

function assertClean(what, session) {
  if (session.cold && session.cold.syntaxFindings > 0) {
    throw new Error(`bench: ${what}: ${session.cold.syntaxFindings} syntax findings on the generated text; fix bench/lib/sam-gen.mjs`);
  }
}

function sessionResult(s) {
  const perKind = {};
  for (const kind of EDIT_KINDS) {
    if (s.perKind[kind]) {
      perKind[kind] = summary(s.perKind[kind]);
    }
  }
  const all = Object.values(s.perKind).flat();
  return {
    cold: s.cold && { ...s.cold, spawnToFirstDiagnosticsMs: round(s.cold.spawnToFirstDiagnosticsMs), openToFirstDiagnosticsMs: round(s.cold.openToFirstDiagnosticsMs) },
    firstAccessHover: s.firstAccessHover && { ...s.firstAccessHover, ms: round(s.firstAccessHover.ms) },
    perKind,
    allEdits: summary(all),
    skippedVersions: s.skippedVersions,
    notSentForTimeCap: s.cappedKinds,
    editsSeconds: round((s.editsMs ?? 0) / 1000),
    rssAfterOpenMb: s.rssAfterOpenMb,
    rssAfterEditsMb: s.rssAfterEditsMb,
    peakRssMb: s.peakRssMb,
    stopped: s.stopped,
  };
}

/** Every target of the issue that this run measured, as { what, target, value, met, note }. */
function targets(results, selection) {
  const out = [];
  const add = (what, target, value, met, note) => out.push({ what, target, value, met: value === undefined ? false : met, note: value === undefined ? (note ?? 'not measured') : note });
  // Per-edit p95 against the same targets, typed without pauses (part `edits`) and with them (`paused`).
  for (const [part, session, label] of [
    ['edits', 'gatewarden', 'per-edit p95'],
    ['paused', 'paused', `per-edit p95 after ${PAUSE_MS} ms pauses`],
  ]) {
    for (const [size, limit] of Object.entries(targetsOf)) {
      const g = results.sizes[size]?.[session];
      if (!g || !selection.parts.has(part)) {
        continue;
      }
      for (const kind of EDIT_KINDS) {
        const k = g.perKind[kind];
        add(`${label}, ${size} lines, ${kind}`, `<= ${limit} ms`, k?.p95Ms, k?.p95Ms <= limit, k && `n=${k.n}`);
      }
    }
  }
  if (selection.parts.has('edits')) {
    for (const [size, entry] of Object.entries(results.sizes)) {
      for (const kind of EDIT_KINDS) {
        const k = entry.gatewarden?.perKind[kind];
        const ratio = k && round(k.p95Ms / k.medianMs, 2);
        add(`p95 / median, ${size} lines, ${kind}`, '<= 3', ratio, ratio <= 3, k && `n=${k.n}`);
      }
    }
  }
  const big = results.sizes['40k'];
  if (big?.gatewarden?.cold && big?.yamlLanguageServer?.cold) {
    const g = big.gatewarden.cold.spawnToFirstDiagnosticsMs;
    const y = big.yamlLanguageServer.cold.spawnToFirstDiagnosticsMs;
    add('cold start at 40k lines: Gatewarden vs yaml-language-server (spawn → first diagnostics)', `<= ${y} ms`, g, g <= y);
  }
  const w = results.workspaces?.[5000];
  if (w) {
    add('first who-can-invoke hover after indexing 5,000 files', '<= 300 ms', w.firstAccessHover?.ms, w.firstAccessHover?.ms <= 300 && w.firstAccessHover?.answered, w.stopped);
  }
  if (results.accessDiff) {
    const d = results.accessDiff;
    add('access --diff / access, 1,000-file workspace', '< 2', d.ratio, d.met, `${d.diffMedianMs} ms / ${d.accessMedianMs} ms`);
  }
  if (results.rss) {
    const complete = results.rss.keystrokes === 20;
    add('4.9 MB template: RSS max / min over 20 keystrokes', '<= 1.2', results.rss.maxOverMin, complete && results.rss.maxOverMin <= 1.2, complete ? undefined : `${results.rss.keystrokes ?? 0} keystrokes done: ${results.rss.stopped}`);
  }
  if (results.retained) {
    // My own bar, not the issue's: no structure grows per keystroke once bounded tables are full.
    const r = results.retained;
    add('4.9 MB template: heap kept after 120 keystrokes / after 40 (in-process)', '<= 1.05', r.lastOverSecond, r.lastOverSecond <= 1.05, r.error ?? `MB after each 20: ${r.afterBurstMb?.join(', ')}`);
  }
  return out;
}

// --- Printing --------------------------------------------------------------------------

function table(title, header, rows) {
  const cells = [header, ...rows].map((r) => r.map((c) => (c === undefined || c === null ? '' : String(c))));
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  // Text left, figures right.
  const line = (r) => r.map((c, i) => (/^-?[\d.]+$/.test(c) || c === '' ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) {
    console.log(line(r));
  }
}

const metText = (met) => (met ? 'met' : 'NOT MET');
const ratio = (a, b) => (a === undefined || b === undefined || b === 0 ? undefined : round(a / b, 2));

function print(results, selection) {
  const sizes = Object.entries(results.sizes);
  if (results.accessDiff) {
    printAccessDiff(results.accessDiff);
  }
  if (selection.parts.has('paused')) {
    const rows = [];
    for (const [size, entry] of sizes) {
      for (const kind of entry.paused ? EDIT_KINDS : []) {
        const k = entry.paused.perKind[kind] ?? { n: 0 };
        rows.push([`${size} (${entry.lines})`, kind, k.n, k.medianMs, k.p95Ms, k.maxMs, targetsOf[size] ? `<= ${targetsOf[size]}: ${metText(k.p95Ms <= targetsOf[size])}` : '']);
      }
    }
    table(`Per-edit latency after a ${PAUSE_MS} ms pause before each keystroke (the cross-file part runs in the pauses), Gatewarden (ms)`, ['size (lines)', 'edit kind', 'n', 'median', 'p95', 'max', 'target p95'], rows);
  }
  if (selection.parts.has('edits')) {
    const rows = [];
    const notes = [];
    for (const [size, entry] of sizes) {
      const g = entry.gatewarden;
      if (!g) {
        continue;
      }
      for (const kind of EDIT_KINDS) {
        const k = g.perKind[kind] ?? { n: 0 };
        const limit = targetsOf[size];
        const spread = ratio(k.p95Ms, k.medianMs);
        rows.push([`${size} (${entry.lines})`, kind, `${k.n}/${entry.plannedPerKind}`, k.medianMs, k.p95Ms, k.maxMs, limit ? `<= ${limit}: ${metText(k.p95Ms <= limit)}` : '', spread === undefined ? '' : `${spread}: ${metText(spread <= 3)}`]);
      }
      if (g.stopped) {
        notes.push(`${size}: stopped: ${g.stopped}`);
      }
      const capped = Object.entries(g.notSentForTimeCap ?? {});
      if (capped.length > 0) {
        notes.push(`${size}: keystrokes not sent for the time cap: ${capped.map(([k, n]) => `${n} ${k}`).join(', ')}`);
      }
    }
    table(
      `Per-edit latency, Gatewarden: didChange → publishDiagnostics of that version (ms, ${GATEWARDEN_DEBOUNCE_MS} ms debounce included)`,
      ['size (lines)', 'edit kind', 'n', 'median', 'p95', 'max', 'target p95', 'p95/median <= 3'],
      rows,
    );
    for (const note of notes) {
      console.log(note);
    }
    console.log(`Edit kinds: ${EDIT_KINDS.map((k) => `${k} = ${EDIT_KIND_LABELS[k]}`).join('; ')}.`);
  }
  if (selection.parts.has('cold') || selection.parts.has('yls')) {
    const rows = sizes.map(([size, e]) => {
      const g = e.gatewarden?.cold;
      const y = e.yamlLanguageServer?.cold;
      const coldTarget = size === '40k' && g && y ? metText(g.spawnToFirstDiagnosticsMs <= y.spawnToFirstDiagnosticsMs) : '';
      const h = e.gatewarden?.firstAccessHover;
      return [`${size} (${e.lines})`, g?.spawnToFirstDiagnosticsMs, g?.openToFirstDiagnosticsMs, y?.spawnToFirstDiagnosticsMs, y?.openToFirstDiagnosticsMs, ratio(g?.spawnToFirstDiagnosticsMs, y?.spawnToFirstDiagnosticsMs), coldTarget, h?.error ?? (h ? `${h.ms}${h.answered ? '' : ' (no answer)'}` : ''), e.gatewarden?.rssAfterOpenMb];
    });
    table(
      'Cold start (ms): spawn → initialize → didOpen → first publishDiagnostics; first who-can-invoke hover after indexing (ms)',
      ['size (lines)', 'GW spawn→diag', 'GW open→diag', 'YLS spawn→diag', 'YLS open→diag', 'GW/YLS', 'target (40k): GW <= YLS', 'GW first hover', 'GW RSS MB'],
      rows,
    );
  }
  if (selection.parts.has('yls') && selection.parts.has('edits')) {
    const rows = [];
    for (const [size, e] of sizes) {
      for (const kind of EDIT_KINDS) {
        const g = e.gatewarden?.perKind[kind];
        const y = e.yamlLanguageServer?.perKind[kind];
        if (!g && !y) {
          continue;
        }
        // Net of each server's own debounce, what each spends working on the edit.
        const net = ratio(g && g.medianMs - GATEWARDEN_DEBOUNCE_MS, y && y.medianMs - YLS_DEBOUNCE_MS);
        rows.push([`${size}`, kind, g?.medianMs, g?.p95Ms, y?.medianMs, y?.p95Ms, ratio(g?.medianMs, y?.medianMs), ratio(g?.p95Ms, y?.p95Ms), net]);
      }
    }
    table(
      `Per-edit latency, Gatewarden (GW) vs yaml-language-server (YLS), same files and keystrokes (ms; debounce included: GW ${GATEWARDEN_DEBOUNCE_MS} ms, YLS ${YLS_DEBOUNCE_MS} ms)`,
      ['size', 'edit kind', 'GW median', 'GW p95', 'YLS median', 'YLS p95', 'GW/YLS median', 'GW/YLS p95', 'GW/YLS net of debounce'],
      rows,
    );
  }
  if (results.rss) {
    const r = results.rss;
    table(
      `Server memory, ${(r.chars / 1e6).toFixed(2)} MB template (${r.lines} lines): VmRSS after open, after indexing and after each keystroke's diagnostics`,
      ['after', 'keystroke ms', 'RSS MB'],
      r.samples.map((s) => [s.after, s.ms, s.rssMb]),
    );
    console.log(`didOpen → first diagnostics ${r.openToFirstDiagnosticsMs} ms; max/min over the keystrokes ${r.maxOverMin} (target <= 1.2); last keystroke / indexed ${r.lastOverIndexed}; peak seen ${r.peakRssMb} MB${r.stopped ? `; stopped: ${r.stopped}` : ''}`);
  }
  if (results.workspaces) {
    table(
      'Generated workspaces through the server',
      ['files', 'spawn → indexed ms', 'RSS after index MB', 'open → diag ms', 'first who-can-invoke hover ms', 'RSS after hover MB', 'peak MB', 'target', 'note'],
      Object.values(results.workspaces).map((w) => [
        w.files,
        w.spawnToIndexedMs,
        w.rssAfterIndexMb,
        w.openToFirstDiagnosticsMs,
        w.firstAccessHover ? `${w.firstAccessHover.ms}${w.firstAccessHover.answered ? '' : ' (no answer)'}` : '',
        w.rssAfterHoverMb,
        w.peakRssMb,
        w.files === 5000 ? `<= 300: ${metText(w.firstAccessHover?.ms <= 300)}` : '',
        w.stopped ?? '',
      ]),
    );
  }
  if (results.targets.length > 0) {
    table(
      'Targets of issue 13',
      ['figure', 'target', 'measured', 'met', 'note'],
      results.targets.map((t) => [t.what, t.target, t.value, metText(t.met), t.note]),
    );
    const missed = results.targets.filter((t) => !t.met).length;
    console.log(`${results.targets.length - missed} of ${results.targets.length} targets met.`);
  }
  console.log(`Load average (1, 5, 15 min) at the start ${results.loadAverageAtStart.join(', ')}, at the end ${results.loadAverageAtEnd.join(', ')} (${cpus().length} cores).`);
}

