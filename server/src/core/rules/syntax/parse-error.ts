import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/parse-error',
  appliesTo: [],
  defaultSeverity: 'error',
  messages: {
    json: 'The document is not valid JSON: {{detail}}.',
    jsonTruncated: 'The document is not valid JSON: it ends before it is complete ({{detail}}); is the file cut short?',
    yaml: 'The document is not valid YAML: {{detail}}',
  },
  docs: { summary: 'Report JSON and YAML that does not parse; the rest of the document is still analysed where possible.' },
});
