import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/alias-limit',
  appliesTo: [],
  defaultSeverity: 'error',
  messages: {
    tooManyAliases: 'YAML aliases here expand to more than {{limit}} nodes; the expansion was cut off. This looks like an alias bomb.',
  },
  docs: { summary: 'Stop YAML alias expansion that grows without bound (the "billion laughs" pattern).' },
});
