import { defineRule } from '../define';
import type { DocNode } from '../../model/node';
import { mayHoldStaleGrant } from '../../access/stale';
import { parseExecuteApiArn } from '../../apigw/arn';
import { stringValues } from '../../policy/values';
import { getProperty } from '../../model/node';

/**
 * An execute-api ARN whose API id is written literally and names no API Gateway knows of in
 * the workspace: not mapped in the configuration's `apis` (literal ids are how a template's
 * API is named from outside it). Typically a placeholder left in (`ApiId`), an API that was
 * deleted, or a typo. Only ids written as text are judged: `${MyApi}`, a parameter, or a
 * wildcard may be anything.
 */
export default defineRule({
  id: 'apigw/unknown-api-id',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'warning',
  crossFile: true,
  messages: {
    unknown:
      'API id "{{id}}" is not an API of the workspace: neither a template here defines it nor does the configuration\'s `apis` map name it. The grant reaches nothing Gatewarden can see (a placeholder left in, a deleted API, a typo). Name the template\'s API (`${MyApi}`) or map the id in `.gatewarden.yaml` `apis`.',
  },
  docs: { summary: 'Flag execute-api ARNs whose literal API id is neither mapped in the configuration nor an API of the workspace.' },
  check(ctx) {
    const candidates = ctx.statements().filter((statement) => mayHoldStaleGrant(ctx.doc, statement));
    if (candidates.length === 0) {
      return;
    }
    const access = ctx.access();
    const known = new Set(Object.keys(access.apis));
    // With no API in sight and none configured, every API is elsewhere: nothing to compare with.
    if (known.size === 0 && access.matrix.methods.length === 0) {
      return;
    }
    for (const statement of candidates) {
      for (const value of stringValues(ctx.doc, getProperty(statement.node, 'Resource'), [...statement.path, 'Resource'])) {
        const id = writtenApiId(value.node);
        if (id !== undefined && !known.has(id)) {
          ctx.report({ root: statement.site.root, path: value.path, messageId: 'unknown', data: { id } });
        }
      }
    }
  },
});

/**
 * The API id of an execute-api ARN as written in the source: a plain string, or the template
 * of an `Fn::Sub` when the id itself is text. Undefined for ids that are placeholders
 * (`${MyApi}`, a parameter) or wildcards, and for anything else.
 */
function writtenApiId(node: DocNode): string | undefined {
  let text: string | undefined;
  if (node.kind === 'string' && typeof node.value === 'string') {
    text = node.value;
  } else if (node.kind === 'intrinsic' && node.fn === 'Fn::Sub') {
    const template = node.arg.kind === 'array' ? node.arg.items[0] : node.arg;
    text = template?.kind === 'string' && typeof template.value === 'string' ? template.value : undefined;
  }
  const arn = text === undefined ? undefined : parseExecuteApiArn(text);
  const id = arn && !arn.shorthand ? arn.apiId : undefined;
  return id && /^[A-Za-z0-9_-]+$/.test(id) ? id : undefined;
}
