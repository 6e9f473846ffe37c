/**
 * Settings of the S3 gate, each with its default. The local stack maps
 * them to environment variables; tests pass them directly.
 */

import type { S3EventPayload } from './event-records';
import { createJsonLogger, type GateLogger } from './logger';

export type GateOptions = {
  /** Address to listen on. Default `127.0.0.1`: loopback only. */
  host?: string;
  /** Port to listen on. Default 0: a free port, reported by `startGate`. */
  port?: number;
  /**
   * Endpoint of the S3 server behind the gate (s3rver), e.g.
   * `http://127.0.0.1:4569`. Required. Every request except a POST upload
   * and its preflight goes there.
   */
  upstreamEndpoint: string;
  /**
   * The folder that s3rver at `upstreamEndpoint` stores its buckets in.
   * Required. The gate writes each POST upload straight into it, in
   * s3rver's own layout, and s3rver serves the object from there.
   */
  storeDirectory: string;
  /**
   * Region of the bucket, which the credential scope of a POST must name.
   * Default `us-east-1`.
   */
  region?: string;
  /**
   * The one bucket that takes browser POST uploads; a POST to another
   * bucket gets NoSuchBucket. Default `shoebox-local`.
   */
  bucket?: string;
  /**
   * Secret access key by access key id, for checking POST signatures.
   * Default `{ S3RVER: 'S3RVER' }`, the pair s3rver ships with. The gate
   * signs its own requests to the upstream with the first pair, so the
   * upstream must know that pair too.
   */
  credentials?: Record<string, string>;
  /**
   * Receives the event records of every change made through the gate, one
   * record per call, after the response to the change has been sent. A
   * rejection is logged and not retried. Default: records are dropped.
   */
  onEvent?: (payload: S3EventPayload) => Promise<void>;
  /**
   * Delivers every event twice, as S3 may, to test that event handling is
   * idempotent. Default false.
   */
  duplicateEvents?: boolean;
  /**
   * Origins that may read the responses to POST uploads, like the
   * AllowedOrigin entries of a bucket CORS rule; `*` allows any origin.
   * Default `['*']`, since the gate listens on loopback only.
   */
  allowedOrigins?: string[];
  /**
   * Current time in milliseconds since the epoch, for policy expiration
   * and event times. Default `Date.now`; tests pass a fixed clock.
   */
  clock?: () => number;
  /**
   * Structured logger; the local stack's Powertools logger fits. Default:
   * JSON lines on stdout, service `s3-gate`.
   */
  logger?: GateLogger;
};

export type GateSettings = Required<Omit<GateOptions, 'credentials'>> & {
  credentials: ReadonlyMap<string, string>;
  /** The pair the gate signs its own upstream requests with. */
  upstreamCredentials: { accessKeyId: string; secretAccessKey: string };
};

export const defaultGateOptions = {
  host: '127.0.0.1',
  port: 0,
  region: 'us-east-1',
  bucket: 'shoebox-local',
  credentials: { S3RVER: 'S3RVER' },
  duplicateEvents: false,
  allowedOrigins: ['*'],
} as const;

/** Fills in the defaults; throws when no credential pair is given. */
export function resolveGateOptions(options: GateOptions): GateSettings {
  const credentialEntries = Object.entries(
    options.credentials ?? defaultGateOptions.credentials,
  );
  const first = credentialEntries[0];
  if (first === undefined) {
    throw new Error(
      'The S3 gate needs at least one access key id and secret in ' +
        '`credentials`; omit the option to use S3RVER/S3RVER.',
    );
  }

  return {
    host: options.host ?? defaultGateOptions.host,
    port: options.port ?? defaultGateOptions.port,
    upstreamEndpoint: options.upstreamEndpoint,
    storeDirectory: options.storeDirectory,
    region: options.region ?? defaultGateOptions.region,
    bucket: options.bucket ?? defaultGateOptions.bucket,
    credentials: new Map(credentialEntries),
    upstreamCredentials: { accessKeyId: first[0], secretAccessKey: first[1] },
    onEvent: options.onEvent ?? (async () => undefined),
    duplicateEvents:
      options.duplicateEvents ?? defaultGateOptions.duplicateEvents,
    allowedOrigins: options.allowedOrigins ?? [
      ...defaultGateOptions.allowedOrigins,
    ],
    clock: options.clock ?? Date.now,
    logger: options.logger ?? createJsonLogger('s3-gate'),
  };
}
