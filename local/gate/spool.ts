/**
 * Streams a file part to a temporary file while counting its bytes, so that
 * nothing reaches the object store before the size is known to fit.
 */

import { randomUUID } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import { Writable, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';

/** Buffer size for spool writes and reads; bounds the memory per upload. */
export const spoolChunkBytes = 1024 ** 2;

export type SpoolResult = {
  /**
   * Bytes in the file part, including any past `maxBytes`, which are
   * counted but not kept.
   */
  size: number;
};

/** One temporary file, named uniquely inside the gate's temporary folder. */
export class FileSpool {
  readonly path: string;
  private readonly maxBytes: number;

  constructor(tempDir: string, maxBytes: number) {
    this.path = path.join(tempDir, `post-${randomUUID()}.part`);
    this.maxBytes = maxBytes;
  }

  /**
   * Writes `file` to the temporary file. Past `maxBytes` the file is
   * removed and the rest is only counted, so the error can name the full
   * size. A write error also removes the file, but `file` is still read to
   * its end, so the form parser that feeds it never stalls; the error is
   * thrown then. Rejects when `file` itself fails (the client went away).
   */
  async fill(file: Readable): Promise<SpoolResult> {
    let sink: SpoolSink | undefined;
    try {
      // Opened before the first write, so `remove` never races the open.
      const handle = await open(this.path, 'wx');
      sink = new SpoolSink(
        handle.createWriteStream({ highWaterMark: spoolChunkBytes }),
        this.maxBytes,
      );
      await pipeline(file, sink);
    } catch (error) {
      sink?.discard();
      // Drains the part when the file could not even be opened.
      file.resume();
      await this.remove();
      throw error;
    }

    if (!sink.isKept || sink.failure) {
      await this.remove();
    }
    if (sink.failure) {
      throw sink.failure;
    }

    return { size: sink.size };
  }

  /** Deletes the temporary file; does nothing when it is already gone. */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/**
 * Counts every byte and writes those up to `maxBytes` to the file. Past the
 * limit, or after a write error, it closes the file and only counts.
 */
class SpoolSink extends Writable {
  size = 0;
  failure: Error | undefined;
  private isDiscarding = false;

  constructor(
    private readonly output: WriteStream,
    private readonly maxBytes: number,
  ) {
    super({ highWaterMark: spoolChunkBytes });
    output.on('error', (error) => {
      // Writes still buffered when the file is closed on purpose fail too.
      if (!this.isDiscarding) {
        this.failure ??= error;
        this.discard();
      }
    });
  }

  /** False once bytes were dropped: past the limit or after an error. */
  get isKept(): boolean {
    return !this.isDiscarding;
  }

  /** Closes the file and counts the rest without keeping it. */
  discard(): void {
    this.isDiscarding = true;
    this.output.destroy();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error) => void,
  ): void {
    this.size += chunk.length;
    if (!this.isDiscarding && this.size > this.maxBytes) {
      this.discard();
    }
    if (this.isDiscarding || this.output.write(chunk)) {
      callback();

      return;
    }

    // Waits for the file to drain, or to close after an error.
    const resume = () => {
      this.output.off('drain', resume);
      this.output.off('close', resume);
      callback();
    };
    this.output.on('drain', resume);
    this.output.on('close', resume);
  }

  override _final(callback: (error?: Error) => void): void {
    if (this.isDiscarding) {
      callback();

      return;
    }

    this.output.end();
    finished(this.output).then(
      () => callback(),
      (error: Error) => {
        this.failure ??= error;
        callback();
      },
    );
  }
}
