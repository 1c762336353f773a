import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/too-large',
  appliesTo: [],
  defaultSeverity: 'warning',
  messages: {
    tooLarge: 'The document has {{size}} characters, more than the limit of {{limit}}; analysis was skipped. Raise the limit (gatewarden.maxFileSize in the editor, --max-file-size on the command line) to analyse it.',
  },
  docs: { summary: 'Report documents larger than the configured size limit, which are not analysed.' },
});
