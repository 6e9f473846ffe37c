/**
 * Delivers s3rver's events to the events handler as S3 event notifications,
 * asynchronously and with retries, the way S3 invokes a Lambda function.
 */

import { setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import type { S3rverEvent } from 's3rver';

import { toS3EventRecord, type RecordContext } from './event-records';

export type EventsHandler = (event: S3Event) => Promise<void>;

/**
 * Pauses before each retry of a failed delivery. Lambda retries an
 * asynchronous invocation twice, one and two minutes apart. Locally the
 * pauses are seconds, so that a fixed handler catches up quickly.
 */
const defaultRetryDelaysMs = [1000, 2000];

export type EventDelivery = {
  /** Starts delivering one s3rver event; returns at once. */
  publish(event: S3rverEvent): void;
  /** Waits for deliveries in progress and cancels pending retries. */
  drain(): Promise<void>;
};

export function createEventDelivery(props: {
  context: RecordContext;
  handler: EventsHandler;
  logger: Logger;
  /** One pause per retry; the default retries twice, after 1 s and 2 s. */
  retryDelaysMs?: number[];
}): EventDelivery {
  const retryDelaysMs = props.retryDelaysMs ?? defaultRetryDelaysMs;
  const inFlight = new Set<Promise<void>>();
  const draining = new AbortController();

  const deliver = async (source: S3rverEvent) => {
    const record = await toS3EventRecord(source.Records[0], props.context);
    const ids = {
      eventName: record.eventName,
      key: record.s3.object.key,
      sequencer: record.s3.object.sequencer,
    };

    for (let attempt = 1; ; attempt++) {
      try {
        await props.handler({ Records: [record] });
        props.logger.debug('Delivered S3 event', ids);
        return;
      } catch (error) {
        const delayMs = retryDelaysMs[attempt - 1];
        if (delayMs === undefined || draining.signal.aborted) {
          props.logger.error('Dropped S3 event after failed delivery', {
            ...ids,
            attempt,
            error,
          });
          return;
        }

        props.logger.warn('Retrying failed S3 event delivery', {
          ...ids,
          attempt,
          delayMs,
          error,
        });
        const hasWaited = await sleep(delayMs, true, {
          signal: draining.signal,
        }).catch(() => false);
        if (!hasWaited) {
          props.logger.error('Dropped S3 event on stop', ids);
          return;
        }
      }
    }
  };

  return {
    publish(event) {
      const delivery = deliver(event).catch((error: unknown) => {
        props.logger.error('Could not build S3 event record', {
          key: event.Records[0].s3.object.key,
          error,
        });
      });
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
    },

    async drain() {
      draining.abort();
      await Promise.all(inFlight);
    },
  };
}
