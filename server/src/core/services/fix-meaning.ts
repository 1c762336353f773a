/**
 * Whether a fix changes what its statement means. A fix that says it narrows a grant
 * ("Narrow to the Write actions of execute-api") but whose result grants exactly what the
 * text it replaces granted (all three execute-api actions are Write actions) changes nothing
 * and is not offered. The comparison is on meaning, not text: the statement's effect, the
 * actions it grants expanded against the IAM reference (`execute-api:*` and the list of its
 * three actions are the same set), its resources and its condition, read before and after
 * the fix's edits from a fresh parse of the edited text.
 */
import type { IamCatalog } from '../data/catalog';
import { pathStartsWith, samePath, type Path } from '../model/node';
import { parseDocument } from '../model/parse';
import { statementActions } from '../policy/actions';
import { policySites } from '../policy/sites';
import { effectOf, resourcesOf } from '../policy/statement-parts';
import { statementsOf, type StatementRef } from '../policy/statements';
import { conditionText } from '../access/evaluate';
import type { Fix, SourceDocument, TextEdit } from '../types';

/** The text after `edits` (non-overlapping, as every fix's are). */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits].sort((a, b) => b.offset - a.offset).reduce((t, e) => t.slice(0, e.offset) + e.newText + t.slice(e.offset + e.length), text);
}

/**
 * True when `fix` leaves the statement holding `at` meaning what it meant: same effect, same
 * expanded actions, same resources, same condition. False when it cannot tell (no statement
 * there, actions the reference cannot expand, a statement gone after the edit): a fix is then
 * offered, as before.
 */
export function keepsMeaning(doc: SourceDocument, catalog: IamCatalog | undefined, fix: Fix, at: { readonly root: number; readonly path: Path }): boolean {
  if (!catalog || fix.edits.length === 0) {
    return false;
  }
  const before = statementAt(doc, at);
  if (!before) {
    return false;
  }
  const edited = parseDocument(applyTextEdits(doc.text, fix.edits), { format: doc.format, assumeRelevant: true });
  if (edited.syntaxFindings.length > doc.syntaxFindings.length) {
    return false;
  }
  const after = statementAt(edited, { root: at.root, path: before.path });
  if (!after || !samePath(after.path, before.path)) {
    return false;
  }
  const a = meaning(doc, catalog, before);
  const b = meaning(edited, catalog, after);
  return a !== undefined && a === b;
}

/** The innermost statement whose path leads to `at`. */
function statementAt(doc: SourceDocument, at: { readonly root: number; readonly path: Path }): StatementRef | undefined {
  let found: StatementRef | undefined;
  for (const site of policySites(doc)) {
    if (site.root !== at.root || !pathStartsWith(at.path, site.path)) {
      continue;
    }
    for (const statement of statementsOf(site)) {
      if (pathStartsWith(at.path, statement.path) && (!found || statement.path.length > found.path.length)) {
        found = statement;
      }
    }
  }
  return found;
}

/** What a statement means, as comparable text; undefined when its actions cannot be expanded. */
function meaning(doc: SourceDocument, catalog: IamCatalog, statement: StatementRef): string | undefined {
  const actions = statementActions(doc, catalog, statement);
  let granted: string[];
  if (actions.element === 'Action' && actions.granted) {
    granted = actions.granted.map((g) => `${g.service.prefix}:${g.action.name}`.toLowerCase());
  } else if (actions.items.every((i) => i.resolution.kind === 'all')) {
    granted = ['*'];
  } else {
    return undefined;
  }
  const resources = resourcesOf(doc, statement);
  return JSON.stringify([
    effectOf(statement) ?? '',
    actions.element ?? '',
    [...new Set(granted)].sort(),
    resources.element ?? '',
    [...new Set(resources.values.map((v) => v.text))].sort(),
    conditionText(statement, doc),
  ]);
}
