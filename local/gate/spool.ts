/**
 * Streams a file part to a temporary file while counting its bytes, so that
 * nothing reaches the object store before the size is known to fit.
 */

import { randomUUID } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

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
   * size. On failure the file is removed and `file` is drained, so the form
   * parser that feeds it does not stall.
   */
  async fill(file: Readable): Promise<SpoolResult> {
    let output: WriteStream | undefined;
    let size = 0;
    let isWithinLimit = true;

    try {
      // Opened before the first write, so `remove` never races the open.
      const handle = await open(this.path, 'wx');
      output = handle.createWriteStream({ highWaterMark: spoolChunkBytes });
      const writer = new SpoolWriter(output);
      for await (const chunk of file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size <= this.maxBytes) {
          await writer.write(chunk);
        } else if (isWithinLimit) {
          isWithinLimit = false;
          output.destroy();
          await this.remove();
        }
      }

      if (isWithinLimit) {
        await writer.end();
      }
    } catch (error) {
      output?.destroy();
      await this.remove();
      file.resume();
      throw error;
    }

    return { size };
  }

  /** Deletes the temporary file; does nothing when it is already gone. */
  async remove(): Promise<void> {
    await rm(this.path, { force: true });
  }
}

/**
 * Writes to a file stream with backpressure, and turns a write error into
 * a rejection of the current or next call. Errors after `destroy` (writes
 * that were still buffered) are recorded and dropped.
 */
class SpoolWriter {
  private error: Error | undefined;

  constructor(private readonly output: WriteStream) {
    output.on('error', (error) => {
      this.error ??= error;
    });
  }

  async write(chunk: Buffer): Promise<void> {
    this.throwIfFailed();
    if (this.output.write(chunk)) {
      return;
    }

    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        stopWaiting();
        resolve();
      };
      const onClose = () => {
        stopWaiting();
        reject(this.error ?? new Error('The spool file closed mid-write.'));
      };
      const stopWaiting = () => {
        this.output.off('drain', onDrain);
        this.output.off('close', onClose);
      };
      this.output.on('drain', onDrain);
      this.output.on('close', onClose);
    });
  }

  async end(): Promise<void> {
    this.throwIfFailed();
    this.output.end();
    await finished(this.output);
  }

  private throwIfFailed(): void {
    if (this.error) {
      throw this.error;
    }
    if (this.output.destroyed) {
      throw new Error('The spool file was closed before the write.');
    }
  }
}
