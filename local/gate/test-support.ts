/**
 * Test helpers: s3rver and the gate on ephemeral loopback ports with their
 * own temporary folders, multipart bodies built byte by byte, and POST
 * policies signed without the gate's own code.
 */

import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { HeadObjectCommand, NotFound, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import S3rver from 's3rver';

import { partialObjectSuffix } from '../s3/atomic-put';
import { patchS3rver } from '../s3/s3rver-patches';

import type { S3EventPayload } from './event-records';
import { silentLogger } from './logger';
import type { GateOptions } from './options';
import { startGate, type Gate } from './start-gate';

export const testBucket = 'shoebox-test';
export const testRegion = 'us-east-1';
export const testAccessKeyId = 'S3RVER';
export const testSecretAccessKey = 'S3RVER';

export type TestStack = {
  gate: Gate;
  /** s3rver's own endpoint, for checking what was stored. */
  s3rverUrl: string;
  /** s3rver's folder, where an unfinished PutObject leaves its partial file. */
  s3rverDir: string;
  /** Every payload the gate delivered, in delivery order. */
  events: S3EventPayload[];
  /** Pins the gate's clock to `time` (ms), or back to the real clock. */
  setTime(time: number | undefined): void;
  /** SDK client that talks to s3rver directly. */
  s3rver: S3Client;
  /** SDK client that talks through the gate. */
  throughGate: S3Client;
  stop(): Promise<void>;
};

/** Starts s3rver and a gate in front of it, each on a free port. */
export async function startTestStack(
  options: Partial<GateOptions> & { buckets?: string[] } = {},
): Promise<TestStack> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'gate-test-'));
  const s3rverDir = path.join(root, 's3rver');
  const buckets = options.buckets ?? [options.bucket ?? testBucket];

  patchS3rver();
  const s3rver = new S3rver({
    directory: s3rverDir,
    silent: true,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  await s3rver.configureBuckets();
  const s3rverServer = createServer(s3rver.callback());
  const s3rverUrl = await listenOnLoopback(s3rverServer);

  const events: S3EventPayload[] = [];
  let pinnedTime: number | undefined;
  const gate = await startGate({
    upstreamEndpoint: s3rverUrl,
    storeDirectory: s3rverDir,
    bucket: testBucket,
    region: testRegion,
    credentials: { [testAccessKeyId]: testSecretAccessKey },
    clock: () => pinnedTime ?? Date.now(),
    logger: silentLogger,
    onEvent: async (payload) => {
      events.push(payload);
    },
    ...options,
  });

  const s3rverClient = sdkClient(s3rverUrl);
  const gateClient = sdkClient(gate.url);

  return {
    gate,
    s3rverUrl,
    s3rverDir,
    events,
    setTime: (time) => {
      pinnedTime = time;
    },
    s3rver: s3rverClient,
    throughGate: gateClient,
    async stop() {
      await gate.stop();
      s3rverClient.destroy();
      gateClient.destroy();
      await new Promise<void>((resolve) => {
        s3rverServer.close(() => resolve());
        s3rverServer.closeAllConnections();
      });
      s3rver.logger.exceptions.unhandle();
      s3rver.logger.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function listenOnLoopback(server: Server): Promise<string> {
  await new Promise<void>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve()),
  );

  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function sdkClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: testRegion,
    forcePathStyle: true,
    credentials: {
      accessKeyId: testAccessKeyId,
      secretAccessKey: testSecretAccessKey,
    },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Tells whether s3rver has stored `key` in `bucket`. */
export async function isStored(
  client: S3Client,
  key: string,
  bucket = testBucket,
): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));

    return true;
  } catch (error) {
    if (error instanceof NotFound) {
      return false;
    }
    throw error;
  }
}

/** Lists the partial files of unfinished PutObjects under s3rver's folder. */
export async function listPartialObjects(s3rverDir: string): Promise<string[]> {
  const files = await readdir(s3rverDir, { recursive: true });

  return files.filter((file) => file.endsWith(partialObjectSuffix));
}

/** One multipart part: a text field, or a file part with optional filename. */
export type FormPart =
  | { name: string; value: string }
  | {
      name: string;
      content: Buffer | string;
      /** Omitted for a part without a filename parameter. */
      filename?: string;
      contentType?: string;
    };

/** Builds a multipart/form-data body with parts in the given order. */
export function multipartBody(
  parts: FormPart[],
  boundary = `----ShoeboxTestBoundary${randomBytes(8).toString('hex')}`,
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let disposition = `form-data; name="${part.name}"`;
    let headers = '';
    let content: Buffer;
    if ('value' in part) {
      content = Buffer.from(part.value, 'utf8');
    } else {
      if (part.filename !== undefined) {
        disposition += `; filename="${part.filename}"`;
      }
      if (part.contentType !== undefined) {
        headers = `Content-Type: ${part.contentType}\r\n`;
      }
      content = Buffer.from(part.content);
    }
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\n${headers}\r\n`,
      ),
      content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));

  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** Turns form fields into text parts, then appends the file part last. */
export function formParts(
  fields: Record<string, string>,
  file: Buffer | string,
  filename = 'upload.bin',
): FormPart[] {
  return [
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    { name: 'file', content: file, filename },
  ];
}

export type PostResponse = {
  status: number;
  headers: Headers;
  body: string;
  /** `Code` of an XML error body. */
  code: string | undefined;
  /** `Message` of an XML error body. */
  message: string | undefined;
  /** Returns the text of an element of the XML body. */
  element(name: string): string | undefined;
};

/** POSTs `parts` to `url` and reads the response without following redirects. */
export async function postForm(
  url: string,
  parts: FormPart[],
  headers: Record<string, string> = {},
): Promise<PostResponse> {
  const { body, contentType } = multipartBody(parts);

  return postBody(url, body, { 'Content-Type': contentType, ...headers });
}

export async function postBody(
  url: string,
  body: Buffer | string,
  headers: Record<string, string>,
): Promise<PostResponse> {
  const response = await fetch(url, {
    method: 'POST',
    body: typeof body === 'string' ? body : new Uint8Array(body),
    headers,
    redirect: 'manual',
  });
  const text = await response.text();
  const element = (name: string) =>
    new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text)?.[1];

  return {
    status: response.status,
    headers: response.headers,
    body: text,
    code: element('Code'),
    message: element('Message'),
    element,
  };
}

/** Signs with the @aws-sdk/s3-presigned-post library, as the Lambda does. */
export async function presignedPost(
  endpoint: string,
  input: {
    key: string;
    conditions?: Parameters<typeof createPresignedPost>[1]['Conditions'];
    fields?: Record<string, string>;
    expiresSeconds?: number;
    bucket?: string;
  },
): Promise<{ url: string; fields: Record<string, string> }> {
  const client = sdkClient(endpoint);
  try {
    return await createPresignedPost(client, {
      Bucket: input.bucket ?? testBucket,
      Key: input.key,
      Conditions: input.conditions,
      Fields: input.fields,
      Expires: input.expiresSeconds,
    });
  } finally {
    client.destroy();
  }
}

/** Reads the expiration of a base64 policy, in ms since the epoch. */
export function policyExpiration(base64Policy: string): number {
  const policy = JSON.parse(
    Buffer.from(base64Policy, 'base64').toString('utf8'),
  ) as { expiration: string };

  return Date.parse(policy.expiration);
}

export type SigningInput = {
  accessKeyId?: string;
  secretAccessKey?: string;
  region?: string;
  /** `yyyymmddThhmmssZ`. */
  amzDate?: string;
};

/**
 * Builds the SigV4 fields for a policy given as an object (serialised with
 * JSON.stringify) or as exact JSON text, signing with a local HMAC chain.
 */
export function signedFields(
  policy: object | string,
  input: SigningInput = {},
): Record<string, string> {
  const accessKeyId = input.accessKeyId ?? testAccessKeyId;
  const secret = input.secretAccessKey ?? testSecretAccessKey;
  const region = input.region ?? testRegion;
  const amzDate = input.amzDate ?? '20300101T000000Z';
  const day = amzDate.slice(0, 8);
  const credential = `${accessKeyId}/${day}/${region}/s3/aws4_request`;
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy);
  const base64 = Buffer.from(text, 'utf8').toString('base64');

  return {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': credential,
    'X-Amz-Date': amzDate,
    Policy: base64,
    'X-Amz-Signature': hmacChain(secret, day, region, base64),
  };
}

function hmacChain(
  secret: string,
  day: string,
  region: string,
  text: string,
): string {
  const keys = [day, region, 's3', 'aws4_request'];
  const signingKey = keys.reduce<Buffer | string>(
    (key, data) => createHmac('sha256', key).update(data).digest(),
    `AWS4${secret}`,
  );

  return createHmac('sha256', signingKey).update(text).digest('hex');
}

/** An expiration far enough ahead for any test run. */
export const farExpiration = '2099-01-01T00:00:00Z';

/**
 * Signs a policy of `conditions` plus exact matches on the three SigV4
 * fields, as S3 requires; returns every field to send except key and file.
 */
export function signedForm(
  conditions: unknown[],
  input: SigningInput & { expiration?: string } = {},
): Record<string, string> {
  const unsigned = signedFields('{}', input);
  const policy = {
    expiration: input.expiration ?? farExpiration,
    conditions: [
      ...conditions,
      { 'x-amz-algorithm': unsigned['X-Amz-Algorithm'] },
      { 'x-amz-credential': unsigned['X-Amz-Credential'] },
      { 'x-amz-date': unsigned['X-Amz-Date'] },
    ],
  };

  return signedFields(policy, input);
}
