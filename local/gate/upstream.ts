/**
 * The S3 server behind the gate (s3rver): an SDK client for the gate's own
 * writes and reads, and a keep-alive agent for proxied requests.
 */

import { createReadStream } from 'node:fs';
import { Agent } from 'node:http';

import {
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  type PutObjectCommandInput,
  type StorageClass,
} from '@aws-sdk/client-s3';

import type { FormFields } from './form-fields';
import { internalError } from './post-errors';
import { S3Error } from './s3-error';
import { spoolChunkBytes } from './spool';

export type UpstreamOptions = {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
};

export type StoredObject = { size: number; eTag: string };

export class Upstream {
  readonly endpoint: URL;
  /** Keeps connections to the upstream open between proxied requests. */
  readonly agent = new Agent({ keepAlive: true });
  private readonly client: S3Client;

  constructor(options: UpstreamOptions) {
    this.endpoint = new URL(options.endpoint);
    this.client = new S3Client({
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
      forcePathStyle: true,
      // s3rver 3.7 stores an aws-chunked body as it arrives, trailer and
      // all, so the SDK must not add checksums that switch the encoding on.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // A streamed body cannot be sent twice.
      maxAttempts: 1,
    });
  }

  /**
   * Stores a spooled file with PutObject, with the object headers that the
   * form carried. Returns the quoted ETag.
   */
  async putObjectFromFile(
    bucket: string,
    key: string,
    file: { path: string; size: number },
    fields: FormFields,
  ): Promise<string> {
    const body = createReadStream(file.path, {
      highWaterMark: spoolChunkBytes,
    });
    const input: PutObjectCommandInput = {
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentLength: file.size,
      ...objectHeaders(fields),
    };

    try {
      const output = await this.client.send(new PutObjectCommand(input));

      return output.ETag ?? '""';
    } catch (error) {
      throw toS3Error(error);
    } finally {
      body.destroy();
    }
  }

  /** Returns the size and quoted ETag of an object, or undefined if absent. */
  async headObject(
    bucket: string,
    key: string,
  ): Promise<StoredObject | undefined> {
    try {
      const output = await this.client.send(
        new HeadObjectCommand({ Bucket: bucket, Key: key }),
      );

      return { size: output.ContentLength ?? 0, eTag: output.ETag ?? '""' };
    } catch (error) {
      if (error instanceof NotFound) {
        return undefined;
      }
      throw toS3Error(error);
    }
  }

  destroy(): void {
    this.client.destroy();
    this.agent.destroy();
  }
}

/**
 * Maps the form fields that set object headers to PutObject parameters.
 * NOTE: `tagging`, `acl` and the server-side encryption fields are checked
 * by the policy but not stored, because s3rver 3.7 keeps none of them.
 */
function objectHeaders(fields: FormFields): Partial<PutObjectCommandInput> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of fields.entries()) {
    const lowerName = name.toLowerCase();
    if (lowerName.startsWith('x-amz-meta-')) {
      // S3 stores metadata names in lower case.
      metadata[lowerName.slice('x-amz-meta-'.length)] = value;
    }
  }

  const expires = fields.get('expires');
  const expiresTime = expires === undefined ? NaN : Date.parse(expires);

  return {
    ContentType: fields.get('content-type'),
    CacheControl: fields.get('cache-control'),
    ContentDisposition: fields.get('content-disposition'),
    ContentEncoding: fields.get('content-encoding'),
    Expires: Number.isNaN(expiresTime) ? undefined : new Date(expiresTime),
    StorageClass: fields.get('x-amz-storage-class') as StorageClass | undefined,
    WebsiteRedirectLocation: fields.get('x-amz-website-redirect-location'),
    Metadata: metadata,
  };
}

/** Turns an upstream failure into the S3 error the client should see. */
export function toS3Error(error: unknown): S3Error {
  if (error instanceof S3Error) {
    return error;
  }
  if (error instanceof S3ServiceException) {
    return new S3Error(
      error.$metadata.httpStatusCode ?? 500,
      error.name,
      error.message,
      [],
      { cause: error },
    );
  }

  return internalError(error);
}
