import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';

import { membersPrefix, thumbnailsPrefix, trashPrefix } from './bucket';

/**
 * Grants the session function read and write on the table and, under
 * `users/`, s3:PutObject to sign POST uploads, s3:GetObject to sign
 * downloads and s3:ListBucket to list. S3 accepts a presigned POST only if
 * its signer may put the object.
 *
 * The caller's own `users/<sub>/` prefix is enforced by the handler, which
 * builds every key from the verified token.
 */
export function grantSessionAccess(
  handler: IFunction,
  table: ITable,
  bucket: IBucket,
) {
  table.grantReadWriteData(handler);

  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:PutObject', 's3:GetObject'],
      resources: [bucket.arnForObjects(`${membersPrefix}*`)],
    }),
  );
  // Trash moves copy (GetObject on the source, PutObject on the target)
  // and delete; thumbnails are signed for upload and download.
  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [
        bucket.arnForObjects(`${membersPrefix}*`),
        bucket.arnForObjects(`${trashPrefix}*`),
        bucket.arnForObjects(`${thumbnailsPrefix}*`),
      ],
    }),
  );
  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:RestoreObject'],
      resources: [bucket.arnForObjects(`${membersPrefix}*`)],
    }),
  );
  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${membersPrefix}*`] } },
    }),
  );
}

/**
 * Grants the events function read and write on the table and read on
 * objects under `users/`. HeadObject needs s3:GetObject, because IAM has no
 * action of its own for it.
 */
export function grantEventsAccess(
  handler: IFunction,
  table: ITable,
  bucket: IBucket,
) {
  table.grantReadWriteData(handler);

  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:GetObject'],
      resources: [bucket.arnForObjects(`${membersPrefix}*`)],
    }),
  );
}

/**
 * Grants the session function the user pool operations of the admin
 * routes: list members and admins, invite, disable and enable.
 */
export function grantDirectoryAccess(handler: IFunction, userPool: IUserPool) {
  handler.addToRolePolicy(
    new PolicyStatement({
      actions: [
        'cognito-idp:ListUsers',
        'cognito-idp:ListUsersInGroup',
        'cognito-idp:AdminCreateUser',
        'cognito-idp:AdminDisableUser',
        'cognito-idp:AdminEnableUser',
      ],
      resources: [userPool.userPoolArn],
    }),
  );
}

/** Grants the events function the deletion of thumbnails of removed files. */
export function grantThumbnailCleanup(handler: IFunction, bucket: IBucket) {
  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['s3:DeleteObject'],
      resources: [bucket.arnForObjects(`${thumbnailsPrefix}*`)],
    }),
  );
}
