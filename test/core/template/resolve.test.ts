/**
 * The symbolic resolver: each intrinsic function, in YAML short form and in the long form
 * (JSON and YAML), resolves to the same strings, with `${…}` placeholders for what only
 * deployment knows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from '../../helpers';
import { getProperty } from '../../../server/src/core/model/node';
import { templateModel } from '../../../server/src/core/template/model';
import { resolveString, withPseudoParameters } from '../../../server/src/core/template/resolve';

const PREAMBLE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Stage: {Type: String, Default: prod}
  NoDefault: {Type: String}
  Cidrs: {Type: CommaDelimitedList, Default: '10.0.0.0/8, 192.168.0.0/16'}
Mappings:
  Regions:
    us-east-1: {Ami: ami-1}
    eu-west-1: {Ami: ami-2}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  MyApi: {Type: AWS::ApiGateway::RestApi}
  Thing:
    Type: AWS::SNS::Topic
    Properties:
      V: `;

interface Row {
  readonly name: string;
  readonly short: string;
  readonly long: unknown;
  readonly expected: readonly { text: string; complete: boolean }[];
}

const rows: Row[] = [
  { name: 'Ref to a parameter default', short: '!Ref Stage', long: { Ref: 'Stage' }, expected: [{ text: 'prod', complete: true }] },
  { name: 'Ref to a parameter without default', short: '!Ref NoDefault', long: { Ref: 'NoDefault' }, expected: [{ text: '${NoDefault}', complete: false }] },
  { name: 'Ref to a pseudo parameter', short: '!Ref AWS::Region', long: { Ref: 'AWS::Region' }, expected: [{ text: '${AWS::Region}', complete: false }] },
  { name: 'Ref to a resource', short: '!Ref MyApi', long: { Ref: 'MyApi' }, expected: [{ text: '${MyApi}', complete: false }] },
  { name: 'Ref to AWS::NoValue', short: '!Ref AWS::NoValue', long: { Ref: 'AWS::NoValue' }, expected: [] },
  {
    name: 'Sub with pseudo parameters and a resource',
    short: '!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets',
    long: { 'Fn::Sub': 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets' },
    expected: [{ text: 'arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${MyApi}/*/GET/pets', complete: false }],
  },
  { name: 'Sub with a parameter', short: '!Sub api-${Stage}', long: { 'Fn::Sub': 'api-${Stage}' }, expected: [{ text: 'api-prod', complete: true }] },
  { name: 'Sub literal ${!X}', short: "!Sub 'x-${!Literal}'", long: { 'Fn::Sub': 'x-${!Literal}' }, expected: [{ text: 'x-${Literal}', complete: true }] },
  { name: 'Sub keeps IAM policy variables', short: "!Sub 'home/${aws:username}/*'", long: { 'Fn::Sub': 'home/${aws:username}/*' }, expected: [{ text: 'home/${aws:username}/*', complete: true }] },
  { name: 'Sub with a variable map', short: "!Sub ['${A}-${B}', {A: one, B: !Ref Stage}]", long: { 'Fn::Sub': ['${A}-${B}', { A: 'one', B: { Ref: 'Stage' } }] }, expected: [{ text: 'one-prod', complete: true }] },
  { name: 'Sub with an attribute', short: '!Sub ${Thing.TopicName}', long: { 'Fn::Sub': '${Thing.TopicName}' }, expected: [{ text: '${Thing.TopicName}', complete: false }] },
  { name: 'GetAtt, dotted', short: '!GetAtt MyApi.RootResourceId', long: { 'Fn::GetAtt': ['MyApi', 'RootResourceId'] }, expected: [{ text: '${MyApi.RootResourceId}', complete: false }] },
  { name: 'Join', short: "!Join ['', ['arn:', !Ref AWS::Partition, ':s3:::b']]", long: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::b']] }, expected: [{ text: 'arn:${AWS::Partition}:s3:::b', complete: false }] },
  { name: 'Select from a list', short: '!Select [1, [a, b, c]]', long: { 'Fn::Select': [1, ['a', 'b', 'c']] }, expected: [{ text: 'b', complete: true }] },
  { name: 'Select from a list parameter', short: '!Select [1, !Ref Cidrs]', long: { 'Fn::Select': [1, { Ref: 'Cidrs' }] }, expected: [{ text: '192.168.0.0/16', complete: true }] },
  { name: 'Select from Split', short: "!Select [2, !Split [':', 'a:b:c']]", long: { 'Fn::Select': [2, { 'Fn::Split': [':', 'a:b:c'] }] }, expected: [{ text: 'c', complete: true }] },
  { name: 'If gives both branches', short: '!If [IsProd, big, small]', long: { 'Fn::If': ['IsProd', 'big', 'small'] }, expected: [{ text: 'big', complete: true }, { text: 'small', complete: true }] },
  { name: 'FindInMap with literal keys', short: '!FindInMap [Regions, eu-west-1, Ami]', long: { 'Fn::FindInMap': ['Regions', 'eu-west-1', 'Ami'] }, expected: [{ text: 'ami-2', complete: true }] },
  {
    name: 'FindInMap with an unknown key takes every entry',
    short: '!FindInMap [Regions, !Ref AWS::Region, Ami]',
    long: { 'Fn::FindInMap': ['Regions', { Ref: 'AWS::Region' }, 'Ami'] },
    expected: [{ text: 'ami-1', complete: true }, { text: 'ami-2', complete: true }],
  },
  { name: 'ImportValue is unknown but named', short: '!ImportValue SharedVpc', long: { 'Fn::ImportValue': 'SharedVpc' }, expected: [{ text: '${ImportValue:SharedVpc}', complete: false }] },
];

function valueOf(text: string, format: 'json' | 'yaml'): { doc: ReturnType<typeof parse>; node: ReturnType<typeof getProperty> } {
  const doc = parse(text, format);
  const node = getProperty(getProperty(getProperty(getProperty(doc.roots[0], 'Resources'), 'Thing'), 'Properties'), 'V');
  return { doc, node };
}

for (const row of rows) {
  test(`resolve ${row.name} (YAML short form)`, () => {
    const { doc, node } = valueOf(PREAMBLE + row.short + '\n', 'yaml');
    assert.deepEqual(resolveString(node, templateModel(doc.roots[0]!)), row.expected);
  });
  test(`resolve ${row.name} (JSON long form)`, () => {
    const yamlDoc = parse(PREAMBLE + '{}\n', 'yaml');
    // The same template as JSON: build it from the YAML one's structure plus the long form.
    const json = JSON.stringify({
      AWSTemplateFormatVersion: '2010-09-09',
      Parameters: { Stage: { Type: 'String', Default: 'prod' }, NoDefault: { Type: 'String' }, Cidrs: { Type: 'CommaDelimitedList', Default: '10.0.0.0/8, 192.168.0.0/16' } },
      Mappings: { Regions: { 'us-east-1': { Ami: 'ami-1' }, 'eu-west-1': { Ami: 'ami-2' } } },
      Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
      Resources: { MyApi: { Type: 'AWS::ApiGateway::RestApi' }, Thing: { Type: 'AWS::SNS::Topic', Properties: { V: row.long } } },
    });
    assert.ok(yamlDoc.roots[0]);
    const { doc, node } = valueOf(json, 'json');
    assert.deepEqual(resolveString(node, templateModel(doc.roots[0]!)), row.expected);
  });
}

test('resolve: deeply nested Joins stay bounded in variants', () => {
  // 2^10 combinations if unbounded; the resolver caps the variants it carries.
  const ifs = Array.from({ length: 10 }, () => '!If [IsProd, a, b]').join(', ');
  const { doc, node } = valueOf(`${PREAMBLE}!Join ['', [${ifs}]]\n`, 'yaml');
  const values = resolveString(node, templateModel(doc.roots[0]!));
  assert.ok(values.length > 0 && values.length <= 16, `${values.length} variants`);
});

test('resolve: an environment fixes ${AWS::AccountId} and ${AWS::Region}, and nothing else', () => {
  const arn = 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*';
  assert.equal(withPseudoParameters(arn, { accountId: '111122223333', region: 'eu-west-1' }), 'arn:${AWS::Partition}:execute-api:eu-west-1:111122223333:${Api}/*');
  // What the environment does not say stays a placeholder.
  assert.equal(withPseudoParameters(arn, { accountId: '111122223333' }), 'arn:${AWS::Partition}:execute-api:${AWS::Region}:111122223333:${Api}/*');
  assert.equal(withPseudoParameters(arn, undefined), arn);
  assert.equal(withPseudoParameters('${aws:username}/${AWS::StackName}', { accountId: '111122223333', region: 'eu-west-1' }), '${aws:username}/${AWS::StackName}');
});
