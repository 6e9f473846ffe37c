/**
 * Thumbnails. The browser makes them before the upload, because it has
 * the decoded file at hand. A resizer in the events function would need an
 * image library in the Lambda bundle, a second read of every original from
 * S3, and a write back to the bucket that raises events of its own. A
 * thumbnail's key is outside `users/` (see `core/thumbnails.ts`), so it
 * never counts toward usage, and its own policy limits it to
 * `thumbnailMaxBytes` and to JPEG.
 */

import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

import type { ThumbnailUpload } from '../../core/api';

/** JPEG, because every browser's canvas can encode it; not all do WebP. */
export const thumbnailContentType = 'image/jpeg';

/**
 * Signs the thumbnail's POST policy: the exact key, 1 byte up to
 * `maxBytes`, Content-Type `image/jpeg`, and STANDARD, because thumbnails
 * are read on every visit to a folder.
 */
export async function createThumbnailPolicy(
  s3: S3Client,
  request: {
    bucketName: string;
    key: string;
    maxBytes: number;
    expirySeconds: number;
  },
): Promise<ThumbnailUpload> {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: request.bucketName,
    Key: request.key,
    Conditions: [
      { key: request.key },
      ['content-length-range', 1, request.maxBytes],
    ],
    // Each field also becomes an exact-match condition of the policy.
    Fields: {
      'Content-Type': thumbnailContentType,
      'x-amz-storage-class': 'STANDARD',
    },
    Expires: request.expirySeconds,
  });

  return {
    key: request.key,
    url,
    fields,
    maxBytes: request.maxBytes,
    contentTypes: [thumbnailContentType],
  };
}
