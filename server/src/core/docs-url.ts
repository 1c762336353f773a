/** Where a rule's documentation page lives; diagnostics and hovers link to it. */
export const DOCS_BASE_URL = 'https://github.com/gatewarden/gatewarden/blob/main/docs/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE_URL}${ruleId}.md`;
}
