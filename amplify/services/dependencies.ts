/**
 * Dependencies of the Lambda handlers, injected so that tests and the local
 * stack pass clients pointed at their own servers.
 */

import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';

import { readSettings, type Settings } from '../core/settings';
import { createS3ArchiveRestorer, type ArchiveRestorer } from './archive';
import { createCognitoDirectory, type MemberDirectory } from './directory';
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
  /** Defaults to S3's RestoreObject through `s3`. */
  archive?: ArchiveRestorer;
  /** The user pool, for the admin routes; defaults to none. */
  directory?: MemberDirectory;
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
    archive:
      dependencies.archive ??
      createS3ArchiveRestorer(
        dependencies.s3,
        dependencies.settings.bucketName,
        {
          readyAfterMs:
            dependencies.settings.prices.DEEP_ARCHIVE.restoreHours * 3_600_000,
          availableDays: dependencies.settings.archiveRestoreDays,
        },
      ),
    directory: dependencies.directory ?? missingDirectory,
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
    directory: directoryFromEnvironment(),
  };
}

/** Builds the user pool directory when `SHOEBOX_USER_POOL_ID` is set. */
function directoryFromEnvironment(): MemberDirectory | undefined {
  const userPoolId = process.env.SHOEBOX_USER_POOL_ID;
  if (!userPoolId) {
    return undefined;
  }

  return createCognitoDirectory(new CognitoIdentityProviderClient({}), {
    userPoolId,
    adminsGroup: 'admins',
    revealTemporaryPassword: false,
  });
}

/** Stands in when no user pool is configured, failing every admin call. */
const missingDirectory: MemberDirectory = {
  listUsers: () => Promise.reject(missingDirectoryError()),
  inviteUser: () => Promise.reject(missingDirectoryError()),
  setEnabled: () => Promise.reject(missingDirectoryError()),
};

function missingDirectoryError(): Error {
  return new Error(
    'SHOEBOX_USER_POOL_ID is not set, so the admin routes cannot reach the ' +
      'user pool; set it to the pool id.',
  );
}
