import { checkFix, ruleTester } from '../../../helpers';

const key = { 'aws:PrincipalTag/team': 'blue' };
const policy = (condition: unknown): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }],
});
const at = (operator: string): (string | number)[] => ['Statement', 0, 'Condition', operator];

ruleTester('iam/unknown-condition-operator', {
  valid: [
    { name: 'plain operator', code: policy({ StringEquals: key }) },
    { name: 'set prefix and IfExists', code: policy({ 'ForAllValues:StringLikeIfExists': key }) },
    { name: 'ForAnyValue prefix', code: policy({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }) },
    { name: 'Null', code: policy({ Null: { 'aws:TokenIssueTime': 'true' } }) },
    { name: 'ForAllValues:Null', code: policy({ 'ForAllValues:Null': { 'aws:TagKeys': 'false' } }) },
    {
      name: 'one of each type',
      code: policy({
        NumericLessThanEquals: { 's3:max-keys': '10' },
        DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' },
        Bool: { 'aws:SecureTransport': 'true' },
        BinaryEquals: { 'aws:x': 'QmluYXJ5' },
        NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
        ArnLikeIfExists: { 'aws:SourceArn': 'arn:aws:sns:*:111122223333:*' },
      }),
    },
    { name: 'a Condition that is not an object is left to iam/invalid-condition', code: policy([]) },
  ],
  invalid: [
    {
      name: 'misspelt',
      code: policy({ StringEqualz: key }),
      expected: [{ messageId: 'misspelt', path: at('StringEqualz'), data: { operator: 'StringEqualz', suggestion: 'StringEquals' }, severity: 'error' }],
    },
    {
      name: 'IfExists misspelt',
      code: policy({ StringEqualsIfExist: key }),
      expected: [{ messageId: 'misspelt', path: at('StringEqualsIfExist'), data: { operator: 'StringEqualsIfExist', suggestion: 'StringEqualsIfExists' } }],
    },
    {
      name: 'bad set prefix',
      code: policy({ 'ForAnyValues:StringLike': key }),
      expected: [{ messageId: 'badPrefix', path: at('ForAnyValues:StringLike'), data: { operator: 'ForAnyValues:StringLike', suggestion: 'ForAnyValue:StringLike' } }],
    },
    {
      name: 'Null with IfExists',
      code: policy({ NullIfExists: { 'aws:TokenIssueTime': 'true' } }),
      expected: [{ messageId: 'nullIfExists', path: at('NullIfExists'), data: { operator: 'NullIfExists', suggestion: 'Null' }, severity: 'error' }],
    },
    {
      name: 'Null with IfExists and a prefix',
      code: policy({ 'ForAllValues:NullIfExists': { 'aws:TagKeys': 'true' } }),
      expected: [{ messageId: 'nullIfExists', path: at('ForAllValues:NullIfExists'), data: { suggestion: 'ForAllValues:Null' } }],
    },
    {
      name: 'wrong case',
      code: policy({ stringequals: key }),
      expected: [{ messageId: 'wrongCase', path: at('stringequals'), data: { operator: 'stringequals', suggestion: 'StringEquals' }, severity: 'warning' }],
    },
    {
      name: 'wrong case in the suffix',
      code: policy({ StringLikeIfexists: key }),
      expected: [{ messageId: 'wrongCase', path: at('StringLikeIfexists'), data: { suggestion: 'StringLikeIfExists' } }],
    },
    {
      name: 'nothing like an operator',
      code: policy({ Xyzzy: key }),
      expected: [{ messageId: 'unknown', path: at('Xyzzy'), data: { operator: 'Xyzzy' } }],
    },
    {
      name: 'several in one Condition',
      code: policy({ StringEquals: key, StringEqualz: key, IpAdress: { 'aws:SourceIp': '10.0.0.0/8' } }),
      expected: [
        { messageId: 'misspelt', path: at('StringEqualz'), data: { suggestion: 'StringEquals' } },
        { messageId: 'misspelt', path: at('IpAdress'), data: { suggestion: 'IpAddress' } },
      ],
    },
  ],
});

const json = (operator: string): string =>
  `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"${operator}": {"aws:TagKeys": "x"}}}]}`;
const yaml = (operator: string): string =>
  `Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: s3:GetObject\n    Resource: '*'\n    Condition:\n      ${operator}:\n        aws:TagKeys: x\n`;

const fixes: readonly { name: string; from: string; to: string; yamlFrom?: string; yamlTo?: string }[] = [
  { name: 'misspelt', from: 'StringEqualz', to: 'StringEquals' },
  { name: 'IfExists misspelt', from: 'StringEqualsIfExist', to: 'StringEqualsIfExists' },
  // A colon followed by a letter does not end a plain YAML key, so the prefix needs no quotes.
  { name: 'bad set prefix', from: 'ForAnyValues:StringLike', to: 'ForAnyValue:StringLike' },
  // A plain `Null` reads as the null value in YAML, so the fix quotes the key.
  { name: 'Null with IfExists', from: 'NullIfExists', to: 'Null', yamlTo: '"Null"' },
  { name: 'wrong case', from: 'stringequals', to: 'StringEquals' },
  { name: 'quoted YAML key keeps its quotes', from: 'ForAllValues:StringLikeIfExist', to: 'ForAllValues:StringLikeIfExists', yamlFrom: '"ForAllValues:StringLikeIfExist"', yamlTo: '"ForAllValues:StringLikeIfExists"' },
];

for (const f of fixes) {
  checkFix('iam/unknown-condition-operator', {
    name: `${f.name} (JSON)`,
    format: 'json',
    code: json(f.from),
    path: at(f.from),
    output: json(f.to),
  });
  checkFix('iam/unknown-condition-operator', {
    name: `${f.name} (YAML)`,
    format: 'yaml',
    code: yaml(f.yamlFrom ?? f.from),
    path: at(f.from),
    output: yaml(f.yamlTo ?? f.to),
  });
}
