/**
 * Makes object writes into s3rver 3.7's folder atomic, as S3's are. s3rver
 * writes a PutObject body straight over the object file and never settles
 * when the request is aborted, which leaves a truncated object. It also
 * writes the MD5 and metadata files in place, so two writes at once can
 * leave metadata that is not valid JSON. Here every file of an object is
 * written to a temporary file in the bucket's `._S3rver_partial` folder and
 * renamed into place once the whole body has arrived, one key at a time.
 * The S3 gate writes POST uploads the same way (`local/gate/object-write.ts`).
 */

import { createHash, randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import S3Object from 's3rver/lib/models/object.js';
import FilesystemStore, {
  type StoredObjectInput,
} from 's3rver/lib/stores/filesystem.js';

import { KeyedLock } from '../keyed-lock';

/**
 * Folder in each bucket's folder for the temporary files. s3rver lists
 * only files ending in `._S3rver_object`, so it never shows them.
 */
export const partialFolderName = '._S3rver_partial';

/** Suffix of every temporary file. */
export const partialObjectSuffix = '.partial';

/** How often a rename is tried when the object's folder vanishes. */
const maxRenameAttempts = 3;

/** Commits of one key, in this process, one at a time. */
const commits = new KeyedLock();

/** Replaces s3rver's `putObject`; calling it again changes nothing. */
export function makeObjectWritesAtomic(): void {
  FilesystemStore.prototype.putObject = putObjectAtomically;
}

/**
 * Returns the path of a new temporary file for an object of `bucket`, and
 * creates its folder. Rejects with ENOENT when the bucket's folder does not
 * exist, and never creates it.
 */
export async function createPartialPath(
  rootDirectory: string,
  bucket: string,
): Promise<string> {
  const folder = path.join(rootDirectory, bucket, partialFolderName);
  try {
    await mkdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw error;
    }
  }

  return path.join(folder, `${randomUUID()}${partialObjectSuffix}`);
}

export type ObjectFiles = {
  bucket: string;
  key: string;
  /** The temporary file with the whole body, from `createPartialPath`. */
  partialPath: string;
  /** Headers to keep with the object, lower-cased, as s3rver takes them. */
  metadata: Record<string, string>;
  /** MD5 of the body in hex. */
  md5: string;
};

/**
 * Makes `object.partialPath` the object and stores its MD5 and metadata.
 * These go to temporary files first, so a failure before the renames
 * leaves the stored object as it was. Commits of one key run one at a
 * time. On failure every temporary file is removed.
 * NOTE: readers are not locked out, so a GET during an overwrite may see
 * the new MD5 and metadata with the old bytes for a moment.
 */
export async function commitObject(
  store: FilesystemStore,
  object: ObjectFiles,
): Promise<void> {
  const { bucket, key, partialPath } = object;
  const base = partialPath.slice(0, -partialObjectSuffix.length);
  const md5Path = `${base}.md5${partialObjectSuffix}`;
  const metadataPath = `${base}.metadata${partialObjectSuffix}`;

  try {
    await writeFile(md5Path, object.md5);
    await writeFile(
      metadataPath,
      JSON.stringify(storedMetadata(object.metadata), null, 2),
    );
    // The object goes last, so a failure such as a name too long for the
    // metadata file stores no object, and s3rver never finds a new object
    // without its MD5 file (it would then write one of its own).
    await commits.run(`${bucket}/${key}`, async () => {
      await renameIntoFolder(
        metadataPath,
        store.getResourcePath(bucket, key, 'metadata.json'),
      );
      await renameIntoFolder(
        md5Path,
        store.getResourcePath(bucket, key, 'object.md5'),
      );
      await renameIntoFolder(
        partialPath,
        store.getResourcePath(bucket, key, 'object'),
      );
    });
  } catch (error) {
    await Promise.all(
      [partialPath, md5Path, metadataPath].map((file) =>
        rm(file, { force: true }),
      ),
    );
    throw error;
  }
}

/**
 * Removes the temporary files that a process stopped mid-write left in
 * `bucket`'s folder. Returns how many it removed.
 */
export async function removeLeftoverPartials(
  rootDirectory: string,
  bucket: string,
): Promise<number> {
  const folder = path.join(rootDirectory, bucket, partialFolderName);
  let entries: Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return 0;
    }
    throw error;
  }

  // Only files: a PutObject key can name a folder in here too.
  const leftovers = entries.filter(
    (entry) => entry.isFile() && entry.name.endsWith(partialObjectSuffix),
  );
  await Promise.all(
    leftovers.map((entry) =>
      rm(path.join(folder, entry.name), { force: true }),
    ),
  );

  return leftovers.length;
}

/** Keeps the headers that s3rver's own `putMetadata` keeps. */
function storedMetadata(
  metadata: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(metadata).filter(
      ([name]) =>
        S3Object.ALLOWED_METADATA.includes(name) ||
        name.startsWith('x-amz-meta-'),
    ),
  );
}

/**
 * Renames `from` to `to`, and creates `to`'s folder when it is missing.
 * s3rver's DeleteObject removes a folder once it is empty, which can
 * happen between the two steps or during the creation, so both are tried
 * again then.
 */
async function renameIntoFolder(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(from, to);

      return;
    } catch (error) {
      if (!isMissing(error) || attempt === maxRenameAttempts) {
        throw error;
      }
    }

    try {
      await mkdir(path.dirname(to), { recursive: true });
    } catch (error) {
      if (!isMissing(error)) {
        throw error;
      }
    }
  }
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}

async function putObjectAtomically(
  this: FilesystemStore,
  object: StoredObjectInput,
): Promise<{ size: number; md5: string }> {
  const partialPath = await createPartialPath(
    this.rootDirectory,
    object.bucket,
  );

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
  } catch (error) {
    await rm(partialPath, { force: true });
    throw error;
  }

  const digest = md5.digest('hex');
  await commitObject(this, {
    bucket: object.bucket,
    key: object.key,
    partialPath,
    metadata: object.metadata,
    md5: digest,
  });

  return { size, md5: digest };
}
