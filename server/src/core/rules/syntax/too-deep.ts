import { defineSyntaxRule } from '../define';

export default defineSyntaxRule({
  id: 'syntax/too-deep',
  appliesTo: [],
  defaultSeverity: 'error',
  messages: {
    tooDeep: 'Nesting deeper than {{limit}} levels starts here; the document was not analysed.',
  },
  docs: { summary: 'Report documents nested too deeply to analyse safely.' },
});
