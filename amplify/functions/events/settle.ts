/**
 * Applies one S3 event record to the table: the file item first, with a
 * condition on what was read and the member's usage change stored on it,
 * then the member. A retried delivery finishes a change that a failed one
 * left pending, so the member converges without a transaction.
 */

import { randomUUID } from 'node:crypto';

import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { S3EventRecord } from 'aws-lambda';

import {
  decideEvent,
  eventKind,
  isNoChange,
  normalizeSequencer,
  type ObjectEvent,
} from '../../core/accounting';
import { decodeEventKey, parseObjectKey } from '../../core/keys';
import { InvalidInputError } from '../../core/errors';
import type { ResolvedDependencies } from '../../services/dependencies';
import {
  finishPendingChange,
  type PendingChangeTarget,
} from '../../services/pending-changes';
import { backoffDelayMs, sleep } from '../../services/retry';
import { settleTrashEvent } from './trash-removal';
import {
  getFile,
  replaceFile,
  type FileRecord,
  type PendingChange,
} from '../../services/uploads';

/** Attempts of the conditional file write before the record fails. */
const maxAttempts = 8;

/** Outcome of one record, for its log line. */
export type RecordOutcome = {
  outcome: string;
  memberId?: string;
  path?: string;
  sequencer?: string;
  usedBytes?: number;
  reservedBytes?: number;
  fileCount?: number;
};

/**
 * Applies one record. Returns what it did, including records it ignored;
 * throws only on failures worth a retry of the whole delivery.
 */
export async function settleRecord(
  dependencies: ResolvedDependencies,
  logger: Logger,
  record: S3EventRecord,
): Promise<RecordOutcome> {
  const kind = eventKind(record.eventName);
  if (kind === undefined) {
    return { outcome: 'event type ignored' };
  }

  let key: string;
  try {
    key = decodeEventKey(record.s3.object.key);
  } catch (error) {
    if (error instanceof InvalidInputError) {
      return { outcome: `ignored: ${error.message}` };
    }
    throw error;
  }
  const trashOutcome = await settleTrashEvent(dependencies, logger, key, kind);
  if (trashOutcome !== undefined) {
    return trashOutcome;
  }
  const owner = parseObjectKey(key);
  if (owner === undefined) {
    return { outcome: 'key outside users/<sub>/ ignored', path: key };
  }
  if (!record.s3.object.sequencer) {
    return { ...owner, outcome: 'event without a sequencer ignored' };
  }

  const sequencer = normalizeSequencer(record.s3.object.sequencer);
  const context = { ...owner, sequencer };
  let event: ObjectEvent = { kind: 'removed', sequencer };
  if (kind === 'created') {
    const size = await readObjectSize(dependencies, record, key);
    if (size === undefined) {
      return { ...context, outcome: 'object already gone; create ignored' };
    }
    event = { kind, sequencer, size };
  }

  return applyEvent(dependencies, logger, record, key, event, context);
}

async function applyEvent(
  dependencies: ResolvedDependencies,
  logger: Logger,
  record: S3EventRecord,
  key: string,
  event: ObjectEvent,
  context: { memberId: string; path: string; sequencer: string },
): Promise<RecordOutcome> {
  const { dynamo, settings } = dependencies;
  const { memberId, path } = context;
  const target: PendingChangeTarget = {
    dynamo,
    tableName: settings.tableName,
    memberId,
    path,
    afterWrite: dependencies.afterWrite,
  };
  const eventTime = readEventTime(record, dependencies.now());
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const file = await getFile(dynamo, settings.tableName, memberId, path);
    // An earlier write to this file, perhaps by a delivery that failed
    // after it, must reach the member before the file changes again.
    if (file?.pendingChange !== undefined) {
      const result = await finishPendingChange(
        target,
        file.pendingChange,
        dependencies.now(),
      );
      logger.info('Pending usage change of the file finished', {
        ...context,
        result,
        changeId: file.pendingChange.id,
      });
      if (result === 'busy') {
        await backOff(logger, context, attempt, 'pending change is leased');
      }
      continue;
    }

    const decision = decideEvent(file, event);
    if (!decision.apply) {
      return { ...context, outcome: decision.outcome };
    }

    const change: PendingChange | undefined = isNoChange(decision.usage)
      ? undefined
      : { id: randomUUID(), ...decision.usage };
    const next: FileRecord = {
      memberId,
      path,
      key,
      contentType: file?.contentType,
      uploadId: file?.uploadId,
      createdAt: file?.createdAt ?? eventTime,
      expiresAt: file?.expiresAt,
      state: decision.nextState,
      size: decision.nextSize,
      updatedAt: eventTime,
      sequencer: event.sequencer,
      pendingChange: change,
      reservationId: file?.reservationId,
      storageClass: file?.storageClass,
      hasThumbnail: file?.hasThumbnail,
      restoreRequestedAt: file?.restoreRequestedAt,
    };
    const written = await replaceFile(
      dynamo,
      settings.tableName,
      file && { state: file.state, sequencer: file.sequencer },
      next,
    );
    if (!written) {
      await backOff(logger, context, attempt, 'file changed since it was read');
      continue;
    }
    dependencies.afterWrite('file');

    if (change !== undefined) {
      await finishPendingChange(target, change, dependencies.now());
    }

    return { ...context, outcome: decision.outcome, ...decision.usage };
  }

  throw new Error(
    `The file item of ${JSON.stringify(key)} kept changing during ` +
      `${maxAttempts} attempts; the delivery will be retried.`,
  );
}

async function backOff(
  logger: Logger,
  context: { memberId: string; path: string; sequencer: string },
  attempt: number,
  reason: string,
): Promise<void> {
  const delayMs = backoffDelayMs(attempt);
  logger.warn('File item busy; reading it again', {
    ...context,
    reason,
    attempt: attempt + 1,
    maxAttempts,
    delayMs,
  });
  await sleep(delayMs);
}

/**
 * Returns the object's size from the record, or from HeadObject when the
 * record has none. Returns undefined when the object no longer exists.
 */
async function readObjectSize(
  dependencies: ResolvedDependencies,
  record: S3EventRecord,
  key: string,
): Promise<number | undefined> {
  if (typeof record.s3.object.size === 'number') {
    return record.s3.object.size;
  }

  try {
    const head = await dependencies.s3.send(
      new HeadObjectCommand({ Bucket: record.s3.bucket.name, Key: key }),
    );

    return head.ContentLength ?? 0;
  } catch (error) {
    if (error instanceof Error && error.name === 'NotFound') {
      return undefined;
    }
    throw error;
  }
}

/** Returns the record's event time as ISO 8601, or `now` if it is invalid. */
function readEventTime(record: S3EventRecord, now: number): string {
  const time = Date.parse(record.eventTime);

  return new Date(Number.isNaN(time) ? now : time).toISOString();
}
