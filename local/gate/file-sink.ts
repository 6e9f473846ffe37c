/**
 * Streams a POST upload's file part into its object write while counting
 * its bytes, so that nothing is stored unless the size fits.
 */

import { Writable } from 'node:stream';

import type { ObjectWrite } from './object-write';

/** Buffer size of the form parser and the file stream; bounds the memory. */
export const uploadChunkBytes = 1024 ** 2;

/**
 * Counts every byte and passes it on to `object`. Past `maxBytes` it aborts
 * `object` and only counts the rest, so the EntityTooLarge error can name
 * the full size. Once `object` has failed, it also only counts, so the form
 * parser that feeds it never stalls.
 */
export class FileSink extends Writable {
  size = 0;

  constructor(
    private readonly object: ObjectWrite,
    private readonly maxBytes: number,
  ) {
    super({ highWaterMark: uploadChunkBytes });
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error) => void,
  ): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      // S3 rejects the upload as soon as the count passes the maximum, so
      // nothing more is written. The response still waits for the end of
      // the body, so it can name the full size.
      void this.object.abort();
      callback();

      return;
    }

    this.object.write(chunk).then(() => callback());
  }
}
