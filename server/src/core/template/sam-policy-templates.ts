/**
 * SAM policy templates (`Policies: [{SQSPollerPolicy: {QueueName: q}}]`), expanded to the
 * statements the SAM translator generates for them, so the policy rules and the access
 * analysis see what the deployed role will hold. The statements follow the AWS SAM
 * Developer Guide's "Policy template list"; templates not listed here are not expanded.
 */
import { getProperty, type DocNode, type PropertyNode } from '../model/node';
import { synthesize, type PlainValue } from '../model/synthetic';

type Statement = { readonly Effect: 'Allow'; readonly Action: readonly string[]; readonly Resource: string | readonly string[] };

interface PolicyTemplate {
  /** Parameter names the template takes, in the order SAM documents them. */
  readonly parameters: readonly string[];
  statements(p: Readonly<Record<string, string>>): readonly Statement[];
}

const ARN = 'arn:${AWS::Partition}';
const REGIONAL = (service: string): string => `${ARN}:${service}:\${AWS::Region}:\${AWS::AccountId}`;

const dynamoTable = (p: Readonly<Record<string, string>>): string[] => [
  `${REGIONAL('dynamodb')}:table/${p.TableName}`,
  `${REGIONAL('dynamodb')}:table/${p.TableName}/index/*`,
];
const bucket = (p: Readonly<Record<string, string>>): string[] => [`${ARN}:s3:::${p.BucketName}`, `${ARN}:s3:::${p.BucketName}/*`];

export const SAM_POLICY_TEMPLATES: Readonly<Record<string, PolicyTemplate>> = {
  SQSPollerPolicy: {
    parameters: ['QueueName'],
    statements: (p) => [
      {
        Effect: 'Allow',
        Action: ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
        Resource: `${REGIONAL('sqs')}:${p.QueueName}`,
      },
    ],
  },
  SQSSendMessagePolicy: {
    parameters: ['QueueName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['sqs:SendMessage*'], Resource: `${REGIONAL('sqs')}:${p.QueueName}` }],
  },
  LambdaInvokePolicy: {
    parameters: ['FunctionName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: `${REGIONAL('lambda')}:function:${p.FunctionName}*` }],
  },
  DynamoDBCrudPolicy: {
    parameters: ['TableName'],
    statements: (p) => [
      {
        Effect: 'Allow',
        Action: [
          'dynamodb:GetItem',
          'dynamodb:DeleteItem',
          'dynamodb:PutItem',
          'dynamodb:Scan',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:BatchGetItem',
          'dynamodb:DescribeTable',
          'dynamodb:ConditionCheckItem',
        ],
        Resource: dynamoTable(p),
      },
    ],
  },
  DynamoDBReadPolicy: {
    parameters: ['TableName'],
    statements: (p) => [
      { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], Resource: dynamoTable(p) },
    ],
  },
  DynamoDBWritePolicy: {
    parameters: ['TableName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], Resource: dynamoTable(p) }],
  },
  S3ReadPolicy: {
    parameters: ['BucketName'],
    statements: (p) => [
      { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], Resource: bucket(p) },
    ],
  },
  S3WritePolicy: {
    parameters: ['BucketName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], Resource: bucket(p) }],
  },
  S3CrudPolicy: {
    parameters: ['BucketName'],
    statements: (p) => [
      {
        Effect: 'Allow',
        Action: [
          's3:GetObject',
          's3:ListBucket',
          's3:GetBucketLocation',
          's3:GetObjectVersion',
          's3:PutObject',
          's3:PutObjectAcl',
          's3:GetLifecycleConfiguration',
          's3:PutLifecycleConfiguration',
          's3:DeleteObject',
        ],
        Resource: bucket(p),
      },
    ],
  },
  SNSPublishMessagePolicy: {
    parameters: ['TopicName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['sns:Publish'], Resource: `${REGIONAL('sns')}:${p.TopicName}` }],
  },
  StepFunctionsExecutionPolicy: {
    parameters: ['StateMachineName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['states:StartExecution'], Resource: `${REGIONAL('states')}:stateMachine:${p.StateMachineName}` }],
  },
  KMSDecryptPolicy: {
    parameters: ['KeyId'],
    statements: (p) => [{ Effect: 'Allow', Action: ['kms:Decrypt'], Resource: `${REGIONAL('kms')}:key/${p.KeyId}` }],
  },
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: (p) => [
      { Effect: 'Allow', Action: ['ssm:DescribeParameters'], Resource: '*' },
      { Effect: 'Allow', Action: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], Resource: `${REGIONAL('ssm')}:parameter/${p.ParameterName}` },
    ],
  },
  AWSSecretsManagerGetSecretValuePolicy: {
    parameters: ['SecretArn'],
    statements: (p) => [{ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: p.SecretArn! }],
  },
  CloudWatchPutMetricPolicy: {
    parameters: [],
    statements: () => [{ Effect: 'Allow', Action: ['cloudwatch:PutMetricData'], Resource: '*' }],
  },
  EventBridgePutEventsPolicy: {
    parameters: ['EventBusName'],
    statements: (p) => [{ Effect: 'Allow', Action: ['events:PutEvents'], Resource: `${REGIONAL('events')}:event-bus/${p.EventBusName}` }],
  },
  KinesisStreamReadPolicy: {
    parameters: ['StreamName'],
    statements: (p) => [
      { Effect: 'Allow', Action: ['kinesis:ListStreams', 'kinesis:DescribeLimits'], Resource: `${REGIONAL('kinesis')}:stream/*` },
      {
        Effect: 'Allow',
        Action: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'],
        Resource: `${REGIONAL('kinesis')}:stream/${p.StreamName}`,
      },
    ],
  },
  VPCAccessPolicy: {
    parameters: [],
    statements: () => [
      {
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'],
        Resource: '*',
      },
    ],
  },
};

/**
 * The policy a template entry stands for, or undefined for names SAM does not define here.
 * Parameters given as intrinsics become `${Name}` placeholders that resolve like template
 * values (so `QueueName: !GetAtt Queue.QueueName` keeps its link to the queue).
 */
export function expandPolicyTemplate(name: string, params: DocNode, at: PropertyNode): DocNode | undefined {
  const template = SAM_POLICY_TEMPLATES[name];
  if (!template) {
    return undefined;
  }
  const values: Record<string, string> = {};
  for (const p of template.parameters) {
    values[p] = parameterText(getProperty(params, p), p);
  }
  const statements = template.statements(values) as unknown as PlainValue;
  return synthesize({ Version: '2012-10-17', Statement: statements }, {
    get offset() {
      return at.keyOffset;
    },
    get length() {
      return at.keyLength;
    },
  });
}

function parameterText(node: DocNode | undefined, name: string): string {
  if (node?.kind === 'string' || node?.kind === 'number') {
    return String(node.value);
  }
  if (node?.kind === 'intrinsic' && node.fn === 'Ref' && node.arg.kind === 'string') {
    return `\${${node.arg.value as string}}`;
  }
  if (node?.kind === 'intrinsic' && node.fn === 'Fn::GetAtt') {
    const arg = node.arg;
    const text = arg.kind === 'string' ? (arg.value as string) : arg.kind === 'array' ? arg.items.map((i) => (i.kind === 'string' ? i.value : '')).join('.') : name;
    return `\${${text}}`;
  }
  return `\${${name}}`;
}
