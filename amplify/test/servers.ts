/**
 * Real local servers for integration tests: dynalite (DynamoDB, in memory)
 * and s3rver (S3, in a temporary directory), each on an ephemeral loopback
 * port so that tests never collide with a running local stack.
 */

import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';

import { readSettings, type Settings } from '../core/settings';
import type { HandlerDependencies } from '../services/dependencies';
import { createTableInput } from '../services/table';

/** s3rver accepts these; dynalite accepts any credentials. */
export const testCredentials = {
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
};
export const testRegion = 'us-east-1';

const loopback = '127.0.0.1';

// Neither package ships type declarations, so each is loaded through
// require and given the part of its API the tests use.
const require = createRequire(import.meta.url);
type DynaliteOptions = { createTableMs?: number; deleteTableMs?: number };
const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;
type S3rverOptions = {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string; configs?: string[] }[];
};
const S3rver = require('s3rver') as new (options: S3rverOptions) => {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
};

export type RunningServer = { endpoint: string; close: () => Promise<void> };

/** Starts dynalite in memory, with tables ready as soon as they are created. */
export async function startDynalite(): Promise<RunningServer> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, loopback, () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`dynalite is listening on ${address}, not on a port.`);
  }
  const { port } = address;

  return {
    endpoint: `http://${loopback}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * Starts s3rver with `bucketNames` created, storing objects in a temporary
 * directory that close() removes.
 */
export async function startS3rver(
  bucketNames: readonly string[],
): Promise<RunningServer & { directory: string }> {
  const directory = await mkdtemp(join(tmpdir(), 'shoebox-s3rver-'));
  const server = new S3rver({
    address: loopback,
    port: 0,
    directory,
    silent: true,
    configureBuckets: bucketNames.map((name) => ({ name })),
  });
  const { port } = await server.run();

  return {
    endpoint: `http://${loopback}:${port}`,
    directory,
    close: async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export type TestStack = {
  settings: Settings;
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  /** Dependencies for either handler, with a silent logger. */
  dependencies: HandlerDependencies;
  close: () => Promise<void>;
};

/**
 * Starts dynalite and s3rver, creates the table and the bucket, and returns
 * SDK clients and settings that point at them. `overrides` are
 * `SHOEBOX_*` environment variables, as a deployed function would read.
 */
export async function startTestStack(
  overrides: Record<string, string> = {},
): Promise<TestStack> {
  const settings = readSettings({
    SHOEBOX_TABLE_NAME: 'shoebox-test',
    SHOEBOX_BUCKET_NAME: 'shoebox-test-files',
    ...overrides,
  });
  const [dynamoServer, s3Server] = await Promise.all([
    startDynalite(),
    startS3rver([settings.bucketName]),
  ]);

  const dynamoClient = new DynamoDBClient({
    endpoint: dynamoServer.endpoint,
    region: testRegion,
    credentials: testCredentials,
  });
  await dynamoClient.send(
    new CreateTableCommand(createTableInput(settings.tableName)),
  );
  const dynamo = DynamoDBDocumentClient.from(dynamoClient);
  const s3 = new S3Client({
    endpoint: s3Server.endpoint,
    region: testRegion,
    credentials: testCredentials,
    forcePathStyle: true,
  });

  return {
    settings,
    dynamo,
    s3,
    dependencies: {
      settings,
      dynamo,
      s3,
      logger: new Logger({ serviceName: 'shoebox-test', logLevel: 'SILENT' }),
    },
    close: async () => {
      dynamoClient.destroy();
      s3.destroy();
      await Promise.all([dynamoServer.close(), s3Server.close()]);
    },
  };
}
