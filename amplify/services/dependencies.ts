/**
 * Dependencies of the Lambda handlers, injected so that tests and the local
 * stack pass clients pointed at their own servers.
 */

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';

import { readSettings, type Settings } from '../core/settings';
import type { AfterWriteHook } from './pending-changes';

export type HandlerDependencies = {
  settings: Settings;
  dynamo: DynamoDBDocumentClient;
  s3: S3Client;
  /** Defaults to a Logger named by `POWERTOOLS_SERVICE_NAME`. */
  logger?: Logger;
  /** Milliseconds since the epoch; defaults to `Date.now`. */
  now?: () => number;
  /** Test hook that simulates a crash after a write; defaults to none. */
  afterWrite?: AfterWriteHook;
};

export type ResolvedDependencies = Required<HandlerDependencies>;

/** Fills in the optional dependencies with their defaults. */
export function resolveDependencies(
  dependencies: HandlerDependencies,
): ResolvedDependencies {
  return {
    ...dependencies,
    logger: dependencies.logger ?? new Logger(),
    now: dependencies.now ?? Date.now,
    afterWrite: dependencies.afterWrite ?? (() => undefined),
  };
}

/**
 * Builds the dependencies of a deployed function from its environment:
 * settings from `SHOEBOX_*` variables, and SDK clients that take their
 * region and credentials from the Lambda runtime.
 */
export function dependenciesFromEnvironment(): HandlerDependencies {
  return {
    settings: readSettings(process.env),
    dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
    s3: new S3Client({}),
  };
}
