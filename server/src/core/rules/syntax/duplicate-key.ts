import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/duplicate-key',
  appliesTo: [],
  defaultSeverity: 'error',
  messages: {
    duplicate: 'The key "{{key}}" appears more than once in this mapping; only the last one takes effect. Merge them or remove one.',
  },
  docs: { summary: 'Disallow duplicate keys in a JSON object or YAML mapping.' },
});
