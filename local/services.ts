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
