/**
 * The local stand-in for the bucket's `expire-trash` lifecycle rule:
 * deletes trash copies whose age has reached the retention period. S3
 * counts the age from the object's creation, which is the copy into the
 * trash, and removes the object some time after the next midnight UTC;
 * this sweep removes it at the first run after the age is reached.
 */

import {
  DeleteObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';

import { trashFolder } from '../amplify/core/trash';

export type TrashLifecycleOptions = {
  s3: S3Client;
  bucketName: string;
  retentionDays: number;
  now: () => number;
};

/**
 * Deletes every trash copy older than the retention period and returns
 * how many it deleted. The deletes go through the gate, so the events
 * function lowers the meter for each.
 */
// NOTE: the gate reports these removals as ObjectRemoved:Delete, where S3
// sends LifecycleExpiration:Delete; the events function settles both alike.
export async function expireTrash(
  options: TrashLifecycleOptions,
): Promise<{ expiredCount: number }> {
  const cutoffMs = options.now() - options.retentionDays * 86_400_000;
  let expiredCount = 0;
  let token: string | undefined;
  do {
    const page = await options.s3.send(
      new ListObjectsV2Command({
        Bucket: options.bucketName,
        Prefix: trashFolder,
        ContinuationToken: token,
      }),
    );
    for (const object of page.Contents ?? []) {
      const modifiedMs = object.LastModified?.getTime() ?? Number.NaN;
      if (object.Key === undefined || !(modifiedMs <= cutoffMs)) {
        continue;
      }
      await options.s3.send(
        new DeleteObjectCommand({
          Bucket: options.bucketName,
          Key: object.Key,
        }),
      );
      expiredCount += 1;
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);

  return { expiredCount };
}
