/**
 * Writes a POST upload's file straight into s3rver's folder, in the layout
 * that s3rver's own file store reads: the object, its MD5 and its metadata
 * beside it. The bytes go to a temporary file, which `commit` makes the
 * object once every check has passed, the way s3rver's patched PutObject
 * does (`local/s3/atomic-put.ts`), and which `abort` removes. s3rver then
 * serves the object as if it had stored it.
 */

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { finished } from 'node:stream/promises';

import FilesystemStore from 's3rver/lib/stores/filesystem.js';

import { commitObject, createPartialPath } from '../s3/atomic-put';
import type { FormFields } from './form-fields';
import { internalError, noSuchBucket } from './post-errors';
import { S3Error } from './s3-error';

/** Largest amount of file content buffered before waiting for the disk. */
export const diskWriteBytes = 1024 ** 2;

/** Form fields that S3 stores as object headers, besides `x-amz-meta-*`. */
const objectHeaderFields = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-type',
  'expires',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
];

/**
 * Returns the headers that S3 keeps with an object posted with `fields`,
 * as s3rver stores them. Names are lower-cased, as S3 stores them, and
 * Content-Type defaults to `binary/octet-stream`, as s3rver's PutObject
 * sets it. s3rver sends stored values back as headers, which take printable
 * ASCII only, so other values are stored RFC 2047-encoded (base64), the
 * way S3 also returns them.
 * NOTE: `tagging`, `acl` and the server-side encryption fields are checked
 * by the policy but not stored, because s3rver 3.7 keeps none of them.
 */
export function objectMetadata(fields: FormFields): Record<string, string> {
  const metadata: Record<string, string> = {
    'content-type': 'binary/octet-stream',
  };
  for (const [name, value] of fields.entries()) {
    const lowerName = name.toLowerCase();
    if (
      lowerName.startsWith('x-amz-meta-') ||
      objectHeaderFields.includes(lowerName)
    ) {
      metadata[lowerName] = encodeHeaderValue(value);
    }
  }

  return metadata;
}

function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) {
    return value;
  }

  return `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;
}

/** s3rver's file store, rooted at the folder s3rver was started with. */
export class ObjectStore {
  private readonly store: FilesystemStore;

  constructor(readonly directory: string) {
    this.store = new FilesystemStore(directory);
  }

  /**
   * Starts writing an object. `metadata` contains the headers that S3
   * keeps with it (`content-type`, `x-amz-meta-*` and the like), lower-cased.
   */
  startWrite(
    bucket: string,
    key: string,
    metadata: Record<string, string>,
  ): ObjectWrite {
    return new ObjectWrite(this.store, { bucket, key, metadata });
  }
}

type WriteTarget = {
  bucket: string;
  key: string;
  metadata: Record<string, string>;
};

type OpenFile = { partialPath: string; stream: WriteStream };

export class ObjectWrite {
  private readonly opened: Promise<OpenFile>;
  /** The file once open, so a write need not await `opened` again. */
  private file: OpenFile | undefined;
  private readonly md5 = createHash('md5');
  private failure: unknown;
  private aborted: Promise<void> | undefined;

  constructor(
    private readonly store: FilesystemStore,
    private readonly target: WriteTarget,
  ) {
    this.opened = this.open();
    // Every other method awaits it. This keeps an early failure from
    // counting as unhandled meanwhile.
    this.opened.catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /**
   * False once the write was aborted or failed. Further bytes are then
   * dropped, so the form parser that feeds it never stalls.
   */
  private get isOpen(): boolean {
    return this.aborted === undefined && this.failure === undefined;
  }

  /** Writes a chunk, and resolves once the file can take more. */
  async write(chunk: Buffer): Promise<void> {
    const file = this.file ?? (await this.opened.catch(() => undefined));
    if (!file || !this.isOpen) {
      return;
    }

    this.md5.update(chunk);
    if (!file.stream.write(chunk)) {
      await drainedOrClosed(file.stream);
    }
  }

  /**
   * Makes the written bytes the object and stores its MD5 and metadata.
   * Returns the quoted ETag, or throws an S3Error. The temporary files are
   * gone either way.
   */
  async commit(): Promise<string> {
    if (this.aborted) {
      throw internalError(new Error('The object write was aborted.'));
    }

    let file: OpenFile;
    try {
      file = await this.opened;
      if (this.failure !== undefined) {
        throw this.failure;
      }
      file.stream.end();
      await finished(file.stream);
    } catch (error) {
      await this.removePartial();
      throw error instanceof S3Error ? error : internalError(error);
    }

    const digest = this.md5.digest('hex');
    try {
      await commitObject(this.store, {
        ...this.target,
        partialPath: file.partialPath,
        md5: digest,
      });
    } catch (error) {
      throw internalError(error);
    }

    return JSON.stringify(digest);
  }

  /** Drops the written bytes, and resolves once the temporary file is gone. */
  abort(): Promise<void> {
    this.aborted ??= this.removePartial();

    return this.aborted;
  }

  private async open(): Promise<OpenFile> {
    let partialPath: string;
    try {
      partialPath = await createPartialPath(
        this.store.rootDirectory,
        this.target.bucket,
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        throw noSuchBucket(this.target.bucket);
      }
      throw error;
    }

    const handle = await open(partialPath, 'wx');
    const stream = handle.createWriteStream({ highWaterMark: diskWriteBytes });
    // Without a listener, a write error such as a full disk would end the
    // process. `commit` reports it.
    stream.on('error', (error) => {
      this.failure ??= error;
    });

    this.file = { partialPath, stream };

    return this.file;
  }

  private async removePartial(): Promise<void> {
    const file = await this.opened.catch(() => undefined);
    if (!file) {
      return;
    }
    if (!file.stream.closed) {
      file.stream.destroy();
      await once(file.stream, 'close').catch(() => undefined);
    }
    await rm(file.partialPath, { force: true });
  }
}

/** Resolves once `stream` drains, fails or closes, whichever comes first. */
function drainedOrClosed(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('error', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('error', done);
    stream.on('close', done);
  });
}
