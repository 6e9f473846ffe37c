import type { CfnBucket, IBucket } from 'aws-cdk-lib/aws-s3';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';

import { transitionMinimumBytes, type LifecycleTransition } from '../core/cost';

/** Key prefix under which every member's objects live. */
export const membersPrefix = 'users/';
/** Key prefix of the trash copies, `trash/<sub>/<trash id>/<path>`. */
export const trashPrefix = 'trash/';
/** Key prefix of thumbnails, `thumbs/<sub>/<upload id>`. */
export const thumbnailsPrefix = 'thumbs/';

export type BucketLifecycle = {
  trashRetentionDays: number;
  transitions: LifecycleTransition[];
};

/**
 * Blocks every form of public access to the bucket and replaces Amplify's
 * default CORS rule, which allows any origin, with one for the app's
 * origins. Sets the lifecycle rules too: member files move to colder
 * classes by age, and trash copies expire after the retention period.
 */
export function configureBucket(
  cfnBucket: CfnBucket,
  appOrigins: string[],
  lifecycle: BucketLifecycle,
) {
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
      {
        id: 'expire-trash',
        status: 'Enabled',
        prefix: trashPrefix,
        expirationInDays: lifecycle.trashRetentionDays,
      },
      ...(lifecycle.transitions.length === 0
        ? []
        : [
            {
              id: 'move-member-files-to-colder-classes',
              status: 'Enabled',
              prefix: membersPrefix,
              // The cost model prices files under 128 KiB as never moved,
              // so the rule states the same limit instead of relying on
              // S3's default for transitions.
              objectSizeGreaterThan: transitionMinimumBytes - 1,
              transitions: lifecycle.transitions.map((transition) => ({
                storageClass: transition.storageClass,
                transitionInDays: transition.afterDays,
              })),
            },
          ]),
    ],
  };
}

/**
 * Sends every object creation and removal under `users/` to `handler`,
 * and the removals and lifecycle expirations under `trash/`, which lower
 * the meter. Creation is matched with `ObjectCreated:*` because a browser
 * POST upload raises `ObjectCreated:Post`, not `ObjectCreated:Put`.
 */
export function notifyOnObjectChanges(bucket: IBucket, handler: IFunction) {
  const destination = new LambdaDestination(handler);
  const members = { prefix: membersPrefix };
  const trash = { prefix: trashPrefix };

  bucket.addEventNotification(EventType.OBJECT_CREATED, destination, members);
  bucket.addEventNotification(EventType.OBJECT_REMOVED, destination, members);
  bucket.addEventNotification(EventType.OBJECT_REMOVED, destination, trash);
  bucket.addEventNotification(
    EventType.LIFECYCLE_EXPIRATION,
    destination,
    trash,
  );
}
