/**
 * A PutObject to the upstream whose body streams in while a POST upload's
 * file part arrives. The body is sent chunked, since its length is known
 * only at its end, and the request ends only on `commit`, once every check
 * has passed. `abort` destroys the request, and the upstream then stores
 * nothing: S3 discards an incomplete PutObject, and s3rver does so once
 * `makeObjectWritesAtomic` has patched it.
 */

import type { ClientRequest, IncomingMessage } from 'node:http';

import { internalError } from './post-errors';
import type { S3Error } from './s3-error';

export class StreamingPut {
  private readonly responded: Promise<IncomingMessage>;
  private response: IncomingMessage | undefined;
  private failure: unknown;
  private isAborted = false;

  constructor(
    private readonly request: ClientRequest,
    private readonly readError: (
      response: IncomingMessage,
      status: number,
    ) => Promise<S3Error>,
  ) {
    this.responded = new Promise((resolve, reject) => {
      request.once('response', (response: IncomingMessage) => {
        this.response = response;
        resolve(response);
      });
      request.once('error', (error) => {
        this.failure ??= error;
        reject(error);
      });
    });
    // Awaited in `commit`; this keeps an early failure from counting as
    // unhandled meanwhile.
    this.responded.catch(() => undefined);
  }

  /**
   * False once the request was aborted, failed, or received an early
   * response (an upstream error), so further bytes are not sent.
   */
  get isOpen(): boolean {
    return (
      !this.isAborted &&
      this.failure === undefined &&
      this.response === undefined
    );
  }

  /** Sends a chunk; resolves once the request can take more. */
  async write(chunk: Buffer): Promise<void> {
    if (!this.isOpen || this.request.write(chunk)) {
      return;
    }

    // An early response or an error ends the wait too, since the
    // upstream may stop reading the body then.
    await new Promise<void>((resolve) => {
      const done = () => {
        this.request.off('drain', done);
        this.request.off('close', done);
        this.request.off('response', done);
        resolve();
      };
      this.request.on('drain', done);
      this.request.on('close', done);
      this.request.on('response', done);
    });
  }

  /**
   * Ends the body and waits for the upstream's response. Returns the quoted
   * ETag, or throws the upstream's S3Error or an InternalError.
   */
  async commit(): Promise<string> {
    if (this.isAborted) {
      throw internalError(new Error('The upstream PutObject was aborted.'));
    }

    this.request.end();
    let response: IncomingMessage;
    try {
      response = await this.responded;
    } catch (error) {
      this.request.destroy();
      throw internalError(error);
    }

    const status = response.statusCode ?? 500;
    if (status < 200 || status >= 300) {
      throw await this.readError(response, status);
    }
    response.resume();

    return String(response.headers.etag ?? '""');
  }

  /** Destroys the request, so the upstream stores nothing. */
  abort(): void {
    this.isAborted = true;
    this.request.destroy();
  }
}
