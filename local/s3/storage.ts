/**
 * S3 for the local stack: s3rver on a free loopback port, and the gate in
 * front of it on the S3 port. Every SDK request and browser upload goes
 * through the gate, which checks POST policies as S3 does and sends one
 * event record per change.
 */

import path from 'node:path';

import { S3Client } from '@aws-sdk/client-s3';

import { portVariables } from '../config';
import { PortInUseError } from '../errors';
import { startGate, type Gate, type S3EventPayload } from '../gate';
import type { ServiceContext } from '../services';
import { createRetryingDelivery, type EventsHandler } from './event-delivery';
import { startS3 } from './server';

/** Match the notification filters on the bucket in the backend. */
const membersPrefix = 'users/';
const trashPrefix = 'trash/';

/**
 * Starts s3rver and the gate, and returns the gate and an SDK client aimed
 * at it. Event records for keys under `users/` go to `handler`, with
 * retries.
 *
 * On stop, pending retries end, then the gate stops (waiting for requests
 * and deliveries in progress), then s3rver closes.
 */
export async function startStorage(
  { config, dataDir, appOrigins, logger, cleanups }: ServiceContext,
  handler: EventsHandler,
): Promise<{ gate: Gate; client: S3Client }> {
  const s3Directory = path.join(dataDir, 's3');
  const s3 = await startS3({
    host: config.host,
    port: 0,
    directory: s3Directory,
    bucketName: config.bucketName,
    corsOrigins: appOrigins,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
    listener: { service: 'S3 (s3rver)', variable: portVariables.s3Port },
    logger,
  });
  cleanups.closeServer(s3.server);

  const delivery = createRetryingDelivery({ handler, logger });
  const onEvent = async (payload: S3EventPayload) => {
    const record = payload.Records[0];
    const key = record?.s3.object.key ?? '';
    // The key is form-encoded; `users/` and `trash/` encode to themselves.
    // Under `trash/` the bucket reports removals only.
    const isTrashRemoval =
      key.startsWith(trashPrefix) &&
      record?.eventName.startsWith('ObjectRemoved:') === true;
    if (key.startsWith(membersPrefix) || isTrashRemoval) {
      await delivery.deliver(payload);
    }
  };
  const gate = await startGate({
    host: config.host,
    port: config.s3Port,
    upstreamEndpoint: s3.endpoint,
    storeDirectory: s3Directory,
    region: config.region,
    bucket: config.bucketName,
    credentials: { [config.s3AccessKeyId]: config.s3SecretAccessKey },
    allowedOrigins: appOrigins,
    duplicateEvents: config.duplicateEvents,
    logger,
    onEvent,
  }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      throw new PortInUseError(
        { port: config.s3Port, service: 'S3', variable: portVariables.s3Port },
        { cause: error },
      );
    }
    throw error;
  });
  cleanups.add(async () => {
    delivery.cancelRetries();
    await gate.stop();
  });

  const client = new S3Client({
    endpoint: gate.url,
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

  return { gate, client };
}
