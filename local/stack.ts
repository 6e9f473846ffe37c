/**
 * Starts the local stand-ins for Cognito, DynamoDB, S3 and the session API
 * on loopback, seeds them, and writes `amplify_outputs.json`.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { readSettings } from '../amplify/core/settings';
import { createEventsHandler } from '../amplify/functions/events/handler';
import { createSessionHandler } from '../amplify/functions/session/handler';
import { createSweepHandler } from '../amplify/functions/sweep/handler';
import type { HandlerDependencies } from '../amplify/services/dependencies';
import { createCognitoDirectory } from '../amplify/services/directory';
import { putMember } from '../amplify/services/members';
import { createTimedArchiveRestorer } from './archive';
import type { ProxyHandler } from './api/server';
import type { SeededUser } from './cognito/seed';
import {
  isLoopbackHost,
  readLocalConfig,
  resolveFromProject,
  type LocalConfig,
} from './config';
import { httpUrl } from './http';
import { buildOutputs, writeOutputs, type Outputs } from './outputs';
import { adaptLambdaHandler, type EventsHandler } from './s3/event-delivery';
import { startStorage } from './s3/storage';
import { startSweepTimer } from './sweep';
import { expireTrash } from './trash-lifecycle';
import {
  Cleanups,
  startApi,
  startCognito,
  startDatabase,
  type ServiceContext,
} from './services';

/** Log levels of the stack's own JSON log lines and of the handlers. */
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'SILENT';

export type StackOptions = {
  /** Settings that override the environment's and the defaults. */
  config?: Partial<LocalConfig>;
  /** Read for settings not given in `config`. Defaults to `process.env`. */
  environment?: Record<string, string | undefined>;
  /** Defaults to `INFO`. Tests pass `SILENT`. */
  logLevel?: LogLevel;
  /** Origins the API and the bucket allow. Defaults to the app's. */
  appOrigins?: string[];
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
  /** Resolves once every S3 event sent so far has reached the handler. */
  flushEvents(): Promise<void>;
  /** Stops every server after delivering the events in progress. */
  stop(): Promise<void>;
};

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
      `host is "${config.host}", but the local stack binds only to ` +
        'loopback. Use 127.0.0.1, ::1 or localhost.',
    );
  }

  const logLevel = options.logLevel ?? 'INFO';
  const appOrigins = options.appOrigins ?? [
    ...new Set(
      [config.host, '127.0.0.1', 'localhost'].map((host) =>
        httpUrl(host, config.appPort),
      ),
    ),
  ];
  const context: ServiceContext = {
    config,
    dataDir: resolveFromProject(config.dataDir),
    appOrigins,
    logger: new Logger({ serviceName: 'shoebox-local', logLevel }),
    cleanups: new Cleanups(),
  };

  try {
    return await startServices(context, options, environment, logLevel);
  } catch (error) {
    await context.cleanups.runAll();
    throw error;
  }
}

async function startServices(
  context: ServiceContext,
  options: StackOptions,
  environment: Record<string, string | undefined>,
  logLevel: LogLevel,
): Promise<StackHandle> {
  const { config, logger } = context;
  const database = await startDatabase(context);
  // The events handler needs the S3 client, which needs the gate's URL, so
  // the handler is bound once it exists. Nothing writes to S3 before then.
  let eventsHandler: EventsHandler = async () => {
    throw new Error('The events handler is not ready yet.');
  };
  const storage = await startStorage(context, (payload) =>
    eventsHandler(payload),
  );
  const cognito = await startCognito(context);
  for (const user of cognito.pool.users) {
    await putMember(database.dynamo, config.tableName, user);
  }

  const settings = readSettings({
    ...environment,
    SHOEBOX_TABLE_NAME: config.tableName,
    SHOEBOX_BUCKET_NAME: config.bucketName,
    SHOEBOX_ALLOWED_ORIGINS: context.appOrigins.join(','),
  });
  const dependencies: HandlerDependencies = {
    settings,
    dynamo: database.dynamo,
    s3: storage.client,
    archive: createTimedArchiveRestorer({
      delaySeconds: config.restoreDelaySeconds,
      availableDays: settings.archiveRestoreDays,
      now: Date.now,
    }),
    directory: createCognitoDirectory(cognito.client, {
      userPoolId: cognito.pool.userPoolId,
      adminsGroup: 'admins',
      // cognito-local sends no mail, so the password is returned to the admin once.
      revealTemporaryPassword: true,
    }),
  };
  eventsHandler =
    options.eventsHandler ??
    adaptLambdaHandler(
      createEventsHandler({
        ...dependencies,
        logger: new Logger({ serviceName: 'shoebox-events', logLevel }),
      }),
    );
  const sweep = startSweepTimer(
    createSweepHandler({
      ...dependencies,
      logger: new Logger({ serviceName: 'shoebox-sweep', logLevel }),
    }),
    dependencies.settings.sweepIntervalSeconds,
    logger,
  );
  // Registered after S3, so it stops before the gate and DynamoDB.
  context.cleanups.add(() => sweep.stop());
  const lifecycle = startSweepTimer(
    () =>
      expireTrash({
        s3: storage.client,
        bucketName: config.bucketName,
        retentionDays: settings.trashRetentionDays,
        now: Date.now,
      }),
    config.lifecycleIntervalSeconds,
    logger,
  );
  context.cleanups.add(() => lifecycle.stop());
  const api = await startApi(context, {
    issuer: `${cognito.endpoint}/${cognito.pool.userPoolId}`,
    clientId: cognito.pool.userPoolClientId,
    handler:
      options.sessionHandler ??
      createSessionHandler({
        ...dependencies,
        logger: new Logger({ serviceName: 'shoebox-session', logLevel }),
      }),
  });

  const endpoints = {
    api: api.endpoint,
    cognito: cognito.endpoint,
    s3: storage.gate.url,
    dynamoDb: database.endpoint,
  };
  const outputs = buildOutputs({
    region: config.region,
    userPoolId: cognito.pool.userPoolId,
    userPoolClientId: cognito.pool.userPoolClientId,
    groups: cognito.pool.groups,
    bucketName: config.bucketName,
    apiEndpoint: endpoints.api,
    cognitoEndpoint: endpoints.cognito,
    s3Endpoint: endpoints.s3,
    dynamoDbEndpoint: endpoints.dynamoDb,
  });
  const outputsPath = resolveFromProject(config.outputsPath);
  await writeOutputs(outputsPath, outputs);
  logger.info('Local stack started', {
    endpoints,
    dataDir: context.dataDir,
    outputsPath,
  });

  return {
    config: {
      ...config,
      apiPort: api.port,
      cognitoPort: cognito.port,
      s3Port: storage.gate.port,
      dynamoDbPort: database.port,
    },
    endpoints,
    userPoolId: cognito.pool.userPoolId,
    userPoolClientId: cognito.pool.userPoolClientId,
    users: cognito.pool.users,
    outputs,
    outputsPath,
    clients: {
      cognito: cognito.client,
      dynamo: database.dynamo,
      s3: storage.client,
    },
    flushEvents: () => storage.gate.flushEvents(),
    stop: async () => {
      await context.cleanups.runAll();
      logger.info('Local stack stopped');
    },
  };
}
