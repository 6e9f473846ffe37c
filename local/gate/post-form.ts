/**
 * Receives a browser POST upload. The multipart form is parsed with busboy
 * as it streams, and the fields are checked when the file part starts. Only
 * then does the object write start, and the file streams to disk while it
 * is counted. The size and the file count are checked once the body has
 * ended, and the write is aborted unless both pass, so nothing is stored.
 * The caller commits it.
 */

import type { IncomingMessage } from 'node:http';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';

import busboy from 'busboy';
import type { Busboy, FileInfo } from 'busboy';

import { FormFields } from './form-fields';
import { checkFileSize } from './post-check';
import type { AcceptedPost, FilePart } from './post-check';
import {
  malformedPostRequest,
  maxPreDataBytes,
  preconditionFailed,
  preDataTooLarge,
  wrongFileCount,
} from './post-errors';
import { S3Error } from './s3-error';
import { FileSink, uploadChunkBytes } from './file-sink';
import type { ObjectWrite } from './object-write';

export type ReceivedUpload = {
  status: 'received';
  accepted: AcceptedPost;
  /** The object write with the whole file in it, which the caller commits. */
  object: ObjectWrite;
  size: number;
};

export type RejectedUpload = { status: 'rejected'; error: S3Error };

/** The client closed the connection before the body ended. */
export type AbortedUpload = { status: 'aborted'; cause: unknown };

export type UploadOutcome = ReceivedUpload | RejectedUpload | AbortedUpload;

export type ReceiveOptions = {
  /** Checks the fields sent before the file part, when its content starts. */
  checkForm: (fields: FormFields, file: FilePart) => AcceptedPost | S3Error;
  /** Starts the object write that the accepted file streams into. */
  startWrite: (accepted: AcceptedPost) => ObjectWrite;
};

/**
 * Reads a POST upload request to the end. Errors found before the file
 * content return at once and the rest of the body is discarded. A rejected
 * upload aborts its object write, so nothing is stored.
 */
export async function receiveUpload(
  request: IncomingMessage,
  options: ReceiveOptions,
): Promise<UploadOutcome> {
  const contentType = request.headers['content-type'] ?? '';
  const mediaType = contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== 'multipart/form-data') {
    request.resume();

    return reject(preconditionFailed());
  }

  let parser: Busboy;
  try {
    parser = busboy({
      headers: request.headers,
      // Values are decoded byte for byte, then as UTF-8 by the reader, so
      // a file sent as a plain text part keeps its exact bytes.
      defCharset: 'latin1',
      defParamCharset: 'utf8',
      preservePath: true,
      highWaterMark: uploadChunkBytes,
      fileHwm: uploadChunkBytes,
      limits: { fieldSize: 2 * maxPreDataBytes },
    });
  } catch (error) {
    request.resume();

    return reject(malformedPostRequest(error));
  }

  return new UploadReader(request, parser, options).read();
}

function reject(error: S3Error): RejectedUpload {
  return { status: 'rejected', error };
}

/** S3 finds the file part by its name, in any case. */
function isFilePart(name: string | undefined): boolean {
  return name?.toLowerCase() === 'file';
}

function decodeLatin1AsUtf8(value: string): string {
  return Buffer.from(value, 'latin1').toString('utf8');
}

type FileStart = { content: Readable; filename: string | undefined };

class UploadReader {
  private readonly fields: [string, string][] = [];
  /** Text parts that busboy reports as files, still being read. */
  private readonly pendingTextParts: Promise<void>[] = [];
  private fileStart: FileStart | undefined;
  private fileCount = 0;
  private accepted: AcceptedPost | undefined;
  private object: ObjectWrite | undefined;
  private sink: FileSink | undefined;
  private fileDone: Promise<void> | undefined;
  private parseError: unknown;
  /**
   * Body bytes passed to busboy before the file part started; once it has,
   * this can include the first bytes of the file content.
   */
  private preDataBytes = 0;

  /**
   * Not destroyed when left early: `discard` drains the rest of the body,
   * so the client can read the error on the same connection.
   */
  private readonly chunks: AsyncIterator<Buffer>;

  constructor(
    private readonly request: IncomingMessage,
    private readonly parser: Busboy,
    private readonly options: ReceiveOptions,
  ) {
    this.chunks = request.iterator({ destroyOnReturn: false });
    parser.on('field', (name, value) => this.onField(name, value));
    parser.on('file', (name, stream, info) => this.onFile(name, stream, info));
    parser.on('error', (error) => {
      this.parseError ??= error;
    });
  }

  async read(): Promise<UploadOutcome> {
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await this.chunks.next();
      } catch (cause) {
        await this.discard();

        return { status: 'aborted', cause };
      }
      if (next.done) {
        break;
      }

      const rejection = await this.feed(next.value).catch(async (error) => {
        await this.discard();
        throw error;
      });
      if (rejection) {
        await this.discard();

        return reject(rejection);
      }
    }

    return this.finish();
  }

  /**
   * Passes one chunk to busboy. Until the file part starts, the chunk goes
   * in slices that end no later than one byte past S3's limit on the data
   * before the file, so that limit is checked exactly. The fields are
   * checked before any file byte is written.
   */
  private async feed(chunk: Buffer): Promise<S3Error | undefined> {
    let offset = 0;
    while (this.accepted === undefined && offset < chunk.length) {
      const allowed = Math.max(1, maxPreDataBytes + 1 - this.preDataBytes);
      const slice = chunk.subarray(offset, offset + allowed);
      this.parser.write(slice);
      offset += slice.length;
      this.preDataBytes += slice.length;
      if (this.parseError !== undefined) {
        return malformedPostRequest(this.parseError);
      }

      if (this.fileStart) {
        const rejection = await this.startFile(this.fileStart);
        if (rejection) {
          return rejection;
        }
      } else if (this.preDataBytes > maxPreDataBytes) {
        return preDataTooLarge();
      }
    }

    if (offset < chunk.length) {
      try {
        if (!this.parser.write(chunk.subarray(offset))) {
          await once(this.parser, 'drain');
        }
      } catch (error) {
        this.parseError ??= error;
      }
    }
    if (this.parseError !== undefined) {
      return malformedPostRequest(this.parseError);
    }

    return undefined;
  }

  /** Checks the fields and starts the object write, or returns the error. */
  private async startFile(file: FileStart): Promise<S3Error | undefined> {
    await Promise.all(this.pendingTextParts);
    if (this.parseError !== undefined) {
      return malformedPostRequest(this.parseError);
    }

    const fields = new FormFields(this.fields);
    const decision = this.options.checkForm(fields, {
      filename: file.filename,
    });
    if (decision instanceof S3Error) {
      return decision;
    }

    this.accepted = decision;
    this.object = this.options.startWrite(decision);
    this.sink = new FileSink(this.object, decision.sizeRange.maxBytes);
    this.fileDone = pipeline(file.content, this.sink);
    // Awaited in `finish` or `discard`; this keeps an early failure from
    // counting as unhandled meanwhile.
    this.fileDone.catch(() => undefined);

    return undefined;
  }

  private async finish(): Promise<UploadOutcome> {
    this.parser.end();
    try {
      await finished(this.parser);
    } catch (error) {
      this.parseError ??= error;
    }
    if (this.parseError !== undefined) {
      await this.discard();

      return reject(malformedPostRequest(this.parseError));
    }

    if (this.fileStart && !this.accepted) {
      const rejection = await this.startFile(this.fileStart);
      if (rejection) {
        await this.discard();

        return reject(rejection);
      }
    }
    if (!this.accepted || !this.object || !this.sink || !this.fileDone) {
      return reject(wrongFileCount(0));
    }

    await this.fileDone.catch(async (error) => {
      await this.object?.abort();
      throw error;
    });
    const size = this.sink.size;
    const rejection =
      this.fileCount > 1
        ? wrongFileCount(this.fileCount)
        : checkFileSize(size, this.accepted.sizeRange);
    if (rejection) {
      await this.object.abort();

      return reject(rejection);
    }

    return {
      status: 'received',
      accepted: this.accepted,
      object: this.object,
      size,
    };
  }

  /** Aborts the object write, stops parsing and drains the request. */
  private async discard(): Promise<void> {
    const aborted = this.object?.abort();
    await this.chunks.return?.();
    this.request.resume();
    this.fileStart?.content.destroy();
    this.parser.destroy();
    await this.fileDone?.catch(() => undefined);
    await aborted;
  }

  private onField(name: string, value: string): void {
    if (this.fileStart) {
      if (isFilePart(name)) {
        this.fileCount += 1;
      }

      return;
    }

    if (isFilePart(name)) {
      // A file part without a filename: busboy reads it as text, but S3
      // stores it as the object.
      // NOTE: such a part counts towards the 20 KB before the file, so a
      // file sent this way must stay under it; S3 has no such limit.
      this.fileCount += 1;
      this.fileStart = {
        content: Readable.from([Buffer.from(value, 'latin1')]),
        filename: undefined,
      };

      return;
    }

    this.fields.push([name, decodeLatin1AsUtf8(value)]);
  }

  private onFile(name: string, stream: Readable, info: FileInfo): void {
    if (this.fileStart) {
      if (isFilePart(name)) {
        this.fileCount += 1;
      }
      stream.resume();

      return;
    }

    if (isFilePart(name)) {
      this.fileCount += 1;
      this.fileStart = { content: stream, filename: info.filename };

      return;
    }

    // A part with a filename under another name is a text field to S3.
    const index = this.fields.push([name, '']) - 1;
    this.pendingTextParts.push(this.readTextPart(index, name, stream));
  }

  /** Reads a text part into its place among the fields; never rejects. */
  private async readTextPart(
    index: number,
    name: string,
    stream: Readable,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk);
      }
    } catch (error) {
      this.parseError ??= error;
    }
    this.fields[index] = [name, Buffer.concat(chunks).toString('utf8')];
  }
}
