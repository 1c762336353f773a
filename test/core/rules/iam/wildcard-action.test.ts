import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, applyEdits, checkFix, parse, ruleTester } from '../../../helpers';

const policy = (action: unknown, effect = 'Allow', resource: unknown = '*'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: effect, Action: action, Resource: resource }],
});
const at = (...rest: (string | number)[]): (string | number)[] => ['Statement', 0, ...rest];
const json = (action: string, resource = '"*"'): string => `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${action}, "Resource": ${resource}}]}`;
const yaml = (action: string): string => `Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:${action}\n    Resource: "*"\n`;

ruleTester('iam/wildcard-action', {
  valid: [
    { name: 'named actions', code: policy(['s3:GetObject', 's3:PutObject']) },
    { name: 'a Deny may use wildcards', code: policy(['*', 's3:*', 's3:Get*'], 'Deny') },
    { name: 'a wildcard matching nothing is iam/wildcard-matches-nothing\'s', code: policy('s3:Gett*') },
    { name: 'an unknown service is iam/unknown-action\'s', code: policy('foo:*') },
    { name: '"*" on every resource is iam/full-admin\'s', code: policy('*') },
  ],
  invalid: [
    {
      name: 'everything (on a named resource: on "*" it is iam/full-admin\'s)',
      code: policy('*', 'Allow', 'arn:aws:s3:::bucket/*'),
      expected: [{ messageId: 'all', path: at('Action'), data: { action: '*' }, severity: 'warning' }],
    },
    {
      name: 'a whole service',
      code: policy(['s3:*', 'execute-api:*']),
      expected: [
        { messageId: 'service', path: at('Action', 0), data: { action: 's3:*', service: 'Amazon S3', prefix: 's3' }, severity: 'warning' },
        { messageId: 'service', path: at('Action', 1), data: { action: 'execute-api:*', count: 3 } },
      ],
    },
    {
      name: 'a partial wildcard is information: what it grants',
      code: policy(['execute-api:In*', 'a2c:*Job*']),
      expected: [
        { messageId: 'partial', path: at('Action', 0), data: { action: 'execute-api:In*', count: 2 }, severity: 'info' },
        { messageId: 'partial', path: at('Action', 1), data: { action: 'a2c:*Job*', count: 4 }, severity: 'info' },
      ],
    },
  ],
});

checkFix('iam/wildcard-action', {
  name: 'execute-api:* narrowed to Invoke (JSON, compact)',
  format: 'json',
  code: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","execute-api:*"],"Resource":"*"}]}',
  path: at('Action', 1),
  output: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject","execute-api:Invoke"],"Resource":"*"}]}',
});

checkFix('iam/wildcard-action', {
  name: 'execute-api:* narrowed to Invoke (YAML)',
  format: 'yaml',
  code: yaml(' execute-api:*'),
  path: at('Action'),
  output: yaml(' execute-api:Invoke'),
});

checkFix('iam/wildcard-action', {
  name: 'a service narrowed to its Read actions (JSON)',
  format: 'json',
  code: json('"a2c:*"'),
  path: at('Action'),
  title: 'Narrow to the Read actions of a2c (2)',
  output: json('["a2c:GetContainerizationJobDetails", "a2c:GetDeploymentJobDetails"]'),
});

checkFix('iam/wildcard-action', {
  name: 'a service narrowed to its Write actions (YAML: a value becomes a block list)',
  format: 'yaml',
  code: yaml(' a2c:*'),
  path: at('Action'),
  title: 'Narrow to the Write actions of a2c (2)',
  output: yaml('\n      - a2c:StartContainerizationJob\n      - a2c:StartDeploymentJob'),
});

checkFix('iam/wildcard-action', {
  name: 'a partial wildcard expanded (JSON list)',
  format: 'json',
  code: json('["s3:GetObject", "execute-api:In*"]'),
  path: at('Action', 1),
  output: json('["s3:GetObject", "execute-api:InvalidateCache", "execute-api:Invoke"]'),
});

checkFix('iam/wildcard-action', {
  name: 'a partial wildcard expanded (YAML block list)',
  format: 'yaml',
  code: yaml('\n      - execute-api:In*\n      - s3:GetObject'),
  path: at('Action', 0),
  output: yaml('\n      - execute-api:InvalidateCache\n      - execute-api:Invoke\n      - s3:GetObject'),
});

checkFix('iam/wildcard-action', {
  name: 'a partial wildcard narrowed to one access level (JSON)',
  format: 'json',
  code: json('"a2c:*Job*"'),
  path: at('Action'),
  title: 'Narrow to the Read actions of a2c (2)',
  output: json('["a2c:GetContainerizationJobDetails", "a2c:GetDeploymentJobDetails"]'),
});

checkFix('iam/wildcard-action', {
  name: 'a partial wildcard narrowed to one access level (YAML)',
  format: 'yaml',
  code: yaml(' a2c:*Job*'),
  path: at('Action'),
  title: 'Narrow to the Write actions of a2c (2)',
  output: yaml('\n      - a2c:StartContainerizationJob\n      - a2c:StartDeploymentJob'),
});

checkFix('iam/wildcard-action', {
  name: '"*" narrowed to an access level of the resources\' service (JSON)',
  format: 'json',
  code: json('"*"', '"arn:aws:execute-api:us-east-1:111122223333:abc123/*"'),
  path: at('Action'),
  title: 'Narrow to the Write actions of execute-api (3)',
  output: json('["execute-api:InvalidateCache", "execute-api:Invoke", "execute-api:ManageConnections"]', '"arn:aws:execute-api:us-east-1:111122223333:abc123/*"'),
});

checkFix('iam/wildcard-action', {
  name: '"*" narrowed to an access level of the resources\' service (YAML)',
  format: 'yaml',
  code: 'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: "*"\n    Resource: arn:aws:a2c:us-east-1:111122223333:job/*\n',
  path: at('Action'),
  title: 'Narrow to the Read actions of a2c (2)',
  output:
    'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action:\n      - a2c:GetContainerizationJobDetails\n      - a2c:GetDeploymentJobDetails\n    Resource: arn:aws:a2c:us-east-1:111122223333:job/*\n',
});

test('iam/wildcard-action: fix all expands every partial wildcard of the file', () => {
  const code = json('["execute-api:In*", "a2c:Get*"]');
  const fix = analyzer.fixAll(parse(code, 'json'), { ruleId: 'iam/wildcard-action', root: 0, path: at('Action', 0), messageId: 'partial' });
  assert.ok(fix);
  assert.equal(
    applyEdits(code, fix.edits),
    json('["execute-api:InvalidateCache", "execute-api:Invoke", "a2c:GetContainerizationJobDetails", "a2c:GetDeploymentJobDetails"]'),
  );
});

test('iam/wildcard-action: a narrowing whose result grants the same actions is not offered (execute-api:* is three Write actions)', () => {
  const code = json('"execute-api:*"', '"arn:aws:execute-api:us-east-1:111122223333:abc123/*"');
  const doc = parse(code, 'json');
  const finding = analyzer.analyze(doc).find((f) => f.ruleId === 'iam/wildcard-action');
  assert.ok(finding);
  const titles = analyzer.quickFixes(doc, { ruleId: finding.ruleId, root: finding.root, path: finding.path, messageId: finding.messageId }).map((f) => f.title);
  assert.ok(titles.includes('Narrow to execute-api:Invoke'), JSON.stringify(titles));
  assert.ok(!titles.some((t) => t.startsWith('Narrow to the Write actions')), JSON.stringify(titles));
});
