/**
 * Streams a file part to a temporary file while counting its bytes, so that
 * nothing reaches the object store before the size is known to fit.
 */

import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
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
      for await (const chunk of file as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) {
          if (isWithinLimit) {
            isWithinLimit = false;
            output.destroy();
            await this.remove();
          }
        } else if (!output.write(chunk)) {
          await once(output, 'drain');
        }
      }

      if (isWithinLimit) {
        output.end();
        await finished(output);
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
