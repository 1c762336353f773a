/**
 * An access assertion that matches nothing in the workspace guards nothing: a misspelt role,
 * a renamed path, a stage that does not exist. The finding belongs to the configuration
 * file, not to a template, so the shells raise it (`unmatchedAssertionFindings`) on the
 * assertion's own range: `gatewarden check` as a finding of the configuration file, the
 * editor as a diagnostic on it. The rule is registered for its metadata, docs and severity
 * configuration; on documents it reports nothing.
 */
import { defineRule } from '../define';
import { formatMessage } from '../define';
import { assertionText, type AccessAssertion, type AssertionResults } from '../../access/expect';
import type { Finding, Severity, SeveritySetting } from '../../types';

const rule = defineRule({
  id: 'access/expect-unmatched',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  messages: {
    nothing: 'The access assertion "{{assertion}}" matches no {{parts}} in the workspace, so it guards nothing: check the names against `gatewarden access`.',
  },
  docs: { summary: 'Warn when an access assertion matches no principal, method or stage of the workspace.' },
  check() {
    // Raised by the shells on the configuration file (see unmatchedAssertionFindings).
  },
});
export default rule;

/** The part names of an unmatched assertion, as its message says them. */
const PART_LABEL: Readonly<Record<string, string>> = { principal: 'principal', method: 'method', stages: 'stage of "stages"', from: 'stage of "from"' };

/**
 * The findings for the assertions that match nothing, at each assertion's range in the
 * configuration text, at the severity configured for the rule (none when it is `off`).
 */
export function unmatchedAssertionFindings(assertions: readonly AccessAssertion[], results: Pick<AssertionResults, 'unmatched'>, rules: Readonly<Record<string, SeveritySetting>> = {}): Finding[] {
  const configured = rules[rule.id];
  if (configured === 'off') {
    return [];
  }
  const severity: Severity = configured ?? rule.defaultSeverity;
  return assertions.flatMap((a) => {
    const parts = results.unmatched.get(a.index);
    if (!parts || parts.length === 0) {
      return [];
    }
    const data = { assertion: assertionText(a), parts: parts.map((p) => PART_LABEL[p] ?? `method for "${p}"`).join(' and '), item: a.index + 1 };
    return [{ ruleId: rule.id, messageId: 'nothing', message: formatMessage(rule.messages.nothing, data), severity, offset: a.offset, length: a.length, root: 0, path: ['access', 'expect', a.index], data, fixable: false }];
  });
}
