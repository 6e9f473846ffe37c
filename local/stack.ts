/**
 * Starts the local stand-ins for Cognito, DynamoDB, S3 and the session API
 * on loopback, seeds them, and writes `amplify_outputs.json`.
 */

import { createServer, type Server } from 'node:http';
import path from 'node:path';

import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { readSettings } from '../amplify/core/settings';
import { createEventsHandler } from '../amplify/functions/events/handler';
import { createSessionHandler } from '../amplify/functions/session/handler';
import type { HandlerDependencies } from '../amplify/services/dependencies';
import { putMember } from '../amplify/services/members';
import { createTableInput } from '../amplify/services/table';
import { createAuthorizer } from './api/authorizer';
import { createApiListener, type ProxyHandler } from './api/server';
import { createCognitoLocal } from './cognito/cognito-local';
import { createCognitoFront } from './cognito/front';
import { seedUserPool, type SeededUser } from './cognito/seed';
import {
  isLoopbackHost,
  portVariables,
  readLocalConfig,
  resolveFromProject,
  type LocalConfig,
} from './config';
import { ensureTable, startDynamo } from './dynamo';
import { close, httpUrl, listen } from './http';
import { buildOutputs, writeOutputs, type Outputs } from './outputs';
import { createEventDelivery, type EventsHandler } from './s3/event-delivery';
import { Sequencer, unquote } from './s3/event-records';
import { startS3, type S3Gate } from './s3/server';

/** Log levels of the stack's own JSON log lines and of the handlers. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export type StackOptions = {
  /** Settings that override the environment's and the defaults. */
  config?: Partial<LocalConfig>;
  /** Read for settings not given in `config`; `process.env` by default. */
  environment?: Record<string, string | undefined>;
  /** `INFO` by default; tests pass `SILENT`. */
  logLevel?: LogLevel;
  /** Origins the API and the bucket allow; the app's by default. */
  appOrigins?: string[];
  /** Runs in front of s3rver for every S3 request. */
  s3Gate?: S3Gate;
  /** Replaces the events handler, e.g. to delay or repeat deliveries. */
  eventsHandler?: EventsHandler;
  /** Replaces the session handler. */
  sessionHandler?: ProxyHandler;
};

export type StackHandle = {
  /** The settings in effect, with the ports actually bound. */
  config: LocalConfig;
  endpoints: {
    /** Base URL of the session API, ending in `/`. */
    api: string;
    cognito: string;
    s3: string;
    dynamoDb: string;
  };
  userPoolId: string;
  userPoolClientId: string;
  /** The demo users with their Cognito `sub`. */
  users: SeededUser[];
  outputs: Outputs;
  /** Absolute path of the written `amplify_outputs.json`. */
  outputsPath: string;
  /** SDK clients pointed at the local servers. */
  clients: {
    cognito: CognitoIdentityProviderClient;
    dynamo: DynamoDBDocumentClient;
    s3: S3Client;
  };
  /** Stops every server after delivering the events in progress. */
  stop(): Promise<void>;
};

/**
 * Only the local servers check these, and they accept any value, but the
 * SDK needs some to sign requests. S3 has its own pair in the settings.
 */
const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Matches the notification filter on the bucket in the backend. */
const notificationPrefix = 'users/';

/**
 * Starts the stack. Each server binds to the configured loopback host and
 * port (0 picks a free one) and keeps its data under the data directory.
 * Throws PortInUseError, naming the service and the variable to change,
 * when a port is taken, after stopping the servers started by then.
 */
export async function startStack(
  options: StackOptions = {},
): Promise<StackHandle> {
  const environment = options.environment ?? process.env;
  const config: LocalConfig = {
    ...readLocalConfig(environment),
    ...options.config,
  };
  if (!isLoopbackHost(config.host)) {
    throw new Error(
      `host is "${config.host}", but the local stack binds only to loopback.`,
    );
  }

  const logLevel = options.logLevel ?? 'INFO';
  const logger = new Logger({ serviceName: 'shoebox-local', logLevel });
  const dataDir = resolveFromProject(config.dataDir);
  const appOrigins = options.appOrigins ?? [
    httpUrl('127.0.0.1', config.appPort),
    httpUrl('localhost', config.appPort),
  ];

  // Run in reverse order on stop, or when a later step fails to start.
  const cleanups: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup();
    }
  };
  const track = (server: Server) => cleanups.push(() => close(server));

  try {
    const dynamoServer = await startDynamo({
      host: config.host,
      port: config.dynamoDbPort,
      directory: path.join(dataDir, 'dynamodb'),
      listener: { service: 'DynamoDB', variable: portVariables.dynamoDbPort },
    });
    track(dynamoServer.server);
    const dynamoClient = new DynamoDBClient({
      endpoint: dynamoServer.endpoint,
      region: config.region,
      credentials: localCredentials,
    });
    cleanups.push(() => dynamoClient.destroy());
    await ensureTable(dynamoClient, createTableInput(config.tableName));
    const dynamo = DynamoDBDocumentClient.from(dynamoClient);

    const s3 = await startS3({
      host: config.host,
      port: config.s3Port,
      directory: path.join(dataDir, 's3'),
      bucketName: config.bucketName,
      corsOrigins: appOrigins,
      accessKeyId: config.s3AccessKeyId,
      secretAccessKey: config.s3SecretAccessKey,
      gate: options.s3Gate,
      listener: { service: 'S3', variable: portVariables.s3Port },
      logger,
    });
    track(s3.server);
    const s3Client = new S3Client({
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
    cleanups.push(() => s3Client.destroy());

    const cognitoServer = createServer();
    const cognitoPort = await listen(
      cognitoServer,
      config.host,
      config.cognitoPort,
      { service: 'Cognito', variable: portVariables.cognitoPort },
    );
    track(cognitoServer);
    const cognitoEndpoint = httpUrl(config.host, cognitoPort);
    const cognitoLocal = await createCognitoLocal({
      directory: path.join(dataDir, 'cognito'),
      issuerDomain: cognitoEndpoint,
      logLevel: logLevel === 'DEBUG' ? 'debug' : 'silent',
    });
    cognitoServer.on(
      'request',
      createCognitoFront(cognitoLocal, cognitoEndpoint),
    );
    const cognitoClient = new CognitoIdentityProviderClient({
      endpoint: cognitoEndpoint,
      region: config.region,
      credentials: localCredentials,
    });
    cleanups.push(() => cognitoClient.destroy());

    const pool = await seedUserPool(cognitoClient, config);
    for (const user of pool.users) {
      await putMember(dynamo, config.tableName, user);
    }

    const dependencies: HandlerDependencies = {
      settings: readSettings({
        ...environment,
        SHOEBOX_TABLE_NAME: config.tableName,
        SHOEBOX_BUCKET_NAME: config.bucketName,
        SHOEBOX_ALLOWED_ORIGINS: appOrigins.join(','),
      }),
      dynamo,
      s3: s3Client,
    };
    const sessionHandler =
      options.sessionHandler ??
      createSessionHandler({
        ...dependencies,
        logger: new Logger({ serviceName: 'shoebox-session', logLevel }),
      });
    const eventsHandler =
      options.eventsHandler ??
      createEventsHandler({
        ...dependencies,
        logger: new Logger({ serviceName: 'shoebox-events', logLevel }),
      });

    const delivery = createEventDelivery({
      context: {
        region: config.region,
        configurationId: 'shoebox-local-events',
        sequencer: new Sequencer(),
        readETag: async (bucket, key) =>
          unquote((await s3.s3rver.store.getMetadata(bucket, key)).etag ?? ''),
      },
      handler: eventsHandler,
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
    cleanups.push(async () => {
      await close(s3.server);
      await delivery.drain();
    });

    const apiServer = createServer(
      createApiListener({
        authorizer: createAuthorizer({
          issuer: `${cognitoEndpoint}/${pool.userPoolId}`,
          clientId: pool.userPoolClientId,
        }),
        handler: sessionHandler,
        corsOrigins: appOrigins,
        logger,
      }),
    );
    const apiPort = await listen(apiServer, config.host, config.apiPort, {
      service: 'the session API',
      variable: portVariables.apiPort,
    });
    track(apiServer);
    const apiEndpoint = `${httpUrl(config.host, apiPort)}/`;

    const endpoints = {
      api: apiEndpoint,
      cognito: cognitoEndpoint,
      s3: s3.endpoint,
      dynamoDb: dynamoServer.endpoint,
    };
    const outputs = buildOutputs({
      region: config.region,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      groups: pool.groups,
      bucketName: config.bucketName,
      apiEndpoint,
      cognitoEndpoint,
      s3Endpoint: s3.endpoint,
      dynamoDbEndpoint: dynamoServer.endpoint,
    });
    const outputsPath = resolveFromProject(config.outputsPath);
    await writeOutputs(outputsPath, outputs);

    logger.info('Local stack started', { endpoints, dataDir, outputsPath });

    return {
      config: {
        ...config,
        apiPort,
        cognitoPort,
        s3Port: s3.port,
        dynamoDbPort: dynamoServer.port,
      },
      endpoints,
      userPoolId: pool.userPoolId,
      userPoolClientId: pool.userPoolClientId,
      users: pool.users,
      outputs,
      outputsPath,
      clients: { cognito: cognitoClient, dynamo, s3: s3Client },
      stop: async () => {
        await stopAll();
        logger.info('Local stack stopped');
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
