/**
 * The cross-file part in slices (lsp/slices.ts, AnalysisSettings.shouldStop): an analysis
 * stopped at its safe points and run again must give exactly what one uninterrupted run
 * gives, finish after a bounded number of slices, and never turn the stop into a rule error.
 * Run here with a slice of no length, so that every slice stops at the first safe point it
 * has not passed before: the most interrupted run there can be.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessWorkspace, Finding } from '../../server/src/core/index';
import { inSlices } from '../../server/src/lsp/slices';
import { analyzer, parse } from '../helpers';
import { STALE_GRANT } from '../helpers/templates';

const key = (f: Finding): string => `${f.ruleId} ${f.messageId} ${f.root} ${JSON.stringify(f.path)} ${f.offset}+${f.length} ${f.severity}`;

/** Two stages, three methods: a stale grant, a grant across prod and dev, a method nobody can invoke. */
const STAGES = `Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties: {StageName: prod, Auth: {DefaultAuthorizer: AWS_IAM}}
  DevApi:
    Type: AWS::Serverless::Api
    Properties: {StageName: dev, Auth: {DefaultAuthorizer: AWS_IAM}}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: x
      Events:
        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /pets, Method: get}}
        Post: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /pets, Method: post}}
        DevGet: {Type: Api, Properties: {RestApiId: !Ref DevApi, Path: /pets, Method: get}}
  Reader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Version: "2012-10-17", Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: read
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource:
                  - !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/prod/GET/pets"
                  - !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${DevApi}/dev/GET/pets"
                  - !Sub "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/prod/GET/dogs"
`;

function workspaceOf(texts: Record<string, string>): { workspace: (self: string) => AccessWorkspace; docs: Record<string, ReturnType<typeof parse>> } {
  const docs = Object.fromEntries(Object.entries(texts).map(([uri, text]) => [uri, parse(text, 'yaml')]));
  const documents = Object.entries(docs).map(([uri, doc]) => ({ uri, doc }));
  return { docs, workspace: (self) => ({ documents, self }) };
}

test('a cross-file part stopped at every safe point and run again says what one run says', async () => {
  const texts = { 'file:///w/stages.yaml': STAGES, 'file:///w/stale.yaml': STALE_GRANT };
  // The uninterrupted answer, on parses of their own (nothing kept is shared with the sliced run).
  const whole = workspaceOf(texts);
  const sliced = workspaceOf(texts);
  let afterKept = 0;
  for (const uri of Object.keys(texts)) {
    const expected = analyzer.analyze(whole.docs[uri]!, { part: 'cross-file', workspace: whole.workspace(uri) });
    let slices = 0;
    let stops = 0;
    const result = await inSlices(
      (shouldStop) => {
        slices++;
        return analyzer.analyze(sliced.docs[uri]!, {
          part: 'cross-file',
          workspace: sliced.workspace(uri),
          shouldStop: (afterKeptWork) => {
            const stop = shouldStop(afterKeptWork);
            stops += stop ? 1 : 0;
            afterKept += stop && afterKeptWork === true ? 1 : 0;
            return stop;
          },
        });
      },
      () => Promise.resolve(true),
      -1,
    );
    assert.ok(result, uri);
    assert.deepEqual(result.map(key), expected.map(key), uri);
    // It really was stopped, at each safe point once, and no stop became an internal error.
    assert.ok(stops >= 3, `${uri}: stopped ${stops} times`);
    assert.equal(slices, stops + 1, uri);
    assert.ok(!result.some((f) => f.ruleId === 'internal/rule-error'), uri);
  }
  // Some stops were inside the access matrix's build, after a principal's grants were kept
  // (the first document's build reads both documents' principals).
  assert.ok(afterKept >= 2, `stopped ${afterKept} times inside the matrix build`);
  // The fixtures hold what the sliced rules report.
  const rules = (uri: string): string[] => analyzer.analyze(whole.docs[uri]!, { part: 'cross-file', workspace: whole.workspace(uri) }).map((f) => f.ruleId).sort();
  assert.deepEqual(rules('file:///w/stages.yaml'), ['apigw/environment-crossing', 'apigw/iam-method-unreachable', 'apigw/invoke-unmatched']);
  assert.deepEqual(rules('file:///w/stale.yaml'), ['apigw/invoke-unmatched']);
});

test('a sliced run told to stop between slices gives no answer', async () => {
  const { docs, workspace } = workspaceOf({ 'file:///w/stages.yaml': STAGES });
  let slices = 0;
  const result = await inSlices(
    (shouldStop) => {
      slices++;
      return analyzer.analyze(docs['file:///w/stages.yaml']!, { part: 'cross-file', workspace: workspace('file:///w/stages.yaml'), shouldStop });
    },
    () => Promise.resolve(false),
    -1,
  );
  assert.equal(result, undefined);
  assert.equal(slices, 1);
});

test('an error other than the stop is not swallowed by the slices', async () => {
  await assert.rejects(
    inSlices(
      () => {
        throw new RangeError('boom');
      },
      () => Promise.resolve(true),
    ),
    RangeError,
  );
});
