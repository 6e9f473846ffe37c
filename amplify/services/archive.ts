/**
 * Archive restores behind a small interface: S3's RestoreObject in AWS,
 * and a timed stand-in in the local stack, which has no RestoreObject.
 */

import type { S3Client } from '@aws-sdk/client-s3';

import type { ArchiveRestore } from '../core/api';
import { restoreStateAt, type RestoreTiming } from '../core/archive';
import { readArchiveRestore, requestArchiveRestore } from './objects';

export type ArchivedObject = {
  key: string;
  /** ISO 8601 time of the last restore request that the table recorded. */
  restoreRequestedAt?: string;
};

export type ArchiveRestorer = {
  /** Starts a restore; returns false when one is already under way. */
  requestRestore(key: string): Promise<boolean>;
  /** Reads the object's restore state. */
  readRestore(object: ArchivedObject): Promise<ArchiveRestore>;
  /**
   * Estimates the restore state at `nowMs` from the recorded request time
   * alone, so that a listing needs no request per file.
   */
  estimateRestore(object: ArchivedObject, nowMs: number): ArchiveRestore;
};

/**
 * Restores through S3: RestoreObject, and HeadObject for the state. The
 * listing's estimate assumes that S3 finishes a restore after
 * `timing.readyAfterMs` and keeps the copy for `timing.availableDays`.
 */
export function createS3ArchiveRestorer(
  s3: S3Client,
  bucketName: string,
  timing: RestoreTiming,
): ArchiveRestorer {
  const days = timing.availableDays;

  return {
    requestRestore: (key) =>
      requestArchiveRestore(s3, { bucketName, key, days }),
    async readRestore(object) {
      const header = await readArchiveRestore(s3, bucketName, object.key);
      const requestedAt = object.restoreRequestedAt;
      if (header.state === 'RESTORED') {
        return {
          state: 'RESTORED',
          requestedAt,
          availableUntil: header.availableUntil,
        };
      }

      return header.state === 'RESTORING'
        ? { state: 'RESTORING', requestedAt }
        : { state: 'ARCHIVED' };
    },
    estimateRestore: (object, nowMs) =>
      restoreStateAt(object.restoreRequestedAt, nowMs, timing),
  };
}
