import { ruleTester } from '../../../helpers';

ruleTester('syntax/duplicate-key', {
  valid: [
    {
      name: 'same key in different statements',
      code: {
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
          { Effect: 'Deny', Action: 's3:PutObject', Resource: '*' },
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'policy level, JSON',
      code: '{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []}',
      format: 'json',
      expected: [{ messageId: 'duplicate', path: [], data: { key: 'Version' }, severity: 'error' }],
    },
    {
      name: 'statement level, JSON',
      code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Effect": "Deny", "Resource": "*"}]}',
      format: 'json',
      expected: [{ messageId: 'duplicate', path: [], data: { key: 'Effect' } }],
    },
    {
      name: 'policy level, YAML',
      code: "Version: '2012-10-17'\nVersion: '2008-10-17'\nStatement: []\n",
      format: 'yaml',
      expected: [{ messageId: 'duplicate', path: [], data: { key: 'Version' }, severity: 'error' }],
    },
    {
      name: 'statement level, YAML, three times',
      code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Action: s3:PutObject\n    Action: s3:ListBucket\n    Resource: '*'\n",
      format: 'yaml',
      expected: [
        { messageId: 'duplicate', path: [], data: { key: 'Action' } },
        { messageId: 'duplicate', path: [], data: { key: 'Action' } },
      ],
    },
    {
      name: 'YAML flow mapping',
      code: "Version: '2012-10-17'\nStatement: [{Effect: Allow, Effect: Deny, Action: s3:GetObject, Resource: '*'}]\n",
      format: 'yaml',
      expected: [{ messageId: 'duplicate', path: [], data: { key: 'Effect' } }],
    },
  ],
});
