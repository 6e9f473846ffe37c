/**
 * Makes s3rver 3.7's object writes atomic, as S3's are. s3rver writes a
 * PutObject body straight over the object file and never settles when the
 * request is aborted, so an aborted upload leaves a truncated object. Here
 * the body goes to a temporary file beside the object, which replaces the
 * object only once the whole body has arrived, and is removed otherwise.
 * The S3 gate writes POST uploads into s3rver's folder the same way
 * (`local/gate/object-write.ts`), with the same temporary file names.
 */

import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import FilesystemStore, {
  type StoredObjectInput,
} from 's3rver/lib/stores/filesystem.js';

/** Suffix of the temporary files, which s3rver's listings skip. */
export const partialObjectSuffix = '.partial';

/** Replaces s3rver's `putObject`; calling it again changes nothing. */
export function makeObjectWritesAtomic(): void {
  FilesystemStore.prototype.putObject = putObjectAtomically;
}

async function putObjectAtomically(
  this: FilesystemStore,
  object: StoredObjectInput,
): Promise<{ size: number; md5: string }> {
  const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
  // Beside the object, so the rename stays on one file system. The name
  // does not end in `._S3rver_object`, so listings never show it.
  const partialPath = `${objectPath}.${randomUUID()}${partialObjectSuffix}`;
  await mkdir(path.dirname(objectPath), { recursive: true });

  const md5 = createHash('md5');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      md5.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  const content = Buffer.isBuffer(object.content)
    ? Readable.from([object.content])
    : object.content;
  // Created before the body flows, so the removal below cannot run ahead
  // of the file's creation.
  const file = await open(partialPath, 'wx');
  try {
    await pipeline(content, counter, file.createWriteStream());
    await rename(partialPath, objectPath);
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }

  const digest = md5.digest('hex');
  await this.putMetadata(object.bucket, object.key, object.metadata, digest);

  return { size, md5: digest };
}
