/**
 * Browser upload policies: a presigned POST that lets a browser store one
 * object of one exact key, size and content type, and nothing else.
 */

import type { S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';

import type { StorageClass } from '../core/settings';

export type UploadPolicyRequest = {
  bucketName: string;
  key: string;
  size: number;
  contentType: string;
  storageClass: StorageClass;
  expirySeconds: number;
};

export type UploadPolicy = {
  url: string;
  fields: Record<string, string>;
  /** ISO 8601 expiration written into the signed policy. */
  expiresAt: string;
};

/**
 * Signs a POST policy with the S3 client's credentials. S3 rejects a POST
 * whose key, length, Content-Type or storage class differs from the request,
 * or that arrives after the expiration. Signing makes no network call.
 */
export async function createUploadPolicy(
  s3: S3Client,
  request: UploadPolicyRequest,
): Promise<UploadPolicy> {
  const { url, fields } = await createPresignedPost(s3, {
    Bucket: request.bucketName,
    Key: request.key,
    Conditions: [
      { key: request.key },
      ['content-length-range', request.size, request.size],
    ],
    // Each field also becomes an exact-match condition of the policy.
    Fields: {
      'Content-Type': request.contentType,
      'x-amz-storage-class': request.storageClass,
    },
    Expires: request.expirySeconds,
  });

  return { url, fields, expiresAt: readExpiration(fields) };
}

/**
 * Reads the expiration from the signed policy itself, because the library
 * computes it from its own clock reading.
 */
function readExpiration(fields: Record<string, string>): string {
  const policy: unknown = JSON.parse(
    Buffer.from(fields.Policy ?? '', 'base64').toString('utf8'),
  );
  if (
    typeof policy !== 'object' ||
    policy === null ||
    !('expiration' in policy) ||
    typeof policy.expiration !== 'string'
  ) {
    throw new Error('The presigned POST policy has no expiration.');
  }

  return policy.expiration;
}
