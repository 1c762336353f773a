/**
 * API operations that are not IAM actions, and the action that authorizes each. Where the
 * reference data says it, the data is used: scripts compile `operations` onto an action from
 * its description ("… using the PutRoutingRule API", "… also supports GetLayerVersionByArn
 * API", core/data/compile.ts). The data has nothing for the common cases below, so they are a
 * small documented table, taken from AWS's documentation:
 *  - Amazon S3, "Required permissions for Amazon S3 API operations" (S3 User Guide): several
 *    operations share one action (multipart uploads are `s3:PutObject`), and several bucket
 *    configuration operations are named differently from their actions;
 *  - API Gateway, "Control access for managing an API" (API Gateway Developer Guide): the
 *    management API is authorized by the HTTP method of the request (`apigateway:GET`, `POST`,
 *    `PUT`, `PATCH`, `DELETE`), so an operation name maps to the verb of its REST call.
 * The data always wins: a name the data lists as an action is never looked up here.
 */
import type { LoadedService } from './catalog';

/** Lower-cased `prefix:Operation` → the action names that authorize it (several: all are needed). */
const TABLE: Readonly<Record<string, readonly string[]>> = {
  's3:createmultipartupload': ['PutObject'],
  's3:uploadpart': ['PutObject'],
  's3:completemultipartupload': ['PutObject'],
  's3:uploadpartcopy': ['PutObject', 'GetObject'],
  's3:copyobject': ['PutObject', 'GetObject'],
  's3:headobject': ['GetObject'],
  's3:headbucket': ['ListBucket'],
  's3:listobjects': ['ListBucket'],
  's3:listobjectsv2': ['ListBucket'],
  's3:listobjectversions': ['ListBucketVersions'],
  's3:listbuckets': ['ListAllMyBuckets'],
  's3:listparts': ['ListMultipartUploadParts'],
  's3:listmultipartuploads': ['ListBucketMultipartUploads'],
  's3:deleteobjects': ['DeleteObject'],
  's3:putbucketlifecycleconfiguration': ['PutLifecycleConfiguration'],
  's3:getbucketlifecycleconfiguration': ['GetLifecycleConfiguration'],
  's3:deletebucketlifecycle': ['PutLifecycleConfiguration'],
  's3:putbucketnotificationconfiguration': ['PutBucketNotification'],
  's3:getbucketnotificationconfiguration': ['GetBucketNotification'],
  's3:putbucketreplication': ['PutReplicationConfiguration'],
  's3:getbucketreplication': ['GetReplicationConfiguration'],
  's3:deletebucketreplication': ['PutReplicationConfiguration'],
  's3:putbucketencryption': ['PutEncryptionConfiguration'],
  's3:getbucketencryption': ['GetEncryptionConfiguration'],
  's3:deletebucketencryption': ['PutEncryptionConfiguration'],
  's3:putbucketaccelerateconfiguration': ['PutAccelerateConfiguration'],
  's3:getbucketaccelerateconfiguration': ['GetAccelerateConfiguration'],
  's3:putbucketinventoryconfiguration': ['PutInventoryConfiguration'],
  's3:getbucketinventoryconfiguration': ['GetInventoryConfiguration'],
  's3:putbucketanalyticsconfiguration': ['PutAnalyticsConfiguration'],
  's3:getbucketanalyticsconfiguration': ['GetAnalyticsConfiguration'],
  's3:putbucketmetricsconfiguration': ['PutMetricsConfiguration'],
  's3:getbucketmetricsconfiguration': ['GetMetricsConfiguration'],
  's3:putbucketintelligenttieringconfiguration': ['PutIntelligentTieringConfiguration'],
  's3:getbucketintelligenttieringconfiguration': ['GetIntelligentTieringConfiguration'],
  'apigateway:tagresource': ['PUT'],
  'apigateway:untagresource': ['DELETE'],
  'apigateway:gettags': ['GET'],
  'apigateway:importrestapi': ['POST'],
  'apigateway:putrestapi': ['PUT'],
  'apigateway:flushstagecache': ['DELETE'],
  'apigateway:flushstageauthorizerscache': ['DELETE'],
  'apigateway:testinvokemethod': ['POST'],
  'apigateway:testinvokeauthorizer': ['POST'],
};

/** API Gateway's management operations by verb prefix: `CreateRestApi` is a POST, `GetStages` a GET. */
const APIGATEWAY_VERBS: readonly (readonly [prefix: string, verb: string])[] = [
  ['create', 'POST'],
  ['generate', 'POST'],
  ['import', 'POST'],
  ['get', 'GET'],
  ['update', 'PATCH'],
  ['delete', 'DELETE'],
  ['put', 'PUT'],
];

/**
 * The actions that authorize operation `name` of a loaded service, or [] when neither the
 * data nor the table knows it. Only asked for names that are not actions of the service.
 */
export function actionsForOperation(service: LoadedService, name: string): string[] {
  const lower = name.toLowerCase();
  const known = (names: readonly string[]): string[] =>
    names.map((n) => service.actionsByName.get(n.toLowerCase())?.name).filter((n): n is string => n !== undefined);
  // The data: an action whose description names this operation.
  const fromData = service.actions.filter((a) => a.operations?.some((op) => op.toLowerCase() === lower)).map((a) => a.name);
  if (fromData.length > 0) {
    return fromData;
  }
  const listed = TABLE[`${service.prefix.toLowerCase()}:${lower}`];
  if (listed) {
    return known(listed);
  }
  if (service.prefix === 'apigateway') {
    const verb = APIGATEWAY_VERBS.find(([prefix]) => lower.startsWith(prefix) && lower.length > prefix.length)?.[1];
    return verb ? known([verb]) : [];
  }
  return [];
}
