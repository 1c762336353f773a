import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/too-large',
  appliesTo: [],
  defaultSeverity: 'warning',
  messages: {
    tooLarge: 'The document has {{size}} characters, more than the limit of {{limit}}; analysis was skipped. Raise gatewarden.maxFileSize to analyse it.',
  },
  docs: { summary: 'Report documents larger than the configured size limit, which are not analysed.' },
});
