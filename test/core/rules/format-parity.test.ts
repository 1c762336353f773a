/**
 * Format parity: a policy written as JSON and the same policy written as YAML give the
 * same findings, compared as the set of (rule id, message id, path). Ranges differ by
 * construction and are tested in test/core/model.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBothFormats, findings } from '../../helpers';
import type { Finding } from '../../../server/src/core/index';

const policies: readonly { name: string; policy: unknown; atLeast: number }[] = [
  {
    name: 'identity policy with typos',
    atLeast: 7,
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'Read objects',
          Effect: 'alow',
          Action: ['s3:GetObject', 5],
          Resource: 'arn:aws:s3:::bucket/${aws:username}/*',
          Condtion: { StringEquals: { 'aws:PrincipalTag/team': 'blue' } },
        },
        { Sid: 'Read objects', Effect: 'Allow', Action: 's3:ListBucket', NotAction: 's3:PutObject' },
        { Effect: 'Deny', Action: [], Resource: '*', Condition: { StringEqualz: { 'aws:SourceVpc': [] }, Bool: {} } },
      ],
    },
  },
  {
    name: 'bucket policy',
    atLeast: 6,
    policy: {
      Version: '2008-10-17',
      Id: 42,
      Statement: [
        {
          Sid: 'Public read',
          Effect: 'Allow',
          Principal: 'arn:aws:iam::111122223333:root',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::bucket/*',
          NotResource: 'arn:aws:s3:::bucket/private/*',
          Condition: { 'ForAnyValues:StringLike': { 's3:prefix': ['home/${aws:username}/'] } },
        },
        { Sid: 'Public read', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: 'aws:SecureTransport' },
        { Effect: 'Allow', Principal: { Services: 'cloudfront.amazonaws.com', AWS: [{}] }, NotPrincipal: '*', Action: 's3:GetObject', Resource: '*' },
      ],
    },
  },
  {
    name: 'trust policy',
    atLeast: 5,
    policy: {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'lambda.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Resource: '*',
          Condition: { NullIfExists: { 'aws:SourceArn': 'false' }, stringequals: { SourceAccount: '111122223333' } },
        },
        { Effect: 'Allow', NotPrincipal: { AWS: '*' }, Action: 'sts:TagSession', Sid: '' },
        { Effect: 'Allow', Action: 'sts:AssumeRole' },
      ],
    },
  },
  {
    name: 'broken shapes',
    atLeast: 3,
    policy: { Version: 2012, Statment: [], Statement: [null, 'Allow', { Effect: true, Action: { s3: '*' }, Resource: null }] },
  },
];

function summary(all: readonly Finding[]): string[] {
  return [...new Set(all.map((f) => `${f.ruleId} ${f.messageId} ${JSON.stringify(f.path)}`))].sort();
}

for (const { name, policy, atLeast } of policies) {
  test(`format parity: ${name}`, () => {
    const { json, yaml } = asBothFormats(policy);
    const fromJson = summary(findings(json, 'json'));
    const fromYaml = summary(findings(yaml, 'yaml'));
    assert.deepEqual(fromYaml, fromJson);
    assert.ok(new Set(fromJson.map((s) => s.split(' ')[0])).size >= atLeast, `expected findings from at least ${atLeast} rules:\n${fromJson.join('\n')}`);
  });
}
