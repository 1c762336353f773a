import { ruleTester } from '../../../helpers';

const statement = (sid: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
const policy = (...statements: Record<string, unknown>[]): unknown => ({ Version: '2012-10-17', Statement: statements });

ruleTester('iam/invalid-sid', {
  valid: [
    { name: 'letters and digits', code: policy(statement('ReadOnly2')) },
    { name: 'no Sid', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }) },
    // Resource policies (S3, SNS, SQS …) accept spaces and punctuation in Sids.
    { name: 'spaces in a resource policy', code: policy(statement('Allow public read', { Principal: '*' })) },
    { name: 'punctuation in a resource policy', code: policy(statement('AllowRead-2024.1', { Principal: { AWS: 'arn:aws:iam::111122223333:root' } })) },
    { name: 'intrinsic', code: policy(statement({ 'Fn::Sub': '${AWS::StackName}Read' })) },
  ],
  invalid: [
    {
      name: 'spaces in an identity policy',
      code: policy(statement('Read only')),
      expected: [{ messageId: 'characters', path: ['Statement', 0, 'Sid'], data: { sid: 'Read only' }, severity: 'error' }],
    },
    {
      name: 'punctuation in an identity policy',
      code: policy(statement('Read-Only_1')),
      expected: [{ messageId: 'characters', path: ['Statement', 0, 'Sid'], data: { sid: 'Read-Only_1' } }],
    },
    {
      name: 'a number',
      code: policy(statement(12)),
      expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Sid'], data: { type: 'number' } }],
    },
    {
      name: 'an object, even in a resource policy',
      code: policy(statement({ name: 'x' }, { Principal: '*' })),
      expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Sid'], data: { type: 'object' } }],
    },
    {
      name: 'empty',
      code: policy(statement('')),
      expected: [{ messageId: 'empty', path: ['Statement', 0, 'Sid'], severity: 'info' }],
    },
    {
      name: 'empty in a resource policy',
      code: policy(statement('', { Principal: '*' })),
      expected: [{ messageId: 'empty', path: ['Statement', 0, 'Sid'], severity: 'info' }],
    },
    {
      name: 'YAML null',
      code: "Version: '2012-10-17'\nStatement:\n  - Sid:\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
      format: 'yaml',
      expected: [{ messageId: 'wrongType', path: ['Statement', 0, 'Sid'], data: { type: 'null' } }],
    },
  ],
});
