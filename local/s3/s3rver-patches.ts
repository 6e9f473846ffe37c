/**
 * Patches s3rver 3.7 in the process that runs it, so that it stores and
 * serves what S3 and the gate do. Every process that starts s3rver calls
 * `patchS3rver` first.
 */

import S3Object from 's3rver/lib/models/object.js';

import { storageClasses } from '../gate/post-check';
import { makeObjectWritesAtomic } from './atomic-put';

/** Applies every patch; calling it again changes nothing. */
export function patchS3rver(): void {
  makeObjectWritesAtomic();
  allowStorageClasses(storageClasses);
}

/**
 * s3rver 3.7 predates S3 Glacier Instant Retrieval and S3 Express One
 * Zone, and rejects an object in either class as InvalidStorageClass on
 * every read. The gate takes both in a POST upload, so s3rver must read
 * them back.
 */
function allowStorageClasses(classes: readonly string[]): void {
  for (const storageClass of classes) {
    if (!S3Object.STORAGE_CLASSES.includes(storageClass)) {
      S3Object.STORAGE_CLASSES.push(storageClass);
    }
  }
}
