/**
 * The S3 server behind the gate (s3rver): HeadObject for the gate's own
 * reads, signed with SigV4, and a keep-alive agent for proxied requests.
 * Plain HTTP rather than the AWS SDK keeps the gate process small.
 */

import {
  Agent,
  request as httpRequest,
  type ClientRequest,
  type IncomingMessage,
} from 'node:http';
import { once } from 'node:events';

import { internalError } from './post-errors';
import {
  encodeObjectPath,
  signRequest,
  unsignedPayload,
  type SigningCredentials,
} from './request-signing';
import { S3Error } from './s3-error';

export type UpstreamOptions = {
  endpoint: string;
  region: string;
  credentials: SigningCredentials;
};

export type StoredObject = { size: number; eTag: string };

export class Upstream {
  readonly endpoint: URL;
  /** Keeps connections to the upstream open between requests. */
  readonly agent = new Agent({ keepAlive: true });

  constructor(private readonly options: UpstreamOptions) {
    this.endpoint = new URL(options.endpoint);
  }

  /** Returns the size and quoted ETag of an object, or undefined if absent. */
  async headObject(
    bucket: string,
    key: string,
  ): Promise<StoredObject | undefined> {
    try {
      const response = await this.send('HEAD', bucket, key, { headers: {} });
      response.resume();

      return {
        size: Number(response.headers['content-length'] ?? 0),
        eTag: String(response.headers.etag ?? '""'),
      };
    } catch (error) {
      if (error instanceof S3Error && error.status === 404) {
        return undefined;
      }
      throw error;
    }
  }

  destroy(): void {
    this.agent.destroy();
  }

  /** Sends a signed request; returns a 2xx response or throws an S3Error. */
  private async send(
    method: string,
    bucket: string,
    key: string,
    request: { headers: Record<string, string> },
  ): Promise<IncomingMessage> {
    const outgoing = this.createRequest(method, bucket, key, request.headers);
    let response: IncomingMessage;
    try {
      const responded = once(outgoing, 'response') as Promise<
        [IncomingMessage]
      >;
      outgoing.end();
      [response] = await responded;
    } catch (error) {
      outgoing.destroy();
      throw internalError(error);
    }

    const status = response.statusCode ?? 500;
    if (status >= 200 && status < 300) {
      return response;
    }

    throw await readS3Error(response, status);
  }

  /** Creates a request signed with SigV4 and an unsigned payload. */
  private createRequest(
    method: string,
    bucket: string,
    key: string,
    headers: Record<string, string>,
  ): ClientRequest {
    const path = encodeObjectPath(bucket, key);
    const signedHeaders = signRequest(
      {
        method,
        host: this.endpoint.host,
        path,
        headers,
        payloadHash: unsignedPayload,
      },
      this.options.credentials,
      this.options.region,
      // The real time, not the gate's clock setting: S3 servers reject a
      // request signed more than 15 minutes away from their own clock.
      new Date(),
    );

    return httpRequest({
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port,
      method,
      path,
      headers: signedHeaders,
      agent: this.agent,
    });
  }
}

/** Reads an S3 error body into an S3Error; HEAD errors have no body. */
async function readS3Error(
  response: IncomingMessage,
  status: number,
): Promise<S3Error> {
  const chunks: Buffer[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) {
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks).toString('utf8');
  const element = (name: string) =>
    new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1];

  return new S3Error(
    status,
    element('Code') ?? (status === 404 ? 'NotFound' : 'InternalError'),
    element('Message') ?? `The upstream S3 server returned HTTP ${status}.`,
  );
}

/** Turns a failure into the S3 error the client should see. */
export function toS3Error(error: unknown): S3Error {
  return error instanceof S3Error ? error : internalError(error);
}
