import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/yaml-warning',
  appliesTo: [],
  defaultSeverity: 'warning',
  messages: {
    warning: 'YAML warning: {{detail}}',
  },
  docs: { summary: 'Report YAML that parses but is probably not what was meant, such as an unknown tag.' },
});
