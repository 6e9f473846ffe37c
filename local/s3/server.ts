/**
 * s3rver on a server of our own, with the bucket and its CORS rules
 * configured. The local stack runs it on an internal port, behind the gate.
 */

import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';

import type { Logger } from '@aws-lambda-powertools/logger';
import S3rver from 's3rver';
import { DUMMY_ACCOUNT } from 's3rver/lib/models/account.js';

import { httpUrl, listen, type Listener } from '../http';
import { removeLeftoverPartials } from './atomic-put';
import { patchS3rver } from './s3rver-patches';

export type S3Options = {
  host: string;
  port: number;
  /** Directory for buckets and objects, kept across restarts. */
  directory: string;
  bucketName: string;
  /** Origins that the bucket's CORS rule allows. */
  corsOrigins: string[];
  accessKeyId: string;
  secretAccessKey: string;
  listener: Listener;
  logger: Logger;
};

export type S3Handle = {
  server: Server;
  s3rver: S3rver;
  port: number;
  endpoint: string;
};

/** Starts s3rver with the bucket and its CORS configuration. */
export async function startS3(options: S3Options): Promise<S3Handle> {
  // s3rver ships with one key pair, S3RVER/S3RVER, and verifies the
  // signature of every SDK request against the pairs registered with it.
  DUMMY_ACCOUNT.createKeyPair(options.accessKeyId, options.secretAccessKey);
  patchS3rver();

  await mkdir(options.directory, { recursive: true });
  const s3rver = new S3rver({
    directory: options.directory,
    silent: true,
    // Path-style only: a Host header is never read as a bucket name.
    vhostBuckets: false,
    configureBuckets: [
      { name: options.bucketName, configs: [corsXml(options.corsOrigins)] },
    ],
  });
  await s3rver.configureBuckets();
  const leftovers = await removeLeftoverPartials(
    options.directory,
    options.bucketName,
  );
  if (leftovers > 0) {
    options.logger.info('Removed temporary files of unfinished uploads', {
      bucket: options.bucketName,
      files: leftovers,
    });
  }
  s3rver.on('error', (error: Error & { status?: number; code?: string }) => {
    // Client errors such as NoSuchKey are expected responses, not faults,
    // and so is a PutObject that its client aborts.
    if (error.code === 'ECONNRESET') {
      options.logger.debug('s3rver request aborted by the client', { error });
    } else if ((error.status ?? 500) >= 500) {
      options.logger.error('s3rver failed a request', { error });
    }
  });

  const server = createServer(s3rver.callback());
  server.on('close', () => {
    s3rver.logger.exceptions.unhandle();
    s3rver.logger.close();
  });

  const port = await listen(
    server,
    options.host,
    options.port,
    options.listener,
  );

  return { server, s3rver, port, endpoint: httpUrl(options.host, port) };
}

/**
 * Returns the bucket's CORS rule: the app's origins may send every method
 * the app and the SDK use, with any header, and read the ETag and Location
 * of an upload.
 */
export function corsXml(origins: string[]): string {
  const methods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'];
  const lines = [
    '<CORSConfiguration>',
    '  <CORSRule>',
    ...origins.map((origin) => `    <AllowedOrigin>${origin}</AllowedOrigin>`),
    ...methods.map((method) => `    <AllowedMethod>${method}</AllowedMethod>`),
    '    <AllowedHeader>*</AllowedHeader>',
    '    <ExposeHeader>ETag</ExposeHeader>',
    '    <ExposeHeader>Location</ExposeHeader>',
    '    <MaxAgeSeconds>3000</MaxAgeSeconds>',
    '  </CORSRule>',
    '</CORSConfiguration>',
  ];

  return lines.join('\n');
}
