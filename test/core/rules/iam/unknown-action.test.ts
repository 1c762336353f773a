import { checkFix, ruleTester } from '../../../helpers';

const policy = (action: unknown, element = 'Action'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', [element]: action, Resource: '*' }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/unknown-action', {
  valid: [
    { name: 'an action of the reference', code: policy('s3:GetObject') },
    { name: 'action names are case-insensitive', code: policy(['s3:getobject', 'S3:GETOBJECT']) },
    { name: 'wildcards are iam/wildcard-matches-nothing\'s', code: policy(['s3:Get*', 's3:Gett*', '*']) },
    { name: 'a wildcard in the service part is not judged', code: policy('s3*:Get*') },
    { name: 'NotAction with known actions', code: policy(['iam:*', 'sts:AssumeRole'], 'NotAction') },
    { name: 'a deprecated action still exists', code: policy('lambda:InvokeAsync') },
    {
      name: 'a value computed by a template with an unknown part',
      code: 'Resources:\n  P:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: !Sub "${Service}:GetObject"\n            Resource: "*"\n',
      format: 'yaml',
    },
  ],
  invalid: [
    {
      name: 'misspelt action',
      code: policy(['s3:GetObjectt']),
      expected: [{ messageId: 'misspeltAction', path: at('Action', 0), data: { action: 's3:GetObjectt', name: 'GetObjectt', suggestion: 's3:GetObject' }, severity: 'error' }],
    },
    {
      name: 'misspelt service',
      code: policy('lamda:InvokeFunction'),
      expected: [{ messageId: 'misspeltService', path: at('Action'), data: { prefix: 'lamda', suggestion: 'lambda:InvokeFunction' }, severity: 'error' }],
    },
    {
      name: 'an action with no near miss warns: it may be retired',
      code: policy(['ec2:Xyzzyplugh']),
      expected: [{ messageId: 'unknownAction', path: at('Action', 0), data: { action: 'ec2:Xyzzyplugh', service: 'Amazon EC2' }, severity: 'warning' }],
    },
    {
      name: 'a service with no near miss warns: it may be retired',
      code: policy(['foo:Bar']),
      expected: [{ messageId: 'unknownService', path: at('Action', 0), data: { prefix: 'foo' }, severity: 'warning' }],
    },
    {
      name: 'no service part, or no action name',
      code: policy(['s3', 's3:']),
      expected: [
        { messageId: 'malformed', path: at('Action', 0), data: { action: 's3' }, severity: 'error' },
        { messageId: 'malformed', path: at('Action', 1), data: { action: 's3:' } },
      ],
    },
    {
      name: 'in NotAction too',
      code: policy(['s3:PutObjectt'], 'NotAction'),
      expected: [{ messageId: 'misspeltAction', path: at('NotAction', 0), data: { suggestion: 's3:PutObject' } }],
    },
  ],
});

checkFix('iam/unknown-action', {
  name: 'misspelt action (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjectt"], "Resource": "*"}]}',
  path: at('Action', 0),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}',
});

checkFix('iam/unknown-action', {
  name: 'misspelt action (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObjectt\n    Resource: "*"\n',
  path: at('Action', 0),
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - s3:GetObject\n    Resource: "*"\n',
});

checkFix('iam/unknown-action', {
  name: 'misspelt service (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lamda:InvokeFunction", "Resource": "*"}]}',
  path: at('Action'),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}]}',
});

checkFix('iam/unknown-action', {
  name: 'misspelt service keeps single quotes (YAML)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: 'lamda:InvokeFunction'\n    Resource: '*'\n",
  path: at('Action'),
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: 'lambda:InvokeFunction'\n    Resource: '*'\n",
});
