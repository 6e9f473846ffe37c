/**
 * Expiry of unused upload policies. An INITIATED upload whose policy has
 * run out becomes EXPIRED and gives its reserved bytes back. Its path stays
 * taken, because a POST that S3 accepted before the expiry may still store
 * the object, which then counts as used.
 */

import { randomUUID } from 'node:crypto';

import {
  QueryCommand,
  ScanCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';

import { usageChange } from '../core/accounting';
import { finishPendingChange, type AfterWriteHook } from './pending-changes';
import { getMember } from './members';
import {
  readReservations,
  settleStaleReservation,
  type ReservationRecord,
} from './reservations';
import {
  fileItemKey,
  fileSortKeyPrefix,
  isConditionalCheckFailed,
  memberPartitionKey,
} from './table';
import { toFileRecord, type FileRecord, type PendingChange } from './uploads';

export type ExpiryTable = {
  dynamo: DynamoDBDocumentClient;
  tableName: string;
  afterWrite?: AfterWriteHook;
};

/** Counts of the changes one pass made, for its log line. */
export type ExpiryResult = {
  /** Uploads moved to EXPIRED. */
  expiredCount: number;
  /** Bytes those uploads had reserved. */
  releasedBytes: number;
  /** Pending usage changes, left by failed writers, that were finished. */
  finishedChangeCount: number;
  /** Reservations that a failed request left open, now closed. */
  settledReservationCount: number;
  /** Earliest expiry among the INITIATED uploads left, ISO 8601. */
  nextExpiresAt?: string;
};

/**
 * Expires one member's INITIATED uploads whose policy ran out before
 * `now` (milliseconds since the epoch), and finishes any pending change on
 * their file items.
 */
export async function expireMemberUploads(
  table: ExpiryTable,
  memberId: string,
  now: number,
): Promise<ExpiryResult> {
  const pk = memberPartitionKey(memberId);
  const result: ExpiryResult = {
    expiredCount: 0,
    releasedBytes: 0,
    finishedChangeCount: 0,
    settledReservationCount: 0,
  };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.dynamo.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression:
          '#state = :initiated OR attribute_exists(pendingChange)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pk': pk,
          ':prefix': fileSortKeyPrefix,
          ':initiated': 'INITIATED',
        },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      const file = toFileRecord(memberId, item);
      if (file !== undefined) {
        await settleFile(table, file, now, result);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  const member = await getMember(table.dynamo, table.tableName, memberId);
  await settleExpiredReservations(table, member.reservations, now, result);

  return result;
}

/**
 * Expires the INITIATED uploads of every member whose policy ran out before
 * `now`, and finishes every pending change, with one scan of the table.
 * The periodic sweep runs it.
 */
export async function expireAllUploads(
  table: ExpiryTable,
  now: number,
): Promise<ExpiryResult> {
  const result: ExpiryResult = {
    expiredCount: 0,
    releasedBytes: 0,
    finishedChangeCount: 0,
    settledReservationCount: 0,
  };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.dynamo.send(
      new ScanCommand({
        TableName: table.tableName,
        FilterExpression:
          '(begins_with(sk, :prefix) AND ' +
          '((#state = :initiated AND expiresAt < :now) OR ' +
          'attribute_exists(pendingChange))) OR ' +
          '(sk = :member AND attribute_exists(reservations))',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':prefix': fileSortKeyPrefix,
          ':member': 'MEMBER',
          ':initiated': 'INITIATED',
          ':now': new Date(now).toISOString(),
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      const memberId = readMemberId(item.pk);
      if (memberId === undefined) {
        continue;
      }
      if (item.sk === 'MEMBER') {
        const reservations = readReservations(memberId, item.reservations);
        await settleExpiredReservations(table, reservations, now, result);
        continue;
      }
      const file = toFileRecord(memberId, item);
      if (file !== undefined) {
        await settleFile(table, file, now, result);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);

  // A scan covers every member, so no single next expiry applies.
  return { ...result, nextExpiresAt: undefined };
}

async function settleFile(
  table: ExpiryTable,
  file: FileRecord,
  now: number,
  result: ExpiryResult,
): Promise<void> {
  const target = { ...table, memberId: file.memberId, path: file.path };
  if (file.pendingChange !== undefined) {
    // A change leased by a live writer is left to it.
    const finished = await finishPendingChange(target, file.pendingChange, now);
    if (finished === 'busy') {
      return;
    }
    result.finishedChangeCount += 1;
  }
  if (
    file.state !== 'INITIATED' ||
    file.expiresAt === undefined ||
    file.uploadId === undefined
  ) {
    return;
  }
  if (Date.parse(file.expiresAt) >= now) {
    if (!result.nextExpiresAt || file.expiresAt < result.nextExpiresAt) {
      result.nextExpiresAt = file.expiresAt;
    }
    return;
  }

  const change = await markExpired(
    table,
    { ...file, uploadId: file.uploadId },
    now,
  );
  if (change === undefined) {
    // An event completed the upload or a newer upload took the path.
    return;
  }
  table.afterWrite?.('file');
  await finishPendingChange(target, change, now);
  result.expiredCount += 1;
  result.releasedBytes -= change.reservedBytes;
}

/**
 * Moves an INITIATED upload to EXPIRED if it is still the one read, and
 * stores the release of its reservation as the file's pending change.
 * Returns that change, or undefined when the file changed first.
 */
async function markExpired(
  table: ExpiryTable,
  file: FileRecord & { uploadId: string },
  now: number,
): Promise<PendingChange | undefined> {
  const usage = usageChange(file, { ...file, state: 'EXPIRED' });
  const change: PendingChange = { id: randomUUID(), ...usage };
  try {
    await table.dynamo.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: fileItemKey(file.memberId, file.path),
        UpdateExpression:
          'SET #state = :expired, updatedAt = :now, pendingChange = :change',
        ConditionExpression:
          '#state = :initiated AND uploadId = :uploadId AND ' +
          'attribute_not_exists(pendingChange)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':expired': 'EXPIRED',
          ':initiated': 'INITIATED',
          ':uploadId': file.uploadId,
          ':now': new Date(now).toISOString(),
          ':change': change,
        },
      }),
    );

    return change;
  } catch (error) {
    if (isConditionalCheckFailed(error)) {
      return undefined;
    }
    throw error;
  }
}

/** Settles the reservations whose policies ran out before `now`. */
async function settleExpiredReservations(
  table: ExpiryTable,
  reservations: readonly ReservationRecord[],
  now: number,
  result: ExpiryResult,
): Promise<void> {
  for (const record of reservations) {
    if (Date.parse(record.expiresAt) >= now) {
      continue;
    }
    const releasedBytes = await settleStaleReservation(
      table.dynamo,
      table.tableName,
      record,
    );
    result.settledReservationCount += 1;
    result.releasedBytes += releasedBytes;
  }
}

function readMemberId(pk: unknown): string | undefined {
  const prefix = memberPartitionKey('');
  if (typeof pk !== 'string' || !pk.startsWith(prefix)) {
    return undefined;
  }

  return pk.slice(prefix.length);
}
