import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'internal/rule-error',
  appliesTo: [],
  defaultSeverity: 'error',
  messages: {
    threw: 'Rule {{rule}} failed on this document and was skipped: {{error}}',
  },
  docs: { summary: 'Report a rule that failed on a document, so a bug in one rule never hides the others.' },
});
