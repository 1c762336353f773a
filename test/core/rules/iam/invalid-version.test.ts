import { checkFix, ruleTester } from '../../../helpers';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const withVariable = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/${aws:username}/*' };

ruleTester('iam/invalid-version', {
  valid: [
    { name: 'current', code: { Version: '2012-10-17', Statement: [statement] } },
    { name: 'old version without variables', code: { Version: '2008-10-17', Statement: [statement] } },
    { name: 'current with variables', code: { Version: '2012-10-17', Statement: [withVariable] } },
    { name: 'intrinsic', code: { Version: { Ref: 'PolicyVersion' }, Statement: [statement] } },
    { name: 'quoted in YAML (double)', code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n', format: 'yaml' },
    { name: 'quoted in YAML (single)', code: "Version: '2012-10-17'\nStatement: []\n", format: 'yaml' },
  ],
  invalid: [
    { name: 'missing', code: { Statement: [statement] }, expected: [{ messageId: 'missing', path: ['Version'], severity: 'warning' }] },
    {
      name: 'not a version',
      code: { Version: '2012-10-18', Statement: [statement] },
      expected: [{ messageId: 'invalid', path: ['Version'], data: { value: '2012-10-18' }, severity: 'error' }],
    },
    { name: 'a number', code: { Version: 2012, Statement: [statement] }, expected: [{ messageId: 'wrongType', path: ['Version'], data: { type: 'number' } }] },
    { name: 'a list', code: { Version: ['2012-10-17'], Statement: [statement] }, expected: [{ messageId: 'wrongType', path: ['Version'], data: { type: 'array' } }] },
    {
      name: 'missing with policy variables',
      code: { Statement: [withVariable] },
      expected: [{ messageId: 'variablesNeedCurrent', path: ['Version'], data: { variable: '${aws:username}' }, severity: 'error' }],
    },
    {
      name: 'old version with policy variables',
      code: { Version: '2008-10-17', Statement: [{ ...statement, Condition: { StringEquals: { 's3:prefix': '${aws:username}/' } } }] },
      expected: [{ messageId: 'variablesNeedCurrent', path: ['Version'], data: { variable: '${aws:username}', value: '2008-10-17' }, severity: 'warning' }],
    },
    {
      name: 'unquoted date in YAML',
      code: 'Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n',
      format: 'yaml',
      expected: [{ messageId: 'unquotedDate', path: ['Version'], severity: 'warning' }],
    },
    {
      name: 'unquoted old date in YAML',
      code: 'Version: 2008-10-17\nStatement: []\n',
      format: 'yaml',
      expected: [{ messageId: 'unquotedDate', path: ['Version'] }],
    },
  ],
});

checkFix('iam/invalid-version', {
  name: 'add missing Version (JSON, multi-line)',
  format: 'json',
  code: '{\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ]\n}',
  path: ['Version'],
  output: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}\n  ]\n}',
});

checkFix('iam/invalid-version', {
  name: 'add missing Version (JSON, one line)',
  format: 'json',
  code: '{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
  path: ['Version'],
  output: '{"Version": "2012-10-17","Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
});

checkFix('iam/invalid-version', {
  name: 'add missing Version (YAML block)',
  format: 'yaml',
  code: "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n",
});

checkFix('iam/invalid-version', {
  name: 'add missing Version (YAML, double-quoted document)',
  format: 'yaml',
  code: 'Statement:\n  - Effect: "Allow"\n    Action: "s3:GetObject"\n    Resource: "*"\n',
  path: ['Version'],
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: "Allow"\n    Action: "s3:GetObject"\n    Resource: "*"\n',
});

checkFix('iam/invalid-version', {
  name: 'add missing Version when variables are used (YAML)',
  format: 'yaml',
  code: "Statement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: 'arn:aws:s3:::b/${aws:username}/*'\n",
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: 'arn:aws:s3:::b/${aws:username}/*'\n",
});

checkFix('iam/invalid-version', {
  name: 'replace a wrong version (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-18", "Statement": []}',
  path: ['Version'],
  output: '{"Version": "2012-10-17", "Statement": []}',
});

checkFix('iam/invalid-version', {
  name: 'replace a wrong version (YAML) keeps its quotes',
  format: 'yaml',
  code: "Version: '2021-01-01'\nStatement: []\n",
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement: []\n",
});

checkFix('iam/invalid-version', {
  name: 'replace a number (JSON)',
  format: 'json',
  code: '{"Version": 2012, "Statement": []}',
  path: ['Version'],
  output: '{"Version": "2012-10-17", "Statement": []}',
});

checkFix('iam/invalid-version', {
  name: 'replace a number (YAML)',
  format: 'yaml',
  code: "Version: 2012\nStatement: []\n",
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement: []\n",
});

checkFix('iam/invalid-version', {
  name: 'upgrade an old version that uses variables (JSON)',
  format: 'json',
  code: '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}]}',
  path: ['Version'],
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/${aws:username}"}]}',
});

checkFix('iam/invalid-version', {
  name: 'upgrade an old version that uses variables (YAML)',
  format: 'yaml',
  code: "Version: \"2008-10-17\"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/${aws:username}\n",
  path: ['Version'],
  output: "Version: \"2012-10-17\"\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/${aws:username}\n",
});

checkFix('iam/invalid-version', {
  name: 'quote an unquoted date (YAML, plain document)',
  format: 'yaml',
  code: 'Version: 2012-10-17\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b\n',
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b\n",
});

checkFix('iam/invalid-version', {
  name: 'quote an unquoted date (YAML, double-quoted document)',
  format: 'yaml',
  code: 'Version: 2012-10-17\nStatement:\n  - Effect: "Allow"\n    Action: "s3:GetObject"\n    Resource: "*"\n',
  path: ['Version'],
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: "Allow"\n    Action: "s3:GetObject"\n    Resource: "*"\n',
});

checkFix('iam/invalid-version', {
  name: 'replace a plain wrong version (YAML) quotes it',
  format: 'yaml',
  code: 'Version: 2012-10-18\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b\n',
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b\n",
});

checkFix('iam/invalid-version', {
  name: 'upgrade a plain old version that uses variables (YAML) quotes it',
  format: 'yaml',
  code: 'Version: 2008-10-17\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/${aws:username}\n',
  path: ['Version'],
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: arn:aws:s3:::b/${aws:username}\n",
});
