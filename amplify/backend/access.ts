import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { membersPrefix } from './bucket';

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
