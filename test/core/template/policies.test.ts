/**
 * Policy sites in templates: every place a template keeps a policy is found, with its type
 * and path, in JSON and YAML; generated policies (SAM policy templates, SAM resource
 * policies) are expanded; a policy written as a JSON string is parsed with ranges inside it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { asBothFormats, findings, markers, parse } from '../../helpers';
import { policySites } from '../../../server/src/core/policy/sites';
import { statementsOf } from '../../../server/src/core/policy/statements';
import { getProperty, scalarText } from '../../../server/src/core/model/node';

const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const doc = { Version: '2012-10-17', Statement: [statement] };
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const resourcePolicy = { Version: '2012-10-17', Statement: [{ ...statement, Principal: '*' }] };

const template = (resources: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown => ({ AWSTemplateFormatVersion: '2010-09-09', ...extra, Resources: resources });

interface Row {
  readonly name: string;
  readonly code: unknown;
  readonly expected: readonly { path: readonly (string | number)[]; type: string; synthetic?: boolean }[];
}

const rows: Row[] = [
  {
    name: 'role: trust policy and inline policies',
    code: template({ R: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: trust, Policies: [{ PolicyName: 'a', PolicyDocument: doc }, { PolicyName: 'b', PolicyDocument: doc }] } } }),
    expected: [
      { path: ['Resources', 'R', 'Properties', 'AssumeRolePolicyDocument'], type: 'trust' },
      { path: ['Resources', 'R', 'Properties', 'Policies', 0, 'PolicyDocument'], type: 'identity' },
      { path: ['Resources', 'R', 'Properties', 'Policies', 1, 'PolicyDocument'], type: 'identity' },
    ],
  },
  ...['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::UserPolicy', 'AWS::IAM::GroupPolicy'].map((type) => ({
    name: type,
    code: template({ P: { Type: type, Properties: { PolicyDocument: doc } } }),
    expected: [{ path: ['Resources', 'P', 'Properties', 'PolicyDocument'], type: 'identity' }],
  })),
  ...['AWS::IAM::User', 'AWS::IAM::Group'].map((type) => ({
    name: `${type} inline policies`,
    code: template({ U: { Type: type, Properties: { Policies: [{ PolicyName: 'a', PolicyDocument: doc }] } } }),
    expected: [{ path: ['Resources', 'U', 'Properties', 'Policies', 0, 'PolicyDocument'], type: 'identity' }],
  })),
  {
    name: 'resource policies of S3, SQS, SNS, KMS and API Gateway',
    code: template({
      B: { Type: 'AWS::S3::BucketPolicy', Properties: { Bucket: 'b', PolicyDocument: resourcePolicy } },
      Q: { Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: ['q'], PolicyDocument: resourcePolicy } },
      T: { Type: 'AWS::SNS::TopicPolicy', Properties: { Topics: ['t'], PolicyDocument: resourcePolicy } },
      K: { Type: 'AWS::KMS::Key', Properties: { KeyPolicy: resourcePolicy } },
      A: { Type: 'AWS::ApiGateway::RestApi', Properties: { Policy: resourcePolicy } },
    }),
    expected: [
      { path: ['Resources', 'B', 'Properties', 'PolicyDocument'], type: 'resource' },
      { path: ['Resources', 'Q', 'Properties', 'PolicyDocument'], type: 'resource' },
      { path: ['Resources', 'T', 'Properties', 'PolicyDocument'], type: 'resource' },
      { path: ['Resources', 'K', 'Properties', 'KeyPolicy'], type: 'resource' },
      { path: ['Resources', 'A', 'Properties', 'Policy'], type: 'resource' },
    ],
  },
  {
    name: 'x-amazon-apigateway-policy in an inline Body',
    code: template({ A: { Type: 'AWS::ApiGateway::RestApi', Properties: { Body: { swagger: '2.0', paths: {}, 'x-amazon-apigateway-policy': resourcePolicy } } } }),
    expected: [{ path: ['Resources', 'A', 'Properties', 'Body', 'x-amazon-apigateway-policy'], type: 'resource' }],
  },
  {
    name: 'Fn::If gives one site per branch',
    code: template({ P: { Type: 'AWS::IAM::Policy', Properties: { PolicyDocument: { 'Fn::If': ['C', doc, doc] } } } }, { Conditions: { C: { 'Fn::Equals': ['a', 'a'] } } }),
    expected: [
      { path: ['Resources', 'P', 'Properties', 'PolicyDocument', 'Fn::If', 1], type: 'identity' },
      { path: ['Resources', 'P', 'Properties', 'PolicyDocument', 'Fn::If', 2], type: 'identity' },
    ],
  },
  {
    name: 'SAM function Policies: inline, managed names and policy templates',
    code: template(
      {
        F: {
          Type: 'AWS::Serverless::Function',
          Properties: { Handler: 'x', Runtime: 'python3.12', Policies: [doc, 'AmazonS3ReadOnlyAccess', { SQSPollerPolicy: { QueueName: 'q' } }, { UnknownTemplate: {} }] },
        },
      },
      { Transform: 'AWS::Serverless-2016-10-31' },
    ),
    expected: [
      { path: ['Resources', 'F', 'Properties', 'Policies', 0], type: 'identity' },
      { path: ['Resources', 'F', 'Properties', 'Policies', 2, 'SQSPollerPolicy'], type: 'identity', synthetic: true },
    ],
  },
  {
    name: 'SAM Auth.ResourcePolicy with an IP allow list',
    code: template(
      { Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod', Auth: { ResourcePolicy: { IpRangeWhitelist: ['10.0.0.0/8'] } } } } },
      { Transform: 'AWS::Serverless-2016-10-31' },
    ),
    expected: [{ path: ['Resources', 'Api', 'Properties', 'Auth', 'ResourcePolicy'], type: 'resource', synthetic: true }],
  },
];

for (const row of rows) {
  const both = asBothFormats(row.code);
  for (const format of ['json', 'yaml'] as const) {
    test(`policy sites: ${row.name} (${format})`, () => {
      const sites = policySites(parse(both[format], format));
      assert.deepEqual(
        sites.map((s) => ({ path: s.path, type: s.policyType, ...(s.synthetic ? { synthetic: true } : {}) })),
        row.expected,
      );
      assert.ok(sites.every((s) => s.policyTypeKnown));
    });
  }
}

test('SAM policy template expands to the statements SAM generates', () => {
  const text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Policies:\n        - SQSPollerPolicy:\n            QueueName: !GetAtt Queue.QueueName\n";
  const [site] = policySites(parse(text, 'yaml'));
  assert.ok(site);
  const [s] = statementsOf(site);
  const actions = getProperty(s!.node, 'Action');
  assert.equal(actions?.kind, 'array');
  assert.ok(actions.kind === 'array' && actions.items.some((a) => scalarText(a) === 'sqs:ReceiveMessage'));
  const resource = getProperty(s!.node, 'Resource');
  // The resource keeps the link to the queue as a placeholder, inside a Fn::Sub.
  assert.equal(resource?.kind, 'intrinsic');
});

test('SAM resource policy: IP allow list becomes Allow + Deny NotIpAddress', () => {
  const text =
    "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        ResourcePolicy:\n          IpRangeWhitelist: ['10.0.0.0/8']\n          AwsAccountWhitelist: ['111122223333']\n";
  const [site] = policySites(parse(text, 'yaml'));
  const effects = statementsOf(site!).map((s) => `${scalarText(getProperty(s.node, 'Effect'))}:${Object.keys(Object.fromEntries((getProperty(s.node, 'Condition')?.kind === 'object' ? (getProperty(s.node, 'Condition') as { properties: { key: string }[] }).properties : []).map((p) => [p.key, 1]))).join(',')}`);
  assert.deepEqual(effects, ['Allow:', 'Allow:', 'Deny:NotIpAddress']);
});

test('a policy written as a JSON string in a YAML block scalar is parsed, with ranges inside the string', () => {
  const { text, ranges } = markers(
    'Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText: |\n        {\n          "Version": "2012-10-17",\n          "Statement": [{"Effect": [["Alow"]], "Principal": "*", "Action": "ecr:BatchGetImage"}]\n        }\n',
  );
  const got = findings(text, 'yaml', 'iam/invalid-effect');
  assert.equal(got.length, 1);
  assert.deepEqual({ offset: got[0]!.offset, length: got[0]!.length }, ranges[0]);
  assert.deepEqual(got[0]!.path, ['Resources', 'Repo', 'Properties', 'RepositoryPolicyText', 'Statement', 0, 'Effect']);
});

test('a JSON string policy that does not parse reports a syntax error inside the template', () => {
  const text = 'Resources:\n  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText: \'{"Version": "2012-10-17", "Statement": [\'\n';
  const got = findings(text, 'yaml', 'syntax/parse-error');
  assert.ok(got.length >= 1);
  assert.ok(got.every((f) => f.offset >= text.indexOf("'{") && f.offset <= text.length));
});

test('generated policies get findings but never fixes', () => {
  const text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        ResourcePolicy:\n          CustomStatements: [{Effect: Alow, Principal: '*', Action: execute-api:Invoke, Resource: execute-api:/*}]\n";
  const got = findings(text, 'yaml', 'iam/invalid-effect');
  assert.equal(got.length, 1);
  assert.equal(got[0]!.fixable, false);
});
