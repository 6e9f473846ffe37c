/**
 * cognito-local, assembled in this process with its data in a directory of
 * our choice. Its own `createDefaultServer` keeps the data in `.cognito/`
 * under the working directory, so this module wires the same services the
 * way cognito-local 5.3's `createDefaultServer` does, with other paths.
 */

import './quiet-sdk-v2';

import type { RequestListener } from 'node:http';
import { createRequire } from 'node:module';

import { Router } from 'cognito-local/lib/server/Router.js';
import { DefaultConfig, type Config } from 'cognito-local/lib/server/config.js';
import { createServer } from 'cognito-local/lib/server/server.js';
import {
  DateClock,
  LambdaService,
  MessagesService,
  TriggersService,
} from 'cognito-local/lib/services/index.js';
import { CognitoServiceFactoryImpl } from 'cognito-local/lib/services/cognitoService.js';
import { CryptoService } from 'cognito-local/lib/services/crypto.js';
import { StormDBDataStoreFactory } from 'cognito-local/lib/services/dataStore/stormDb.js';
import { ConsoleMessageSender } from 'cognito-local/lib/services/messageDelivery/consoleMessageSender.js';
import { MessageDeliveryService } from 'cognito-local/lib/services/messageDelivery/messageDelivery.js';
import { otp } from 'cognito-local/lib/services/otp.js';
import { JwtTokenGenerator } from 'cognito-local/lib/services/tokenGenerator.js';
import { UserPoolServiceFactoryImpl } from 'cognito-local/lib/services/userPoolService.js';

type PinoLogger = Parameters<typeof createServer>[1];
type PinoFactory = (options: { level: string }) => PinoLogger;
type LambdaClient = ConstructorParameters<typeof LambdaService>[1];

// pino and the v2 SDK are cognito-local's own dependencies, so they are
// loaded from its location rather than from the repository's.
const requireFromCognitoLocal = createRequire(
  createRequire(import.meta.url).resolve('cognito-local'),
);
const pino = requireFromCognitoLocal('pino') as PinoFactory;
const AWS = requireFromCognitoLocal('aws-sdk') as {
  Lambda: new (config: Config['LambdaClient']) => LambdaClient;
};

export type CognitoLocalOptions = {
  /** Directory for the user pools, clients and users. */
  directory: string;
  /** Base URL of the endpoint clients use; tokens name it as issuer. */
  issuerDomain: string;
  /** pino level for cognito-local's own log lines, e.g. `warn` or `silent`. */
  logLevel: string;
};

/** Returns cognito-local's request handler, with its data in `directory`. */
export async function createCognitoLocal(
  options: CognitoLocalOptions,
): Promise<RequestListener> {
  const logger = pino({ level: options.logLevel });
  const ctx = { logger };
  const config: Config = {
    ...DefaultConfig,
    UserPoolDefaults: { UsernameAttributes: ['email'] },
    TokenConfig: { IssuerDomain: options.issuerDomain },
    ServerConfig: { development: false },
  };

  const clock = new DateClock();
  const dataStoreFactory = new StormDBDataStoreFactory(options.directory);
  const cognito = await new CognitoServiceFactoryImpl(
    options.directory,
    dataStoreFactory,
    new UserPoolServiceFactoryImpl(clock, dataStoreFactory),
  ).create(ctx, config.UserPoolDefaults);
  const triggers = new TriggersService(
    clock,
    cognito,
    new LambdaService(
      config.TriggerFunctions,
      new AWS.Lambda(config.LambdaClient),
    ),
    new CryptoService(config.KMSConfig),
  );
  const services = {
    clock,
    cognito,
    config,
    messages: new MessagesService(
      triggers,
      new MessageDeliveryService(new ConsoleMessageSender()),
    ),
    otp,
    tokenGenerator: new JwtTokenGenerator(clock, triggers, config.TokenConfig),
    triggers,
  };

  const server = createServer(
    Router(services),
    logger,
    config.ServerConfig,
    services,
  );

  return server.application as RequestListener;
}
