import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

/** Key prefix under which every member's objects live. */
export const membersPrefix = 'users/';

/**
 * Blocks every form of public access to the bucket and replaces Amplify's
 * default CORS rule, which allows any origin, with one for the app's
 * origins.
 */
export function configureBucket(cfnBucket: CfnBucket, appOrigins: string[]) {
  cfnBucket.publicAccessBlockConfiguration = {
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  };

  cfnBucket.corsConfiguration = {
    corsRules: [
      {
        allowedOrigins: appOrigins,
        allowedMethods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
        allowedHeaders: ['*'],
        // Browsers hide response headers that are not exposed, and a POST
        // upload returns the object's ETag and Location.
        exposedHeaders: ['ETag', 'Location'],
        maxAge: 3000,
      },
    ],
  };

  // Presigned POST uploads are single requests, but a multipart upload
  // started with the SDK and never finished is billed until it is aborted.
  cfnBucket.lifecycleConfiguration = {
    rules: [
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ],
  };
}

/**
 * Sends every object creation and removal under `users/` to `handler`.
 * Creation is matched with `ObjectCreated:*` because a browser POST upload
 * raises `ObjectCreated:Post`, not `ObjectCreated:Put`.
 */
export function notifyOnObjectChanges(bucket: IBucket, handler: IFunction) {
  const destination = new LambdaDestination(handler);
  const filter = { prefix: membersPrefix };

  bucket.addEventNotification(EventType.OBJECT_CREATED, destination, filter);
  bucket.addEventNotification(EventType.OBJECT_REMOVED, destination, filter);
}
