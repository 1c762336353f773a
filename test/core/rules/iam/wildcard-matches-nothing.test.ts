import { checkFix, ruleTester } from '../../../helpers';

const policy = (action: unknown, effect = 'Allow'): unknown => ({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: action, Resource: '*' }] });
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/wildcard-matches-nothing', {
  valid: [
    { name: 'patterns that match', code: policy(['s3:Get*', 's3:*Object', 'iam:Pass?ole', 's3:*']) },
    { name: 'case does not matter', code: policy('S3:get*') },
    { name: 'exact names are iam/unknown-action\'s', code: policy('s3:GetObjectt') },
    { name: 'unknown services are iam/unknown-action\'s', code: policy('foo:*') },
  ],
  invalid: [
    {
      name: 'a near miss of a prefix',
      code: policy(['s3:Gett*']),
      expected: [{ messageId: 'misspelt', path: at('Action', 0), data: { action: 's3:Gett*', service: 'Amazon S3', suggestion: 's3:Get*' }, severity: 'error' }],
    },
    {
      name: 'no near miss warns: it may name retired actions',
      code: policy('s3:*Xyzzy*', 'Deny'),
      expected: [{ messageId: 'nothing', path: at('Action'), data: { action: 's3:*Xyzzy*' }, severity: 'warning' }],
    },
  ],
});

checkFix('iam/wildcard-matches-nothing', {
  name: 'near miss (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Gett*"], "Resource": "*"}]}',
  path: at('Action', 0),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*"], "Resource": "*"}]}',
});

checkFix('iam/wildcard-matches-nothing', {
  name: 'near miss (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:Lisst*\n    Resource: "*"\n',
  path: at('Action'),
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:List*\n    Resource: "*"\n',
});
