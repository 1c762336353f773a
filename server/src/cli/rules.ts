/**
 * `gatewarden rules` (every registered rule: id, default severity, summary) and
 * `gatewarden explain RULE` (the rule's documentation page, read from docs/rules in the
 * package, which ships it).
 */
import * as path from 'node:path';
import { docsUrl } from '../core/index';
import { rules as registry, RULES_BY_ID } from '../core/rules';
import type { ReportCommand } from './args';
import { nearRuleIds } from './args';
import { host } from './host';
import { packageInfo } from './package-root';
import { printable } from './printable';
import type { ReportIo } from './report-command';
import { EXIT_OK, EXIT_USAGE } from './run';

/** One element of `gatewarden rules --format json`. */
export interface RuleJson {
  readonly id: string;
  readonly defaultSeverity: string;
  readonly summary: string;
  readonly fixable: boolean;
  readonly experimental: boolean;
  /** Document kinds the rule runs on; empty for the parser's own findings. */
  readonly appliesTo: readonly string[];
  readonly docs: string;
}

export function ruleList(): RuleJson[] {
  return registry.map((r) => ({
    id: r.id,
    defaultSeverity: r.defaultSeverity,
    summary: r.docs.summary,
    fixable: r.fixable === true,
    experimental: r.experimental === true,
    appliesTo: r.appliesTo,
    docs: docsUrl(r.id),
  }));
}

export function runRules(command: ReportCommand, io: ReportIo): number {
  const list = ruleList();
  if (command.format === 'json') {
    io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    return EXIT_OK;
  }
  const idWidth = Math.max(...list.map((r) => r.id.length));
  const lines = list.map((r) => `${r.id.padEnd(idWidth)}  ${r.defaultSeverity.padEnd(7)}  ${r.fixable ? 'fix' : '   '}  ${r.summary}${r.experimental ? ' (experimental)' : ''}`);
  io.stdout(`${lines.join('\n')}\n${list.length} rules. "gatewarden explain RULE" prints a rule's documentation.\n`);
  return EXIT_OK;
}

/** Exit 0 with the page on stdout; 2 for an unknown rule (with the nearest ids) or a missing page. */
export function runExplain(command: ReportCommand, io: ReportIo): number {
  const id = command.paths[0]!;
  if (!RULES_BY_ID.has(id)) {
    const near = nearRuleIds(id);
    io.stderr(`gatewarden: unknown rule "${printable(id)}".${near.length > 0 ? ` Did you mean: ${near.join(', ')}?` : ''} "gatewarden rules" lists them all.\n`);
    return EXIT_USAGE;
  }
  const page = docsPage(id);
  if (page === undefined) {
    io.stderr(`gatewarden: the documentation of ${id} is not installed; it is online at ${docsUrl(id)}\n`);
    return EXIT_USAGE;
  }
  io.stdout(page.endsWith('\n') ? page : `${page}\n`);
  return EXIT_OK;
}

/** The Markdown page of a registered rule from the package's docs/rules, if present. */
export function docsPage(id: string): string | undefined {
  const root = packageInfo()?.root;
  if (root === undefined || !RULES_BY_ID.has(id)) {
    return undefined;
  }
  // Ids are registry keys (`area/kebab-name`), never user text, by the check above.
  const read = host.readFile(path.join(root, 'docs', 'rules', ...id.split('/')) + '.md', { maxBytes: 1024 * 1024 });
  return read.kind === 'ok' ? read.text : undefined;
}
