/**
 * The catalog and what it is built on: condition-key templates match concrete keys in any
 * case, pattern intersection for ARNs, deprecation read from the reference's prose, and
 * two-phase loading (servicesNeeded names only known services, lower-cased), and loading on
 * demand (each service read when first asked about) giving what two-phase loading gives.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionKeyMatches, isKeyTemplate } from '../../../server/src/core/data/catalog';
import { arnMatchesTemplate, arnProblem, splitArn } from '../../../server/src/core/policy/arn';
import { globsIntersect, globTokens } from '../../../server/src/core/util/glob';
import { createAnalyzer } from '../../../server/src/core/index';
import { loadCatalogSync, serviceLoader } from '../../../server/src/node/iam-data';
import { corpusFiles } from '../../robustness/fuzz-lib';
import { analyzer, IAM_DATA_DIR, parse } from '../../helpers';

test('condition-key templates match concrete keys, in any case', () => {
  const cases: [string, string, boolean][] = [
    ['aws:PrincipalTag/${TagKey}', 'aws:PrincipalTag/team', true],
    ['aws:RequestTag/tag-key', 'AWS:requesttag/Env', true],
    ['s3:ExistingObjectTag/<key>', 's3:ExistingObjectTag/owner', true],
    ['kms:EncryptionContext:${EncryptionContextKey}', 'kms:EncryptionContext:app', true],
    ['aws:PrincipalTag/${TagKey}', 'aws:PrincipalTag/', false],
    ['aws:PrincipalTag/${TagKey}', 'aws:ResourceTag/team', false],
    ['s3:prefix', 'S3:PREFIX', true],
  ];
  for (const [template, key, expected] of cases) {
    assert.equal(conditionKeyMatches(template, key), expected, `${template} vs ${key}`);
  }
  assert.equal(isKeyTemplate('aws:SourceArn'), false);
  assert.equal(isKeyTemplate('aws:TagKeys'), false);
});

test('the catalog finds global and service keys through their templates', () => {
  parse('{"Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "rds:DescribeDBInstances"], "Resource": "*"}]}', 'json');
  const catalog = analyzer.catalog!;
  assert.equal(catalog.conditionKey('aws:principaltag/team')?.global, true);
  assert.equal(catalog.conditionKey('rds:db-tag/Owner')?.info.key, 'rds:db-tag/${TagKey}');
  assert.equal(catalog.conditionKey('s3:nope'), undefined);
  assert.deepEqual(catalog.conditionKeyServices('saml'), ['sts']);
});

test('pattern intersection: stars, question marks, excluded characters; linear in the product', { timeout: 120_000 }, () => {
  const t = globTokens;
  assert.equal(globsIntersect(t('a*c'), t('ab*')), true);
  assert.equal(globsIntersect(t('a?c'), t('abd')), false);
  assert.equal(globsIntersect(t('*/x'), [{ kind: 'star', exclude: '/' }]), false);
  assert.equal(globsIntersect(t('bucket'), [{ kind: 'star', exclude: '/' }]), true);
  assert.equal(globsIntersect(t('ABC'), t('abc'), { ignoreCase: true }), true);
  const long = `${'*a'.repeat(2000)}b`;
  // A backtracking intersection would not finish here: the test's timeout guards that.
  assert.equal(globsIntersect(t(long), t(`${'a'.repeat(3000)}c`)), false);
});

test('ARNs against the reference\'s ARN formats', () => {
  const object = 'arn:${Partition}:s3:::${BucketName}/${ObjectName}';
  const bucket = 'arn:${Partition}:s3:::${BucketName}';
  assert.equal(arnMatchesTemplate('arn:aws:s3:::b/*', object), true);
  assert.equal(arnMatchesTemplate('arn:aws:s3:::b', object), false);
  assert.equal(arnMatchesTemplate('arn:aws:s3:::b/*', bucket), false, 'a bucket name holds no slash');
  assert.equal(arnMatchesTemplate('arn:aws:s3:::b*', bucket), true);
  assert.equal(arnMatchesTemplate('arn:aws:logs:*:*:log-group:/aws/lambda/*:*', 'arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}'), true);
  assert.equal(arnMatchesTemplate('arn:${AWS::Partition}:s3:::${Bucket}/*', object), true);
  assert.deepEqual(splitArn('arn:${AWS::Partition}:s3:::b'), { partition: '${AWS::Partition}', service: 's3', region: '', account: '', resource: 'b' });
  assert.equal(arnProblem('arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q'), undefined);
});

test('deprecation is read from the reference\'s descriptions', () => {
  parse('{"Statement": [{"Effect": "Allow", "Action": ["es:DescribeDomain", "codedeploy:BatchGetDeploymentTargets", "swf:UndeprecateDomain"], "Resource": "*"}]}', 'json');
  const es = analyzer.catalog!.service('es')!.actionsByName;
  assert.deepEqual([es.get('describeelasticsearchdomain')?.deprecated, es.get('describeelasticsearchdomain')?.replacedBy], [true, ['DescribeDomain']]);
  assert.equal(es.get('describedomain')?.deprecated, undefined);
  assert.deepEqual(analyzer.catalog!.service('codedeploy')!.actionsByName.get('batchgetdeploymentinstances')?.replacedBy, ['BatchGetDeploymentTargets']);
  assert.equal(analyzer.catalog!.service('swf')!.actionsByName.get('undeprecatedomain')?.deprecated, undefined, '"previously deprecated" is not deprecation');
});

test('servicesNeeded: the known services of actions, ARNs and condition keys, lower-cased, each once', () => {
  const doc = analyzer.parse(
    JSON.stringify({
      Statement: [
        { Effect: 'Allow', Action: ['S3:GetObject', 'foo:Bar', 's3*:x', '*'], Resource: ['arn:aws:sqs:us-east-1:111122223333:q', 'execute-api:/prod/*'], Condition: { StringEquals: { 'saml:aud': 'x', 'kms:ViaService': 'y', 'aws:SourceIp': 'z' } } },
        { Effect: 'Deny', NotAction: 'iam:*', Resource: '*' },
      ],
    }),
    { format: 'json', assumeRelevant: true },
  );
  assert.deepEqual(analyzer.servicesNeeded(doc), ['execute-api', 'iam', 'kms', 's3', 'sqs', 'sts']);
});

test('a service the index knows but the catalog has not loaded is never called wrong', () => {
  const bare = createAnalyzer({ catalog: loadCatalogSync(IAM_DATA_DIR) });
  const doc = bare.parse(
    '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjectt", "s3:Gett*", "lamda:Invoke"], "Resource": "arn:aws:sqs:us-east-1:111122223333:q", "Condition": {"StringEquals": {"s3:prefx": "a"}}}]}',
    { format: 'json', assumeRelevant: true },
  );
  const iam = bare.analyze(doc).filter((f) => f.ruleId.startsWith('iam/') && f.ruleId !== 'iam/invalid-version');
  // Only the unknown service is judged: the index alone says "lamda" does not exist.
  assert.deepEqual(iam.map((f) => `${f.ruleId}:${f.messageId}`), ['iam/unknown-action:misspeltService']);
});

test('without a catalog, the IAM-knowledge rules stay silent', () => {
  const none = createAnalyzer();
  const doc = none.parse('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjectt", "*"], "Resource": "*"}]}', { format: 'json', assumeRelevant: true });
  // iam/full-admin reads the policy's shape ("*" on "*"), not AWS's reference, so it alone speaks.
  assert.deepEqual(none.analyze(doc).map((f) => f.ruleId), ['iam/full-admin']);
  assert.deepEqual(none.servicesNeeded(doc), []);
});

test('a catalog that reads each service when first asked gives every corpus file the findings two-phase loading gives', () => {
  const reads = new Map<string, number>();
  const read = serviceLoader(IAM_DATA_DIR, (prefix, error) => assert.fail(`${prefix}: ${String(error)}`));
  const onDemand = createAnalyzer({
    catalog: loadCatalogSync(IAM_DATA_DIR, {
      load: (prefix) => {
        reads.set(prefix, (reads.get(prefix) ?? 0) + 1);
        return read(prefix);
      },
    }),
  });
  const key = (f: { ruleId: string; messageId: string; offset: number; length: number; path: readonly (string | number)[]; data: unknown }): string =>
    `${f.ruleId} ${f.messageId} ${f.offset}+${f.length} ${f.path.join('/')} ${JSON.stringify(f.data)}`;
  let compared = 0;
  for (const file of corpusFiles()) {
    // Two-phase: the services servicesNeeded names, loaded before the analysis (helpers' parse).
    const expected = analyzer.analyze(parse(file.text, file.format)).map(key);
    const doc = onDemand.parse(file.text, { format: file.format, assumeRelevant: true });
    assert.deepEqual(onDemand.analyze(doc).map(key), expected, file.name);
    compared += expected.length;
  }
  assert.ok(compared > 500, `findings compared: ${compared}`);
  assert.ok(reads.size > 20, `services read: ${reads.size}`);
  assert.deepEqual([...reads].filter(([, n]) => n !== 1), [], 'each service is read once');
});

test('a service whose tables cannot be read on demand is asked for once and judged as not loaded', () => {
  const asked: string[] = [];
  const failing = createAnalyzer({ catalog: loadCatalogSync(IAM_DATA_DIR, { load: (prefix) => (asked.push(prefix), undefined) }) });
  const text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObjectt", "s3:Gett*", "lamda:Invoke"], "Resource": "*"}]}';
  for (let i = 0; i < 3; i++) {
    const found = failing.analyze(failing.parse(text, { format: 'json', assumeRelevant: true })).filter((f) => f.ruleId === 'iam/unknown-action');
    // s3 could not be read: its actions are not called wrong; "lamda" is unknown to the index.
    assert.deepEqual(found.map((f) => f.messageId), ['misspeltService']);
  }
  assert.deepEqual(asked, ['s3']);
});
