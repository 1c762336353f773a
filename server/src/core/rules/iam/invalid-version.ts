import { definePolicyRule } from '../define';
import { findProperty, type DocNode } from '../../model/node';
import { insertFirstProperty, preferredStyle, replaceScalar, scalarText } from '../../util/edits';
import type { TextEdit } from '../../types';
import { usesPolicyVariables } from '../../policy/variables';
import type { DocLike } from '../../policy/view';

const CURRENT = '2012-10-17';
const VERSIONS = new Set([CURRENT, '2008-10-17']);

export default definePolicyRule({
  id: 'iam/invalid-version',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    missing: 'The policy has no Version, so IAM treats it as 2008-10-17, where policy variables are plain text. Add "Version": "2012-10-17".',
    invalid: 'Version "{{value}}" is not a policy language version; IAM accepts only "2012-10-17" and "2008-10-17".',
    wrongType: 'Version must be the string "2012-10-17", not {{type}}.',
    variablesNeedCurrent: 'This policy uses policy variables such as {{variable}}, which only work with Version "2012-10-17"; under "{{value}}" they are matched as literal text.',
    unquotedDate: 'The Version date is unquoted; YAML 1.1 tools read it as a timestamp, not the string IAM needs. Quote it.',
  },
  docs: { summary: 'Require the policy language Version "2012-10-17" (or "2008-10-17"), written as a string.' },
  fixable: true,
  check(ctx) {
    for (const site of ctx.policies()) {
      if (site.node.kind !== 'object') {
        continue;
      }
      const policy = site.node;
      const path = [...site.path, 'Version'];
      const variable = usesPolicyVariables(policy);
      const prop = findProperty(policy, 'Version');
      if (!prop) {
        ctx.report({
          root: site.root,
          path,
          messageId: variable ? 'variablesNeedCurrent' : 'missing',
          data: variable ? { variable, value: '2008-10-17 (the default)' } : {},
          severity: variable ? 'error' : 'warning',
          fix: () => [
            {
              title: `Add "Version": "${CURRENT}"`,
              edits: [insertFirstProperty(ctx.doc, policy, 'Version', scalarText(ctx.doc, CURRENT, quoteStyle(ctx.doc)))],
              isPreferred: true,
              // Every policy of a template without a Version gets the same line.
              fixAll: true,
            },
          ],
        });
        continue;
      }
      const value: DocNode = prop.value;
      if (value.kind === 'intrinsic') {
        continue;
      }
      if (value.kind !== 'string') {
        ctx.report({
          root: site.root,
          path,
          messageId: 'wrongType',
          data: { type: value.kind },
          fix: () => [{ title: `Set Version to "${CURRENT}"`, edits: [setCurrent(ctx.doc, value)], isPreferred: true }],
        });
        continue;
      }
      const text = value.value as string;
      if (!VERSIONS.has(text)) {
        ctx.report({
          root: site.root,
          path,
          messageId: 'invalid',
          data: { value: text },
          fix: () => [{ title: `Set Version to "${CURRENT}"`, edits: [setCurrent(ctx.doc, value)], isPreferred: true }],
        });
      } else if (text !== CURRENT && variable) {
        ctx.report({
          root: site.root,
          path,
          messageId: 'variablesNeedCurrent',
          data: { variable, value: text },
          severity: 'warning',
          fix: () => [{ title: `Set Version to "${CURRENT}"`, edits: [setCurrent(ctx.doc, value)], isPreferred: true }],
        });
      } else if (ctx.doc.format === 'yaml' && value.style === 'plain') {
        ctx.report({
          root: site.root,
          path,
          messageId: 'unquotedDate',
          severity: 'warning',
          fix: () => [{ title: 'Quote the Version', edits: [replaceScalar(ctx.doc, { ...value, style: quoteStyle(ctx.doc) }, text)], isPreferred: true }],
        });
      }
    }
  },
});

/**
 * Replaces a Version with the current one. In YAML the new date is quoted even where the
 * old value was plain (`Version: 2012-10-18`, `Version: 2012`), or the fix would trade
 * one finding for `unquotedDate`.
 */
function setCurrent(doc: DocLike, value: DocNode): TextEdit {
  const style = value.kind === 'string' && (value.style === 'single' || value.style === 'double') ? value.style : quoteStyle(doc);
  return { offset: value.offset, length: value.length, newText: scalarText(doc, CURRENT, style) };
}

/** A date must be quoted in YAML; use the quotes the document already prefers. */
function quoteStyle(doc: DocLike): 'single' | 'double' {
  return preferredStyle(doc) === 'double' ? 'double' : 'single';
}
