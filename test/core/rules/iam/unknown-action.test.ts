import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkFix, IAM_DATA_DIR, ruleTester } from '../../../helpers';
import { createAnalyzer } from '../../../../server/src/core/index';
import { loadCatalogSync, loadServicesSync } from '../../../../server/src/node/iam-data';

const policy = (action: unknown, element = 'Action'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', [element]: action, Resource: '*' }],
});
/** The date of the bundled data (dist/iam), which every message names. */
const DATA_DATE = loadCatalogSync(IAM_DATA_DIR).dataDate;
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
      expected: [{ messageId: 'misspeltAction', path: at('Action', 0), data: { action: 's3:GetObjectt', name: 'GetObjectt', suggestion: 's3:GetObject', dataDate: DATA_DATE }, severity: 'error' }],
    },
    {
      name: 'misspelt service',
      code: policy('lamda:InvokeFunction'),
      expected: [{ messageId: 'misspeltService', path: at('Action'), data: { prefix: 'lamda', suggestion: 'lambda:InvokeFunction' }, severity: 'error' }],
    },
    {
      name: 'an action with no near miss, checked against current data, is an error',
      code: policy(['ec2:Xyzzyplugh']),
      expected: [{ messageId: 'unknownAction', path: at('Action', 0), data: { action: 'ec2:Xyzzyplugh', service: 'Amazon EC2', dataDate: DATA_DATE }, severity: 'error' }],
    },
    {
      name: 'a service with no near miss, checked against current data, is an error',
      code: policy(['foo:Bar']),
      expected: [{ messageId: 'unknownService', path: at('Action', 0), data: { prefix: 'foo', dataDate: DATA_DATE }, severity: 'error' }],
    },
    {
      name: 'names AWS retired (still in AWS managed policies) are warnings however fresh the data',
      code: policy(['deepracer:*', 'iot1click:TagResource', 'cloudhsm:CreateLunaClient']),
      expected: [
        { messageId: 'retired', path: at('Action', 0), data: { prefix: 'deepracer', dataDate: DATA_DATE }, severity: 'warning' },
        { messageId: 'retired', path: at('Action', 1), data: { prefix: 'iot1click' }, severity: 'warning' },
        { messageId: 'retired', path: at('Action', 2), data: { prefix: 'cloudhsm', name: 'CreateLunaClient' }, severity: 'warning' },
      ],
    },
    {
      name: 'API operations that are not actions name the action that authorizes them (the data, else AWS\'s documented mapping)',
      code: policy(['apigateway:TagResource', 's3:CreateMultipartUpload', 'apigateway:PutRoutingRule', 'lambda:GetLayerVersionByArn', 's3:CopyObject', 'apigateway:CreateRestApi']),
      expected: [
        { messageId: 'operation', path: at('Action', 0), data: { name: 'TagResource', authorizedBy: 'apigateway:PUT', suggestion: 'apigateway:PUT', dataDate: DATA_DATE }, severity: 'error' },
        { messageId: 'operation', path: at('Action', 1), data: { authorizedBy: 's3:PutObject', suggestion: 's3:PutObject' }, severity: 'error' },
        { messageId: 'operation', path: at('Action', 2), data: { authorizedBy: 'apigateway:UpdateRoutingRule', suggestion: 'apigateway:UpdateRoutingRule' } },
        { messageId: 'operation', path: at('Action', 3), data: { authorizedBy: 'lambda:GetLayerVersion', suggestion: 'lambda:GetLayerVersion' } },
        { messageId: 'operation', path: at('Action', 4), data: { authorizedBy: 's3:PutObject and s3:GetObject', suggestion: '' } },
        { messageId: 'operation', path: at('Action', 5), data: { authorizedBy: 'apigateway:POST', suggestion: 'apigateway:POST' } },
      ],
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
  name: 'an API operation becomes the action that authorizes it (JSON)',
  format: 'json',
  code: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["apigateway:TagResource"], "Resource": "*"}]}',
  path: at('Action', 0),
  output: '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["apigateway:PUT"], "Resource": "*"}]}',
});

checkFix('iam/unknown-action', {
  name: 'an API operation becomes the action that authorizes it (YAML, quoted)',
  format: 'yaml',
  code: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: 's3:CreateMultipartUpload'\n    Resource: 'arn:aws:s3:::b/*'\n",
  path: at('Action'),
  output: "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: 's3:PutObject'\n    Resource: 'arn:aws:s3:::b/*'\n",
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

/**
 * The data's age decides the weight of a name the data does not know: older than 60 days,
 * an unknown name without a near miss may simply be newer than the data (a warning); a
 * near miss is a typo at any age. "Now" is given to the catalog, counted from the data's date.
 */
const ages: ReadonlyArray<readonly [days: number, action: string, messageId: string, severity: string]> = [
  [0, 'ec2:Xyzzyplugh', 'unknownAction', 'error'],
  [60, 'ec2:Xyzzyplugh', 'unknownAction', 'error'],
  [61, 'ec2:Xyzzyplugh', 'unknownAction', 'warning'],
  [61, 'foo:Bar', 'unknownService', 'warning'],
  [30, 'foo:Bar', 'unknownService', 'error'],
  [400, 's3:GetObjectt', 'misspeltAction', 'error'],
  [400, 'lamda:InvokeFunction', 'misspeltService', 'error'],
];

for (const [days, action, messageId, severity] of ages) {
  test(`iam/unknown-action: ${action} against data ${days} days old is ${messageId} (${severity})`, () => {
    const now = Date.parse(`${DATA_DATE}T12:00:00Z`) + days * 86_400_000;
    const aged = createAnalyzer({ catalog: loadCatalogSync(IAM_DATA_DIR, { now }) });
    const doc = aged.parse(JSON.stringify(policy([action])), { format: 'json', assumeRelevant: true });
    loadServicesSync(aged, doc, IAM_DATA_DIR);
    const found = aged.analyze(doc).filter((f) => f.ruleId === 'iam/unknown-action');
    assert.deepEqual(
      found.map((f) => [f.messageId, f.severity, f.data['dataDate'], f.data['dataAgeDays']]),
      [[messageId, severity, DATA_DATE, days]],
    );
  });
}
