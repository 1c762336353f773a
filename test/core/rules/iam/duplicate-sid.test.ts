import { ruleTester } from '../../../helpers';

const statement = (sid: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ Sid: sid, Effect: 'Allow', Action: 's3:GetObject', Resource: '*', ...extra });
const policy = (...statements: Record<string, unknown>[]): unknown => ({ Version: '2012-10-17', Statement: statements });

ruleTester('iam/duplicate-sid', {
  valid: [
    { name: 'unique Sids', code: policy(statement('Read'), statement('Write')) },
    { name: 'no Sids', code: policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, { Effect: 'Allow', Action: 's3:PutObject', Resource: '*' }) },
    { name: 'empty Sids are not compared', code: policy(statement(''), statement('')) },
    { name: 'single statement object', code: { Version: '2012-10-17', Statement: statement('Read') } },
  ],
  invalid: [
    {
      // IAM accepts repeated Sids in identity policies, so it is a warning there.
      name: 'identity policy',
      code: policy(statement('Read'), statement('Write'), statement('Read')),
      expected: [{ messageId: 'duplicate', path: ['Statement', 2, 'Sid'], data: { sid: 'Read', first: 1 }, severity: 'warning' }],
    },
    {
      name: 'resource policy',
      code: policy(statement('Public', { Principal: '*' }), statement('Public', { Principal: '*' })),
      expected: [{ messageId: 'duplicate', path: ['Statement', 1, 'Sid'], data: { sid: 'Public', first: 1 }, severity: 'error' }],
    },
    {
      name: 'trust policy',
      code: policy(
        { Sid: 'Assume', Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
        { Sid: 'Assume', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ),
      expected: [{ messageId: 'duplicate', path: ['Statement', 1, 'Sid'], data: { sid: 'Assume', first: 1 }, severity: 'error' }],
    },
    {
      name: 'three times: each repeat points at the first',
      code: policy(statement('A'), statement('B'), statement('A'), statement('B'), statement('A')),
      expected: [
        { messageId: 'duplicate', path: ['Statement', 2, 'Sid'], data: { sid: 'A', first: 1 } },
        { messageId: 'duplicate', path: ['Statement', 3, 'Sid'], data: { sid: 'B', first: 2 } },
        { messageId: 'duplicate', path: ['Statement', 4, 'Sid'], data: { sid: 'A', first: 1 } },
      ],
    },
    {
      name: 'an unquoted YAML number and the same digits quoted',
      code: "Version: '2012-10-17'\nStatement:\n  - Sid: 1\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n  - Sid: '1'\n    Effect: Allow\n    Action: s3:PutObject\n    Resource: '*'\n",
      format: 'yaml',
      expected: [{ messageId: 'duplicate', path: ['Statement', 1, 'Sid'], data: { sid: '1', first: 1 } }],
    },
  ],
});
