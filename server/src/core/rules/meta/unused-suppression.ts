import { defineRule } from '../define';

/**
 * Suppressions are found and matched by `services/suppress.ts` after every other rule has
 * run, because only then is it known which findings a suppression hid. The rule is
 * registered for its metadata, docs and severity configuration; its own `check` has
 * nothing to look at.
 */
export default defineRule({
  id: 'meta/unused-suppression',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'info',
  messages: {
    unused: 'This suppression of {{rule}} hides no finding; remove it, so that it cannot hide a future one unnoticed.',
    unknownRule: '"{{rule}}" is not a Gatewarden rule id, so this suppression hides nothing.',
    misspeltRule: '"{{rule}}" is not a Gatewarden rule id, so this suppression hides nothing; did you mean "{{suggestion}}"?',
    noRule: 'This suppression names no rule; suppressions work by rule id, so list the ids to suppress, separated by commas.',
  },
  docs: { summary: 'Report suppressions (YAML comments, template Metadata) that hide no finding, so they can be removed.' },
  check: (): void => undefined,
});
