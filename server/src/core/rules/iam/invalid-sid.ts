import { definePolicyRule } from '../define';
import { findProperty } from '../../model/node';

const IDENTITY_SID = /^[A-Za-z0-9]*$/;

export default definePolicyRule({
  id: 'iam/invalid-sid',
  appliesTo: ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'],
  defaultSeverity: 'error',
  messages: {
    wrongType: 'Sid must be a string, not {{type}}.',
    characters: 'Sid "{{sid}}" has characters IAM does not accept in identity policies; use only letters and digits (A-Z, a-z, 0-9).',
    empty: 'The Sid is empty; remove it or give the statement a name.',
  },
  docs: { summary: 'Require a Sid to be a string, and in identity policies to use only letters and digits.' },
  check(ctx) {
    for (const statement of ctx.statements()) {
      const prop = findProperty(statement.node, 'Sid');
      if (!prop || prop.value.kind === 'intrinsic') {
        continue;
      }
      const { root, policyType } = statement.site;
      const path = [...statement.path, 'Sid'];
      const value = prop.value;
      if (value.kind !== 'string') {
        ctx.report({ root, path, messageId: 'wrongType', data: { type: value.kind } });
      } else if (value.value === '') {
        ctx.report({ root, path, messageId: 'empty', severity: 'info' });
      } else if (policyType === 'identity' && !IDENTITY_SID.test(value.value as string)) {
        // Resource policies (S3, SNS, SQS …) accept spaces and punctuation in Sids.
        ctx.report({ root, path, messageId: 'characters', data: { sid: value.value as string } });
      }
    }
  },
});
