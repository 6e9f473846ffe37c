/**
 * The events function: S3 `ObjectCreated:*` and `ObjectRemoved:*`
 * notifications settle each member's used bytes. S3 delivers events at
 * least once and out of order, so a file applies an event only when its
 * sequencer is greater than the last one applied.
 */

import type { Context, S3Event } from 'aws-lambda';

import {
  dependenciesFromEnvironment,
  resolveDependencies,
  type HandlerDependencies,
} from '../../services/dependencies';
import { settleRecord } from './settle';

export type EventsHandler = (
  event: S3Event,
  context?: Context,
) => Promise<void>;

/**
 * Creates the events handler. It logs one line per record with its event
 * name, member id and outcome. It ignores payloads without `Records`, such
 * as S3's test event, and throws after the last record when any record
 * failed, so Lambda retries the delivery and applied records are skipped.
 */
export function createEventsHandler(
  dependencies: HandlerDependencies,
): EventsHandler {
  const resolved = resolveDependencies(dependencies);

  return async (event, context) => {
    const logger = resolved.logger.createChild();
    logger.appendKeys({ lambdaRequestId: context?.awsRequestId });
    if (!hasRecords(event)) {
      logger.info('Payload without Records ignored');
      return;
    }

    const failures: unknown[] = [];
    for (const record of event.Records) {
      const recordLogger = logger.createChild();
      recordLogger.appendKeys({
        eventName: record.eventName,
        s3RequestId: record.responseElements?.['x-amz-request-id'],
      });
      try {
        const outcome = await settleRecord(resolved, recordLogger, record);
        recordLogger.info('Event record settled', outcome);
      } catch (error) {
        recordLogger.error('Event record failed', { error });
        failures.push(error);
      }
    }

    if (failures.length > 0) {
      throw new AggregateError(
        failures,
        `${failures.length} of ${event.Records.length} event records ` +
          'failed; the delivery will be retried.',
      );
    }
  };
}

let defaultHandler: EventsHandler | undefined;

/**
 * The Lambda entry point. It reads its dependencies from the environment on
 * first use, so importing this module needs no environment.
 */
export const handler: EventsHandler = (event, context) => {
  defaultHandler ??= createEventsHandler(dependenciesFromEnvironment());

  return defaultHandler(event, context);
};

/** Tells whether a payload has `Records`; S3's test event has none. */
function hasRecords(event: unknown): event is S3Event {
  return (
    typeof event === 'object' &&
    event !== null &&
    'Records' in event &&
    Array.isArray(event.Records)
  );
}
