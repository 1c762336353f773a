import type { IncludeRead } from '../../../../server/src/core/index';
import { ruleTester } from '../../../helpers';

const samApi = (definitionUri: unknown): unknown => ({
  Transform: 'AWS::Serverless-2016-10-31',
  Resources: { PetsApi: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod', DefinitionUri: definitionUri } } },
});
const restApi = (body: Record<string, unknown>): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: { PetsApi: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'pets', ...body } } },
});
const include = (location: string): unknown => ({ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: location } } });

/** The shell's read of one include, as analysis settings. */
const read = (file: string, result: IncludeRead): { includeReads: ReadonlyMap<string, IncludeRead> } => ({ includeReads: new Map([[file, result]]) });

const DEFINITION_URI = ['Resources', 'PetsApi', 'Properties', 'DefinitionUri'];

ruleTester('apigw/unreadable-include', {
  valid: [
    { name: 'read fine', code: samApi('./api.yaml'), settings: read('./api.yaml', { kind: 'ok' }) },
    { name: 'the shell read nothing', code: samApi('./api.yaml') },
    { name: 'another file failed', code: samApi('./api.yaml'), settings: read('./other.yaml', { kind: 'outside-workspace' }) },
    { name: 'S3 locations are never read', code: samApi('s3://bucket/api.yaml'), settings: read('s3://bucket/api.yaml', { kind: 'unreadable', code: 'ENOENT' }) },
  ],
  invalid: [
    {
      name: 'DefinitionUri outside the workspace',
      code: samApi('../../etc/api.yaml'),
      settings: read('../../etc/api.yaml', { kind: 'outside-workspace' }),
      expected: [{ messageId: 'outsideWorkspace', path: DEFINITION_URI, data: { file: '../../etc/api.yaml' } }],
    },
    {
      name: 'DefinitionUri names a device',
      code: samApi('/dev/zero'),
      settings: read('/dev/zero', { kind: 'not-a-file', type: 'device' }),
      expected: [{ messageId: 'notAFile', path: DEFINITION_URI, data: { file: '/dev/zero', type: 'device' } }],
    },
    {
      name: 'DefinitionUri too large',
      code: samApi('./api.yaml'),
      settings: read('./api.yaml', { kind: 'too-large', size: 6_000_000, limit: 5_000_000 }),
      expected: [{ messageId: 'tooLarge', path: DEFINITION_URI, data: { size: 6_000_000, limit: 5_000_000 } }],
    },
    {
      name: 'DefinitionUri missing',
      code: samApi('./api.yaml'),
      settings: read('./api.yaml', { kind: 'unreadable', code: 'ENOENT' }),
      expected: [{ messageId: 'missing', path: DEFINITION_URI }],
    },
    {
      name: 'DefinitionUri refused',
      code: samApi('./api.yaml'),
      settings: read('./api.yaml', { kind: 'unreadable', code: 'EACCES' }),
      expected: [{ messageId: 'unreadable', path: DEFINITION_URI, data: { code: 'EACCES' } }],
    },
    {
      name: 'BodyS3Location names a FIFO',
      code: restApi({ BodyS3Location: './api.yaml' }),
      settings: read('./api.yaml', { kind: 'not-a-file', type: 'fifo' }),
      expected: [{ messageId: 'notAFile', path: ['Resources', 'PetsApi', 'Properties', 'BodyS3Location'], data: { type: 'fifo' } }],
    },
    {
      name: 'AWS::Include Location, reported on the Location value',
      code: restApi({ Body: include('/etc/hostname') }),
      settings: read('/etc/hostname', { kind: 'outside-workspace' }),
      expected: [{ messageId: 'outsideWorkspace', path: ['Resources', 'PetsApi', 'Properties', 'Body', 'Fn::Transform', 'Parameters', 'Location'] }],
    },
  ],
});
