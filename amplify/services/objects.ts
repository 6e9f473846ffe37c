/**
 * Object operations of the library: presigned downloads, copies into and
 * out of the trash, deletes, and archive restores. Each takes the S3 client
 * it is given, so the local stack and tests pass one aimed at s3rver.
 */

import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  RestoreObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

import type { UploadStorageClass } from '../core/api';

export type DownloadRequest = {
  bucketName: string;
  key: string;
  contentDisposition: string;
  contentType?: string;
  expirySeconds: number;
};

/**
 * Presigns a GET for which S3 returns the given Content-Disposition and
 * Content-Type (`response-content-disposition` and
 * `response-content-type`). Signing makes no network call.
 */
export function presignDownload(
  s3: S3Client,
  request: DownloadRequest,
): Promise<string> {
  return getSignedUrl(
    s3,
    new GetObjectCommand({
      Bucket: request.bucketName,
      Key: request.key,
      ResponseContentDisposition: request.contentDisposition,
      ResponseContentType: request.contentType,
    }),
    { expiresIn: request.expirySeconds },
  );
}

/**
 * Copies an object within the bucket and keeps its storage class; without
 * `StorageClass` a copy would land in STANDARD. S3 rejects the copy of a
 * DEEP_ARCHIVE object that is not restored (InvalidObjectState).
 */
export async function copyObject(
  s3: S3Client,
  request: {
    bucketName: string;
    sourceKey: string;
    targetKey: string;
    storageClass: UploadStorageClass;
  },
): Promise<void> {
  await s3.send(
    new CopyObjectCommand({
      Bucket: request.bucketName,
      Key: request.targetKey,
      CopySource: `${request.bucketName}/${encodeCopySource(request.sourceKey)}`,
      StorageClass: request.storageClass,
      MetadataDirective: 'COPY',
    }),
  );
}

/** Deletes an object; S3 succeeds for a key that does not exist too. */
export async function deleteObject(
  s3: S3Client,
  bucketName: string,
  key: string,
): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: bucketName, Key: key }));
}

/**
 * Asks S3 for a readable copy of an archived object for `days` days, at the
 * Standard retrieval tier. Returns false when a restore is already under
 * way (RestoreAlreadyInProgress), which S3 reports as a 409.
 */
export async function requestArchiveRestore(
  s3: S3Client,
  request: { bucketName: string; key: string; days: number },
): Promise<boolean> {
  try {
    await s3.send(
      new RestoreObjectCommand({
        Bucket: request.bucketName,
        Key: request.key,
        RestoreRequest: {
          Days: request.days,
          GlacierJobParameters: { Tier: 'Standard' },
        },
      }),
    );

    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'RestoreAlreadyInProgress') {
      return false;
    }
    throw error;
  }
}

export type RestoreHeader =
  | { state: 'ARCHIVED' }
  | { state: 'RESTORING' }
  | { state: 'RESTORED'; availableUntil?: string };

/**
 * Reads an object's restore state from HeadObject's `x-amz-restore`
 * header, e.g. `ongoing-request="false", expiry-date="Fri, 21 Dec 2012
 * 00:00:00 GMT"`.
 */
export async function readArchiveRestore(
  s3: S3Client,
  bucketName: string,
  key: string,
): Promise<RestoreHeader> {
  const head = await s3.send(
    new HeadObjectCommand({ Bucket: bucketName, Key: key }),
  );

  return parseRestoreHeader(head.Restore);
}

/** Parses an `x-amz-restore` header value; absent means not restored. */
export function parseRestoreHeader(value: string | undefined): RestoreHeader {
  if (value === undefined || value === '') {
    return { state: 'ARCHIVED' };
  }
  if (/ongoing-request="true"/.test(value)) {
    return { state: 'RESTORING' };
  }

  const expiry = /expiry-date="([^"]+)"/.exec(value)?.[1];
  const time = expiry === undefined ? Number.NaN : Date.parse(expiry);

  return {
    state: 'RESTORED',
    availableUntil: Number.isNaN(time)
      ? undefined
      : new Date(time).toISOString(),
  };
}

/**
 * Encodes a key for `x-amz-copy-source`: each path segment URL-encoded,
 * slashes kept, as S3 expects.
 */
function encodeCopySource(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
