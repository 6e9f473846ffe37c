/**
 * Ports, names and secrets of the local stack, each with its default and the
 * environment variable that overrides it. Every server binds to a loopback
 * address, and the secrets are fixed values that only the local servers
 * accept.
 */

import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { readBoolean, readPositiveInteger } from '../amplify/core/environment';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

/** Root of the repository, which relative paths in the settings start from. */
export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export type DemoUser = {
  email: string;
  /** Cognito groups the user belongs to. */
  groups: string[];
  capBytes: number;
};

export type LocalConfig = {
  /** Loopback address every server binds to. `SHOEBOX_LOCAL_HOST`. */
  host: string;
  /** Vite dev server that serves the app. `SHOEBOX_APP_PORT`. */
  appPort: number;
  /** Session API. `SHOEBOX_API_PORT`. */
  apiPort: number;
  /**
   * Cognito endpoint that the app and the SDK talk to: cognito-local plus
   * the operations it lacks. `SHOEBOX_COGNITO_PORT`.
   */
  cognitoPort: number;
  /**
   * S3: the gate that checks browser POST uploads, in front of s3rver on a
   * free internal port. `SHOEBOX_S3_PORT`.
   */
  s3Port: number;
  /** DynamoDB (dynalite). `SHOEBOX_DYNAMODB_PORT`. */
  dynamoDbPort: number;
  /** Region written into the outputs and used by every SDK client. `SHOEBOX_LOCAL_REGION`. */
  region: string;
  /** Bucket for every member's objects. `SHOEBOX_BUCKET_NAME`. */
  bucketName: string;
  /** Table for members, uploads and files. `SHOEBOX_TABLE_NAME`. */
  tableName: string;
  /** Name of the seeded user pool. `SHOEBOX_USER_POOL_NAME`. */
  userPoolName: string;
  /** Name of the seeded app client. `SHOEBOX_USER_POOL_CLIENT_NAME`. */
  userPoolClientName: string;
  /**
   * Key pair that signs S3 requests from the SDK. s3rver ships with
   * `S3RVER`/`S3RVER`, and any other pair is registered with it at start.
   * `SHOEBOX_S3_ACCESS_KEY_ID`, `SHOEBOX_S3_SECRET_ACCESS_KEY`.
   */
  s3AccessKeyId: string;
  s3SecretAccessKey: string;
  /**
   * Directory for the Cognito, DynamoDB and S3 data, kept across restarts;
   * relative to the repository root. `SHOEBOX_DATA_DIR`.
   */
  dataDir: string;
  /**
   * Path of the written `amplify_outputs.json`, relative to the repository
   * root, where the app loads it from. `SHOEBOX_OUTPUTS_PATH`.
   */
  outputsPath: string;
  /** Permanent password of every demo user. `SHOEBOX_DEMO_PASSWORD`. */
  demoPassword: string;
  demoUsers: DemoUser[];
  /**
   * Lifetime of the ID and access tokens. The default is Cognito's default
   * of one hour. Tests move the clock past a short lifetime to exercise the
   * refresh.
   * `SHOEBOX_TOKEN_VALIDITY_SECONDS`.
   */
  tokenValiditySeconds: number;
  /** Lifetime of refresh tokens, Cognito's default of 30 days. */
  refreshTokenValidityDays: number;
  /**
   * Delivers every S3 event twice, as S3 may, so tests prove that event
   * handling is idempotent. Off by default, since S3 rarely repeats one.
   * `SHOEBOX_DUPLICATE_EVENTS` (`true` or `false`).
   */
  duplicateEvents: boolean;
  /**
   * Time until a Deep Archive restore completes. S3's Standard tier takes
   * up to 12 hours; 30 seconds lets a person try the Restore button and
   * then download. `SHOEBOX_LOCAL_RESTORE_DELAY_SECONDS`.
   */
  restoreDelaySeconds: number;
  /**
   * Time between runs of the stand-in for the bucket's lifecycle rule,
   * which removes trash copies older than the retention period. S3 runs
   * its rules about once a day; every 10 minutes keeps a long-running
   * local stack close to that without busy work.
   * `SHOEBOX_LOCAL_LIFECYCLE_INTERVAL_SECONDS`.
   */
  lifecycleIntervalSeconds: number;
};

/**
 * Demo members: an admin, a member with the default cap, and one with a cap
 * small enough that a single photo shows a refusal.
 */
export const demoUsers: DemoUser[] = [
  { email: 'admin@example.com', groups: ['admins'], capBytes: 10 * GiB },
  { email: 'alice@example.com', groups: [], capBytes: 10 * GiB },
  { email: 'bob@example.com', groups: [], capBytes: 5 * MiB },
];

export const defaultConfig: LocalConfig = {
  host: '127.0.0.1',
  appPort: 5173,
  apiPort: 3001,
  cognitoPort: 9229,
  s3Port: 4568,
  dynamoDbPort: 4567,
  region: 'us-east-1',
  bucketName: 'shoebox-local',
  tableName: 'shoebox-local',
  userPoolName: 'shoebox-local',
  userPoolClientName: 'shoebox-local-app',
  s3AccessKeyId: 'S3RVER',
  s3SecretAccessKey: 'S3RVER',
  dataDir: '.data',
  outputsPath: 'amplify_outputs.json',
  demoPassword: 'Shoebox-demo-1',
  demoUsers,
  tokenValiditySeconds: 3600,
  refreshTokenValidityDays: 30,
  duplicateEvents: false,
  restoreDelaySeconds: 30,
  lifecycleIntervalSeconds: 600,
};

/** Environment variable behind each port, named in busy-port messages. */
export const portVariables = {
  appPort: 'SHOEBOX_APP_PORT',
  apiPort: 'SHOEBOX_API_PORT',
  cognitoPort: 'SHOEBOX_COGNITO_PORT',
  s3Port: 'SHOEBOX_S3_PORT',
  dynamoDbPort: 'SHOEBOX_DYNAMODB_PORT',
} as const;

type Environment = Record<string, string | undefined>;

/**
 * Reads the local stack's settings from `environment` over the defaults.
 * Throws when a port is not a whole number from 0 to 65535 (0 picks a free
 * port), when a lifetime is not a positive whole number, or when the host
 * is not a loopback address.
 */
export function readLocalConfig(environment: Environment): LocalConfig {
  const text = (name: string, fallback: string) =>
    environment[name] || fallback;
  const port = (key: keyof typeof portVariables) =>
    readPort(environment, portVariables[key], defaultConfig[key]);

  return {
    host: readLoopbackHost(environment, 'SHOEBOX_LOCAL_HOST'),
    appPort: port('appPort'),
    apiPort: port('apiPort'),
    cognitoPort: port('cognitoPort'),
    s3Port: port('s3Port'),
    dynamoDbPort: port('dynamoDbPort'),
    region: text('SHOEBOX_LOCAL_REGION', defaultConfig.region),
    bucketName: text('SHOEBOX_BUCKET_NAME', defaultConfig.bucketName),
    tableName: text('SHOEBOX_TABLE_NAME', defaultConfig.tableName),
    userPoolName: text('SHOEBOX_USER_POOL_NAME', defaultConfig.userPoolName),
    userPoolClientName: text(
      'SHOEBOX_USER_POOL_CLIENT_NAME',
      defaultConfig.userPoolClientName,
    ),
    s3AccessKeyId: text(
      'SHOEBOX_S3_ACCESS_KEY_ID',
      defaultConfig.s3AccessKeyId,
    ),
    s3SecretAccessKey: text(
      'SHOEBOX_S3_SECRET_ACCESS_KEY',
      defaultConfig.s3SecretAccessKey,
    ),
    dataDir: text('SHOEBOX_DATA_DIR', defaultConfig.dataDir),
    outputsPath: text('SHOEBOX_OUTPUTS_PATH', defaultConfig.outputsPath),
    demoPassword: text('SHOEBOX_DEMO_PASSWORD', defaultConfig.demoPassword),
    demoUsers: defaultConfig.demoUsers,
    tokenValiditySeconds: readPositiveInteger(
      environment,
      'SHOEBOX_TOKEN_VALIDITY_SECONDS',
      defaultConfig.tokenValiditySeconds,
    ),
    refreshTokenValidityDays: defaultConfig.refreshTokenValidityDays,
    duplicateEvents: readBoolean(
      environment,
      'SHOEBOX_DUPLICATE_EVENTS',
      defaultConfig.duplicateEvents,
    ),
    restoreDelaySeconds: readPositiveInteger(
      environment,
      'SHOEBOX_LOCAL_RESTORE_DELAY_SECONDS',
      defaultConfig.restoreDelaySeconds,
    ),
    lifecycleIntervalSeconds: readPositiveInteger(
      environment,
      'SHOEBOX_LOCAL_LIFECYCLE_INTERVAL_SECONDS',
      defaultConfig.lifecycleIntervalSeconds,
    ),
  };
}

/** Resolves a path from the settings against the repository root. */
export function resolveFromProject(file: string): string {
  return path.resolve(projectRoot, file);
}

function readPort(
  environment: Environment,
  name: string,
  fallback: number,
): number {
  const raw = environment[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }

  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(
      `${name} is "${raw}", but a port must be a whole number from 0 to ` +
        `65535; unset it to use ${fallback}.`,
    );
  }

  return value;
}

function readLoopbackHost(environment: Environment, name: string): string {
  const host = environment[name] || defaultConfig.host;
  if (!isLoopbackHost(host)) {
    throw new Error(
      `${name} is "${host}", but the local stack binds only to loopback; ` +
        `use 127.0.0.1, ::1 or localhost.`,
    );
  }

  return host;
}

/** Tells whether `host` names this machine's loopback interface. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') {
    return true;
  }

  return isIP(host) === 4 && host.startsWith('127.');
}
