/**
 * Hands the gate's event records to the events handler with retries, the
 * way S3 invokes a Lambda function asynchronously. The gate calls `deliver`
 * once per record, after the response to the change is sent, and only logs
 * a rejection, so the retries live here.
 */

import { setTimeout as sleep } from 'node:timers/promises';

import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';

import type { S3EventPayload } from '../gate';

/** Receives one payload of S3 event records, as the events function does. */
export type EventsHandler = (payload: S3EventPayload) => Promise<void>;

/**
 * Pauses before each retry of a failed delivery. Lambda retries an
 * asynchronous invocation twice, one and two minutes apart. Locally the
 * pauses are seconds, so that a fixed handler catches up quickly.
 */
const defaultRetryDelaysMs = [1000, 2000];

export type RetryingDelivery = {
  /** Delivers one payload, retrying on failure; never rejects. */
  deliver(payload: S3EventPayload): Promise<void>;
  /** Ends pending retries at once; later failures are not retried. */
  cancelRetries(): void;
};

export function createRetryingDelivery(props: {
  handler: EventsHandler;
  logger: Logger;
  /** One pause per retry; the default retries twice, after 1 s and 2 s. */
  retryDelaysMs?: number[];
}): RetryingDelivery {
  const retryDelaysMs = props.retryDelaysMs ?? defaultRetryDelaysMs;
  const cancelling = new AbortController();

  const deliver = async (payload: S3EventPayload) => {
    const [record] = payload.Records;
    const ids = {
      eventName: record?.eventName,
      key: record?.s3.object.key,
      sequencer: record?.s3.object.sequencer,
    };

    for (let attempt = 1; ; attempt++) {
      try {
        await props.handler(payload);
        props.logger.debug('Delivered S3 event', ids);
        return;
      } catch (error) {
        const delayMs = retryDelaysMs[attempt - 1];
        if (delayMs === undefined || cancelling.signal.aborted) {
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
          signal: cancelling.signal,
        }).catch(() => false);
        if (!hasWaited) {
          props.logger.error('Dropped S3 event on stop', ids);
          return;
        }
      }
    }
  };

  return {
    deliver,
    cancelRetries: () => cancelling.abort(),
  };
}

/**
 * Adapts the events function, typed for @types/aws-lambda's `S3Event`, to
 * the gate's records. A create record must carry `size` and `eTag`, or
 * this rejects.
 *
 * NOTE: @types/aws-lambda types `size` and `eTag` as always present, but S3
 * leaves both out of ObjectRemoved records, so a removal is passed on
 * without them. The events function checks the type of `size` before it
 * reads it; its parameter type is what still claims otherwise.
 */
export function adaptLambdaHandler(
  handler: (event: S3Event) => Promise<void>,
): EventsHandler {
  return async (payload) => {
    for (const record of payload.Records) {
      const { size, eTag } = record.s3.object;
      const isCreate = record.eventName.startsWith('ObjectCreated:');
      if (isCreate && (size === undefined || eTag === undefined)) {
        throw new Error(
          `The ${record.eventName} record for ${record.s3.object.key} ` +
            'has no size or eTag; S3 sends both on every create.',
        );
      }
    }

    await handler(payload as S3Event);
  };
}
