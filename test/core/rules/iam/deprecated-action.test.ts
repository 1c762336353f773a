import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, applyEdits, checkFix, parse, ruleTester } from '../../../helpers';

const policy = (action: unknown): unknown => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];

ruleTester('iam/deprecated-action', {
  valid: [
    { name: 'current actions', code: policy(['es:DescribeDomain', 'lambda:InvokeFunction']) },
    { name: 'a wildcard that happens to match deprecated actions', code: policy('es:Describe*') },
    { name: 'unknown actions are iam/unknown-action\'s', code: policy('es:DescribeElasticsearchDomainn') },
  ],
  invalid: [
    {
      name: 'the reference names the replacement',
      code: policy(['es:DescribeElasticsearchDomain']),
      expected: [{ messageId: 'replaced', path: at('Action', 0), data: { action: 'es:DescribeElasticsearchDomain', replacement: '"es:DescribeDomain"' }, severity: 'warning' }],
    },
    {
      name: 'in any case',
      code: policy('ES:describeelasticsearchdomain'),
      expected: [{ messageId: 'replaced', path: at('Action'), data: { replacement: '"es:DescribeDomain"' } }],
    },
    {
      name: 'a replacement from the documented table',
      code: policy('lambda:InvokeAsync'),
      expected: [{ messageId: 'replaced', path: at('Action'), data: { replacement: '"lambda:InvokeFunction"' } }],
    },
    {
      name: 'several replacements',
      code: policy('rds-data:ExecuteSql'),
      expected: [{ messageId: 'replaced', path: at('Action'), data: { replacement: '"rds-data:BatchExecuteStatement", "rds-data:ExecuteStatement"' } }],
    },
    {
      name: 'no replacement named',
      code: policy('sso-directory:GetUserPoolInfo'),
      expected: [{ messageId: 'deprecated', path: at('Action'), data: { action: 'sso-directory:GetUserPoolInfo' } }],
    },
  ],
});

checkFix('iam/deprecated-action', {
  name: 'one replacement, in a list (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["es:DescribeElasticsearchDomain", "es:ListTags"], "Resource": "*"}]}',
  path: at('Action', 0),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["es:DescribeDomain", "es:ListTags"], "Resource": "*"}]}',
});

checkFix('iam/deprecated-action', {
  name: 'one replacement, a single value (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: lambda:InvokeAsync\n    Resource: "*"\n',
  path: at('Action'),
  output: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: lambda:InvokeFunction\n    Resource: "*"\n',
});

checkFix('iam/deprecated-action', {
  name: 'several replacements take the item\'s place (YAML block list)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - rds-data:ExecuteSql\n      - rds-data:BeginTransaction\n    Resource: "*"\n',
  path: at('Action', 0),
  output:
    'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - rds-data:BatchExecuteStatement\n      - rds-data:ExecuteStatement\n      - rds-data:BeginTransaction\n    Resource: "*"\n',
});

checkFix('iam/deprecated-action', {
  name: 'several replacements turn a single value into a list (JSON, multi-line)',
  format: 'json',
  code: '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": "rds-data:ExecuteSql",\n      "Resource": "*"\n    }\n  ]\n}',
  path: at('Action'),
  output:
    '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": [\n        "rds-data:BatchExecuteStatement",\n        "rds-data:ExecuteStatement"\n      ],\n      "Resource": "*"\n    }\n  ]\n}',
});

test('iam/deprecated-action: fix all replaces every deprecated action with one successor, and leaves the others', () => {
  const code = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["es:DescribeElasticsearchDomain", "es:ListElasticsearchVersions", "rds-data:ExecuteSql"], "Resource": "*"}]}';
  const doc = parse(code, 'json');
  const fix = analyzer.fixAll(doc, { ruleId: 'iam/deprecated-action', root: 0, path: at('Action', 0), messageId: 'replaced' });
  assert.ok(fix);
  assert.equal(
    applyEdits(code, fix.edits),
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["es:DescribeDomain", "es:ListVersions", "rds-data:ExecuteSql"], "Resource": "*"}]}',
  );
});
