/**
 * Hovers from AWS's reference: an action, a wildcard (grouped by access level), a condition
 * key (template keys with a concrete tag key too), an ARN's parts, and the rule summary of a
 * finding under the cursor. Cursor marked with ‸, the expected range with [[ ]].
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzer, markers, parse } from '../../helpers';
import type { DocumentFormat } from '../../../server/src/core/index';

function hoverAt(marked: string, format: DocumentFormat = 'json'): { markdown: string; range: string } {
  const { text, cursor, ranges } = markers(marked);
  const result = analyzer.hover(parse(text, format), cursor!);
  assert.ok(result, 'no hover');
  if (ranges[0]) {
    assert.deepEqual({ offset: result.offset, length: result.length }, ranges[0], 'hover range');
  }
  return { markdown: result.markdown, range: text.slice(result.offset, result.offset + result.length) };
}

const policy = (statement: string): string => `{"Version": "2012-10-17", "Statement": [${statement}]}`;

test('hover on an action: service, access level, resource types with ARN formats, condition keys, docs link', () => {
  const { markdown } = hoverAt(policy('{"Effect": "Allow", "Action": [["s3:Get‸Object"]], "Resource": "arn:aws:s3:::b/*"}'));
  assert.match(markdown, /^\*\*s3:GetObject\*\* · Amazon S3 · Read/);
  assert.match(markdown, /`object`: `arn:\$\{Partition\}:s3:::\$\{BucketName\}\/\$\{ObjectName\}`/);
  assert.match(markdown, /`s3:ExistingObjectTag\/<key>`/);
  assert.match(markdown, /\(https:\/\/docs\.aws\.amazon\.com\/service-authorization\/latest\/reference\/list_amazons3\.html\)/);
});

test('hover on an action in YAML, any case', () => {
  const { markdown, range } = hoverAt('Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n    Action: S3:getobj‸ect\n    Resource: "*"\n', 'yaml');
  assert.equal(range, 'S3:getobject');
  assert.match(markdown, /^\*\*s3:GetObject\*\*/);
});

test('hover on a deprecated action names its replacement; on one without resource types says it needs "*"', () => {
  assert.match(hoverAt(policy('{"Effect": "Allow", "Action": "es:Describe‸ElasticsearchDomain", "Resource": "*"}')).markdown, /\*\*Deprecated\*\*: use `es:DescribeDomain`/);
  assert.match(hoverAt(policy('{"Effect": "Allow", "Action": "s3:ListAll‸MyBuckets", "Resource": "*"}')).markdown, /"Resource": "\*"/);
});

test('hover on a wildcard lists the actions it matches, grouped by access level', () => {
  const { markdown } = hoverAt(policy('{"Effect": "Allow", "Action": "a2c:‸*", "Resource": "*"}'));
  assert.match(markdown, /matches 4 of the 4 actions of AWS App2Container/);
  assert.match(markdown, /\*\*Read\*\* \(2\): `GetContainerizationJobDetails`, `GetDeploymentJobDetails`/);
  assert.match(markdown, /\*\*Write\*\* \(2\): `StartContainerizationJob`, `StartDeploymentJob`/);
});

test('hover on "*" counts every action', () => {
  assert.match(hoverAt(policy('{"Effect": "Deny", "Action": "‸*", "Resource": "*"}')).markdown, /matches every action of every AWS service: \d+ actions in \d+ services/);
});

test('hover on a condition key: description and type; a concrete tag key names its template', () => {
  const global = hoverAt(policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {[["aws:Principal‸Tag/team"]]: "x"}}}'));
  assert.match(global.markdown, /^\*\*aws:PrincipalTag\/team\*\* · global condition key \(the key `aws:PrincipalTag\/tag-key`\) · String/);
  const service = hoverAt(policy('{"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*", "Condition": {"StringLike": {"s3:pre‸fix": "home/*"}}}'));
  assert.match(service.markdown, /^\*\*s3:prefix\*\* · condition key · String/);
  assert.match(service.markdown, /list_amazons3\.html/);
});

test('hover on an ARN names its parts and the resource types it can name', () => {
  const { markdown } = hoverAt(policy('{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b‸ucket/key"}'));
  assert.match(markdown, /- Partition: `aws`/);
  assert.match(markdown, /- Service: `s3` \(Amazon S3\)/);
  assert.match(markdown, /- Region: \*\(empty\)\*, a global resource/);
  assert.match(markdown, /- Resource: `bucket\/key`/);
  assert.match(markdown, /\*\*Resource types it can name\*\*: `object`/);
});

test('hover on a finding adds its rule\'s summary and a link to its docs', () => {
  const { markdown } = hoverAt(policy('{"Effect": "Allow", "Action": "s3:GetObjectt‸", "Resource": "arn:aws:s3:::b/*"}'));
  assert.match(markdown, /\*\*iam\/unknown-action\*\*: Disallow actions whose service or name does not exist/);
  assert.match(markdown, /\(https:\/\/github\.com\/gatewarden\/gatewarden\/blob\/main\/docs\/rules\/iam\/unknown-action\.md\)/);
});

test('a rule turned off adds no summary', () => {
  const { text, cursor } = markers(policy('{"Effect": "Allow", "Action": "s3:GetObjectt‸", "Resource": "arn:aws:s3:::b/*"}'));
  const result = analyzer.hover(parse(text, 'json'), cursor!, { rules: { 'iam/unknown-action': 'off' } });
  assert.ok(result);
  assert.doesNotMatch(result.markdown, /iam\/unknown-action/);
});

test('hovers on actions name the date of the IAM data they come from', () => {
  const date = analyzer.catalog!.dataDate;
  assert.match(date, /^\d{4}-\d{2}-\d{2}$/);
  for (const action of ['s3:Get‸Object', 's3:Get‸*', 'nosuch‸service:Get']) {
    const { markdown } = hoverAt(policy(`{"Effect": "Allow", "Action": "${action}", "Resource": "*"}`));
    assert.ok(markdown.includes(`IAM data of ${date}`), `${action}: ${markdown}`);
  }
});
