/**
 * The edit behind "add a condition" fixes: `operator → key → value` merged into the
 * statement's Condition block, written in the document's layout. A missing Condition is
 * added as the statement's last element; an existing operator block gets the key.
 */
import type { ObjectNode } from '../../model/node';
import { findProperty } from '../../model/node';
import type { TextEdit } from '../../types';
import { appendProperty, type EditValue } from '../../util/edits';
import type { DocLike } from '../../policy/view';

export function addConditionEdit(doc: DocLike, statement: ObjectNode, operator: string, key: string, value: EditValue): TextEdit | undefined {
  const condition = findProperty(statement, 'Condition')?.value;
  if (!condition) {
    return appendProperty(doc, statement, 'Condition', { [operator]: { [key]: value } });
  }
  if (condition.kind !== 'object') {
    return undefined; // An intrinsic or a malformed Condition: no safe place to write.
  }
  const block = findProperty(condition, operator)?.value;
  if (!block) {
    return appendProperty(doc, condition, operator, { [key]: value });
  }
  return block.kind === 'object' && !findProperty(block, key) ? appendProperty(doc, block, key, value) : undefined;
}
