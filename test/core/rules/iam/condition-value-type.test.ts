import { ruleTester } from '../../../helpers';

const policy = (condition: unknown, action: unknown = 's3:GetObject'): unknown => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*', Condition: condition }],
});
const at = (operator: string, key: string, ...rest: number[]): (string | number)[] => ['Statement', 0, 'Condition', operator, key, ...rest];

ruleTester('iam/condition-value-type', {
  valid: [
    { name: 'IPv4 and IPv6 addresses and ranges', code: policy({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7', '2001:db8::/32', '::1', '::ffff:192.0.2.1'] } }) },
    { name: 'dates and epoch seconds', code: policy({ DateGreaterThan: { 'aws:CurrentTime': '2019-07-16T12:00:00Z' }, DateLessThan: { 'aws:EpochTime': '1700000000', 'aws:TokenIssueTime': '2020-01-01' } }) },
    { name: 'booleans, as strings or YAML/JSON booleans', code: policy({ Bool: { 'aws:SecureTransport': 'false', 'aws:MultiFactorAuthPresent': true }, Null: { 'aws:MultiFactorAuthAge': 'true' } }) },
    { name: 'numbers, as strings or numbers', code: policy({ NumericGreaterThan: { 'aws:MultiFactorAuthAge': '28800' }, NumericLessThan: { 's3:signatureAge': 600000 } }) },
    { name: 'ARNs and wildcards for ARN operators', code: policy({ ArnLike: { 'aws:SourceArn': ['arn:aws:sns:*:111122223333:*', '*'] } }) },
    { name: 'policy variables stand for values we cannot see', code: policy({ IpAddress: { 'aws:SourceIp': '${aws:username}' }, NumericEquals: { 'aws:MultiFactorAuthAge': '${aws:x}' } }) },
    { name: 'Date operators read numeric epoch keys too', code: policy({ NumericLessThan: { 'aws:EpochTime': '1700000000' } }) },
    { name: 'ForAllValues with a multi-valued key', code: policy({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a', 'b'] } }) },
    { name: 'unknown operators are another rule\'s', code: policy({ IpAdress: { 'aws:SourceIp': 'nope' } }) },
  ],
  invalid: [
    {
      name: 'not an IP range',
      code: policy({ NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '203.0.113.300', '10.0.0.0/33', 'example.com'] } }),
      expected: [
        { messageId: 'notCidr', path: at('NotIpAddress', 'aws:SourceIp', 1), data: { value: '203.0.113.300', operator: 'NotIpAddress' }, severity: 'error' },
        { messageId: 'notCidr', path: at('NotIpAddress', 'aws:SourceIp', 2), data: { value: '10.0.0.0/33' } },
        { messageId: 'notCidr', path: at('NotIpAddress', 'aws:SourceIp', 3), data: { value: 'example.com' } },
      ],
    },
    { name: 'not a date', code: policy({ DateGreaterThan: { 'aws:CurrentTime': 'bad' } }), expected: [{ messageId: 'notDate', path: at('DateGreaterThan', 'aws:CurrentTime'), data: { value: 'bad' } }] },
    {
      name: 'not a boolean',
      code: policy({ Bool: { 'aws:SecureTransport': 'yes' }, Null: { 'aws:TokenIssueTime': 'no' } }),
      expected: [
        { messageId: 'notBool', path: at('Bool', 'aws:SecureTransport'), data: { value: 'yes', operator: 'Bool' } },
        { messageId: 'notBool', path: at('Null', 'aws:TokenIssueTime'), data: { value: 'no', operator: 'Null' } },
      ],
    },
    { name: 'not a number', code: policy({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'an hour' } }), expected: [{ messageId: 'notNumber', path: at('NumericLessThan', 'aws:MultiFactorAuthAge'), data: { value: 'an hour' } }] },
    { name: 'not an ARN', code: policy({ ArnEquals: { 'aws:SourceArn': '111122223333' } }), expected: [{ messageId: 'notArn', path: at('ArnEquals', 'aws:SourceArn'), data: { value: '111122223333' } }] },
    {
      name: 'an operator of another type than the key',
      code: policy({ NumericEquals: { 's3:prefix': '10' } }, 's3:ListBucket'),
      expected: [{ messageId: 'keyType', path: at('NumericEquals', 's3:prefix'), data: { operatorType: 'Numeric', keyType: 'String', keyOperators: 'String' }, severity: 'warning' }],
    },
    {
      name: 'a string operator on an ARN key works, but is noted',
      code: policy({ StringEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:111122223333:t' } }),
      expected: [{ messageId: 'stringOnArn', path: at('StringEquals', 'aws:SourceArn'), data: { key: 'aws:SourceArn' }, severity: 'info' }],
    },
    {
      name: 'ForAllValues with a single-valued key',
      code: policy({ 'ForAllValues:StringEquals': { 'aws:ResourceTag/team': ['blue'] } }),
      expected: [{ messageId: 'setOnSingleValue', path: at('ForAllValues:StringEquals', 'aws:ResourceTag/team'), data: { key: 'aws:ResourceTag/team' }, severity: 'warning' }],
    },
  ],
});
