/**
 * The servers of the local stack, one starter each. Every starter registers
 * how to undo itself in `Cleanups`, so that a failed start or a stop
 * releases what was started, in reverse order.
 */

import { createServer, type Server } from 'node:http';
import path from 'node:path';

import type { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { createTableInput } from '../amplify/services/table';
import { createAuthorizer } from './api/authorizer';
import { createApiListener, type ProxyHandler } from './api/server';
import { createCognitoLocal } from './cognito/cognito-local';
import { createCognitoFront } from './cognito/front';
import { seedUserPool, type SeededPool } from './cognito/seed';
import { portVariables, type LocalConfig } from './config';
import { ensureTable, startDynamo } from './dynamo';
import { close, httpUrl, listen } from './http';
import { createEventDelivery, type EventsHandler } from './s3/event-delivery';
import { Sequencer, unquote } from './s3/event-records';
import { startS3, type S3Gate, type S3Handle } from './s3/server';

/** Steps that undo a start, run last first. */
export class Cleanups {
  private readonly steps: (() => Promise<void> | void)[] = [];

  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }

  closeServer(server: Server): void {
    this.add(() => close(server));
  }

  /** Runs every step once, so later calls find nothing left to run. */
  async runAll(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      await step();
    }
  }
}

export type ServiceContext = {
  config: LocalConfig;
  /** Absolute data directory, with a folder for each server. */
  dataDir: string;
  /** Origins the API and the bucket allow. */
  appOrigins: string[];
  logger: Logger;
  cleanups: Cleanups;
};

/**
 * Only the local servers check these, and they accept any value, but the
 * SDK needs some to sign requests. S3 has its own pair in the settings.
 */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Matches the notification filter on the bucket in the backend. */
const notificationPrefix = 'users/';

/** Starts dynalite and creates the table when missing. */
export async function startDatabase({
  config,
  dataDir,
  cleanups,
}: ServiceContext) {
  const server = await startDynamo({
    host: config.host,
    port: config.dynamoDbPort,
    directory: path.join(dataDir, 'dynamodb'),
    listener: { service: 'DynamoDB', variable: portVariables.dynamoDbPort },
  });
  cleanups.closeServer(server.server);

  const client = new DynamoDBClient({
    endpoint: server.endpoint,
    region: config.region,
    credentials: localCredentials,
  });
  cleanups.add(() => client.destroy());
  await ensureTable(client, createTableInput(config.tableName));

  return {
    endpoint: server.endpoint,
    port: server.port,
    dynamo: DynamoDBDocumentClient.from(client),
  };
}

/** Starts s3rver, with `gate` in front of it, and the bucket. */
export async function startStorage(
  { config, dataDir, appOrigins, logger, cleanups }: ServiceContext,
  gate: S3Gate | undefined,
) {
  const s3 = await startS3({
    host: config.host,
    port: config.s3Port,
    directory: path.join(dataDir, 's3'),
    bucketName: config.bucketName,
    corsOrigins: appOrigins,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
    gate,
    listener: { service: 'S3', variable: portVariables.s3Port },
    logger,
  });
  cleanups.closeServer(s3.server);

  const client = new S3Client({
    endpoint: s3.endpoint,
    region: config.region,
    forcePathStyle: true,
    credentials: {
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
    },
    // s3rver 3.7 predates the checksums that the SDK adds by default.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  cleanups.add(() => client.destroy());

  return { s3, client };
}

/**
 * Starts the Cognito endpoint and seeds its pool. The port is bound before
 * cognito-local is built, because its tokens name the endpoint as issuer.
 */
export async function startCognito({
  config,
  dataDir,
  logger,
  cleanups,
}: ServiceContext): Promise<{
  endpoint: string;
  port: number;
  client: CognitoIdentityProviderClient;
  pool: SeededPool;
}> {
  const server = createServer();
  const port = await listen(server, config.host, config.cognitoPort, {
    service: 'Cognito',
    variable: portVariables.cognitoPort,
  });
  cleanups.closeServer(server);
  const endpoint = httpUrl(config.host, port);

  const cognitoLocal = await createCognitoLocal({
    directory: path.join(dataDir, 'cognito'),
    issuerDomain: endpoint,
    logLevel: logger.getLevelName() === 'DEBUG' ? 'debug' : 'silent',
  });
  server.on('request', createCognitoFront(cognitoLocal, endpoint));

  const client = new CognitoIdentityProviderClient({
    endpoint,
    region: config.region,
    credentials: localCredentials,
  });
  cleanups.add(() => client.destroy());
  const pool = await seedUserPool(client, config);

  return { endpoint, port, client, pool };
}

/**
 * Delivers s3rver's events for the bucket's member objects to `handler`,
 * as the bucket's notification does in AWS.
 *
 * NOTE: s3rver 3.7 emits no event for DeleteObjects (the multi-object
 * delete), where S3 sends one ObjectRemoved:Delete per key, so such
 * removals never reach the handler.
 */
export function deliverEvents(
  { config, logger, cleanups }: ServiceContext,
  s3: S3Handle,
  handler: EventsHandler,
): void {
  const delivery = createEventDelivery({
    context: {
      region: config.region,
      configurationId: 'shoebox-local-events',
      sequencer: new Sequencer(),
      readETag: async (bucket, key) =>
        unquote((await s3.s3rver.store.getMetadata(bucket, key)).etag ?? ''),
    },
    handler,
    logger,
  });
  s3.s3rver.on('event', (event) => {
    const { bucket, object } = event.Records[0].s3;
    if (
      bucket.name === config.bucketName &&
      object.key.startsWith(notificationPrefix)
    ) {
      delivery.publish(event);
    }
  });

  // S3 closes first, so no event can start after the drain, and the
  // handlers still have DynamoDB, which stops last.
  cleanups.add(async () => {
    await close(s3.server);
    await delivery.drain();
  });
}

/** Starts the session API, which accepts the pool's ID tokens. */
export async function startApi(
  { config, appOrigins, logger, cleanups }: ServiceContext,
  props: { issuer: string; clientId: string; handler: ProxyHandler },
): Promise<{ endpoint: string; port: number }> {
  const server = createServer(
    createApiListener({
      authorizer: createAuthorizer({
        issuer: props.issuer,
        clientId: props.clientId,
      }),
      handler: props.handler,
      corsOrigins: appOrigins,
      logger,
    }),
  );
  const port = await listen(server, config.host, config.apiPort, {
    service: 'the session API',
    variable: portVariables.apiPort,
  });
  cleanups.closeServer(server);

  // API Gateway's invoke URL ends in a slash after the stage name.
  return { endpoint: `${httpUrl(config.host, port)}/`, port };
}
